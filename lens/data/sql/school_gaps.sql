-- Where one school sits on the gap list for one choice (lens/rules/gaps.py GapChoice, through the macro
-- gap_rows as every page): its row with its comparison and its reference group's grades in words.
-- Empty when the school has no such parents' views; a row with no gap_status's comparison says
-- why it is not compared. reference_la_name: the LA an own-survey group is drawn from.
select
    g.urn,
    g.family,
    g.framework_id,
    g.area,
    f.short_label as framework_label,
    a.area_label,
    g.grade_rank,
    g.grade_label,
    g.reference_phase,
    rl.la_name as reference_la_name,
    low.label as band_low_label,
    high.label as band_high_label,
    g.inspected_on,
    g.data_date,
    g.months_apart,
    g.count_responses,
    g.count_submissions,
    g.share_satisfied,
    g.ci95_low_share,
    g.ci95_high_share,
    g.reference_share,
    g.count_reference_schools,
    g.z_adjusted,
    g.z_least_satisfied,
    g.z_most_satisfied,
    coalesce(g.gap_status, g.not_compared_reason) as gap_status,
    g.gap_direction,
    nullif(array_to_string(g.trust_flags, ', '), '') as gap_trust_flags,
    g.min_responses_above,
    g.min_responses_below,
    g.is_approximate
from gap_rows($every_school, $family, $framework_id, $area, $window_months) as g
left join frameworks as f on f.framework_id = g.framework_id
left join judgement_areas as a
    on a.area = g.area and a.is_report_card = (g.framework_id = 'report_card_2025')
left join local_authorities as rl on rl.la_code = try_cast(g.reference_scope as integer)
left join grade_scales as low on low.scale_id = g.scale_id and low.grade_rank = g.band_low_rank
left join grade_scales as high on high.scale_id = g.scale_id and high.grade_rank = g.band_high_rank
where g.urn = $urn
