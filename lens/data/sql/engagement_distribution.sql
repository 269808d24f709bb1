-- The three engagement judgements by phase (each school's latest judgement), for the selection
-- and England: share of schools at each grade of the 4-point scale.

with

latest as (
    select e.*, s.la_code, s.phase
    from engagement_judgements as e
    inner join schools as s using (urn)
    where ($school_type is null or s.school_type = $school_type)
        and ($phase is null or s.phase = $phase)
    qualify row_number() over (partition by e.urn order by e.judged_on desc) = 1
),

long as (
    unpivot latest
    on engagement_rank as 'Engagement with parents', impact_rank as 'Impact on provision',
        inclusion_rank as 'Effect on inclusion'
    into name judgement value grade_rank
),

geographies as (
    select 'Selection' as geography, * from long where $la_code is null or la_code = $la_code
    union all
    select 'England', * from long
),

counted as (
    select geography, judgement, phase, grade_rank, count(*) as count_schools
    from geographies
    group by all
)

select
    c.geography,
    c.judgement,
    c.phase,
    c.grade_rank,
    g.label as grade_label,
    c.count_schools,
    sum(c.count_schools) over (partition by c.geography, c.judgement, c.phase)
        as count_schools_judged,
    round(100.0 * c.count_schools
        / sum(c.count_schools) over (partition by c.geography, c.judgement, c.phase), 1)
        as pct_schools
from counted as c
inner join grade_scales as g on g.scale_id = 'engagement4' and g.grade_rank = c.grade_rank
-- the selection's rows first, then England's; phases youngest first, the rest after them
order by
    c.judgement,
    c.geography = 'England',
    coalesce(list_position(
        ['Nursery', 'Primary', 'Secondary', 'All-through', 'Special', 'Alternative provision'],
        c.phase
    ), 99),
    c.phase,
    c.grade_rank
