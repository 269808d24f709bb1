-- The report coder's errors measured on the frozen real test splits (coder_measured_errors): the
-- coder's label and learning words against the true label and learning link, with the units in
-- each cell. lens/rules/coder_errors.py turns them into rates.
select
    coder_label,
    has_learning_words,
    true_label,
    is_true_learning_link,
    count_units
from coder_measured_errors
order by coder_label, has_learning_words, true_label, is_true_learning_link
