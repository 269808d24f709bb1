-- The gap list, for every choice of time window, family of parents' views and judgement: each school
-- whose parents answered within the window of the judgement, set against its reference group
-- (gap_references: same grade and phase group, same reference scope). Every page, export and
-- briefing pack reads the list from here, so one choice gives the same schools everywhere.
--
-- Each school is compared with its group *without itself*: reference_share = (group's satisfied -
-- the school's) / (group's responses - the school's), when the school is one of the group's
-- members, so a school that is a large part of a small group cannot pull the yardstick towards
-- itself. z_adjusted = (gap_arcsine(k, n) - asin(sqrt(reference_share))) / sqrt(1 / (4 n) + tau^2),
-- tau^2 the group's between-school variance (gap_references, etl/dispersion.py).
--
-- gap_status, in this order:
--   too_few_responses   fewer responses than gap_method.min_responses: not compared;
--   not_compared        the reference group, even pooled, is too small;
--   not_compared_in_la  the same for a group drawn from the school's own LA (its own surveys,
--                       compared only within the LA: satisfaction_pairs.reference_scope);
--   above / below       beyond gap_method.limit_z at both ends of the rounding range (Parent
--                       View counts come from rounded percentages; questionnaires' ends are equal):
--                       the gap list, also in gap_direction;
--   on_the_line         beyond it at one end of the rounding range only;
--   not_shown_to_differ inside the limits (which does not show the school is like the others).
-- z_unadjusted leaves tau^2 out (the binomial funnel, shown to experts only: it flags size, not
-- difference).

with

method as (
    select * from gap_method
),

pairs as (
    select
        w.window_months,
        p.*,
        p.count_responses >= m.min_responses and len(p.trust_flags) = 0 as is_reference_member
    from satisfaction_pairs as p
    inner join gap_windows as w on p.months_apart <= w.window_months
    cross join method as m
),

placed as (
    select
        p.*,
        case when exists (
            select 1 from gap_references as r
            where r.window_months = p.window_months and r.family = p.family
                and r.framework_id = p.framework_id and r.area = p.area
                and r.reference_scope = p.reference_scope
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
        r.phi,
        r.tau2,
        r.is_comparable,
        r.min_responses_above,
        r.min_responses_below,
        (r.count_reference_satisfied - if(p.is_reference_member, p.count_satisfied, 0))
            / nullif(r.count_reference_responses - if(p.is_reference_member, p.count_responses, 0), 0)
            as own_reference_share
    from placed as p
    inner join gap_references as r
        using (
            window_months, family, framework_id, area, reference_scope, reference_phase, grade_rank
        )
),

measured as (
    select
        s.*,
        asin(sqrt(s.own_reference_share)) as reference_arcsine,
        gap_arcsine(s.count_satisfied, s.count_responses) - asin(sqrt(s.own_reference_share))
            as arcsine_difference,
        (gap_arcsine(s.rounding_low_satisfied, s.rounding_low_responses)
            - asin(sqrt(s.own_reference_share)))
            / sqrt(1 / (4.0 * s.rounding_low_responses) + s.tau2) as z_least_satisfied,
        (gap_arcsine(s.rounding_high_satisfied, s.rounding_high_responses)
            - asin(sqrt(s.own_reference_share)))
            / sqrt(1 / (4.0 * s.rounding_high_responses) + s.tau2) as z_most_satisfied
    from scored as s
),

classified as (
    select
        s.*,
        case
            when s.count_responses < m.min_responses then 'too_few_responses'
            when (not s.is_comparable or s.own_reference_share is null)
                and s.reference_scope <> 'national' then 'not_compared_in_la'
            when not s.is_comparable or s.own_reference_share is null then 'not_compared'
            when s.z_least_satisfied > m.limit_z then 'above'
            when s.z_most_satisfied < -m.limit_z then 'below'
            when s.z_most_satisfied > m.limit_z or s.z_least_satisfied < -m.limit_z
                then 'on_the_line'
            else 'not_shown_to_differ'
        end as gap_status
    from measured as s, method as m
),

measured_status as (  -- whether the school was set against a group at all
    select
        s.*,
        s.gap_status not in ('too_few_responses', 'not_compared', 'not_compared_in_la')
            as is_measured
    from classified as s
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
    s.reference_scope,
    s.reference_phase,
    s.band_low_rank,
    s.band_high_rank,
    s.count_reference_schools,
    s.count_reference_responses,
    s.own_reference_share as reference_share,
    s.is_reference_member,
    s.trust_flags,
    s.phi,
    s.tau2,
    s.min_responses_above,
    s.min_responses_below,
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
    s.is_comparable and s.is_measured as is_comparable,
    case when s.is_measured
        then s.arcsine_difference / sqrt(1 / (4.0 * s.count_responses) + s.tau2) end
        as z_adjusted,
    case when s.is_measured then s.z_least_satisfied end as z_least_satisfied,
    case when s.is_measured then s.z_most_satisfied end as z_most_satisfied,
    s.arcsine_difference * 2 * sqrt(s.count_responses) as z_unadjusted,
    s.gap_status,
    case when s.gap_status in ('above', 'below') then s.gap_status end as gap_direction,
    case
        when s.gap_status = 'too_few_responses' then null
        when s.arcsine_difference * 2 * sqrt(s.count_responses) > m.limit_z then 'above'
        when s.arcsine_difference * 2 * sqrt(s.count_responses) < -m.limit_z then 'below'
    end as unadjusted_direction
from measured_status as s, method as m
order by s.window_months, s.family, s.framework_id, s.area, s.urn
