-- How many schools the selection holds before the explore page's own filters, open or all.
select count(*) as count_schools, max(pupils) as max_pupils
from school_summaries
where ($la_code is null or la_code = $la_code)
    and ($phase is null or phase = $phase)
    and ($school_type is null or school_type = $school_type)
    and ($status = 'all' or is_open = ($status = 'open'))
