-- Trust flags on Parent View results: reasons to weigh a school's figures with care, each with
-- its rule, its numbers and a plain-language reason. Parent View is open to anyone who says they
-- are a parent, so these are prompts to look, never findings.
--
-- over_roll: more submissions than pupils on roll.
-- surge: at least 3 times the school's median submissions in two or more earlier snapshots and
--        at least 30 more than its highest; noted when an inspection began in the 120 days before.
-- uniform: every agree-scale question answered strongly agree by at least 95% (or strongly
--        disagree by at least 90%) with 20 or more submissions.
-- inconsistent: 90% or more happy but 60% or fewer would recommend the school, with the two 95%
--        intervals apart (so a handful of submissions cannot trigger it).
-- disagrees_with_survey: the school's own or LA survey in the months before the snapshot gives
--        an overall-happy share at least 25 points from Parent View's, their 95% intervals apart,
--        with at least 20 Parent View and 10 survey answers (fewer disagree by chance too often).

with

per_school as (
    select urn, snapshot_date, question_set, max(submissions) as submissions
    from parent_view_answers
    group by all
),

history as (
    select
        p.*,
        (select median(e.submissions) from per_school as e
            where e.urn = p.urn and e.snapshot_date < p.snapshot_date) as earlier_median,
        (select max(e.submissions) from per_school as e
            where e.urn = p.urn and e.snapshot_date < p.snapshot_date) as earlier_max,
        (select count(*) from per_school as e
            where e.urn = p.urn and e.snapshot_date < p.snapshot_date) as earlier_count,
        (select max(i.started_on) from inspections as i
            where i.urn = p.urn and i.started_on <= p.snapshot_date
                and i.started_on > p.snapshot_date - interval 120 day) as recent_inspection
    from per_school as p
),

over_roll as (
    select
        p.urn, p.snapshot_date, p.question_set, 'over_roll' as flag,
        p.submissions::double as measure,
        format('{} submissions but {} pupils on roll', p.submissions, s.pupils) as reason
    from per_school as p
    inner join schools as s using (urn)
    where s.pupils is not null and p.submissions > s.pupils
),

surge as (
    select
        urn, snapshot_date, question_set, 'surge' as flag,
        submissions / earlier_median as measure,
        format('{} submissions against a usual {} (earlier highest {}){}', submissions,
            round(earlier_median)::integer, earlier_max,
            case when recent_inspection is not null
                then format('; an inspection began on {}', strftime(recent_inspection, '%d/%m/%Y'))
                else '' end) as reason
    from history
    where earlier_count >= 2
        and submissions >= 3 * earlier_median
        and submissions - earlier_max >= 30
),

-- the agree-scale questions only: a set's yes-or-no questions (would you recommend the school)
-- have no strongly agree, and are counted apart so the reason can say they were left out
agree_questions as (
    select
        urn, snapshot_date, question_set,
        min(pct_strongly_agree) filter (where pct_yes is null and pct_no is null)
            as lowest_strongly_agree,
        min(pct_strongly_disagree) filter (where pct_yes is null and pct_no is null)
            as lowest_strongly_disagree,
        count(*) filter (where pct_yes is null and pct_no is null) as count_questions,
        count(*) filter (where pct_yes is not null or pct_no is not null) as count_yes_no,
        max(submissions) as submissions
    from parent_view_answers
    group by all
),

uniform as (
    select
        urn, snapshot_date, question_set, 'uniform' as flag,
        greatest(lowest_strongly_agree, lowest_strongly_disagree) as measure,
        -- "by all 73 submissions" when every one did; otherwise the lowest share rounded down,
        -- so "at least 99%" is never a rounded-up 100%
        format('Every one of the {} agree-or-disagree questions answered {} by {} submissions{}',
            count_questions,
            case when lowest_strongly_agree >= 95 then 'strongly agree' else 'strongly disagree' end,
            case
                when greatest(lowest_strongly_agree, lowest_strongly_disagree) >= 100
                    then format('all {}', submissions)
                else format('at least {}% of {}',
                    floor(greatest(lowest_strongly_agree, lowest_strongly_disagree))::integer,
                    submissions)
            end,
            case
                when count_yes_no = 1 then ' (the set''s one yes-or-no question left out)'
                when count_yes_no > 1
                    then format(' (the set''s {} yes-or-no questions left out)', count_yes_no)
                else ''
            end) as reason
    from agree_questions
    where submissions >= 20 and (lowest_strongly_agree >= 95 or lowest_strongly_disagree >= 90)
),

recommend_question as (
    select * from (values ('pv_2011', '12'), ('pv_2019', '14'), ('pv_2025', '10'))
        as t(question_set, question_id)
),

inconsistent as (
    select
        h.urn, h.snapshot_date, h.question_set, 'inconsistent' as flag,
        h.pct_positive - r.pct_positive as measure,
        format('{}% say their child is happy but only {}% would recommend the school',
            round(h.pct_positive)::integer, round(r.pct_positive)::integer) as reason
    from parent_view_positive as h
    inner join recommend_question as q on q.question_set = h.question_set
    inner join parent_view_positive as r
        on r.urn = h.urn and r.snapshot_date = h.snapshot_date
        and r.question_set = h.question_set and r.question_id = q.question_id
    where is_happy_question(h.question_set, h.question_id)
        and h.pct_positive >= 90 and r.pct_positive <= 60
        and r.ci95_high_pct < h.ci95_low_pct
),

survey as (
    select * from school_satisfaction where family = 'questionnaire_own_survey'
),

disagrees as (
    select
        pv.urn, pv.snapshot_date, pv.question_set, 'disagrees_with_survey' as flag,
        pv.pct_positive - 100 * s.share_satisfied as measure,
        format('Parent View {}% satisfied (95% {} to {}) but the parent survey ending {} gives {}% '
            || '(95% {} to {}) from {} parents',
            round(pv.pct_positive)::integer, round(pv.ci95_low_pct)::integer,
            round(pv.ci95_high_pct)::integer, strftime(s.data_date, '%d/%m/%Y'),
            round(100 * s.share_satisfied)::integer, round(100 * s.ci95_low_share)::integer,
            round(100 * s.ci95_high_share)::integer, s.count_responses) as reason
    from parent_view_positive as pv
    inner join survey as s
        on s.urn = pv.urn
        and s.data_date <= pv.snapshot_date
        and s.data_date > pv.snapshot_date - interval 180 day
    where is_happy_question(pv.question_set, pv.question_id)
        and (pv.ci95_high_pct < 100 * s.ci95_low_share or pv.ci95_low_pct > 100 * s.ci95_high_share)
        and abs(pv.pct_positive - 100 * s.share_satisfied) >= 25
        and pv.approx_count_answering >= 20
        and s.count_responses >= 10
)

select * from over_roll
union all select * from surge
union all select * from uniform
union all select * from inconsistent
union all select * from disagrees
order by urn, snapshot_date, flag
