-- One school's overall satisfaction over time, per source family, with 95% intervals and
-- response bases; its predecessor's results (before an academy conversion) flagged as such.
select
    s.urn <> $urn as is_predecessor,
    case when s.urn <> $urn then s.urn end as predecessor_urn,
    s.family,
    s.source,
    s.data_date,
    s.count_submissions,
    s.count_responses,
    round(100 * s.share_satisfied, 1) as pct_satisfied,
    round(100 * s.ci95_low_share, 1) as ci95_low_pct,
    round(100 * s.ci95_high_share, 1) as ci95_high_pct,
    s.is_approximate
from school_satisfaction as s
where s.urn = $urn
    or s.urn in (select predecessor_urn from school_predecessors where urn = $urn)
order by s.family, s.data_date
