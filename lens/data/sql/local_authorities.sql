-- The filter's list of local authorities.
select la_code, la_name, region, count_open_schools
from local_authorities
order by la_name
