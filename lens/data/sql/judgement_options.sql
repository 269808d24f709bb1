-- Every framework and area with graded judgements loaded, in framework order, with its scale's
-- grades: the explore page filters one judgement at a time, on its own scale.
select
    j.framework_id,
    f.short_label as era,
    j.area,
    any_value(j.area_label) as area_label,
    j.scale_id,
    (select list(g.label order by g.grade_rank) from grade_scales as g
        where g.scale_id = j.scale_id) as grades,
    count(distinct j.urn) as count_schools
from inspection_judgements as j
inner join frameworks as f using (framework_id)
group by j.framework_id, f.short_label, f.starts_on, j.area, j.scale_id
order by f.starts_on desc, j.area = 'overall_effectiveness' desc, area_label
