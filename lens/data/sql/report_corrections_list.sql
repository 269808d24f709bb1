-- Advisers' corrections of the report coder that the warehouse holds, with the coder's label
-- they replaced and how many coded sentences or points each found (0: nothing matched).
select
    c.urn,
    coalesce(strftime(c.inspected_on, '%Y-%m-%d'), c.inspection_number) as inspection_key,
    c.sentence_hash,
    c.label as report_label,
    c.coder_label,
    c.sentence,
    c.count_units,
    c.source_file as file,
    c.line
from report_corrections as c
left join schools as s using (urn)
where $la_code is null or s.la_code = $la_code
order by c.source_file, c.line
