-- In the layout of Table 1 of Ofsted's Schools and parents (2011): parents' answers to "Overall, I
-- am happy with my child's experience at this school" in questionnaires returned at inspection, by
-- the overall effectiveness judged at the inspection each came with, for the selection and England,
-- with bases. Pooled over responses.
with

returned as (
    select q.*, s.la_code
    from questionnaires_at_inspection as q
    inner join schools as s using (urn)
    where q.grade_rank is not null
        and ($phase is null or s.phase = $phase)
        and ($school_type is null or s.school_type = $school_type)
),

geographies as (
    select p.geography, r.*
    from returned as r, places() as p
    where in_place(p.geography, r.la_code, null, $la_code, null)
)

select
    geography,
    framework_id,
    scale_id,
    grade_rank,
    grade_label,
    count(*) as count_questionnaires,
    count(distinct urn) as count_schools,
    sum(count_responses) as count_responses,
    sum(count_strongly_agree) / sum(count_responses) as strongly_agree_share,
    sum(count_agree) / sum(count_responses) as agree_share,
    sum(count_disagree) / sum(count_responses) as disagree_share,
    sum(count_strongly_disagree) / sum(count_responses) as strongly_disagree_share,
    sum(count_strongly_agree + count_agree) / sum(count_responses) as happy_share
from geographies
group by all
order by geography desc, framework_id, grade_rank
