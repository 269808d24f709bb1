-- One school's overall satisfaction over time, per source family, with 95% intervals and
-- response bases; its predecessor's results (before an academy conversion) labelled as such.
select
    case when s.urn = $urn then 'This school' else format('Predecessor (URN {})', s.urn) end
        as whose,
    s.family,
    s.source,
    s.data_date,
    s.count_submissions,
    s.count_responses,
    round(100 * s.share_satisfied, 1) as pct_satisfied,
    round(100 * s.ci95_low, 1) as ci95_low,
    round(100 * s.ci95_high, 1) as ci95_high,
    s.is_approximate
from school_satisfaction as s
where s.urn = $urn
    or s.urn in (select predecessor_urn from school_predecessors where urn = $urn)
order by s.family, s.data_date
