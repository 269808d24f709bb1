-- The gap list in numbers for the selection, its region and England, for one choice (lens/rules/gaps.py
-- GapChoice, through the macro gap_rows as every page): open schools, those compared, on the list
-- above and below, on the line (rounding), and those not compared, by reason.
with

chosen as (
    select s.urn, s.la_code, s.region, g.is_comparable, g.gap_direction, g.data_date,
        coalesce(
            g.gap_status,
            g.not_compared_reason,
            case when $every_school then 'no_parents_views' else 'no_pair' end
        ) as gap_status
    from schools as s
    left join gap_rows($every_school, $family, $framework_id, $area, $window_months) as g
        using (urn)
    where s.is_open
        and ($phase is null or s.phase = $phase)
        and ($school_type is null or s.school_type = $school_type)
),

geographies as (
    select p.geography, r.*
    from chosen as r, places() as p
    where in_place(p.geography, r.la_code, r.region, $la_code, $region)
)

select
    geography,
    count(*) as count_open_schools,
    count(*) filter (where is_comparable) as count_compared,
    count(*) filter (where gap_direction = 'above') as count_above,
    count(*) filter (where gap_direction = 'below') as count_below,
    count(*) filter (where gap_status = 'on_the_line') as count_on_the_line,
    max(data_date) as last_data_date
from geographies
group by geography
