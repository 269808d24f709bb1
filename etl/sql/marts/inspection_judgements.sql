-- Every graded area of every inspection, each grade with its scale; never one column across scales.

select
    i.urn,
    i.inspection_id,
    i.framework_id,
    j.area,
    a.area_label,
    j.scale_id,
    j.grade_rank,
    j.grade_label,
    j.judged_on
from inspections as i
inner join stg_mi_judgements as j
    on j.source_file = i.source_file and j.line = i.line and j.block_id = i.block_id
left join judgement_areas as a
    on a.area = j.area and a.is_report_card = (i.framework_id = 'report_card_2025')
order by i.urn, i.inspection_id, j.area
