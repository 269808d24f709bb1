-- The gap list for one choice (lens/rules/gaps.py GapChoice: every school's latest parents' views, or one
-- family against one judgement) over the selection's open schools: one row per open school, with
-- its comparison (family, judgement), reference group, standardised difference and gap_status -
-- its place on the list, or why it is not compared (no_parents_views / no_pair when it has no
-- such parents' views at all). Rows with a gap_direction are the gap list. The Overview, the
-- Satisfaction page, Explore and the LA pack read this one query; a school's profile reads its
-- row from the same macro (school_gaps).
select
    s.urn,
    s.school_name,
    s.la_code,
    s.la_name,
    s.region,
    s.phase,
    g.family,
    g.framework_id,
    g.area,
    f.short_label as framework_label,
    a.area_label,
    g.phase_group,
    g.reference_scope,
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
    g.count_strongly_agree,
    g.count_agree,
    g.count_disagree,
    g.count_strongly_disagree,
    g.count_responses,
    g.count_satisfied,
    g.share_satisfied,
    g.plotted_share,
    g.ci95_low_share,
    g.ci95_high_share,
    g.z_adjusted,
    g.z_unadjusted,
    coalesce(g.is_comparable, false) as is_comparable,
    coalesce(
        g.gap_status,
        g.not_compared_reason,
        case when $every_school then 'no_parents_views' else 'no_pair' end
    ) as gap_status,
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
from schools as s
left join gap_rows($every_school, $family, $framework_id, $area, $window_months) as g using (urn)
left join frameworks as f on f.framework_id = g.framework_id
left join judgement_areas as a
    on a.area = g.area and a.is_report_card = (g.framework_id = 'report_card_2025')
where s.is_open
    and ($la_code is null or s.la_code = $la_code)
    and ($phase is null or s.phase = $phase)
    and ($school_type is null or s.school_type = $school_type)
order by g.grade_rank nulls last, g.share_satisfied, s.urn
