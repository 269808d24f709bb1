-- The gap rule. For each school, the share of its parents satisfied is compared with England's
-- pooled share for schools given the same grade (same framework, area and source family). A school
-- is on the gap list when the chance of a share at least that far from England's, if its parents
-- were like those of other schools of its grade, is under 0.1% (outside the 99.8% exact binomial
-- limit, 0.1% in each tail). Exact tails mean a handful of responses can never reach the limit.

with

reference as (
    select
        family,
        framework_id,
        area,
        grade_rank,
        sum(count_satisfied) / sum(count_responses) as england_share,
        count(*) as count_reference_schools
    from satisfaction_judgements
    group by all
),

compared as (
    select
        s.*,
        r.england_share,
        r.count_reference_schools,
        greatest(least(r.england_share, 1 - 1e-12), 1e-12) as p,
        s.count_satisfied / s.count_responses > r.england_share as is_higher
    from satisfaction_judgements as s
    inner join reference as r using (family, framework_id, area, grade_rank)
),

-- the tail on the side the school falls: P(X <= x) when lower, P(X >= x) when higher
terms as (
    select
        c.urn,
        c.family,
        c.framework_id,
        c.area,
        sum(exp(
            lgamma(c.count_responses + 1) - lgamma(k + 1) - lgamma(c.count_responses - k + 1)
            + k * ln(c.p) + (c.count_responses - k) * ln(1 - c.p)
        )) as tail_probability
    from compared as c,
        unnest(
            case
                when c.is_higher then range(c.count_satisfied, c.count_responses + 1)
                else range(0, c.count_satisfied + 1)
            end
        ) as t(k)
    group by all
)

select
    c.*,
    t.tail_probability,
    case
        when t.tail_probability < 0.001 and c.is_higher then 'above'
        when t.tail_probability < 0.001 then 'below'
    end as gap_direction
from compared as c
inner join terms as t using (urn, family, framework_id, area)
order by c.urn, c.family, c.framework_id, c.area
