-- The selection's schools touched by a reject: a value dropped or recorded in an Ofsted row that
-- loaded (the row keeps its file and line, so the school is known). A cause met on many rows is
-- stored once, with every line it stands for (lines): each of those rows' schools is named.
select distinct
    s.school_name,
    s.urn,
    r.file,
    l.line,
    r.column_name,
    r.value,
    r.reason,
    r.action
from rejects as r
cross join unnest(coalesce(r.lines, [r.line])) as l(line)
inner join inspections as i on i.source_file = r.file and i.line = l.line
inner join schools as s on s.urn = i.urn
where ($la_code is null or s.la_code = $la_code)
    and ($phase is null or s.phase = $phase)
    and ($school_type is null or s.school_type = $school_type)
order by s.school_name, s.urn, r.file, l.line, r.column_name
