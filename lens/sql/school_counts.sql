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
    select 'Selection' as geography, phase, count(*) as count_schools,
        sum(pupils) as count_pupils
    from scoped
    where $la_code is null or la_code = $la_code
    group by phase
    union all
    select 'Region', phase, count(*), sum(pupils)
    from scoped
    where $region is not null and region = $region
    group by phase
    union all
    select 'England', phase, count(*), sum(pupils)
    from scoped
    group by phase
)

select * from geographies
order by geography, count_schools desc
