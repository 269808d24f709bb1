-- One school's share positive on one question across the snapshots of one question set (never
-- across sets), with its predecessor school's results (before an academy conversion) shown and
-- labelled as the predecessor's.
select
    case when p.urn = $urn then 'This school' else format('Predecessor (URN {})', p.urn) end
        as whose,
    p.urn,
    strftime(p.snapshot_date, '%d/%m/%Y') as snapshot,
    p.question_set,
    p.submissions,
    round(p.pct_positive, 1) as pct_positive,
    round(p.ci95_low, 1) as ci95_low,
    round(p.ci95_high, 1) as ci95_high
from parent_view_positive as p
where p.question_id = $question_id
    and p.question_set = $question_set
    and (p.urn = $urn or p.urn in (select predecessor_urn from school_predecessors where urn = $urn))
order by p.snapshot_date
