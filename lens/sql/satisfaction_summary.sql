-- The LA at a glance: median share satisfied (latest figure per school), schools on the gap list
-- and figures to read with caution, for the selection, its region and England.

with

latest as (
    select s.urn, s.la_code, s.region, x.share_satisfied, x.count_responses, x.data_date
    from school_satisfaction as x
    inner join schools as s using (urn)
    where x.family = $family and x.is_latest and s.is_open
        and ($phase is null or s.phase = $phase)
        and ($school_type is null or s.school_type = $school_type)
),

gaps as (
    select urn, bool_or(gap_direction is not null) as on_gap_list,
        min(months_apart) > $months_apart_warning as far_apart
    from satisfaction_gaps
    where family = $family
    group by urn
),

joined as (
    select l.*, coalesce(g.on_gap_list, false) as on_gap_list,
        coalesce(g.far_apart, false) or l.count_responses < $low_base as has_caution
    from latest as l
    left join gaps as g using (urn)
),

geographies as (
    select 'Selection' as geography, * from joined where $la_code is null or la_code = $la_code
    union all
    select 'Region', * from joined where $region is not null and region = $region
    union all
    select 'England', * from joined
)

select
    geography,
    count(*) as count_schools,
    round(100 * median(share_satisfied), 1) as median_pct_satisfied,
    count(*) filter (where on_gap_list) as count_on_gap_list,
    count(*) filter (where has_caution) as count_with_caution,
    max(data_date) as last_data_date
from geographies
group by geography
