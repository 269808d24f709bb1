-- Phases and school types present among open schools, for the filters.
select 'phase' as facet, phase as value, count(*) as count_schools
from schools where is_open group by phase
union all
select 'school_type', school_type, count(*)
from schools where is_open group by school_type
order by facet, count_schools desc
