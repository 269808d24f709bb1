-- The reference groups behind one choice of the gap list (macro gap_rows, as every page), for the
-- schools in the selection: each comparison's groups - who its schools are compared with, their
-- pooled share satisfied, the spread beyond chance and the reachable range. reference_la_name
-- names the LA an own-survey group is drawn from (empty for a national group).
with

used as (
    select distinct
        g.window_months, g.family, g.framework_id, g.area, g.scale_id, g.reference_scope,
        g.reference_phase, g.grade_rank
    from gap_rows($every_school, $family, $framework_id, $area, $window_months) as g
    inner join schools as s using (urn)
    where g.gap_status is not null
        and ($la_code is null or s.la_code = $la_code)
        and ($phase is null or s.phase = $phase)
        and ($school_type is null or s.school_type = $school_type)
)

select
    r.family,
    r.framework_id,
    r.area,
    f.short_label as framework_label,
    a.area_label,
    r.reference_scope,
    rl.la_name as reference_la_name,
    r.reference_phase,
    r.grade_rank,
    low.label as band_low_label,
    high.label as band_high_label,
    own.label as grade_label,
    r.count_reference_schools,
    r.count_reference_responses,
    r.reference_share,
    r.phi,
    r.tau2,
    r.is_comparable,
    r.min_responses_above,
    r.min_responses_below
from gap_references as r
inner join used as u
    using (window_months, family, framework_id, area, reference_scope, reference_phase, grade_rank)
inner join frameworks as f on f.framework_id = r.framework_id
left join local_authorities as rl on rl.la_code = try_cast(r.reference_scope as integer)
left join judgement_areas as a
    on a.area = r.area and a.is_report_card = (r.framework_id = 'report_card_2025')
inner join grade_scales as own on own.scale_id = u.scale_id and own.grade_rank = r.grade_rank
inner join grade_scales as low on low.scale_id = u.scale_id and low.grade_rank = r.band_low_rank
inner join grade_scales as high on high.scale_id = u.scale_id and high.grade_rank = r.band_high_rank
order by r.family, r.framework_id, r.area, r.reference_phase, r.grade_rank
