-- Open schools with a report card, by the grade of one evaluation area (5-point scale only).

with

latest as (
    select s.urn, s.la_code, s.region, j.grade_rank, j.grade_label
    from schools as s
    inner join school_latest_inspections as l on l.urn = s.urn and l.kind = 'report_card'
    inner join inspection_judgements as j
        on j.urn = l.urn and j.inspection_id = l.inspection_id and j.area = $area
    where s.is_open
        and ($phase is null or s.phase = $phase)
        and ($school_type is null or s.school_type = $school_type)
),

geographies as (
    select p.geography, r.*
    from latest as r, places() as p
    where in_place(p.geography, r.la_code, r.region, $la_code, $region)
),

counted as (
    select geography, grade_rank, grade_label, count(*) as count_schools
    from geographies
    group by all
)

select
    *,
    round(100.0 * count_schools / sum(count_schools) over (partition by geography), 1)
        as pct_schools
from counted
order by geography, grade_rank
