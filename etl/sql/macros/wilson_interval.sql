-- The 95% Wilson score interval of a share p from n answers (z = 1.959964), and below it the
-- clustered interval of a share pooled over schools, which builds on it; defined once and
-- stored in the warehouse, so the ETL's models and the dashboard's queries use the same formula.
-- Clamped to [0, 1]: at p = 0 or 1 rounding leaves the formula a hair outside.
create macro wilson_low(p, n) as greatest(0.0,
    (p + 1.920729 / n - 1.959964 * sqrt(p * (1 - p) / n + 0.960365 / (n * n)))
    / (1 + 3.841459 / n));

create macro wilson_high(p, n) as least(1.0,
    (p + 1.920729 / n + 1.959964 * sqrt(p * (1 - p) / n + 0.960365 / (n * n)))
    / (1 + 3.841459 / n));
-- The 95% interval of a share pooled over the parents of k schools, taking the schools as the
-- units (parents of one school answer alike): the ratio estimator's linearised variance
-- (Cochran, Sampling Techniques, 3rd edition 1977, chapter 6), v = k / (k - 1) * ss / n^2, with
-- ss = sum((y_i - p n_i)^2) over the schools, y_i of a school's n_i parents answering positive,
-- and p -/+ 1.96 sqrt(v); spread_about(p, yy, yn, nn) gives ss from the sums of y_i^2, y_i n_i
-- and n_i^2, which a query takes in the same pass as the pooled share (no second pass). Never narrower than the Wilson interval that counts every parent as
-- independent, which is the interval for a single school (k = 1). Defined once, so every page
-- that shows a pooled Parent View share gives it the same interval.
create macro clustered_low(p, n, k, ss) as least(
    wilson_low(p, n),
    greatest(0.0, coalesce(
        p - 1.959964 * (case when k > 1 then sqrt(k / (k - 1) * ss) / n end), 1.0)));

create macro clustered_high(p, n, k, ss) as greatest(
    wilson_high(p, n),
    least(1.0, coalesce(
        p + 1.959964 * (case when k > 1 then sqrt(k / (k - 1) * ss) / n end), 0.0)));

create macro spread_about(p, yy, yn, nn) as greatest(0.0, yy - 2 * p * yn + p * p * nn);
