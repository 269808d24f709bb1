-- Parent View in one snapshot, question by question: the share positive in the selection, its
-- region and England (pooled over parents), the selection's 95% interval, and whether England's
-- figure lies inside it (a difference within noise). Parents of one school answer alike, so the
-- interval takes the schools as clusters: the ratio estimator's linearised variance over schools
-- (Cochran, Sampling Techniques, 3rd edition 1977, chapter 6: ratio estimators, the schools as
-- units), k / (k - 1) * sum((y_i - p n_i)^2) / n^2, with y_i of a school's n_i parents answering
-- positive, and Student's t on k - 1 degrees of freedom, so a handful of schools gives a wide
-- interval (clustered_low / clustered_high, etl/sql/macros/wilson_interval.sql: the trend over
-- snapshots, pv_trend.sql, uses the same); never narrower than the Wilson interval that treats
-- every parent as independent (the only one with a single school).

with

scoped as (
    select p.*, s.la_code, s.region
    from parent_view_positive as p
    inner join schools as s using (urn)
    where p.question_set = $question_set and p.snapshot_date = $snapshot_date
        and ($phase is null or s.phase = $phase)
        and ($school_type is null or s.school_type = $school_type)
),

geographies as (
    select p.geography, r.*
    from scoped as r, places() as p
    where in_place(p.geography, r.la_code, r.region, $la_code, $region)
),

pooled as (
    select
        geography,
        question_id,
        any_value(question_text) as question_text,
        count(*) as count_schools,
        sum(approx_count_answering) as n,
        sum(approx_count_answering * pct_positive / 100) / sum(approx_count_answering) as p,
        -- for the schools' spread about p (spread_about): sums of y^2, y n and n^2
        sum(power(approx_count_answering * pct_positive / 100, 2)) as yy,
        sum(power(approx_count_answering, 2) * pct_positive / 100) as yn,
        sum(power(approx_count_answering, 2)) as nn
    from geographies
    group by all
),

wide as (
    select
        question_id,
        any_value(question_text) as question_text,
        max(count_schools) filter (where geography = 'Selection') as schools,
        max(n) filter (where geography = 'Selection') as answering,
        max(spread_about(p, yy, yn, nn)) filter (where geography = 'Selection') as sum_squares,
        max(p) filter (where geography = 'Selection') as p_selection,
        max(p) filter (where geography = 'Region') as p_region,
        max(p) filter (where geography = 'England') as p_england
    from pooled
    group by question_id
),

interval as (  -- the schools as clusters, never narrower than Wilson's (macros)
    select
        *,
        clustered_low(p_selection, answering, schools, sum_squares) as low,
        clustered_high(p_selection, answering, schools, sum_squares) as high
    from wide
)

select
    question_id,
    question_text,
    schools,
    answering,
    round(100 * p_selection, 1) as pct_positive,
    -- not Wilson's interval, so not its columns: lens/present/columns.py says how it is made
    round(100 * low, 1) as clustered_ci95_low_pct,
    round(100 * high, 1) as clustered_ci95_high_pct,
    round(100 * p_region, 1) as region_pct_positive,
    round(100 * p_england, 1) as england_pct_positive,
    round(100 * (p_selection - p_england), 1) as difference_from_england,
    case
        when p_england between low and high then 'within_noise'
        when p_selection > p_england then 'above'
        else 'below'
    end as against_england
from interval
order by try_cast(regexp_extract(question_id, '\d+') as integer), question_id
