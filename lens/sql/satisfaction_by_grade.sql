-- Parents' answers to the overall statement, by the school's grade: the share of all responses
-- that were strongly agree, agree, disagree, strongly disagree, in the selection and England.

with

rows_in_scope as (
    select j.*, s.la_code
    from satisfaction_judgements as j
    inner join schools as s using (urn)
    where j.family = $family and j.framework_id = $framework_id and j.area = $area
        and s.is_open
        and ($phase is null or s.phase = $phase)
        and ($school_type is null or s.school_type = $school_type)
),

geographies as (
    select 'Selection' as geography, * from rows_in_scope
    where $la_code is null or la_code = $la_code
    union all
    select 'England', * from rows_in_scope
),

totals as (
    select
        geography,
        grade_rank,
        grade_label,
        count(*) as count_schools,
        sum(count_strongly_agree) as strongly_agree,
        sum(count_agree) as agree,
        sum(count_disagree) as disagree,
        sum(count_strongly_disagree) as strongly_disagree,
        sum(count_responses) as count_responses
    from geographies
    group by all
),

long as (
    unpivot totals
    on strongly_agree, agree, disagree, strongly_disagree
    into name answer value count_answers
)

select
    geography,
    grade_rank,
    grade_label,
    count_schools,
    count_responses,
    answer,
    case answer
        when 'strongly_agree' then 1 when 'agree' then 2 when 'disagree' then 3 else 4
    end as answer_rank,
    count_answers,
    round(100.0 * count_answers / count_responses, 1) as pct_responses
from long
order by geography desc, grade_rank, answer_rank
