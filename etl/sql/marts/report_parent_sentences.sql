-- Sentences about parents anywhere in a report, coded, marked when they sit in the improvement
-- section.
select
    urn,
    inspected_on,
    in_improvement_section,
    sentence,
    label,
    learning_link,
    triggers,
    source_file
from stg_report_sentences
order by urn, inspected_on, line
