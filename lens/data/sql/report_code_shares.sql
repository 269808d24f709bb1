-- Inspection reports with an improvement section, by year and era and over all years
-- (all_years), for the selection and England: the share whose section names parental engagement
-- as a strategy, links engagement with pupils' learning, or mentions parents only as involvement
-- or informing, and the share whose only mention of parents anywhere is their views. Totals are
-- counted from the reports, never averaged from the yearly shares.

with

scoped as (
    select r.*, s.la_code
    from report_codes as r
    inner join schools as s using (urn)
    where r.has_improvement_section
        and ($phase is null or s.phase = $phase)
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
    heading_framework as report_era,
    inspection_year,
    count(*) as count_reports,
    avg(uses_engagement::int) as engagement_strategy_share,
    avg(links_parents_to_learning::int) as learning_link_share,
    avg(involvement_or_informing_only::int) as involvement_or_informing_only_share,
    avg(parents_views_only::int) as parents_views_only_share
from geographies
group by grouping sets ((geography, heading_framework, inspection_year), (geography))
order by geography desc, all_years, inspection_year, heading_framework
