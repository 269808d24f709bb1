-- Each school's answers to the overall-satisfaction statement, per source and period, with the
-- share satisfied (strongly agree + agree, of those giving a view) and its 95% Wilson interval.
-- Parent View counts are approximate (percentages x submissions); questionnaire counts are exact.
-- For Parent View, the rounding range of the share satisfied is kept as two pairs of counts: the
-- least satisfied (fewest agreeing, most disagreeing) and the most satisfied the published
-- percentages allow (rounded_count_low / _high), each percentage taken as up to half a unit of
-- its own file's last decimal place either way (rounding_half_width: half a point for whole
-- percentages); the gap list classifies a school only when both ends agree.
-- A family is one kind of source with one wording: a Parent View question set, the questionnaires
-- returned at inspection (2009-2012), or an LA's or school's own survey. Families never pool.

with

published as (
    select *, rounding_half_width(published_decimal_places) as half
    from parent_view_answers
    where is_happy_question(question_set, question_id)  -- "My child is happy at this school."
),

parent_view as (
    select
        urn,
        'parent_view_' || question_set as family,
        'parent_view' as source,
        snapshot_date as data_date,
        submissions as count_submissions,
        approx_count_strongly_agree as count_strongly_agree,
        approx_count_agree as count_agree,
        approx_count_disagree as count_disagree,
        approx_count_strongly_disagree as count_strongly_disagree,
        approx_count_dont_know as count_dont_know,
        rounded_count_low(submissions, pct_strongly_agree, half)
            + rounded_count_low(submissions, pct_agree, half) as rounding_low_satisfied,
        rounded_count_high(submissions, pct_disagree, half)
            + rounded_count_high(submissions, pct_strongly_disagree, half)
            as rounding_low_dissatisfied,
        rounded_count_high(submissions, pct_strongly_agree, half)
            + rounded_count_high(submissions, pct_agree, half) as rounding_high_satisfied,
        rounded_count_low(submissions, pct_disagree, half)
            + rounded_count_low(submissions, pct_strongly_disagree, half)
            as rounding_high_dissatisfied,
        half as rounding_half_points,
        true as is_approximate
    from published
),

questionnaire as (
    select
        urn,
        'questionnaire_' || source as family,  -- at inspection and own surveys never pool
        source,
        period_end as data_date,
        count_returned as count_submissions,
        count_strongly_agree,
        count_agree,
        count_disagree,
        count_strongly_disagree,
        coalesce(count_dont_know, 0) as count_dont_know,
        count_strongly_agree + count_agree as rounding_low_satisfied,
        count_disagree + count_strongly_disagree as rounding_low_dissatisfied,
        count_strongly_agree + count_agree as rounding_high_satisfied,
        count_disagree + count_strongly_disagree as rounding_high_dissatisfied,
        null::double as rounding_half_points,  -- counted, not rounded: no range
        false as is_approximate
    from questionnaire_counts
    where statement_key = 'overall_happy'
),

combined as (
    select * from parent_view
    union all
    select * from questionnaire
),

rated as (
    select
        *,
        count_strongly_agree + count_agree + count_disagree + count_strongly_disagree
            as count_responses,
        count_strongly_agree + count_agree as count_satisfied
    from combined
),

shares as (
    select *, count_satisfied / nullif(count_responses, 0) as p
    from rated
)

select
    urn,
    family,
    source,
    data_date,
    count_submissions,
    count_strongly_agree,
    count_agree,
    count_disagree,
    count_strongly_disagree,
    count_dont_know,
    count_responses,
    count_satisfied,
    rounding_low_satisfied::double as rounding_low_satisfied,
    (rounding_low_satisfied + rounding_low_dissatisfied)::double as rounding_low_responses,
    rounding_high_satisfied::double as rounding_high_satisfied,
    (rounding_high_satisfied + rounding_high_dissatisfied)::double as rounding_high_responses,
    rounding_half_points,
    is_approximate,
    p as share_satisfied,
    wilson_low(p, count_responses) as ci95_low_share,
    wilson_high(p, count_responses) as ci95_high_share,
    row_number() over (partition by urn, family order by data_date desc) = 1 as is_latest
from shares
where count_responses > 0
order by urn, family, data_date
