-- Inspection reports' improvement sections: the share naming parental engagement as a strategy,
-- linking parents with learning, or mentioning parents only as involvement or informing, by year
-- and era and over all years (all_years), for the selection and England. Totals are counted from
-- the reports, never averaged from the rounded yearly shares.

with

scoped as (
    select r.*, s.la_code
    from report_codes as r
    inner join schools as s using (urn)
    where ($phase is null or s.phase = $phase)
        and ($school_type is null or s.school_type = $school_type)
),

geographies as (
    select 'Selection' as geography, * from scoped where $la_code is null or la_code = $la_code
    union all
    select 'England', * from scoped
)

select
    geography,
    grouping(heading_framework, inspection_year) > 0 as all_years,
    heading_framework,
    inspection_year,
    count(*) as count_reports,
    round(100.0 * avg(uses_engagement::int), 1) as pct_engagement_strategy,
    round(100.0 * avg(links_parents_to_learning::int), 1) as pct_link_to_learning,
    round(100.0 * avg(involvement_or_informing_only::int), 1) as pct_involvement_or_informing_only
from geographies
group by grouping sets ((geography, heading_framework, inspection_year), (geography))
order by geography desc, all_years, inspection_year, heading_framework
