-- Funnel-plot control limits around England's share satisfied, per source family: for each number
-- of responses n, the exact binomial 95% and 99.8% limits (as shares), so small schools are judged
-- against the spread chance alone would give them. Every n up to 500, then every 10th (the work
-- grows with n squared, and above 500 the limits move by a fraction of a point per step).

with

england as (
    select
        family,
        sum(count_satisfied) / sum(count_responses) as england_share,
        max(count_responses) as max_responses
    from school_satisfaction
    where is_latest
    group by family
),

sizes as (
    select e.family, e.england_share, n.n
    from england as e,
        unnest(list_distinct(
            range(1, least(e.max_responses, 500) + 1)
            || range(510, e.max_responses + 1, 10)
            || [e.max_responses]
        )) as n(n)
),

grid as (
    select s.family, s.england_share, s.n, k.k
    from sizes as s, unnest(range(0, s.n + 1)) as k(k)
),

probabilities as (
    select
        family,
        england_share,
        n,
        k,
        exp(
            lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1)
            + k * ln(greatest(least(england_share, 1 - 1e-12), 1e-12))
            + (n - k) * ln(1 - greatest(least(england_share, 1 - 1e-12), 1e-12))
        ) as probability
    from grid
),

cumulative as (
    select
        *,
        sum(probability) over (partition by family, n order by k) as at_most,
        sum(probability) over (partition by family, n order by k desc) as at_least
    from probabilities
)

select
    family,
    any_value(england_share) as england_share,
    n as count_responses,
    min(k) filter (where at_most >= 0.025) / n as lower_95,
    max(k) filter (where at_least >= 0.025) / n as upper_95,
    min(k) filter (where at_most >= 0.001) / n as lower_998,
    max(k) filter (where at_least >= 0.001) / n as upper_998
from cumulative
group by family, n
order by family, n
