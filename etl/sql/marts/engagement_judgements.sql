-- Judgements of each school's work with parents, on their own 4-point scale (engagement4), the
-- newest file winning when two files give the same school and date.
select
    urn,
    judged_on,
    source,
    evaluator,
    engagement_rank,
    impact_rank,
    inclusion_rank,
    'engagement4' as scale_id,
    notes,
    source_file
from stg_engagement_judgements
qualify row_number() over (
    partition by urn, judged_on, source order by as_at_date desc nulls last, source_file desc
) = 1
order by urn, judged_on
