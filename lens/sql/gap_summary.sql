-- The gap list in numbers for the selection, its region and England, for one choice: schools with
-- such a pair, those compared, on the list above and below, on the line (rounding), too few
-- responses or too few similar schools, and parents' satisfaction pooled over responses.
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
    select p.geography, r.*
    from compared as r, places() as p
    where in_place(p.geography, r.la_code, r.region, $la_code, $region)
)

select
    geography,
    count(*) as count_schools,
    count(*) filter (where is_comparable) as count_compared,
    count(*) filter (where gap_direction = 'above') as count_above,
    count(*) filter (where gap_direction = 'below') as count_below,
    count(*) filter (where gap_status = 'on_the_line') as count_on_the_line,
    count(*) filter (where gap_status = 'too_few_responses') as count_too_few_responses,
    count(*) filter (where gap_status = 'not_compared') as count_not_compared,
    sum(count_responses) as count_responses,
    sum(count_satisfied) / sum(count_responses) as pooled_share_satisfied,
    max(data_date) as last_data_date
from geographies
group by geography
