-- One question in one snapshot: the share of parents giving each answer, pooled over
-- submissions, in the selection, its region and England.

with

scoped as (
    select a.*, s.la_code, s.region
    from parent_view_answers as a
    inner join schools as s using (urn)
    where a.question_set = $question_set and a.snapshot_date = $snapshot_date
        and a.question_id = $question_id
        and ($phase is null or s.phase = $phase)
        and ($school_type is null or s.school_type = $school_type)
),

geographies as (
    select p.geography, r.*
    from scoped as r, places() as p
    where in_place(p.geography, r.la_code, r.region, $la_code, $region)
),

long as (
    unpivot (
        select
            geography,
            sum(submissions) as submissions,
            count(*) as count_schools,
            sum(submissions * pct_strongly_agree) / sum(submissions) as strongly_agree,
            sum(submissions * pct_agree) / sum(submissions) as agree,
            sum(submissions * pct_neither) / sum(submissions) as neither,
            sum(submissions * pct_disagree) / sum(submissions) as disagree,
            sum(submissions * pct_strongly_disagree) / sum(submissions) as strongly_disagree,
            sum(submissions * pct_dont_know) / sum(submissions) as dont_know,
            sum(submissions * pct_yes) / sum(submissions) as yes,
            sum(submissions * pct_no) / sum(submissions) as no,
            sum(submissions * pct_not_applicable) / sum(submissions) as not_applicable,
            sum(submissions * pct_rated_positive) / sum(submissions) as rated_positive,
            sum(submissions * pct_rated_neutral) / sum(submissions) as rated_neutral,
            sum(submissions * pct_rated_negative) / sum(submissions) as rated_negative
        from geographies
        group by geography
    )
    on strongly_agree, agree, neither, disagree, strongly_disagree, dont_know, yes, no,
        not_applicable, rated_positive, rated_neutral, rated_negative
    into name answer value pct_responses
),

-- Positive / Neutral / Negative summarise the detailed answers where both are published: shown
-- only for a question published with them alone, so no parent is counted twice in a bar
shown as (
    select *
    from long
    where pct_responses is not null
    qualify not starts_with(answer, 'rated_')
        or count(*) filter (where not starts_with(answer, 'rated_')) over (partition by geography) = 0
)

select
    geography,
    submissions,
    count_schools,
    answer,
    list_position(['strongly_agree', 'agree', 'neither', 'disagree', 'strongly_disagree',
        'dont_know', 'yes', 'no', 'not_applicable', 'rated_positive', 'rated_neutral',
        'rated_negative'], answer) as answer_rank,
    round(pct_responses, 1) as pct_responses
from shown
order by geography desc, answer_rank
