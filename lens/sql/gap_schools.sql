-- The gap list's schools in the selection for one choice (family, judgement, time window): every
-- school compared, with its reference group and standardised difference; those with a
-- gap_direction are the gap list. The Overview, the Satisfaction page, Explore and the LA pack
-- all read this one query.
select
    g.urn,
    s.school_name,
    s.la_code,
    s.la_name,
    s.phase,
    g.phase_group,
    g.reference_phase,
    g.grade_rank,
    g.grade_label,
    g.band_low_rank,
    g.band_high_rank,
    g.count_reference_schools,
    g.reference_share,
    g.phi,
    g.tau2,
    g.count_submissions,
    g.count_responses,
    g.count_satisfied,
    g.share_satisfied,
    g.plotted_share,
    g.ci95_low_share,
    g.ci95_high_share,
    g.z_adjusted,
    g.z_unadjusted,
    g.is_comparable,
    g.gap_status,
    g.gap_direction,
    g.z_least_satisfied,
    g.z_most_satisfied,
    nullif(array_to_string(g.trust_flags, ', '), '') as gap_trust_flags,
    g.is_reference_member,
    g.min_responses_above,
    g.min_responses_below,
    g.unadjusted_direction,
    g.data_date,
    g.inspected_on,
    g.months_apart,
    g.pairing,
    g.is_approximate,
    g.source
from satisfaction_gaps as g
inner join schools as s using (urn)
where g.family = $family and g.framework_id = $framework_id and g.area = $area
    and g.window_months = $window_months
    and ($la_code is null or s.la_code = $la_code)
    and ($phase is null or s.phase = $phase)
    and ($school_type is null or s.school_type = $school_type)
order by g.grade_rank, g.share_satisfied, g.urn
