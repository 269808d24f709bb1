-- The gap list, for every choice of time window, family of parents' views and judgement: each school
-- whose parents answered within the window of the judgement, set against its reference group
-- (gap_references: same grade and phase group in England). Every page, export and briefing pack
-- reads the list from here, so one choice gives the same schools everywhere.
--
-- z_adjusted = (gap_arcsine(k, n) - asin(sqrt(reference share))) / sqrt(1 / (4 n) + tau^2), with
-- tau^2 the group's between-school variance (gap_references, etl/dispersion.py).
-- A school is on the gap list when |z_adjusted| exceeds the 99.8% limit (3.090): 'above' when its
-- parents are more satisfied than its reference group, 'below' when less. Counted from the exact
-- numbers of answers, never from rounded percentages. z_unadjusted leaves tau^2 out (the binomial
-- funnel, shown to experts only: it flags size, not difference).

with

method as (
    select * from gap_method
),

pairs as (
    select w.window_months, p.*
    from satisfaction_pairs as p
    inner join gap_windows as w on p.months_apart <= w.window_months
),

placed as (
    select
        p.*,
        case when exists (
            select 1 from gap_references as r
            where r.window_months = p.window_months and r.family = p.family
                and r.framework_id = p.framework_id and r.area = p.area
                and r.reference_phase = p.phase_group and r.grade_rank = p.grade_rank
        ) then p.phase_group else 'all' end as reference_phase
    from pairs as p
),

scored as (
    select
        p.*,
        r.band_low_rank,
        r.band_high_rank,
        r.count_reference_schools,
        r.count_reference_responses,
        r.reference_share,
        r.phi,
        r.tau2,
        r.is_comparable,
        gap_arcsine(p.count_satisfied, p.count_responses) - asin(sqrt(r.reference_share))
            as arcsine_difference
    from placed as p
    inner join gap_references as r
        using (window_months, family, framework_id, area, reference_phase, grade_rank)
)

select
    s.window_months,
    s.urn,
    s.family,
    s.source,
    s.framework_id,
    s.area,
    s.scale_id,
    s.grade_rank,
    s.grade_label,
    s.pairing,
    s.inspected_on,
    s.data_date,
    s.months_apart,
    s.phase_group,
    s.reference_phase,
    s.band_low_rank,
    s.band_high_rank,
    s.count_reference_schools,
    s.count_reference_responses,
    s.reference_share,
    s.phi,
    s.tau2,
    s.count_submissions,
    s.count_strongly_agree,
    s.count_agree,
    s.count_disagree,
    s.count_strongly_disagree,
    s.count_responses,
    s.count_satisfied,
    s.share_satisfied,
    gap_plotted_share(s.count_satisfied, s.count_responses) as plotted_share,
    s.ci95_low_share,
    s.ci95_high_share,
    s.is_approximate,
    s.is_comparable,
    s.arcsine_difference / sqrt(1 / (4.0 * s.count_responses) + s.tau2) as z_adjusted,
    s.arcsine_difference * 2 * sqrt(s.count_responses) as z_unadjusted,
    case
        when not s.is_comparable then null
        when s.arcsine_difference / sqrt(1 / (4.0 * s.count_responses) + s.tau2) > m.limit_z
            then 'above'
        when s.arcsine_difference / sqrt(1 / (4.0 * s.count_responses) + s.tau2) < -m.limit_z
            then 'below'
    end as gap_direction,
    case
        when s.arcsine_difference * 2 * sqrt(s.count_responses) > m.limit_z then 'above'
        when s.arcsine_difference * 2 * sqrt(s.count_responses) < -m.limit_z then 'below'
    end as unadjusted_direction
from scored as s, method as m
order by s.window_months, s.family, s.framework_id, s.area, s.urn
