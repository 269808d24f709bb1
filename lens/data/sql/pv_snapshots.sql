-- Parent View snapshots loaded, newest first, each within its question set.
select question_set, snapshot_date, count(distinct urn) as count_schools
from parent_view_answers
group by all
order by snapshot_date desc
