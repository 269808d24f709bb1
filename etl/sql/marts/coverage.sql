-- One row: how far the loaded inspection data covers England, and so what the national figures
-- are called (schemas/coverage.py). "England" only when the schools with inspection data reach
-- every English region and, where a register (GIAS) is loaded, at least 95% of its open schools.

with

open_schools as (
    select
        urn,
        la_code,
        lower(region) as region,
        facts_from in ('GIAS', 'GIAS and Ofsted MI') as is_in_register,
        facts_from in ('Ofsted MI', 'GIAS and Ofsted MI') as has_inspection_data
    from schools
    where is_open
),

counted as (
    select
        count(*) filter (where is_in_register) as count_register_schools,
        count(*) filter (where is_in_register and has_inspection_data)
            as count_register_schools_inspected,
        count(*) filter (where has_inspection_data) as count_schools_inspected,
        count(distinct la_code) as count_local_authorities,
        count(distinct region) filter (
            where has_inspection_data and region in (select lower(region) from english_regions)
        ) as count_regions
    from open_schools
),

judged as (
    select
        c.*,
        (select count(*) from english_regions) as count_english_regions,
        c.count_register_schools_inspected / nullif(c.count_register_schools, 0)
            as register_share_inspected,
        c.count_regions = (select count(*) from english_regions)
        and (
            c.count_register_schools = 0
            or c.count_register_schools_inspected / c.count_register_schools
            >= (select min_register_share from coverage_rule)
        ) as is_england
    from counted as c
)

select
    *,
    case
        when is_england then 'England'
        else 'All loaded schools (' || count_local_authorities || ' local authorit'
            || case when count_local_authorities = 1 then 'y' else 'ies' end || ')'
    end as national_name
from judged
