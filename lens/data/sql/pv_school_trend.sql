-- One school's share positive on one question across the snapshots of one question set (never
-- across sets), with its predecessor school's results (before an academy conversion) shown and
-- flagged as the predecessor's.
select
    p.urn <> $urn as is_predecessor,
    case when p.urn <> $urn then p.urn end as predecessor_urn,
    p.snapshot_date,
    p.question_set,
    p.submissions,
    round(p.pct_positive, 1) as pct_positive,
    round(p.ci95_low_pct, 1) as ci95_low_pct,
    round(p.ci95_high_pct, 1) as ci95_high_pct
from parent_view_positive as p
where p.question_id = $question_id
    and p.question_set = $question_set
    and (p.urn = $urn or p.urn in (select predecessor_urn from school_predecessors where urn = $urn))
order by p.snapshot_date
