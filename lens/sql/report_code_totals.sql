-- Improvement sections over all years: the share naming parental engagement as a strategy,
-- linking parents with learning, or mentioning parents only as involvement or informing.

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
    count(*) as reports,
    round(100.0 * avg(uses_engagement::int), 1) as "% naming engagement as a strategy",
    round(100.0 * avg(links_parents_to_learning::int), 1) as "% linking parents with learning",
    round(100.0 * avg(involvement_or_informing_only::int), 1)
        as "% parents only as involvement or informing"
from geographies
group by geography
order by geography desc
