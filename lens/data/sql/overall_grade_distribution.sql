-- Open schools by the overall grade of their latest graded inspection, one block per framework
-- (each on its own scale), for the selection, its region and England.

with

latest as (
    select s.urn, s.la_code, s.region, l.framework_id, l.overall_grade_rank, l.overall_grade_label
    from schools as s
    inner join school_latest_inspections as l on l.urn = s.urn and l.kind = 'graded'
    where s.is_open
        and l.overall_grade_rank is not null
        and ($phase is null or s.phase = $phase)
        and ($school_type is null or s.school_type = $school_type)
),

geographies as (
    select p.geography, r.*
    from latest as r, places() as p
    where in_place(p.geography, r.la_code, r.region, $la_code, $region)
),

counted as (
    select
        geography,
        framework_id,
        overall_grade_rank as grade_rank,
        overall_grade_label as grade_label,
        count(*) as count_schools
    from geographies
    group by all
)

select
    c.geography,
    f.short_label as framework,
    c.framework_id,
    c.grade_rank,
    c.grade_label,
    c.count_schools,
    round(100.0 * c.count_schools
        / sum(c.count_schools) over (partition by c.geography, c.framework_id), 1) as pct_schools
from counted as c
inner join frameworks as f using (framework_id)
order by c.geography, f.starts_on, c.grade_rank
