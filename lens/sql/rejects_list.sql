-- The individual rejects, newest concerns first, capped so a page stays quick.
select file, line, column_name, value, reason, action, count_rows
from rejects
where ($action is null or action = $action)
    and ($file is null or file = $file)
order by file, line, column_name
limit $row_limit
