-- Control limits around England's share satisfied, for the response counts a chart spans.
select
    count_responses,
    round(100 * england_share, 2) as england_pct,
    round(100 * lower_95, 2) as lower_95,
    round(100 * upper_95, 2) as upper_95,
    round(100 * lower_998, 2) as lower_998,
    round(100 * upper_998, 2) as upper_998
from funnel_limits
where family = $family and count_responses between $min_responses and $max_responses
order by count_responses
