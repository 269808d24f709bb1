-- The explore-and-export list: one row per school (school_summaries) under every filter the page
-- offers, with the judgement in force (the latest full inspection, graded or report card: a later
-- one replaces an earlier even when it gave no overall grade, as on the gap list), the framework
-- of the latest inspection of any kind, the grade in one chosen framework and area when one is
-- chosen (only while that framework's judgement is the one in force), and the school's place on
-- the gap list for the sidebar's gap choice (gap_status, or why it is not compared: the macro
-- gap_rows, as every page). Every filter is a bound value; a NULL filter means "any".
with

gapped as (  -- the gap list's rows for the sidebar's choice, as every page (macro gap_rows)
    select urn, coalesce(gap_status, not_compared_reason) as gap_status
    from gap_rows($gap_every_school, $gap_family, $gap_framework_id, $gap_area, $gap_window_months)
),

in_force as (
    select l.urn, l.inspection_id, l.started_on, l.kind, l.overall_grade_label, f.short_label
    from school_latest_inspections as l
    inner join frameworks as f using (framework_id)
    where l.kind in ('graded', 'report_card')
    qualify row_number() over (
        partition by l.urn order by l.started_on desc, l.inspection_id desc
    ) = 1
),

last_any as (
    select l.urn, f.short_label
    from school_latest_inspections as l
    inner join frameworks as f using (framework_id)
    qualify row_number() over (
        partition by l.urn order by l.started_on desc, l.inspection_id desc
    ) = 1
),

judged as (
    select j.urn, j.grade_label, i.started_on
    from inspection_judgements as j
    inner join in_force as i using (urn, inspection_id)
    where j.framework_id = $framework_id and j.area = $area
)

select
    s.*,
    case
        when fi.kind = 'report_card' then 'Report card'
        when fi.overall_grade_label is null and fi.urn is not null then 'No overall grade'
        else fi.overall_grade_label
    end as in_force_judgement,
    fi.short_label as in_force_framework,
    fi.started_on as in_force_on,
    la.short_label as last_inspected_framework,
    jd.grade_label as chosen_judgement,
    jd.started_on as chosen_judgement_on,
    case
        when not s.is_open then 'closed'
        else coalesce(
            gp.gap_status, case when $gap_every_school then 'no_parents_views' else 'no_pair' end
        )
    end as gap_status
from school_summaries as s
left join in_force as fi using (urn)
left join last_any as la using (urn)
left join judged as jd using (urn)
left join gapped as gp using (urn)
where ($la_code is null or s.la_code = $la_code)
    and ($phase is null or s.phase = $phase)
    and ($school_type is null or s.school_type = $school_type)
    and ($regions is null or list_contains($regions, s.region))
    and ($status = 'all' or s.is_open = ($status = 'open'))
    and ($name_contains is null or contains(lower(s.school_name), lower($name_contains)))
    and ($trust_contains is null or contains(lower(s.trust_name), lower($trust_contains)))
    and ($idaci is null or list_contains($idaci, s.idaci_quintile))
    and ($pupils_min is null or s.pupils >= $pupils_min)
    and ($pupils_max is null or s.pupils <= $pupils_max)
    and ($fsm_min is null or s.fsm_pct >= $fsm_min)
    and ($fsm_max is null or s.fsm_pct <= $fsm_max)
    and ($framework_id is null or jd.urn is not null)
    and ($grades is null or list_contains($grades, jd.grade_label))
    -- a school with no published Parent View has no % satisfied: it passes a narrowed range only
    -- when asked for; the whole range (0 to 100) is no filter at all
    and case
        when $happy_min <= 0 and $happy_max >= 100 then true
        when s.pct_happy is null then $include_no_parent_view
        else s.pct_happy between $happy_min and $happy_max
    end
    and (
        $flag is null
        or ($flag = 'any' and s.parent_view_flags is not null)
        or ($flag = 'none' and s.parent_view_flags is null)
        or list_contains(string_split(s.parent_view_flags, ', '), $flag)
    )
    and (
        $gap is null
        or ($gap = 'either' and gp.gap_status in ('above', 'below'))
        or ($gap = 'none' and gp.gap_status in ('not_shown_to_differ', 'on_the_line'))
        or ($gap = 'not_compared' and coalesce(gp.gap_status, 'no_pair') not in (
            'above', 'below', 'not_shown_to_differ', 'on_the_line'
        ))
        or gp.gap_status = $gap
    )
    and (
        $report is null
        or ($report = 'engagement' and s.report_uses_engagement)
        or ($report = 'involvement' and s.report_involvement_only)
        or ($report = 'no_parents' and not s.report_uses_engagement
            and not s.report_involvement_only)
    )
    and ($inspected_from is null or s.last_inspected_on >= $inspected_from)
    and ($inspected_to is null or s.last_inspected_on <= $inspected_to)
order by s.school_name, s.urn
