-- The gap list's scale (etl/dispersion.py, README "The gap list: method"), defined once and stored
-- in the warehouse so the model that flags schools and the funnel the page draws agree exactly.
-- A share on the arcsine square-root scale, where chance gives a variance of 1 / (4 n); 0 and n
-- answers are counted as 1/2 and n - 1/2.
create macro gap_arcsine(k, n) as asin(sqrt(least(greatest(k, 0.5), n - 0.5) / n));

-- The share at which a school with n responses reaches z standard errors from the reference share
-- p0 once the between-school variance tau2 is allowed for (negative z: the lower limit).
create macro gap_limit_share(p0, tau2, n, z) as
    power(sin(least(pi() / 2, greatest(0, asin(sqrt(p0)) + z * sqrt(1 / (4 * n) + tau2)))), 2);

-- The share a school is plotted at in a funnel: its own, or (n - 1/2) / n and 1/2 / n at the edges,
-- as gap_arcsine counts it.
create macro gap_plotted_share(k, n) as least(greatest(k, 0.5), n - 0.5) / n;
