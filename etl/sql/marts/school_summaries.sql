-- One row per school: its register facts beside its latest judgements (each in its own
-- framework's words), its latest Parent View result and flags, and its latest engagement judgement and report coding. The explore-and-export list and
-- the LA briefing pack read this; the profile page reads the detailed tables.

with

latest_graded as (
    select l.urn, l.started_on, l.framework_id, l.overall_grade_label, l.overall_scale_id,
        l.category_of_concern
    from school_latest_inspections as l
    where l.kind = 'graded'
),

latest_report_card as (
    select urn, started_on, category_of_concern
    from school_latest_inspections
    where kind = 'report_card'
),

latest_any as (
    select urn, max(started_on) as last_inspected_on
    from inspections
    group by urn
),

latest_pv as (
    select urn, snapshot_date, question_set, submissions, pct_positive, ci95_low_pct, ci95_high_pct
    from parent_view_positive
    where is_happy_question(question_set, question_id)
    qualify row_number() over (partition by urn order by snapshot_date desc) = 1
),

latest_flags as (
    select f.urn, string_agg(distinct f.flag, ', ' order by f.flag) as pv_flags
    from parent_view_flags as f
    inner join latest_pv as p using (urn, snapshot_date)
    group by f.urn
),

latest_engagement as (
    select urn, judged_on, engagement_rank, impact_rank, inclusion_rank
    from engagement_judgements
    qualify row_number() over (partition by urn order by judged_on desc) = 1
),

latest_report as (
    select urn, inspected_on, uses_engagement, involvement_or_informing_only
    from report_codes
    qualify row_number() over (partition by urn order by inspected_on desc) = 1
),

engagement_words as (
    select grade_rank, label from grade_scales where scale_id = 'engagement4'
)

select
    s.urn,
    s.laestab,
    s.school_name,
    s.la_code,
    s.la_name,
    s.region,
    s.phase,
    s.school_type,
    s.pupils,
    s.idaci_quintile,
    s.fsm_pct,
    s.trust_name,
    s.is_open,
    s.opened_on,
    a.last_inspected_on,
    g.started_on as graded_on,
    f.short_label as graded_framework,
    g.overall_grade_label as graded_overall,
    rc.started_on as report_card_on,
    -- the category given at the most recent full inspection (a later report card without one
    -- means the school is no longer in a category)
    case
        when rc.started_on is not null and (g.started_on is null or rc.started_on > g.started_on)
            then rc.category_of_concern
        else g.category_of_concern
    end as category_of_concern,
    p.snapshot_date as parent_view_on,
    p.question_set as parent_view_question_set,
    p.submissions as parent_view_submissions,
    round(p.pct_positive, 1) as pct_happy,
    round(p.ci95_low_pct, 1) as pct_happy_ci95_low,
    round(p.ci95_high_pct, 1) as pct_happy_ci95_high,
    lf.pv_flags as parent_view_flags,
    e.judged_on as engagement_judged_on,
    ee.label as engagement_judgement,
    ei.label as engagement_impact,
    ein.label as engagement_inclusion,
    r.inspected_on as report_on,
    r.uses_engagement as report_uses_engagement,
    r.involvement_or_informing_only as report_involvement_only
from schools as s
left join latest_any as a using (urn)
left join latest_graded as g using (urn)
left join frameworks as f on f.framework_id = g.framework_id
left join latest_report_card as rc using (urn)
left join latest_pv as p using (urn)
left join latest_flags as lf using (urn)
left join latest_engagement as e using (urn)
left join engagement_words as ee on ee.grade_rank = e.engagement_rank
left join engagement_words as ei on ei.grade_rank = e.impact_rank
left join engagement_words as ein on ein.grade_rank = e.inclusion_rank
left join latest_report as r using (urn)
order by s.urn
