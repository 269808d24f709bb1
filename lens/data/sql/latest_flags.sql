-- Trust flags on each school's latest Parent View snapshot, for the schools of a selection.
select s.school_name, f.urn, f.snapshot_date, f.flag, f.reason
from parent_view_flags as f
inner join school_summaries as s
    on s.urn = f.urn and s.parent_view_on = f.snapshot_date
where ($la_code is null or s.la_code = $la_code)
    and ($phase is null or s.phase = $phase)
    and ($school_type is null or s.school_type = $school_type)
order by s.school_name, f.flag
