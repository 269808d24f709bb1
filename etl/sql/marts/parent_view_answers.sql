-- Parent View per school, snapshot and question, each question within its own question set;
-- approximate counts are derived from the published percentages and submissions (and say so).
-- Each row keeps its file's precision, which school_satisfaction turns into the rounding range.

with

ranked as (
    select
        *,
        coalesce(as_at_date, date '1900-01-01') as snapshot_date,
        row_number() over (
            partition by urn, as_at_date, question_set, question_id
            order by source_file desc, line
        ) as pick
    from stg_parent_view_answers
)

select
    urn,
    snapshot_date,
    question_set,
    question_id,
    question_text,
    submissions,
    pct_strongly_agree,
    pct_agree,
    pct_neither,
    pct_disagree,
    pct_strongly_disagree,
    pct_dont_know,
    pct_yes,
    pct_no,
    pct_not_applicable,
    pct_rated_positive,
    pct_rated_neutral,
    pct_rated_negative,
    published_decimal_places,
    approx_count(submissions, pct_strongly_agree) as approx_count_strongly_agree,
    approx_count(submissions, pct_agree) as approx_count_agree,
    approx_count(submissions, pct_disagree) as approx_count_disagree,
    approx_count(submissions, pct_strongly_disagree) as approx_count_strongly_disagree,
    approx_count(submissions, pct_dont_know) as approx_count_dont_know,
    source_file
from ranked
where pick = 1
order by urn, snapshot_date, question_set, question_id
