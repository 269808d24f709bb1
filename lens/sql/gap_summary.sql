-- The gap list in numbers for the selection, its region and England, for one choice: schools
-- compared, schools on the list above and below, and parents' satisfaction pooled over responses.
with

compared as (
    select g.*, s.la_code, s.region
    from satisfaction_gaps as g
    inner join schools as s using (urn)
    where g.family = $family and g.framework_id = $framework_id and g.area = $area
        and g.window_months = $window_months
        and ($phase is null or s.phase = $phase)
        and ($school_type is null or s.school_type = $school_type)
),

geographies as (
    select 'Selection' as geography, * from compared where $la_code is null or la_code = $la_code
    union all
    select 'Region', * from compared where $region is not null and region = $region
    union all
    select 'England', * from compared
)

select
    geography,
    count(*) as count_schools,
    count(*) filter (where gap_direction = 'above') as count_above,
    count(*) filter (where gap_direction = 'below') as count_below,
    sum(count_responses) as count_responses,
    sum(count_satisfied) / sum(count_responses) as pooled_share_satisfied,
    max(data_date) as last_data_date
from geographies
group by geography
