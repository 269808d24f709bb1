-- The members of every reference group of the gap list: one row per reference group (time window,
-- family of parents' views, judgement, reference scope, reference phase, grade) and school in it,
-- with its counts. gap_references (etl/dispersion.py) estimates each group's share and spread from
-- the rows marked is_reference_member, and its reachable range from the rounding of its schools'
-- files (rounding_half_points, empty for counted answers). Temporary: only the groups' figures
-- are kept.
--
-- Who a school is compared with: schools in the same reference scope (satisfaction_pairs: all
-- loaded schools for published sources, the school's own LA for its own surveys) with the same
-- grade in the same phase group (primary, secondary, special, other), whose parents answered
-- within the window. Every step below, the minimum group size included, works within one scope,
-- so an own-survey group never holds a school of another LA.
--   * Only schools with at least `min_responses` responses and no trust flag that leaves them out
--     (gap_method) count towards a group: its size, its share and its spread. Every school still
--     has its group, so it is still placed (and marked) on the list.
--   * A phase group with fewer than `min_reference_schools` such schools (all grades together) is
--     compared with all phases instead ('all').
--   * Within a phase, a grade with fewer schools than that is pooled with the next grades towards
--     the phase's most common grade, until the pool is big enough; if the pool reaches that grade
--     and is still too small, the school is compared with every grade of its phase.

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

-- ---- reference phase: the school's own phase group, or all phases when the group is small -------
phase_sizes as (
    select
        window_months, family, framework_id, area, reference_scope, phase_group,
        count(*) filter (where is_reference_member) as count_schools
    from pairs
    group by all
),

small_phases as (
    select s.window_months, s.family, s.framework_id, s.area, s.reference_scope, s.phase_group
    from phase_sizes as s, method as m
    where s.count_schools < m.min_reference_schools
),

pool as (
    select
        p.window_months, p.family, p.framework_id, p.area, p.reference_scope,
        p.phase_group as reference_phase, p.grade_rank, p.count_satisfied, p.count_responses,
        p.rounding_half_points, p.is_reference_member
    from pairs as p
    anti join small_phases as x
        using (window_months, family, framework_id, area, reference_scope, phase_group)
    union all
    select
        window_months, family, framework_id, area, reference_scope, 'all' as reference_phase,
        grade_rank, count_satisfied, count_responses, rounding_half_points, is_reference_member
    from pairs
),

-- ---- grade bands: small grades pooled towards the phase's most common grade ---------------------
cells as (
    select window_months, family, framework_id, area, reference_scope, reference_phase, grade_rank,
        count(*) filter (where is_reference_member) as count_schools
    from pool
    group by all
),

modes as (
    select window_months, family, framework_id, area, reference_scope, reference_phase,
        first(grade_rank order by count_schools desc, grade_rank) as mode_rank
    from cells
    group by all
),

reach as (
    select
        c.window_months, c.family, c.framework_id, c.area, c.reference_scope, c.reference_phase,
        c.grade_rank,
        o.grade_rank as other_rank,
        m.mode_rank,
        sum(o.count_schools) over (
            partition by c.window_months, c.family, c.framework_id, c.area, c.reference_scope,
                c.reference_phase, c.grade_rank
            order by abs(o.grade_rank - c.grade_rank)
        ) as count_pooled
    from cells as c
    inner join modes as m
        using (window_months, family, framework_id, area, reference_scope, reference_phase)
    inner join cells as o
        using (window_months, family, framework_id, area, reference_scope, reference_phase)
    where o.grade_rank between least(c.grade_rank, m.mode_rank)
        and greatest(c.grade_rank, m.mode_rank)
),

phase_ranks as (
    select window_months, family, framework_id, area, reference_scope, reference_phase,
        min(grade_rank) as lowest_rank, max(grade_rank) as highest_rank
    from cells
    group by all
),

bands as (
    select
        r.window_months, r.family, r.framework_id, r.area, r.reference_scope, r.reference_phase,
        r.grade_rank,
        arg_min(r.other_rank, abs(r.other_rank - r.grade_rank))
            filter (where r.count_pooled >= m.min_reference_schools) as reach_rank
    from reach as r, method as m
    group by all
),

-- a band that reaches the commonest grade and is still small takes the whole phase
spans as (
    select
        b.window_months, b.family, b.framework_id, b.area, b.reference_scope, b.reference_phase,
        b.grade_rank,
        case when b.reach_rank is null then p.lowest_rank
            else least(b.grade_rank, b.reach_rank) end as band_low_rank,
        case when b.reach_rank is null then p.highest_rank
            else greatest(b.grade_rank, b.reach_rank) end as band_high_rank
    from bands as b
    inner join phase_ranks as p
        using (window_months, family, framework_id, area, reference_scope, reference_phase)
),

-- ---- members of each reference group ------------------------------------------------------------
members as (
    select
        b.window_months, b.family, b.framework_id, b.area, b.reference_scope, b.reference_phase,
        b.grade_rank,
        b.band_low_rank,
        b.band_high_rank,
        p.count_satisfied,
        p.count_responses,
        p.rounding_half_points,
        p.is_reference_member
    from spans as b
    inner join pool as p
        using (window_months, family, framework_id, area, reference_scope, reference_phase)
    where p.grade_rank between b.band_low_rank and b.band_high_rank
)

select *
from members
order by window_months, family, framework_id, area, reference_scope, reference_phase, grade_rank
