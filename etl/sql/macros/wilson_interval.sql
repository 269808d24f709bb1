-- The 95% Wilson score interval of a share p from n answers (z = 1.959964), and below it the
-- clustered interval of a share pooled over schools, which builds on it; defined once and
-- stored in the warehouse, so the ETL's models and the dashboard's queries use the same formula.
-- The constants are rounded, so at p = 0 the lower end comes out a hair below 0 (-5e-8 at
-- n = 10), clamped to 0; at p = 1 the upper end is a hair inside 1 (0.99999998), which shows as
-- 100.0%. With no share (NULL) or no one answering (n = 0 or NULL) every interval is NULL, never
-- 0% to 100%: greatest and least pass over a NULL, which would otherwise leave the clamp's 0 or 1.
create macro wilson_low(p, n) as case when n > 0 and p is not null then greatest(0.0,
    (p + 1.920729 / n - 1.959964 * sqrt(p * (1 - p) / n + 0.960365 / (n * n)))
    / (1 + 3.841459 / n)) end;

create macro wilson_high(p, n) as case when n > 0 and p is not null then least(1.0,
    (p + 1.920729 / n + 1.959964 * sqrt(p * (1 - p) / n + 0.960365 / (n * n)))
    / (1 + 3.841459 / n)) end;
-- The 95% interval of a share pooled over the parents of k schools, taking the schools as the
-- units (parents of one school answer alike): the ratio estimator's linearised variance
-- (Cochran, Sampling Techniques, 3rd edition 1977, chapter 6), v = k / (k - 1) * ss / n^2, with
-- ss = sum((y_i - p n_i)^2) over the schools, y_i of a school's n_i parents answering positive,
-- and p -/+ 1.96 sqrt(v); spread_about(p, yy, yn, nn) gives ss from the sums of y_i^2, y_i n_i
-- and n_i^2, which a query takes in the same pass as the pooled share (no second pass). Never narrower than the Wilson interval that counts every parent as
-- independent, which is the interval for a single school (k = 1). Defined once, so every page
-- that shows a pooled Parent View share gives it the same interval.
create macro clustered_low(p, n, k, ss) as case when n > 0 and p is not null then least(
    wilson_low(p, n),
    greatest(0.0, coalesce(
        p - 1.959964 * (case when k > 1 then sqrt(k / (k - 1) * ss) / n end), 1.0))) end;

create macro clustered_high(p, n, k, ss) as case when n > 0 and p is not null then greatest(
    wilson_high(p, n),
    least(1.0, coalesce(
        p + 1.959964 * (case when k > 1 then sqrt(k / (k - 1) * ss) / n end), 0.0))) end;

create macro spread_about(p, yy, yn, nn) as greatest(0.0, yy - 2 * p * yn + p * p * nn);
