-- The individual rejects, newest concerns first, capped so a page stays quick. A file is chosen
-- by its load-log name and matched by its file_id (a workbook's rejects name its sheet).
select file, line, column_name, value, reason, action, count_rows
from rejects
where ($action is null or action = $action)
    and ($file is null or file_id in (select file_id from load_log where file = $file))
order by file, line, column_name
limit $row_limit
