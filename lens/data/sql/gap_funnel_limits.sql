-- The funnel of one reference group, drawn exactly as the gap list decides (the warehouse's
-- gap_limit_share macro, the one satisfaction_gaps' limits come from): for each number of responses
-- n, the shares at the inner (warn_z) and the gap list's (limit_z) limits, widened for the spread
-- between schools.
with

reference as (
    select r.reference_share, coalesce(r.tau2, 0) as tau2, m.limit_z, m.warn_z
    from gap_references as r, gap_method as m
    where r.family = $family and r.framework_id = $framework_id and r.area = $area
        and r.window_months = $window_months and r.reference_scope = $reference_scope
        and r.reference_phase = $reference_phase and r.grade_rank = $grade_rank
),

sizes as (
    select distinct
        round(exp(ln($min_responses) + i * (ln($max_responses) - ln($min_responses)) / 60)) as n
    from range(0, 61) as t(i)
)

select
    s.n as count_responses,
    r.reference_share,
    gap_limit_share(r.reference_share, r.tau2, s.n, -r.warn_z) as lower_warn_share,
    gap_limit_share(r.reference_share, r.tau2, s.n, r.warn_z) as upper_warn_share,
    gap_limit_share(r.reference_share, r.tau2, s.n, -r.limit_z) as lower_limit_share,
    gap_limit_share(r.reference_share, r.tau2, s.n, r.limit_z) as upper_limit_share
from sizes as s, reference as r
order by s.n
