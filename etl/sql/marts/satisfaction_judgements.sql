-- Each school's latest overall satisfaction (per source family) beside what inspectors judged:
-- its latest graded overall effectiveness, and each area of its latest report card. A grade
-- keeps its framework and scale; rows of different scales are never pooled.

with

latest_satisfaction as (
    select * from school_satisfaction where is_latest
),

graded as (
    select
        l.urn,
        l.framework_id,
        'overall_effectiveness' as area,
        l.overall_scale_id as scale_id,
        l.overall_grade_rank as grade_rank,
        l.overall_grade_label as grade_label,
        l.started_on as inspected_on
    from school_latest_inspections as l
    where l.kind = 'graded' and l.overall_grade_rank is not null
),

report_cards as (
    select
        l.urn,
        l.framework_id,
        j.area,
        j.scale_id,
        j.grade_rank,
        j.grade_label,
        l.started_on as inspected_on
    from school_latest_inspections as l
    inner join inspection_judgements as j
        on j.urn = l.urn and j.inspection_id = l.inspection_id
    where l.kind = 'report_card' and j.scale_id = 'report_card5'
),

judgements as (
    select * from graded
    union all
    select * from report_cards
)

select
    s.urn,
    s.family,
    s.source,
    j.framework_id,
    j.area,
    j.scale_id,
    j.grade_rank,
    j.grade_label,
    j.inspected_on,
    s.data_date,
    datediff('month', least(s.data_date, j.inspected_on), greatest(s.data_date, j.inspected_on))
        as months_apart,
    s.count_submissions,
    s.count_strongly_agree,
    s.count_agree,
    s.count_disagree,
    s.count_strongly_disagree,
    s.count_dont_know,
    s.count_responses,
    s.count_satisfied,
    s.share_satisfied,
    s.ci95_low,
    s.ci95_high,
    s.is_approximate
from latest_satisfaction as s
inner join judgements as j on j.urn = s.urn
order by s.urn, s.family, j.framework_id, j.area
