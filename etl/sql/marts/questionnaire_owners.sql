-- Whose parents answered each questionnaire returned at an inspection: the school inspected
-- nearest its date (within a week), among the graded inspections of the school it is filed under
-- and of the schools that one replaced (school_predecessors). Ofsted lists a predecessor's last
-- inspection under the new URN too, so a questionnaire that came with it is the predecessor's
-- parents' views, not the new school's. The one place this is decided: the gap list
-- (gap_every_school) and the school profile (lens/data/sql/school_satisfaction_history.sql) both
-- read it. A questionnaire with no inspection within a week is its own school's.

with

-- ---------------------------------------------------------------------------------------------
returned as (
    select urn, family, data_date
    from school_satisfaction
    where family = 'questionnaire_at_inspection'
),

-- the school and the schools it replaced, each with the URNs its inspections may be filed under
related as (
    select urn, urn as related_urn from returned
    union
    select p.urn, p.predecessor_urn from school_predecessors as p
),

-- ---------------------------------------------------------------------------------------------
nearest as (
    select
        q.urn,
        q.data_date,
        arg_min(
            coalesce(i.urn_at_inspection, i.urn), abs(datediff('day', i.started_on, q.data_date))
        ) as owner_urn
    from returned as q
    inner join related as r on r.urn = q.urn
    inner join inspections as i
        on i.urn = r.related_urn and i.kind = 'graded'
        and abs(datediff('day', i.started_on, q.data_date)) <= 7
    group by q.urn, q.data_date
)

select
    q.urn,
    q.family,
    q.data_date,
    coalesce(n.owner_urn, q.urn) as owner_urn,
    coalesce(n.owner_urn, q.urn) <> q.urn as is_predecessors
from returned as q
left join nearest as n using (urn, data_date)
order by q.urn, q.data_date
