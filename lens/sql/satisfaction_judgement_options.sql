-- What a source's figures can be set against: each graded framework's overall effectiveness and
-- each report-card area, with the number of schools in England having both.
select
    s.framework_id,
    s.area,
    any_value(f.short_label) as framework,
    any_value(a.area_label) as area_label,
    count(*) as count_schools,
    any_value(f.starts_on) as starts_on
from satisfaction_judgements as s
inner join frameworks as f using (framework_id)
left join judgement_areas as a
    on a.area = s.area and a.is_report_card = (s.framework_id = 'report_card_2025')
where s.family = $family
group by s.framework_id, s.area
order by (s.area = 'overall_effectiveness') desc, count_schools desc, area_label
