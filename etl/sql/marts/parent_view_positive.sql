-- Each school's share of positive answers per Parent View question and snapshot, within its
-- question set: strongly agree + agree of those agreeing or disagreeing, or yes of yes + no (or,
-- for a question published only as Positive / Neutral / Negative, positive of positive + negative);
-- with the approximate number answering and a 95% Wilson interval. The share is of whole parents:
-- each published percentage times the submissions, rounded (approx_count), as school_satisfaction
-- takes it, so the two agree to the last digit for "My child is happy".

with

answers as (
    select
        *,
        -- a question published only as Positive / Neutral / Negative: positive of positive +
        -- negative (where the detailed answers are published, they are used, as for any question)
        coalesce(
            pct_strongly_agree, pct_agree, pct_disagree, pct_strongly_disagree, pct_yes, pct_no
        ) is null
        and coalesce(pct_rated_positive, pct_rated_negative) is not null as rated_only
    from parent_view_answers
),

counts as (
    -- each published answer as a whole number of parents (approx_count: the counts
    -- school_satisfaction, and so the gap list, take), so that one school, release and question
    -- has one share and one base on every page, export and pack
    select
        *,
        case
            when pct_yes is not null or pct_no is not null
                then coalesce(approx_count(submissions, pct_yes), 0)
            when rated_only then coalesce(approx_count(submissions, pct_rated_positive), 0)
            else coalesce(approx_count_strongly_agree, 0) + coalesce(approx_count_agree, 0)
        end as count_positive,
        case
            when pct_yes is not null or pct_no is not null
                then coalesce(approx_count(submissions, pct_yes), 0)
                + coalesce(approx_count(submissions, pct_no), 0)
            when rated_only
                then coalesce(approx_count(submissions, pct_rated_positive), 0)
                + coalesce(approx_count(submissions, pct_rated_negative), 0)
            else coalesce(approx_count_strongly_agree, 0) + coalesce(approx_count_agree, 0)
                + coalesce(approx_count_disagree, 0)
                + coalesce(approx_count_strongly_disagree, 0)
        end as approx_count_answering
    from answers
),

counted as (
    select *, count_positive / nullif(approx_count_answering, 0) as p
    from counts
)

select
    urn,
    snapshot_date,
    question_set,
    question_id,
    question_text,
    submissions,
    approx_count_answering,
    pct_strongly_agree,
    pct_agree,
    pct_disagree,
    pct_strongly_disagree,
    pct_dont_know,
    pct_yes,
    pct_no,
    pct_not_applicable,
    100 * p as pct_positive,
    100 * wilson_low(p, approx_count_answering) as ci95_low_pct,
    100 * wilson_high(p, approx_count_answering) as ci95_high_pct
from counted
where approx_count_answering > 0
order by urn, snapshot_date, question_set, question_id
