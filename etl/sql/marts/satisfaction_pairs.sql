-- Each school's latest figure from each family of parents' views, set beside the judgements it can
-- fairly be compared with:
--   * a questionnaire returned at inspection goes with the inspection it came with (same dates);
--   * Parent View and own surveys go with the judgements in force when the parents answered: those
--     of the school's most recent full inspection (graded or report card) started on or before the
--     data's date. Ungraded inspections change no judgement. A later full inspection replaces an
--     earlier one even when it gave no overall grade (September 2024 - November 2025), so an old
--     grade is never set beside parents who answered after the school was inspected again.
-- Open schools only. Every grade keeps its framework and scale. The time window (months apart) is
-- applied by satisfaction_gaps, so that every page leaves out the same pairs.
--
-- reference_scope is where a school's reference group is drawn from, and every model that groups
-- by reference group groups by it: the whole loaded data ('national') for the published families
-- (Parent View, questionnaires returned at inspection), and the school's own LA (its 3-digit code)
-- for every other family - an LA's own surveys, which are not public. So an own-survey school is
-- compared only with other schools' own surveys in its LA, and every figure of its group (share,
-- spread, size, reachable range) comes from that LA's surveys alone: a person who may see an LA's
-- surveys sees only groups made of that LA's schools (lens/data/scoping.py; deploy/OPERATIONS.md,
-- "Which figures are suppressed and why"). A family not named here as published is partitioned
-- by LA, so a source added later is never pooled across LAs until it is known to be public (the
-- list is lens/data/scoping.py's PUBLIC_FAMILY_PREFIXES and PUBLIC_FAMILIES; tests/test_access.py
-- checks they agree).
-- trust_flags are the school's Parent View trust flags on that release that leave it out of its
-- reference group's share and spread (gap_method.reference_excluding_flags: public flags only).

with

latest as (
    select * from school_satisfaction where is_latest
),

full_inspections as (
    select urn, inspection_id, framework_id, started_on
    from inspections
    where kind in ('graded', 'report_card')
),

-- ---- Parent View and own surveys: the inspection in force on the data's date --------------------
in_force as (
    select l.urn, l.family, i.inspection_id, i.framework_id, i.started_on, 'in_force' as pairing
    from latest as l
    inner join full_inspections as i on i.urn = l.urn and i.started_on <= l.data_date
    where l.source <> 'at_inspection'
    qualify row_number() over (
        partition by l.urn, l.family order by i.started_on desc, i.inspection_id desc
    ) = 1
),

-- ---- At-inspection questionnaires: the inspection they came with (within a week) ---------------
came_with as (
    select l.urn, l.family, i.inspection_id, i.framework_id, i.started_on, 'came_with' as pairing
    from latest as l
    inner join full_inspections as i
        on i.urn = l.urn and abs(datediff('day', i.started_on, l.data_date)) <= 7
    where l.source = 'at_inspection'
    qualify row_number() over (
        partition by l.urn, l.family
        order by abs(datediff('day', i.started_on, l.data_date)), i.inspection_id desc
    ) = 1
),

paired as (
    select * from in_force
    union all
    select * from came_with
),

-- ---- Judgements that can be set against satisfaction: overall effectiveness where the framework
-- ---- gave one, and each graded report-card area -------------------------------------------------
judged as (
    select
        p.*,
        j.area,
        j.scale_id,
        j.grade_rank,
        j.grade_label
    from paired as p
    inner join inspection_judgements as j
        on j.urn = p.urn and j.inspection_id = p.inspection_id
    where (j.area = 'overall_effectiveness' and j.scale_id like 'oe4_%')
        or j.scale_id = 'report_card5'
)

select
    s.urn,
    s.family,
    s.source,
    s.data_date,
    j.pairing,
    j.inspection_id,
    j.framework_id,
    j.area,
    j.scale_id,
    j.grade_rank,
    j.grade_label,
    j.started_on as inspected_on,
    datediff('month', j.started_on, s.data_date) as months_apart,
    phase_group_of(sc.phase) as phase_group,  -- schemas/gap_method.py PHASE_GROUPS
    s.count_submissions,
    s.count_strongly_agree,
    s.count_agree,
    s.count_disagree,
    s.count_strongly_disagree,
    s.count_dont_know,
    s.count_responses,
    s.count_satisfied,
    s.share_satisfied,
    s.ci95_low_share,
    s.ci95_high_share,
    s.rounding_low_satisfied,
    s.rounding_low_responses,
    s.rounding_high_satisfied,
    s.rounding_high_responses,
    s.rounding_half_points,
    s.is_approximate,
    case
        when starts_with(s.family, 'parent_view_') or s.family = 'questionnaire_at_inspection'
            then 'national'
        else sc.la_code::varchar
    end as reference_scope,
    coalesce((
        select list(distinct f.flag order by f.flag)
        from parent_view_flags as f, gap_method as m
        where f.urn = s.urn and s.source = 'parent_view'
            and 'parent_view_' || f.question_set = s.family and f.snapshot_date = s.data_date
            and list_contains(m.reference_excluding_flags, f.flag)
    ), []::varchar[]) as trust_flags
from latest as s
inner join judged as j using (urn, family)
inner join schools as sc using (urn)
where sc.is_open  -- the list is about schools open now; closed ones are never shown or compared
order by s.urn, s.family, j.framework_id, j.area
