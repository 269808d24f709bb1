-- One question's share positive across the snapshots of its question set (a reworded question is
-- a different series), for the selection and England, with the selection's 95% interval: the
-- schools as clusters, as on the question-by-question table (pv_questions.sql), so one figure
-- has one interval wherever it is shown.

with

scoped as (
    select p.*, s.la_code
    from parent_view_positive as p
    inner join schools as s using (urn)
    where p.question_set = $question_set and p.question_id = $question_id
        and ($phase is null or s.phase = $phase)
        and ($school_type is null or s.school_type = $school_type)
),

geographies as (
    select p.geography, r.*
    from scoped as r, places() as p
    where in_place(p.geography, r.la_code, null, $la_code, null)
),

pooled as (
    select
        geography,
        snapshot_date,
        count(*) as count_schools,
        sum(approx_count_answering) as n,
        sum(approx_count_answering * pct_positive / 100) / sum(approx_count_answering) as p,
        -- for the schools' spread about p (spread_about): sums of y^2, y n and n^2
        sum(power(approx_count_answering * pct_positive / 100, 2)) as yy,
        sum(power(approx_count_answering, 2) * pct_positive / 100) as yn,
        sum(power(approx_count_answering, 2)) as nn
    from geographies
    group by all
)

select
    geography,
    snapshot_date,
    count_schools,
    n as answering,
    round(100 * p, 1) as pct_positive,
    round(100 * clustered_low(p, n, count_schools, spread_about(p, yy, yn, nn)), 1)
        as clustered_ci95_low_pct,
    round(100 * clustered_high(p, n, count_schools, spread_about(p, yy, yn, nn)), 1)
        as clustered_ci95_high_pct
from pooled
order by geography desc, snapshot_date
