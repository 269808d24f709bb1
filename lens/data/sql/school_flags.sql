-- Trust flags on one school's Parent View results, newest first, each with its reason in numbers.
select snapshot_date, flag, reason, question_set
from parent_view_flags
where urn = $urn
order by snapshot_date desc, flag
