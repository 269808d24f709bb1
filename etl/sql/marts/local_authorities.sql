-- The local authorities present in the data, with the name and region most of their schools give.

select
    la_code,
    mode(la_name) as la_name,
    mode(region) as region,
    count(*) as count_schools,
    count(*) filter (where is_open) as count_open_schools
from schools
group by la_code
order by la_name
