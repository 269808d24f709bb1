-- Is the impact on provision, or the effect on inclusion, judged lower, the same or higher than the
-- engagement itself? Counts of schools (latest judgement each), selection and England, and how many
-- break the pattern reported of Schools and parents' (2011) 47 schools (impact judged better than
-- the engagement; inclusion judged worse). Rank 1 is outstanding, so a smaller rank is a better
-- judgement.

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
    select la_code, 1 as position, 'Impact on provision' as compared_with,
        sign(impact_rank - engagement_rank) as direction,
        impact_rank < engagement_rank as breaks_pattern
    from latest
    union all
    select la_code, 2, 'Effect on inclusion', sign(inclusion_rank - engagement_rank),
        inclusion_rank > engagement_rank
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
    count(*) as count_schools,
    count(*) filter (where direction = 1) as count_judged_lower,
    count(*) filter (where direction = 0) as count_judged_same,
    count(*) filter (where direction = -1) as count_judged_higher,
    count(*) filter (where breaks_pattern) as count_breaking_pattern
from geographies
group by geography, position, compared_with
order by geography desc, position
