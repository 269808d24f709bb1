-- Where one school's latest satisfaction sits against England's share for schools given the same
-- grade (the gap rule), for each judgement it can be set against.
select
    g.family,
    f.short_label as era,
    a.area_label as area,
    g.grade_label,
    g.inspected_on,
    g.data_date,
    g.months_apart,
    g.count_responses,
    round(100 * g.share_satisfied, 1) as pct_satisfied,
    round(100 * g.ci95_low, 1) as ci95_low,
    round(100 * g.ci95_high, 1) as ci95_high,
    round(100 * g.england_share, 1) as england_pct_for_grade,
    g.tail_probability,
    g.gap_direction
from satisfaction_gaps as g
inner join frameworks as f using (framework_id)
inner join judgement_areas as a
    on a.area = g.area and a.is_report_card = (g.framework_id = 'report_card_2025')
where g.urn = $urn
order by g.family, g.inspected_on desc, g.area = 'overall_effectiveness' desc, a.area_label
