-- Every adviser's correction kept, with what it changed: how many coded points and sentences it
-- found (0: its school, inspection or hash matched nothing loaded) and the coder's label there.

with

units as (
    select urn, inspected_on, inspection_number, sentence_hash, coder_label, text as words
    from report_points
    union all
    select urn, inspected_on, inspection_number, sentence_hash, coder_label, sentence
    from report_parent_sentences
),

found as (
    select
        c.source_file,
        c.line,
        count(u.sentence_hash) as count_units,
        any_value(u.coder_label) as coder_label,  -- one text, one code
        any_value(u.words) as sentence
    from stg_report_corrections as c
    left join units as u
        on u.urn = c.urn
        and u.sentence_hash = c.sentence_hash
        and (u.inspected_on = c.inspected_on or u.inspection_number = c.inspection_number)
    group by c.source_file, c.line
)

select
    c.urn,
    c.inspected_on,
    c.inspection_number,
    c.sentence_hash,
    c.label,
    f.coder_label,
    f.sentence,
    f.count_units,
    c.source_file,
    c.line
from stg_report_corrections as c
inner join found as f using (source_file, line)
order by c.source_file, c.line
