-- Trust flags on the selection's Parent View results, newest first.
select
    f.snapshot_date,
    s.school_name,
    f.urn,
    f.flag,
    f.reason,
    f.question_set
from parent_view_flags as f
inner join schools as s using (urn)
where ($la_code is null or s.la_code = $la_code)
    and ($phase is null or s.phase = $phase)
    and ($school_type is null or s.school_type = $school_type)
    and ($flag is null or f.flag = $flag)
order by f.snapshot_date desc, f.flag, s.school_name
