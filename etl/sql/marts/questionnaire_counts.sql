-- Parental questionnaire answers per school, period and statement (at inspection or own survey).

select
    urn,
    source,
    period_start,
    period_end,
    statement_key,
    sum(strongly_agree)::integer as count_strongly_agree,
    sum(agree)::integer as count_agree,
    sum(disagree)::integer as count_disagree,
    sum(strongly_disagree)::integer as count_strongly_disagree,
    sum(dont_know)::integer as count_dont_know,
    sum(returned)::integer as count_returned,
    max(on_roll) as pupils_on_roll
from stg_questionnaire_counts
group by all
order by urn, period_end, statement_key
