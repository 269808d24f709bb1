-- The 95% Wilson score interval of a share p from n answers (z = 1.959964), defined once and
-- stored in the warehouse, so the ETL's models and the dashboard's queries use the same formula.
-- Clamped to [0, 1]: at p = 0 or 1 rounding leaves the formula a hair outside.
create macro wilson_low(p, n) as greatest(0.0,
    (p + 1.920729 / n - 1.959964 * sqrt(p * (1 - p) / n + 0.960365 / (n * n)))
    / (1 + 3.841459 / n));

create macro wilson_high(p, n) as least(1.0,
    (p + 1.920729 / n + 1.959964 * sqrt(p * (1 - p) / n + 0.960365 / (n * n)))
    / (1 + 3.841459 / n));
