-- Schools by engagement grade against their latest overall effectiveness, one row per
-- engagement grade, framework and grade: each grade stays with its own framework and scale
-- (Outstanding in 2005-12 is not pooled with Outstanding in 2012-19; Satisfactory, the 2005-12
-- scale's 3, is never merged with Requires improvement). Schools with no overall grade (report
-- cards, the 2024-25 framework or no inspection loaded) are counted as such.

with

latest as (
    select e.urn, e.engagement_rank, e.scale_id
    from engagement_judgements as e
    inner join schools as s using (urn)
    where ($la_code is null or s.la_code = $la_code)
        and ($phase is null or s.phase = $phase)
        and ($school_type is null or s.school_type = $school_type)
    qualify row_number() over (partition by e.urn order by e.judged_on desc) = 1
),

graded as (
    select
        l.urn,
        f.starts_on,
        f.short_label as era,
        l.overall_scale_id,
        l.overall_grade_rank,
        l.overall_grade_label
    from school_latest_inspections as l
    inner join frameworks as f using (framework_id)
    where l.kind = 'graded' and l.overall_grade_rank is not null
)

select
    g.label as engagement_grade,
    e.engagement_rank,
    coalesce(gr.era, 'No overall grade') as era,
    gr.overall_scale_id as scale_id,
    gr.overall_grade_rank as grade_rank,
    coalesce(gr.overall_grade_label, 'none loaded or none given') as grade_label,
    count(*) as count_schools
from latest as e
inner join grade_scales as g on g.scale_id = e.scale_id and g.grade_rank = e.engagement_rank
left join graded as gr using (urn)
group by all
order by e.engagement_rank, min(gr.starts_on) nulls last, grade_rank nulls last
