-- The response base in one snapshot: each school's submissions against its roll, and the open
-- schools in the selection with no published results (under 10 submissions, or none).
with

scoped as (
    select s.urn, s.school_name, s.phase, s.pupils
    from schools as s
    where s.is_open
        and ($la_code is null or s.la_code = $la_code)
        and ($phase is null or s.phase = $phase)
        and ($school_type is null or s.school_type = $school_type)
),

published as (
    select urn, max(submissions) as submissions
    from parent_view_answers
    where question_set = $question_set and snapshot_date = $snapshot_date
    group by urn
)

select
    s.urn,
    s.school_name,
    s.phase,
    s.pupils,
    p.submissions,
    round(100.0 * p.submissions / nullif(s.pupils, 0), 1) as pct_of_roll,
    p.submissions is not null as is_published
from scoped as s
left join published as p using (urn)
order by p.submissions desc nulls last, s.school_name
