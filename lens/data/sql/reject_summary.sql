-- Rejects grouped by file, column and reason: what went wrong, how often, and the first line.
select
    file,
    action,
    column_name,
    reason,
    sum(count_rows) as count_rejects,
    min(line) as first_line
from rejects
where ($action is null or action = $action)
group by all
order by count_rejects desc, file, column_name
