-- Improvement points from inspection reports, coded, with the report's era and year. An
-- adviser's correction (stg_report_corrections: same school, same inspection by date or number,
-- same sentence hash) overrides the coder; the coder's own label is kept beside it.

with

matched as (
    select
        p.source_file,
        p.point_no,
        c.label as corrected_label,
        c.source_file as correction_file,
        c.line as correction_line
    from stg_report_points as p
    inner join stg_report_files as f using (source_file)
    inner join stg_report_corrections as c
        on c.urn = p.urn
        and c.sentence_hash = p.sentence_hash
        and (c.inspected_on = p.inspected_on or c.inspection_number = f.inspection_number)
    qualify row_number() over (
        partition by p.source_file, p.point_no order by c.source_file desc, c.line desc
    ) = 1
)

select
    p.urn,
    p.inspected_on,
    f.inspection_number,
    year(p.inspected_on) as inspection_year,
    coalesce(p.heading_framework, 'unknown') as heading_framework,
    p.point_no,
    p.parent_point_no,
    p.text,
    p.sentence_hash,
    coalesce(m.corrected_label, p.label) as label,
    coalesce(m.corrected_label, p.label) = 'engagement' and p.has_learning_words
        as learning_link,
    p.triggers,
    p.label as coder_label,
    p.rule_label,
    p.model_label,
    p.model_share,
    p.is_uncertain and m.corrected_label is null as is_uncertain,
    p.has_learning_words,
    m.corrected_label is not null as is_corrected,
    m.correction_file,
    m.correction_line,
    p.source_file
from stg_report_points as p
inner join stg_report_files as f using (source_file)
left join matched as m using (source_file, point_no)
order by p.urn, p.inspected_on, p.point_no
