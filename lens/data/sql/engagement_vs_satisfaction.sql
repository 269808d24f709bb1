-- Schools by engagement grade: the median of schools' % satisfied in their latest
-- Parent View result, for each question set apart (a median is never taken across question
-- sets, whose wording differs).

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

happy as (
    select urn, family, share_satisfied
    from school_satisfaction
    where source = 'parent_view'
    qualify row_number() over (partition by urn, family order by data_date desc) = 1
)

select
    g.label as engagement_grade,
    e.engagement_rank,
    h.family,
    count(*) as count_schools,
    median(h.share_satisfied) as median_happy_share
from latest as e
inner join grade_scales as g on g.scale_id = e.scale_id and g.grade_rank = e.engagement_rank
inner join happy as h using (urn)
group by all
order by h.family, e.engagement_rank
