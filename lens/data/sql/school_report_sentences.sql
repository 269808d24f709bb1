-- Every sentence about parents in one school's inspection reports, coded engagement /
-- involvement / informing / parents' views / none, with the words that decided the code, whether
-- the classifier was less than 80% sure (uncertain), and the hash an adviser's correction cites.
select
    inspected_on,
    in_improvement_section,
    sentence,
    label as code,
    learning_link,
    triggers,
    is_uncertain,
    sentence_hash
from report_parent_sentences
where urn = $urn
order by inspected_on desc, in_improvement_section desc, sentence_no
