-- One school's overall satisfaction over time, per source family, with 95% intervals and
-- response bases; its predecessor's results (before an academy conversion) flagged as such. A
-- questionnaire returned at an inspection belongs to the school inspected: Ofsted lists a
-- predecessor's last inspection under the new URN too, and a questionnaire that came with that
-- inspection is the predecessor's parents' views, not the new school's.
with

related as (
    select $urn as urn
    union
    select predecessor_urn from school_predecessors where urn = $urn
),

-- the inspections of the school and its predecessors, each with the URN it was made under
inspected as (
    select distinct i.started_on, coalesce(i.urn_at_inspection, i.urn) as urn_at_inspection
    from inspections as i
    where i.urn in (select urn from related) and i.kind = 'graded'
),

owned as (
    select
        s.*,
        coalesce(
            case when s.family = 'questionnaire_at_inspection' then (
                select arg_min(i.urn_at_inspection, abs(datediff('day', i.started_on, s.data_date)))
                from inspected as i
                where abs(datediff('day', i.started_on, s.data_date)) <= 7
            ) end,
            s.urn
        ) as owner_urn
    from school_satisfaction as s
    where s.urn in (select urn from related)
)

select
    owner_urn <> $urn as is_predecessor,
    case when owner_urn <> $urn then owner_urn end as predecessor_urn,
    family,
    source,
    data_date,
    count_submissions,
    count_responses,
    round(100 * share_satisfied, 1) as pct_satisfied,
    round(100 * ci95_low_share, 1) as ci95_low_pct,
    round(100 * ci95_high_share, 1) as ci95_high_pct,
    is_approximate
from owned
order by family, data_date
