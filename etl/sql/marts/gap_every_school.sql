-- The gap list for every school, the default comparison: for each time window, each open school's
-- latest result from each family of parents' views, with the judgement it is set against by
-- default, or why it cannot be compared. The query-time macro gap_rows (etl/sql/macros/late)
-- keeps each school's newest result among the families the user may see (own surveys are not
-- public) and takes its place on the list from satisfaction_gaps, so every flag is computed in
-- its own comparison and reference group, as for a single choice.
--
-- The default judgement is the one in force when the parents answered (satisfaction_pairs): its
-- overall effectiveness where the framework gave one, else, for a report card, its Leadership and
-- governance grade (the report card's first area). not_compared_reason:
--   predecessors_views  a questionnaire returned at an inspection of the school it replaced (an
--                     academy's predecessor): Ofsted files it under the new URN, but it is the
--                     predecessor's parents' views, not this school's (questionnaire_owners, which
--                     the school profile reads too);
--   no_judgement      no full inspection before the parents answered (for a questionnaire at
--                     inspection: none it came with);
--   no_overall_grade  the inspection in force gave neither (September 2024 - November 2025);
--   outside_window    that judgement was made more than the window's months before.

with

latest as (
    select s.urn, s.family, s.source, s.data_date
    from school_satisfaction as s
    inner join schools as sc using (urn)
    where s.is_latest and sc.is_open
),

defaults as (
    select urn, family, framework_id, area, months_apart
    from satisfaction_pairs
    where area in ('overall_effectiveness', 'leadership_and_governance')
    qualify row_number() over (
        partition by urn, family order by area = 'overall_effectiveness' desc
    ) = 1
),

inspected as (
    select l.urn, l.family, count(i.inspection_id) > 0 as has_full_inspection
    from latest as l
    left join inspections as i
        on i.urn = l.urn and i.kind in ('graded', 'report_card')
        and (
            (l.source <> 'at_inspection' and i.started_on <= l.data_date)
            or (l.source = 'at_inspection' and abs(datediff('day', i.started_on, l.data_date)) <= 7)
        )
    group by l.urn, l.family
),

-- whose parents answered a questionnaire at inspection (questionnaire_owners: the one place)
judged as (
    select
        l.*,
        coalesce(o.is_predecessors, false) as is_predecessors
    from latest as l
    left join questionnaire_owners as o using (urn, family, data_date)
)

select
    w.window_months,
    l.urn,
    l.family,
    l.source,
    l.data_date,
    case
        when d.months_apart <= w.window_months and not l.is_predecessors then d.framework_id
    end as framework_id,
    case when d.months_apart <= w.window_months and not l.is_predecessors then d.area end as area,
    case
        when l.is_predecessors then 'predecessors_views'
        when d.urn is null and not x.has_full_inspection then 'no_judgement'
        when d.urn is null then 'no_overall_grade'
        when d.months_apart > w.window_months then 'outside_window'
    end as not_compared_reason
from judged as l
cross join gap_windows as w
inner join inspected as x using (urn, family)
left join defaults as d using (urn, family)
order by w.window_months, l.urn, l.family
