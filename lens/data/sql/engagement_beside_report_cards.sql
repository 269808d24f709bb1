-- Schools with both an engagement judgement and a report card: the judged effect on inclusion
-- (4-point engagement scale) beside the report card's Inclusion grade (5-point report-card
-- scale). Shown side by side, never converted into one another.
select
    s.school_name,
    e.urn,
    e.judged_on,
    g4.label as engagement_inclusion_judgement,
    j.judged_on as report_card_judged_on,
    j.grade_label as report_card_inclusion_grade,
    j.scale_id as report_card_scale
from engagement_judgements as e
inner join schools as s using (urn)
inner join school_latest_inspections as l on l.urn = e.urn and l.kind = 'report_card'
inner join inspection_judgements as j
    on j.urn = l.urn and j.inspection_id = l.inspection_id and j.area = 'inclusion'
inner join grade_scales as g4 on g4.scale_id = 'engagement4' and g4.grade_rank = e.inclusion_rank
where ($la_code is null or s.la_code = $la_code)
    and ($phase is null or s.phase = $phase)
    and ($school_type is null or s.school_type = $school_type)
order by s.school_name
