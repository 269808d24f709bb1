-- The report coder's errors measured on the frozen real test splits of published report
-- sentences (etl/coding/measured_errors.csv, written by python -m etl.coding.evaluate): the
-- coder's label and whether the unit has learning words, against the true label and learning
-- link, with the number of test units in each cell. The Engagement page and the LA pack allow
-- for them (lens/rules/coder_errors.py).

select
    coder_label,
    has_learning_words,
    true_label,
    is_true_learning_link,
    count_units
from stg_coder_measured_errors
order by coder_label, has_learning_words, true_label, is_true_learning_link
