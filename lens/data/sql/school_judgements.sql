-- Every graded area of one school's inspections (report-card areas included), newest first, each
-- with its scale: a judgement is read on its own scale, never set beside another as if one.
select
    i.started_on,
    f.short_label as era,
    j.area_label as area,
    j.grade_label as judgement,
    g.scale_name as scale
from inspection_judgements as j
inner join inspections as i using (urn, inspection_id)
inner join frameworks as f on f.framework_id = j.framework_id
inner join (select distinct scale_id, scale_name from grade_scales) as g using (scale_id)
where j.urn = $urn
order by i.started_on desc, j.area = 'overall_effectiveness' desc, j.area_label
