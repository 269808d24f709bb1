-- Sentences about parents anywhere in a report, coded, marked when they sit in the improvement
-- section. An adviser's correction overrides the coder as for the points (report_points.sql).

with

numbered as (
    select s.*, f.inspection_number, row_number() over (
        partition by s.source_file order by s.line, s.sentence_hash
    ) as sentence_no
    from stg_report_sentences as s
    inner join stg_report_files as f using (source_file)
),

matched as (
    select
        s.source_file,
        s.sentence_no,
        c.label as corrected_label,
        c.source_file as correction_file,
        c.line as correction_line
    from numbered as s
    inner join stg_report_corrections as c
        on c.urn = s.urn
        and c.sentence_hash = s.sentence_hash
        and (c.inspected_on = s.inspected_on or c.inspection_number = s.inspection_number)
    qualify row_number() over (
        partition by s.source_file, s.sentence_no order by c.source_file desc, c.line desc
    ) = 1
)

select
    s.urn,
    s.inspected_on,
    s.inspection_number,
    s.sentence_no,
    s.in_improvement_section,
    s.sentence,
    s.sentence_hash,
    coalesce(m.corrected_label, s.label) as label,
    coalesce(m.corrected_label, s.label) = 'engagement' and s.has_learning_words
        as learning_link,
    s.triggers,
    s.label as coder_label,
    s.rule_label,
    s.model_label,
    s.model_share,
    s.is_uncertain and m.corrected_label is null as is_uncertain,
    s.has_learning_words,
    m.corrected_label is not null as is_corrected,
    m.correction_file,
    m.correction_line,
    s.source_file
from numbered as s
left join matched as m using (source_file, sentence_no)
order by s.urn, s.inspected_on, s.sentence_no
