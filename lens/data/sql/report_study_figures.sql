-- Engagement in Education's (2013) three measures of reports with an improvement section, for
-- the selection and England, by era and over all eras (report_era 'all'): how many reports (the
-- denominator), and how many of them use parental engagement as a strategy, link engagement with
-- pupils' learning, or mention parents only through their views.

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
    coalesce(heading_framework, 'all') as report_era,
    count(*) as count_reports,
    count(*) filter (where uses_engagement) as count_engagement_strategy,
    count(*) filter (where links_parents_to_learning) as count_learning_link,
    count(*) filter (where parents_views_only) as count_parents_views_only
from geographies
group by grouping sets ((geography, heading_framework), (geography))
order by geography desc, grouping(heading_framework) desc, min(inspected_on)
