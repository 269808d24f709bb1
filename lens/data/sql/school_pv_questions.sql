-- One school's latest Parent View, question by question, beside England's pooled share for the
-- same snapshot; whether England lies inside the school's 95% interval.
with

latest as (
    select snapshot_date, question_set
    from parent_view_positive
    where urn = $urn
    order by snapshot_date desc
    limit 1
),

england as (
    select
        p.question_id,
        sum(p.approx_count_answering * p.pct_positive) / sum(p.approx_count_answering)
            as england_pct_positive
    from parent_view_positive as p
    inner join latest using (snapshot_date, question_set)
    group by p.question_id
)

select
    p.snapshot_date,
    p.question_set,
    p.question_id,
    p.question_text,
    p.submissions,
    p.approx_count_answering as answering,
    round(p.pct_positive, 1) as pct_positive,
    round(p.ci95_low_pct, 1) as ci95_low_pct,
    round(p.ci95_high_pct, 1) as ci95_high_pct,
    round(e.england_pct_positive, 1) as england_pct_positive,
    case
        when e.england_pct_positive between p.ci95_low_pct and p.ci95_high_pct then 'within_noise'
        when p.pct_positive > e.england_pct_positive then 'above'
        else 'below'
    end as against_england
from parent_view_positive as p
inner join latest using (snapshot_date, question_set)
inner join england as e using (question_id)
where p.urn = $urn
order by try_cast(regexp_extract(p.question_id, '\d+') as integer), p.question_id
