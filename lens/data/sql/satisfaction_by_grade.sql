-- Parents' answers by the school's grade, for one choice of the gap list (family, judgement, time
-- window): each answer's share of all responses, pooled over responses, in the selection and
-- England: every school with parents' views of this kind in the window, those the gap list does
-- not compare (too few responses, too few schools with the same grade and phase) included.
with

rows_in_scope as (
    select g.*, s.la_code
    from satisfaction_gaps as g
    inner join schools as s using (urn)
    where g.family = $family and g.framework_id = $framework_id and g.area = $area
        and g.window_months = $window_months
        and ($phase is null or s.phase = $phase)
        and ($school_type is null or s.school_type = $school_type)
),

geographies as (
    select p.geography, r.*
    from rows_in_scope as r, places() as p
    where in_place(p.geography, r.la_code, null, $la_code, null)
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
    count_answers / count_responses as answer_share
from long
order by geography desc, grade_rank, answer_rank
