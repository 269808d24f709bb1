-- Every questionnaire parents returned at an inspection (2009-2012 reports), with its answers to
-- "Overall, I am happy with my child's experience at this school" and the overall effectiveness
-- judged at the inspection it came with (same dates, within a week): the table in the layout of
-- Schools and parents' Table 1 is drawn from here. A questionnaire whose inspection is not loaded
-- keeps a null grade and is counted apart.

with

returned as (
    select *
    from questionnaire_counts
    where source = 'at_inspection' and statement_key = 'overall_happy'
),

came_with as (
    select
        q.urn,
        q.period_end,
        i.inspection_id,
        i.framework_id,
        i.started_on,
        i.overall_scale_id,
        i.overall_grade_rank,
        i.overall_grade_label
    from returned as q
    inner join inspections as i
        on i.urn = q.urn and abs(datediff('day', i.started_on, q.period_end)) <= 7
        and i.kind = 'graded'
    qualify row_number() over (
        partition by q.urn, q.period_end
        order by abs(datediff('day', i.started_on, q.period_end)), i.inspection_id desc
    ) = 1
)

select
    q.urn,
    q.period_end as inspected_on,
    c.inspection_id,
    c.framework_id,
    c.overall_scale_id as scale_id,
    c.overall_grade_rank as grade_rank,
    c.overall_grade_label as grade_label,
    q.count_strongly_agree,
    q.count_agree,
    q.count_disagree,
    q.count_strongly_disagree,
    q.count_strongly_agree + q.count_agree + q.count_disagree + q.count_strongly_disagree
        as count_responses,
    q.count_returned,
    q.pupils_on_roll
from returned as q
left join came_with as c on c.urn = q.urn and c.period_end = q.period_end
order by q.urn, q.period_end
