-- Where one school sits on the gap list for one choice (family, judgement, time window): its row
-- of satisfaction_gaps with its reference group's grades in words. Empty when the school is not
-- compared in that choice (no such parents' views, or the pair is outside the window).
select
    g.urn,
    g.family,
    g.grade_rank,
    g.grade_label,
    g.reference_phase,
    low.label as band_low_label,
    high.label as band_high_label,
    g.inspected_on,
    g.data_date,
    g.months_apart,
    g.count_responses,
    g.share_satisfied,
    g.ci95_low_share,
    g.ci95_high_share,
    g.reference_share,
    g.count_reference_schools,
    g.z_adjusted,
    g.z_least_satisfied,
    g.z_most_satisfied,
    g.gap_status,
    g.gap_direction,
    nullif(array_to_string(g.trust_flags, ', '), '') as gap_trust_flags,
    g.min_responses_above,
    g.min_responses_below,
    g.is_approximate
from satisfaction_gaps as g
inner join grade_scales as low on low.scale_id = g.scale_id and low.grade_rank = g.band_low_rank
inner join grade_scales as high on high.scale_id = g.scale_id and high.grade_rank = g.band_high_rank
where g.urn = $urn and g.family = $family and g.framework_id = $framework_id and g.area = $area
    and g.window_months = $window_months
