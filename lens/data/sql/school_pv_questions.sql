-- One school's latest Parent View, question by question, beside England's pooled share for the
-- same snapshot among the schools of its own phase group (primary, secondary, special or other:
-- the phase_group_of macro, schemas/gap_method.py PHASE_GROUPS, as the gap list groups them), and
-- whether that figure lies inside the school's 95% interval. Satisfaction differs by phase
-- (secondary schools' parents are less satisfied than primary schools'), so an all-phase England
-- mostly reported the school's phase, not the school. A phase group with fewer schools in the
-- snapshot than the gap list's smallest group (gap_method.min_reference_schools) is set against
-- every phase, as the gap list does; england_phase_group says which ('all' for every phase).
with

latest as (
    select snapshot_date, question_set
    from parent_view_positive
    where urn = $urn
    order by snapshot_date desc
    limit 1
),

released as (  -- every school's answers in the same snapshot and question set, with its group
    select
        p.urn,
        p.question_id,
        p.approx_count_answering,
        p.pct_positive,
        phase_group_of(s.phase) as phase_group
    from parent_view_positive as p
    inner join latest using (snapshot_date, question_set)
    left join schools as s using (urn)
),

own_group as (
    select phase_group_of(phase) as phase_group
    from schools
    where urn = $urn
),

benchmark as (  -- the school's phase group, or every phase when its group is too small
    select
        case
            when count(distinct r.urn) >= any_value(m.min_reference_schools)
                then any_value(g.phase_group)
            else 'all'
        end as phase_group
    from own_group as g
    cross join gap_method as m
    left join released as r on r.phase_group = g.phase_group
),

england as (
    select
        r.question_id,
        any_value(b.phase_group) as england_phase_group,
        sum(r.approx_count_answering * r.pct_positive) / sum(r.approx_count_answering)
            as england_pct_positive
    from released as r
    cross join benchmark as b
    where b.phase_group = 'all' or r.phase_group = b.phase_group
    group by r.question_id
)

select
    p.snapshot_date,
    p.question_set,
    p.question_id,
    p.question_text,
    p.submissions,
    p.approx_count_answering as answering,
    round(p.pct_positive, 1) as pct_positive,
    round(p.ci95_low_pct, 1) as ci95_low_pct,
    round(p.ci95_high_pct, 1) as ci95_high_pct,
    e.england_phase_group,
    round(e.england_pct_positive, 1) as phase_england_pct_positive,
    case
        when e.england_pct_positive between p.ci95_low_pct and p.ci95_high_pct then 'within_noise'
        when p.pct_positive > e.england_pct_positive then 'above'
        else 'below'
    end as against_england
from parent_view_positive as p
inner join latest using (snapshot_date, question_set)
inner join england as e using (question_id)
where p.urn = $urn
order by try_cast(regexp_extract(p.question_id, '\d+') as integer), p.question_id
