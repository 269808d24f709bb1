-- What the gap list can compare: each family of parents' views, each judgement it can be set
-- against (framework and area), and each time window, with the open schools compared in England.
select
    g.family,
    g.framework_id,
    g.area,
    g.window_months,
    any_value(f.short_label) as framework_label,
    any_value(a.area_label) as area_label,
    count(*) as count_schools,
    max(g.data_date) as last_data_date
from satisfaction_gaps as g
inner join frameworks as f using (framework_id)
left join judgement_areas as a
    on a.area = g.area and a.is_report_card = (g.framework_id = 'report_card_2025')
group by g.family, g.framework_id, g.area, g.window_months
order by g.family, g.window_months, (g.area = 'overall_effectiveness') desc, count_schools desc
