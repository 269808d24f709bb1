-- Every sentence about parents in one school's inspection reports, coded engagement /
-- involvement / informing / none, with the words that triggered the code.
select
    inspected_on,
    in_improvement_section,
    sentence,
    label as code,
    learning_link,
    triggers
from report_parent_sentences
where urn = $urn
order by inspected_on desc, in_improvement_section desc
