-- The schools of a selection, one row each with their latest facts (school_summaries): the
-- explore-and-export list and the LA briefing pack start here.
select *
from school_summaries
where ($la_code is null or la_code = $la_code)
    and ($phase is null or phase = $phase)
    and ($school_type is null or school_type = $school_type)
order by school_name, urn
