-- Is the impact on provision, or the effect on inclusion, judged lower, the same or higher than
-- the engagement itself? Counts of schools (latest judgement each), selection and England.

with

latest as (
    select e.*, s.la_code
    from engagement_judgements as e
    inner join schools as s using (urn)
    where ($phase is null or s.phase = $phase)
        and ($school_type is null or s.school_type = $school_type)
    qualify row_number() over (partition by e.urn order by e.judged_on desc) = 1
),

compared as (
    select la_code, 'Impact on provision' as compared_with,
        sign(engagement_rank - impact_rank) as direction
    from latest
    union all
    select la_code, 'Effect on inclusion', sign(engagement_rank - inclusion_rank)
    from latest
),

geographies as (
    select 'Selection' as geography, * from compared where $la_code is null or la_code = $la_code
    union all
    select 'England', * from compared
)

select
    geography,
    compared_with,
    count(*) filter (where direction = -1) as judged_lower,
    count(*) filter (where direction = 0) as judged_the_same,
    count(*) filter (where direction = 1) as judged_higher
from geographies
group by all
order by geography desc, compared_with desc
