-- Open schools by phase in the selection, its region and England, under the phase/type filters.

with

scoped as (
    select s.*
    from schools as s
    where s.is_open
        and ($phase is null or s.phase = $phase)
        and ($school_type is null or s.school_type = $school_type)
),

geographies as (
    select p.geography, s.phase, count(*) as count_schools, sum(s.pupils) as count_pupils
    from scoped as s, places() as p
    where in_place(p.geography, s.la_code, s.region, $la_code, $region)
    group by p.geography, s.phase
)

select * from geographies
order by geography, count_schools desc
