-- Each school in the selection: its share satisfied with its 95% interval, its grade, England's
-- share for schools of that grade, and whether the gap rule puts it on the gap list.
select
    g.urn,
    s.school_name,
    s.la_name,
    s.phase,
    g.grade_rank,
    g.grade_label,
    round(100 * g.share_satisfied, 1) as pct_satisfied,
    round(100 * g.ci95_low, 1) as ci95_low,
    round(100 * g.ci95_high, 1) as ci95_high,
    g.count_responses,
    g.count_submissions,
    round(100 * g.england_share, 1) as england_pct_for_grade,
    g.gap_direction,
    g.tail_probability,
    g.data_date,
    g.inspected_on,
    g.months_apart,
    g.is_approximate,
    g.source
from satisfaction_gaps as g
inner join schools as s using (urn)
where g.family = $family and g.framework_id = $framework_id and g.area = $area
    and s.is_open
    and ($la_code is null or s.la_code = $la_code)
    and ($phase is null or s.phase = $phase)
    and ($school_type is null or s.school_type = $school_type)
order by g.grade_rank, g.share_satisfied
