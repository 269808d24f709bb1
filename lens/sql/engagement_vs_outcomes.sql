-- Schools by engagement grade: median share of parents happy (latest Parent View) and their
-- latest overall effectiveness (each framework apart), for the selection.

with

latest as (
    select e.urn, e.engagement_rank, s.la_code
    from engagement_judgements as e
    inner join schools as s using (urn)
    where ($la_code is null or s.la_code = $la_code)
        and ($phase is null or s.phase = $phase)
        and ($school_type is null or s.school_type = $school_type)
    qualify row_number() over (partition by e.urn order by e.judged_on desc) = 1
),

happy as (
    select urn, share_satisfied
    from school_satisfaction
    where is_latest and family like 'parent_view_%'
    qualify row_number() over (partition by urn order by data_date desc) = 1
),

graded as (
    select l.urn, f.short_label as framework, l.overall_grade_label
    from school_latest_inspections as l
    inner join frameworks as f using (framework_id)
    where l.kind = 'graded' and l.overall_grade_rank is not null
)

select
    g.label as engagement_grade,
    e.engagement_rank,
    count(*) as count_schools,
    round(100 * median(h.share_satisfied), 1) as median_pct_happy,
    count(*) filter (where gr.overall_grade_label = 'Outstanding') as outstanding,
    count(*) filter (where gr.overall_grade_label = 'Good') as good,
    count(*) filter (where gr.overall_grade_label in ('Requires improvement', 'Satisfactory'))
        as requires_improvement_or_satisfactory,
    count(*) filter (where gr.overall_grade_label = 'Inadequate') as inadequate,
    count(*) filter (where gr.urn is null) as no_overall_grade
from latest as e
inner join grade_scales as g on g.scale_id = 'engagement4' and g.grade_rank = e.engagement_rank
left join happy as h using (urn)
left join graded as gr using (urn)
group by all
order by e.engagement_rank
