-- One school's inspections, and its predecessor's (flagged, with its URN), each overall judgement in its own
-- framework's words and on that framework's scale. An inspection listed under both URNs (Ofsted
-- lists the predecessor's last inspection under the new URN too) is shown once.
select
    coalesce(i.urn_at_inspection, i.urn) <> $urn as is_predecessor,
    case when coalesce(i.urn_at_inspection, i.urn) <> $urn
        then coalesce(i.urn_at_inspection, i.urn) end as predecessor_urn,
    i.started_on,
    i.published_on,
    f.short_label as era,
    f.name as framework,
    i.kind,
    i.inspection_type,
    i.overall_grade_label as overall_judgement,
    i.overall_grade_rank,
    g.scale_name as scale,
    i.category_of_concern,
    i.outcome,
    i.inspection_id
from inspections as i
inner join frameworks as f using (framework_id)
left join (select distinct scale_id, scale_name from grade_scales) as g
    on g.scale_id = i.overall_scale_id
where i.urn = $urn
    or i.urn in (select predecessor_urn from school_predecessors where urn = $urn)
qualify row_number() over (partition by i.inspection_id order by i.urn = $urn desc) = 1
order by i.started_on desc, i.inspection_id desc
