-- What happened to rejected rows and values, as found in this warehouse, for the filter.
select action, sum(count_rows) as count_rejects
from rejects
group by action
order by count_rejects desc, action
