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
-- Student's t quantile t(0.975, df), for df = 1 to 200, each rounded up at the sixth decimal
-- (never below the exact quantile; DuckDB has no t distribution). Made at development time by
--   python -c "import math; from scipy.stats import t
--   print([math.ceil(t.ppf(0.975, d) * 1e6) / 1e6 for d in range(1, 201)])"
-- and checked against scipy by tests/test_pv_la_interval.py. Beyond 200 the quantile at 200
-- (1.971897) stands: t falls as df grows (towards 1.959964), so an interval made with it is
-- never narrower than t's and at most 0.61% wider. NULL below df = 1.
create macro student_t_975(df) as case when df >= 1 then cast([
    12.706205, 4.302653, 3.182447, 2.776446, 2.570582, 2.446912, 2.364625, 2.306005,
    2.262158, 2.228139, 2.200986, 2.178813, 2.160369, 2.144787, 2.131450, 2.119906,
    2.109816, 2.100923, 2.093025, 2.085964, 2.079614, 2.073874, 2.068658, 2.063899,
    2.059539, 2.055530, 2.051831, 2.048408, 2.045230, 2.042273, 2.039514, 2.036934,
    2.034516, 2.032245, 2.030108, 2.028095, 2.026193, 2.024395, 2.022691, 2.021076,
    2.019541, 2.018082, 2.016693, 2.015368, 2.014104, 2.012896, 2.011741, 2.010635,
    2.009576, 2.008560, 2.007584, 2.006647, 2.005746, 2.004880, 2.004045, 2.003241,
    2.002466, 2.001718, 2.000996, 2.000298, 1.999624, 1.998972, 1.998341, 1.997730,
    1.997138, 1.996565, 1.996009, 1.995469, 1.994946, 1.994438, 1.993944, 1.993464,
    1.992998, 1.992544, 1.992103, 1.991673, 1.991255, 1.990848, 1.990451, 1.990064,
    1.989687, 1.989319, 1.988960, 1.988610, 1.988268, 1.987935, 1.987609, 1.987290,
    1.986979, 1.986675, 1.986378, 1.986087, 1.985802, 1.985524, 1.985252, 1.984985,
    1.984724, 1.984468, 1.984217, 1.983972, 1.983732, 1.983496, 1.983265, 1.983038,
    1.982816, 1.982598, 1.982384, 1.982174, 1.981968, 1.981766, 1.981567, 1.981372,
    1.981181, 1.980993, 1.980808, 1.980627, 1.980448, 1.980273, 1.980100, 1.979931,
    1.979764, 1.979600, 1.979439, 1.979281, 1.979125, 1.978971, 1.978820, 1.978671,
    1.978525, 1.978381, 1.978239, 1.978099, 1.977962, 1.977826, 1.977693, 1.977561,
    1.977432, 1.977304, 1.977178, 1.977054, 1.976932, 1.976811, 1.976693, 1.976576,
    1.976460, 1.976346, 1.976234, 1.976123, 1.976014, 1.975906, 1.975799, 1.975694,
    1.975591, 1.975489, 1.975388, 1.975288, 1.975190, 1.975093, 1.974997, 1.974902,
    1.974809, 1.974716, 1.974625, 1.974535, 1.974446, 1.974358, 1.974271, 1.974186,
    1.974101, 1.974017, 1.973934, 1.973853, 1.973772, 1.973692, 1.973613, 1.973535,
    1.973458, 1.973381, 1.973306, 1.973231, 1.973158, 1.973085, 1.973012, 1.972941,
    1.972870, 1.972801, 1.972732, 1.972663, 1.972596, 1.972529, 1.972462, 1.972397,
    1.972332, 1.972268, 1.972205, 1.972142, 1.972080, 1.972018, 1.971957, 1.971897
][least(df, 200)::integer] as double) end;

-- The 95% interval of a share pooled over the parents of k schools, taking the schools as the
-- clusters (parents of one school answer alike): the ratio estimator's linearised variance,
-- v = k / (k - 1) * ss / n^2 (Cochran, Sampling Techniques, 3rd edition 1977, section 3.12,
-- proportions in cluster sampling; chapter 6, ratio estimators), with ss = sum((y_i - p n_i)^2)
-- over the schools, y_i of a school's n_i parents answering positive, and p -/+ t sqrt(v), t
-- being Student's t quantile on k - 1 degrees of freedom (student_t_975): v rests on k schools,
-- so with few of them it is itself uncertain, and 1.96 would cover far less than 95% (about 70%
-- at k = 2, 88% at k = 5); survey software takes the same degrees of freedom for a design of
-- clusters without strata (SAS/STAT, PROC SURVEYFREQ, "Degrees of Freedom": the number of
-- clusters minus one). spread_about(p, yy, yn, nn) gives ss from the sums of y_i^2, y_i n_i and
-- n_i^2, which a query takes in the same pass as the pooled share (no second pass). Never
-- narrower than the Wilson interval that counts every parent as independent, which is the
-- interval for a single school (k = 1). Defined once, so every page that shows a pooled Parent
-- View share gives it the same interval.
create macro clustered_low(p, n, k, ss) as case when n > 0 and p is not null then least(
    wilson_low(p, n),
    greatest(0.0, coalesce(
        p - student_t_975(k - 1) * (case when k > 1 then sqrt(k / (k - 1) * ss) / n end),
        1.0))) end;

create macro clustered_high(p, n, k, ss) as case when n > 0 and p is not null then greatest(
    wilson_high(p, n),
    least(1.0, coalesce(
        p + student_t_975(k - 1) * (case when k > 1 then sqrt(k / (k - 1) * ss) / n end),
        0.0))) end;

create macro spread_about(p, yy, yn, nn) as greatest(0.0, yy - 2 * p * yn + p * p * nn);
