-- The reference groups behind one choice of the gap list, for the schools in the selection: who
-- each school is compared with, their pooled share satisfied, and the spread beyond chance.
with

used as (
    select distinct g.reference_phase, g.grade_rank
    from satisfaction_gaps as g
    inner join schools as s using (urn)
    where g.family = $family and g.framework_id = $framework_id and g.area = $area
        and g.window_months = $window_months
        and ($la_code is null or s.la_code = $la_code)
        and ($phase is null or s.phase = $phase)
        and ($school_type is null or s.school_type = $school_type)
)

select
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
inner join used as u using (reference_phase, grade_rank)
inner join grade_scales as own
    on own.scale_id = (
        select any_value(scale_id) from satisfaction_pairs
        where family = $family and framework_id = $framework_id and area = $area
    ) and own.grade_rank = r.grade_rank
inner join grade_scales as low on low.scale_id = own.scale_id and low.grade_rank = r.band_low_rank
inner join grade_scales as high on high.scale_id = own.scale_id and high.grade_rank = r.band_high_rank
where r.family = $family and r.framework_id = $framework_id and r.area = $area
    and r.window_months = $window_months
order by r.reference_phase, r.grade_rank
