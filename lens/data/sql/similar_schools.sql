-- Schools like this one (same phase and IDACI quintile, between two-thirds and one and a half
-- times its roll; open) in its latest Parent View snapshot: each one's share happy with its
-- child's school and its submissions per 100 pupils, and whether it is in the same LA.
with

me as (
    select urn, la_code, phase, idaci_quintile, pupils from schools where urn = $urn
),

latest as (
    select snapshot_date, question_set
    from parent_view_positive
    where urn = $urn and is_happy_question(question_set, question_id)
    order by snapshot_date desc
    limit 1
)

select
    s.urn,
    s.school_name,
    s.urn = me.urn as is_this_school,
    s.la_code = me.la_code as in_same_la,
    p.snapshot_date,
    p.submissions,
    round(p.pct_positive, 1) as pct_happy,
    round(p.ci95_low_pct, 1) as ci95_low_pct,
    round(p.ci95_high_pct, 1) as ci95_high_pct,
    round(100.0 * p.submissions / nullif(s.pupils, 0), 1) as submissions_per_100_pupils
from me
cross join latest
inner join schools as s
    on s.phase = me.phase
    and s.idaci_quintile is not distinct from me.idaci_quintile
    and (s.urn = me.urn or (s.is_open and s.pupils between me.pupils / 1.5 and me.pupils * 1.5))
inner join parent_view_positive as p
    on p.urn = s.urn and p.snapshot_date = latest.snapshot_date
    and p.question_set = latest.question_set
    and is_happy_question(p.question_set, p.question_id)
order by p.pct_positive
