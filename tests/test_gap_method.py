"""The gap list's method (etl/sql/marts/gap_references.sql and satisfaction_gaps.sql) on data
worked by hand and on data simulated with a known spread between schools: the real SQL, run on
frames of pairs in an in-memory DuckDB."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import polars as pl
import pytest

from etl import dispersion
from schemas import gap_method

LIMIT_Z = gap_method.LIMIT_Z


def pairs(
    n: np.ndarray,
    k: np.ndarray,
    *,
    grade: np.ndarray | int = 2,
    phase: np.ndarray | str = "primary",
    months_apart: np.ndarray | int = 6,
    rounding: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None,
    trust_flags: list[list[str]] | None = None,
) -> pl.DataFrame:
    """Pairs of schools in the shape satisfaction_pairs has, one family and judgement: exact
    counts unless `rounding` gives each school's (k, n) at the least and the most satisfied end
    of its rounding range; no trust flags unless given."""
    count = len(n)
    low_k, low_n, high_k, high_n = rounding or (k, n, k, n)
    frame = pl.DataFrame(
        {
            "urn": np.arange(100001, 100001 + count),
            "family": "parent_view_pv_2019",
            "source": "parent_view",
            "data_date": date(2024, 7, 31),
            "pairing": "in_force",
            "inspection_id": np.arange(count),
            "framework_id": "eif_2019",
            "area": "overall_effectiveness",
            "scale_id": "oe4_requires_improvement",
            "grade_rank": np.broadcast_to(grade, count).astype(np.int32),
            "grade_label": "Good",
            "inspected_on": date(2023, 1, 10),
            "months_apart": np.broadcast_to(months_apart, count).astype(np.int64),
            "phase_group": np.broadcast_to(phase, count).astype(str),
            "count_submissions": n,
            "count_strongly_agree": k,
            "count_agree": np.zeros(count, dtype=np.int64),
            "count_disagree": n - k,
            "count_strongly_disagree": np.zeros(count, dtype=np.int64),
            "count_dont_know": np.zeros(count, dtype=np.int64),
            "count_responses": n,
            "count_satisfied": k,
            "share_satisfied": k / n,
            "ci95_low_share": k / n,
            "ci95_high_share": k / n,
            "rounding_low_satisfied": np.asarray(low_k, dtype=float),
            "rounding_low_responses": np.asarray(low_n, dtype=float),
            "rounding_high_satisfied": np.asarray(high_k, dtype=float),
            "rounding_high_responses": np.asarray(high_n, dtype=float),
            "rounding_half_points": 0.5,  # a file of whole percentages
            "is_approximate": True,
            "reference_scope": "national",
        }
    )
    flags = trust_flags or [[] for _ in range(count)]
    return frame.with_columns(pl.Series("trust_flags", flags, dtype=pl.List(pl.String)))


def gaps_at(con, window: int = 36) -> pl.DataFrame:  # noqa: ANN001
    return con.sql(
        "select * from satisfaction_gaps where window_months = $w order by urn",
        params={"w": window},
    ).pl()


# --- a worked example (README, "The gap list: method") ------------------------------------------


def test_worked_example_by_hand(gap_models):
    n = np.array([100, 100, 50, 200, 20])
    k = np.array([90, 80, 48, 150, 19])
    con = gap_models(pairs(n, k), min_reference_schools=3)
    reference = con.execute(
        "select reference_share, phi, tau2, count_reference_schools from gap_references "
        "where window_months = 36"
    ).fetchall()[0]
    # pooled share 387 / 470 = 0.823404; on the arcsine scale asin(sqrt(0.823404)) = 1.137094
    assert reference[0] == pytest.approx(387 / 470)
    # z = (asin(sqrt(k / n)) - 1.137094) x 2 sqrt(n): 2.2390, -0.5989, 3.2858, -2.5427, 1.8621
    z = [
        (math.asin(math.sqrt(b / a)) - math.asin(math.sqrt(387 / 470))) * 2 * math.sqrt(a)
        for a, b in zip(n, k, strict=True)
    ]
    assert z == pytest.approx([2.2390, -0.5989, 3.2858, -2.5427, 1.8621], abs=1e-4)
    # 10th and 90th percentiles (linear): -1.76516 and 2.86712; winsorised z:
    # 2.2390, -0.5989, 2.8671, -1.7652, 1.8621; mean square 4.03510; / 0.67865 = phi 5.94574
    assert reference[1] == pytest.approx(5.94574, abs=1e-4)
    # tau2 is the value at which the z-scores widened by it, (y - 1.137094) / sqrt(1 / (4n) +
    # tau2), have the spread of chance once winsorised: at tau2 = 0.024423 they are 0.6823,
    # -0.1825, 1.3545, -0.5611, 1.0835; percentiles -0.40964 and 1.24610; winsorised 0.6823,
    # -0.1825, 1.2461, -0.4096, 1.0835; mean square (0.4655 + 0.0333 + 1.5528 + 0.1678 + 1.1739)
    # / 5 = 0.67865, the value chance gives.
    tau2 = reference[2]
    assert tau2 == pytest.approx(0.024423, abs=1e-6)
    y = [math.asin(math.sqrt(b / a)) for a, b in zip(n, k, strict=True)]
    widened = np.array(
        [
            (v - math.asin(math.sqrt(387 / 470))) / math.sqrt(1 / (4 * a) + tau2)
            for v, a in zip(y, n, strict=True)
        ]
    )
    assert widened == pytest.approx([0.6823, -0.1825, 1.3545, -0.5611, 1.0835], abs=1e-4)
    low, high = np.quantile(widened, [0.1, 0.9])
    assert np.mean(np.clip(widened, low, high) ** 2) == pytest.approx(0.67865, abs=1e-5)
    assert reference[3] == 5
    # Each school is then compared with the group without itself: the 48 / 50 school with
    # (387 - 48) / (470 - 50) = 339 / 420 = 0.807143, asin(sqrt(0.807143)) = 1.116138, so
    # z = (1.369438 - 1.116138) / sqrt(1 / 200 + 0.024423) = 1.4767 widened standard errors above:
    # not shown to differ; chance alone ((1.369438 - 1.116138) x 2 sqrt(50) = 3.5822) would have
    # listed it
    school = gaps_at(con).filter(pl.col("count_responses") == 50).row(0, named=True)
    assert school["reference_share"] == pytest.approx(339 / 420)
    assert school["z_adjusted"] == pytest.approx(1.4767, abs=1e-4)
    assert school["z_unadjusted"] == pytest.approx(3.5822, abs=1e-4)
    assert school["gap_direction"] is None
    assert school["gap_status"] == "not_shown_to_differ"
    assert school["unadjusted_direction"] == "above"


def test_the_python_estimate_and_the_sql_flags_use_one_scale(gap_models):
    con = gap_models(pairs(np.full(3, 40), np.array([0, 20, 40])), min_reference_schools=3)
    n = np.array([40.0, 40.0, 40.0])
    k = np.array([0.0, 20.0, 40.0])
    in_sql = [
        r[0]
        for r in con.execute(
            "select gap_arcsine(k, 40) from unnest([0, 20, 40]) as t(k)"
        ).fetchall()
    ]
    assert in_sql == pytest.approx(dispersion.arcsine(k, n).tolist())
    # every parent agreeing counts as n - 1/2: asin(sqrt(39.5 / 40))
    assert in_sql[2] == pytest.approx(math.asin(math.sqrt(39.5 / 40)))


def test_only_public_trust_flags_move_a_reference_group():
    """'Own survey differs' rests on an LA's own survey: it must not change figures every user sees
    (lens/data/scoping.py), so it never leaves a school out of its reference group."""
    from lens.data.scoping import PUBLIC_FLAGS

    assert set(gap_method.REFERENCE_EXCLUDING_FLAGS) == set(PUBLIC_FLAGS)


def test_consistency_factor_is_the_winsorised_normal_second_moment():
    rng = np.random.default_rng(1)
    z = rng.normal(size=2_000_000)
    low, high = np.quantile(z, [0.1, 0.9])
    assert np.mean(np.clip(z, low, high) ** 2) == pytest.approx(
        gap_method.WINSOR_CONSISTENCY, abs=0.003
    )
    assert gap_method.LIMIT_Z == pytest.approx(3.0902, abs=1e-4)


# --- simulated data with a known spread -----------------------------------------------------------


def true_shares(rng, count: int, share: float, spread: float, scale: str) -> np.ndarray:  # noqa: ANN001
    """Each school's true share satisfied: normal school effects of sd `spread` around `share` on
    the arcsine square-root scale (what the limits assume) or on the log-odds scale."""
    if scale == "arcsine":
        centre = math.asin(math.sqrt(share))
        return np.sin(np.clip(centre + rng.normal(0, spread, count), 0, math.pi / 2)) ** 2
    log_odds = math.log(share / (1 - share)) + rng.normal(0, spread, count)
    return 1 / (1 + np.exp(-log_odds))


def simulate(rng, n: np.ndarray, share: float, tau: float) -> np.ndarray:  # noqa: ANN001
    """Satisfied counts when each school's true share varies by tau on the arcsine scale."""
    return rng.binomial(n, true_shares(rng, len(n), share, tau, "arcsine"))


def test_known_phi_is_recovered_and_flags_what_the_limits_promise(gap_models):
    # Equal sizes: phi = 1 + 4 n tau^2, so tau^2 = 0.005 at n = 100 means phi = 3.
    rng = np.random.default_rng(11)
    n = np.full(20_000, 100)
    k = simulate(rng, n, 0.9, math.sqrt(0.005))
    con = gap_models(pairs(n, k))
    phi, tau2 = con.execute(
        "select phi, tau2 from gap_references where window_months = 36"
    ).fetchall()[0]
    assert phi == pytest.approx(3.0, abs=0.25)
    assert tau2 == pytest.approx(0.005, rel=0.15)
    flagged = gaps_at(con)["gap_direction"].is_not_null().mean()
    assert 0.0005 <= flagged <= 0.005  # 99.8% limits promise 0.2%


def test_flag_rate_does_not_climb_with_responses(gap_models):
    rng = np.random.default_rng(12)
    n = np.clip(rng.lognormal(math.log(60), 1.0, 40_000).astype(int), 10, 2000)
    k = simulate(rng, n, 0.88, 0.09)
    frame = gaps_at(gap_models(pairs(n, k))).with_columns(
        pl.col("count_responses")
        .bin_intervals([30, 100, 300], labels=["<30", "30-99", "100-299", "300+"])
        .alias("size")
    )
    rates = frame.group_by("size").agg(
        pl.col("gap_direction").is_not_null().mean().alias("adjusted"),
        pl.col("unadjusted_direction").is_not_null().mean().alias("unadjusted"),
        pl.len(),
    )
    by_size = {r["size"]: r for r in rates.iter_rows(named=True)}
    assert frame["gap_direction"].is_not_null().mean() <= 0.006
    for size in ("<30", "30-99", "100-299", "300+"):
        assert by_size[size]["adjusted"] <= 0.012, by_size[size]
    # chance-only limits flag size: most of the largest schools, few of the smallest
    assert by_size["300+"]["unadjusted"] > 0.3
    assert by_size["300+"]["unadjusted"] > 5 * by_size["<30"]["unadjusted"]


def test_secondary_is_not_below_just_for_being_secondary(gap_models):
    rng = np.random.default_rng(13)
    n = np.clip(rng.lognormal(math.log(60), 0.8, 8000).astype(int), 10, 800)
    phase = np.where(np.arange(8000) % 4 == 0, "secondary", "primary")
    share = np.where(phase == "primary", 0.93, 0.81)
    k = np.concatenate([simulate(rng, n[i : i + 1], share[i], 0.08) for i in range(8000)])
    by_phase = gaps_at(gap_models(pairs(n, k, phase=phase)))
    below = by_phase.group_by("phase_group").agg(
        (pl.col("gap_direction") == "below").fill_null(False).mean()
    )
    rates = dict(below.iter_rows())
    assert rates["secondary"] <= 0.01 and rates["primary"] <= 0.01
    # against one reference for both phases, chance-only limits put many secondaries "below",
    # and the phase gap swells the spread so much that real differences would be missed
    pooled = gaps_at(gap_models(pairs(n, k, phase="primary")))
    secondary = pooled.filter(pl.Series(phase == "secondary"))
    assert (secondary["unadjusted_direction"] == "below").fill_null(False).mean() > 0.2
    assert pooled["tau2"][0] > 2 * by_phase["tau2"].max()


# --- reference groups and the pooling rule ------------------------------------------------------


def test_small_phase_group_is_compared_with_all_phases(gap_models):
    n = np.full(60, 50)
    k = np.full(60, 45)
    phase = np.array(["primary"] * 50 + ["other"] * 10)
    gaps = gaps_at(gap_models(pairs(n, k, phase=phase), min_reference_schools=30))
    other = gaps.filter(pl.col("phase_group") == "other")
    assert set(other["reference_phase"]) == {"all"}
    assert set(other["count_reference_schools"]) == {60}
    assert set(gaps.filter(pl.col("phase_group") == "primary")["reference_phase"]) == {"primary"}


def test_small_grade_is_pooled_towards_the_commonest_grade(gap_models):
    grade = np.array([2] * 50 + [3] * 40 + [4] * 5 + [1] * 10)
    n = np.full(len(grade), 40)
    k = np.full(len(grade), 36)
    con = gap_models(pairs(n, k, grade=grade), min_reference_schools=30)
    bands = dict(
        (r[0], r[1:])
        for r in con.execute(
            "select grade_rank, band_low_rank, band_high_rank, count_reference_schools "
            "from gap_references where window_months = 36 and reference_phase = 'primary'"
        ).fetchall()
    )
    assert bands[2] == (2, 2, 50)  # the commonest grade stands alone
    assert bands[3] == (3, 3, 40)  # big enough
    assert bands[4] == (3, 4, 45)  # 5 inadequate schools pooled with 40 requiring improvement
    assert bands[1] == (1, 2, 60)  # 10 outstanding pooled with the 50 good


def test_band_still_small_at_the_commonest_grade_takes_the_whole_phase(gap_models):
    grade = np.array([1] * 10 + [2] * 15 + [3] * 12)
    n = np.full(len(grade), 40)
    k = np.full(len(grade), 36)
    con = gap_models(pairs(n, k, grade=grade), min_reference_schools=30)
    bands = con.execute(
        "select grade_rank, band_low_rank, band_high_rank, count_reference_schools "
        "from gap_references where window_months = 36 and reference_phase = 'primary' "
        "order by grade_rank"
    ).fetchall()
    assert bands == [(1, 1, 3, 37), (2, 1, 3, 37), (3, 1, 3, 37)]


def test_too_few_schools_anywhere_are_not_compared(gap_models):
    gaps = gaps_at(gap_models(pairs(np.full(8, 30), np.array([5] + [29] * 7))))
    assert not gaps["is_comparable"].any()
    assert gaps["gap_direction"].is_null().all()


def test_pairs_outside_the_window_are_left_out_everywhere(gap_models):
    months = np.array([6] * 40 + [40] * 40)
    con = gap_models(pairs(np.full(80, 30), np.full(80, 27), months_apart=months))
    counts = dict(
        con.execute("select window_months, count(*) from satisfaction_gaps group by all").fetchall()
    )
    assert counts[36] == 40 and counts[48] == 80
    references = dict(
        con.execute("select window_months, count_reference_schools from gap_references").fetchall()
    )
    assert references[36] == 40 and references[48] == 80


def test_exact_counts_are_classified_by_their_own_z(gap_models):
    # questionnaires' counts are exact: both ends of the range are the counts themselves
    rng = np.random.default_rng(14)
    n = np.full(2000, 80)
    k = simulate(rng, n, 0.85, 0.07)
    gaps = gaps_at(gap_models(pairs(n, k)))
    decided = gaps.filter(pl.col("is_comparable"))
    outside = decided["z_adjusted"].abs() > LIMIT_Z
    assert (outside == decided["gap_direction"].is_not_null()).all()
    assert (decided["z_least_satisfied"] == decided["z_adjusted"]).all()


# --- the limits of the list, each on a constructed case (README, "The gap list: method") ------


def test_rounded_counts_stand_for_a_range_of_parents():
    """Parent View's whole percentages x submissions: a range of counts, one count below about
    100 submissions, and the count used elsewhere always inside it."""
    import duckdb

    from etl.warehouse import define_macros

    con = duckdb.connect()
    define_macros(con)
    ranges = con.execute(
        "select s, p, rounded_count_low(s, p, 0.5), rounded_count_high(s, p, 0.5) "
        "from (values (50, 90), (99, 91), (400, 93), (300, 100), (1000, 0)) as t(s, p)"
    ).fetchall()
    con.close()
    assert ranges == [
        (50, 90, 45, 45),  # 44 / 50 is 88%, 46 / 50 92%: only 45 rounds to 90%
        (99, 91, 90, 90),
        (400, 93, 370, 374),  # 92.5% to 93.5% of 400
        (300, 100, 299, 300),  # 299 / 300 = 99.67% is published as 100%
        (1000, 0, 0, 5),  # 5 / 1000 = 0.5% may be published as 0%
    ]


def rounding_range(
    submissions: int, *published: float, half: float = 0.5
) -> tuple[int, int, int, int]:
    """(satisfied, giving a view) at the least and the most satisfied end of what a school's
    published strongly agree, agree, disagree and strongly disagree percentages can stand for,
    worked out by the warehouse's own macros, as school_satisfaction.sql does: each option is
    rounded on its own, so a satisfied share of two options spans two roundings; `half`, the
    rounding either way of its file (0.5 for whole percentages)."""
    import duckdb

    from etl.warehouse import define_macros

    strongly_agree, agree, disagree, strongly_disagree = published
    con = duckdb.connect()
    define_macros(con)
    least, least_against, most, most_against = con.execute(
        "select rounded_count_low($s, $sa, $h) + rounded_count_low($s, $a, $h), "
        "rounded_count_high($s, $d, $h) + rounded_count_high($s, $sd, $h), "
        "rounded_count_high($s, $sa, $h) + rounded_count_high($s, $a, $h), "
        "rounded_count_low($s, $d, $h) + rounded_count_low($s, $sd, $h)",
        {
            "s": submissions,
            "sa": strongly_agree,
            "a": agree,
            "d": disagree,
            "sd": strongly_disagree,
            "h": half,
        },
    ).fetchone()
    con.close()
    return int(least), int(least + least_against), int(most), int(most + most_against)


def test_a_school_at_the_rounding_boundary_is_on_the_line(gap_models):
    """400 submissions, published 40% strongly agree and 34% agree (74% satisfied), 16% and 10%
    disagreeing: each option rounded on its own, so any of 292 to 300 satisfied of 400 (296 as
    counted). Against its group (200 schools around 93% and two of 400; tau^2 0.0059), 296 is
    3.13 standard errors below, beyond the limit, and 292 3.27, yet 300 would be 2.99, inside it.
    So the school is 'on the line: rounding', not on the list; at 40% and 33% (73%: 288 to 296)
    a school is below at both ends, and on the list."""
    rng = np.random.default_rng(15)
    n = np.full(200, 60)
    k = simulate(rng, n, 0.93, 0.05)
    on_the_line = rounding_range(400, 40, 34, 16, 10)
    beyond = rounding_range(400, 40, 33, 17, 10)
    assert on_the_line == (292, 400, 300, 400)  # not 294 to 298, as one 74% would give
    assert beyond == (288, 400, 296, 400)
    ranges = [on_the_line, beyond]
    all_n = np.concatenate([n, [400, 400]])
    all_k = np.concatenate([k, [296, 292]])
    rounding = tuple(
        np.concatenate([base, [r[i] for r in ranges]]) for i, base in enumerate((k, n, k, n))
    )
    gaps = gaps_at(gap_models(pairs(all_n, all_k, rounding=rounding)))
    boundary, listed = gaps.tail(2).iter_rows(named=True)
    assert boundary["tau2"] == pytest.approx(0.00588, abs=1e-5)
    assert boundary["z_adjusted"] == pytest.approx(-3.133, abs=0.001)  # beyond, as counted
    assert boundary["z_least_satisfied"] == pytest.approx(-3.274, abs=0.001)
    assert boundary["z_most_satisfied"] == pytest.approx(-2.991, abs=0.001)  # inside the limit
    assert boundary["gap_status"] == "on_the_line" and boundary["gap_direction"] is None
    assert listed["z_least_satisfied"] == pytest.approx(-3.420, abs=0.001)
    assert listed["z_most_satisfied"] == pytest.approx(-3.141, abs=0.001)
    assert listed["gap_status"] == "below" and listed["gap_direction"] == "below"


def test_the_ceiling_at_a_high_group_share():
    """With a group share of 0.93 and tau^2 of 0.0035 a school where every parent agrees can be
    shown above only from 184 responses; at 0.95 from 530, and never from Parent View's rounded
    figures (a published 100% from 200 submissions may be 99.5%, with 1% disagreeing)."""
    method = dispersion.Method()
    assert dispersion.reachable(0.93, 0.0035, half_points=0, method=method) == (184, 10)
    assert dispersion.reachable(0.95, 0.0035, half_points=0, method=method) == (530, 10)
    assert dispersion.reachable(0.95, 0.0035, half_points=0.5, method=method) == (None, 10)
    # below 200 submissions a published 100% is every parent: the same 184
    assert dispersion.reachable(0.93, 0.0035, half_points=0.5, method=method) == (184, 10)
    # a file published to one decimal place: a published 100.0% of 530 submissions is at least
    # 99.95% of them, 529.7 parents, so every parent, and 530 as with exact counts
    assert dispersion.reachable(0.95, 0.0035, half_points=0.05, method=method) == (530, 10)


def test_the_reachable_range_is_stored_with_each_group(gap_models):
    rng = np.random.default_rng(16)
    n = np.full(400, 60)
    k = simulate(rng, n, 0.95, 0.06)
    con = gap_models(pairs(n, k))
    share, tau2, above, below = con.execute(
        "select reference_share, tau2, min_responses_above, min_responses_below "
        "from gap_references where window_months = 36"
    ).fetchall()[0]
    expected = dispersion.reachable(share, tau2, half_points=0.5, method=dispersion.Method())
    assert (above, below) == expected
    assert below == 10  # the minimum number of responses is the floor
    gaps = gaps_at(con)
    assert set(gaps["min_responses_above"].to_list()) == {above}


def test_the_reachable_range_allows_for_the_most_precisely_published_file(gap_models):
    """A group's schools can come from files of different precision (each school's latest
    release): its reachable range is worked out at the narrowest rounding among them, so no
    school of the group is shown above or below from fewer responses than the range says."""
    rng = np.random.default_rng(16)
    n = np.full(400, 60)
    k = simulate(rng, n, 0.95, 0.06)
    one_decimal = pl.Series([0.05] + [0.5] * 399)
    con = gap_models(pairs(n, k).with_columns(rounding_half_points=one_decimal))
    share, tau2, above, below = con.execute(
        "select reference_share, tau2, min_responses_above, min_responses_below "
        "from gap_references where window_months = 36"
    ).fetchall()[0]
    method = dispersion.Method()
    assert (above, below) == dispersion.reachable(share, tau2, half_points=0.05, method=method)
    whole = dispersion.reachable(share, tau2, half_points=0.5, method=method)
    assert whole[0] is None and above is not None  # whole percentages alone could never be


def test_none_of_four_satisfied_is_too_few_to_compare(gap_models):
    """0 of 4 satisfied against a group at 93%: chance-only limits call it far below, and the list
    did; with under 10 responses (the minimum, as Parent View itself publishes) it is 'too few
    responses to compare', and it is not part of the group's share or spread."""
    rng = np.random.default_rng(17)
    n = np.full(300, 50)
    k = simulate(rng, n, 0.93, 0.05)
    gaps = gaps_at(gap_models(pairs(np.append(n, 4), np.append(k, 0))))
    school = gaps.filter(pl.col("count_responses") == 4).row(0, named=True)
    assert school["gap_status"] == "too_few_responses"
    assert school["gap_direction"] is None and school["z_adjusted"] is None
    assert not school["is_comparable"] and not school["is_reference_member"]
    assert school["unadjusted_direction"] is None
    assert school["count_reference_schools"] == 300
    # with a minimum of 1 it would be compared, and named below
    listed = gaps_at(gap_models(pairs(np.append(n, 4), np.append(k, 0)), min_responses=1))
    assert listed.filter(pl.col("count_responses") == 4)["gap_direction"].to_list() == ["below"]


def test_a_trust_flagged_school_is_marked_and_left_out_of_the_share(gap_models):
    """A Parent View school flagged for more submissions than pupils, every parent delighted: it is
    compared and marked, but its answers do not move the share and spread it is compared with."""
    rng = np.random.default_rng(18)
    n = np.full(60, 40)
    k = simulate(rng, n, 0.85, 0.05)
    flags = [[] for _ in range(60)] + [["over_roll"]]
    gaps = gaps_at(gap_models(pairs(np.append(n, 900), np.append(k, 900), trust_flags=flags)))
    school = gaps.filter(pl.col("count_responses") == 900).row(0, named=True)
    others = gaps.filter(pl.col("count_responses") == 40)
    assert school["trust_flags"] == ["over_roll"] and not school["is_reference_member"]
    assert school["count_reference_schools"] == 60
    assert school["reference_share"] == pytest.approx(k.sum() / n.sum())
    assert school["gap_status"] == "above"
    # the others' share (each without itself) does not count the 900 flagged answers
    first = others.row(0, named=True)
    assert first["reference_share"] == pytest.approx((k.sum() - k[0]) / (n.sum() - n[0]))


def test_a_dominant_school_is_compared_with_its_group_without_itself(gap_models):
    """30 schools: 29 of 40 responses around 93%, and one of 400 at 77% (308). Counted in its own
    group's share it would pull it to 88.9% and sit 2.79 standard errors below (inside the
    limits); compared with the other 29 (93.0%) it is 4.04 below: on the list. Always leaving the
    school out needs no threshold for 'a large part of its group', and moves a school of a large
    group by almost nothing."""
    small = [37, 38, 36, 37, 38, 37, 36, 39, 37, 38, 37, 36, 38, 37, 37]
    small += [38, 36, 37, 39, 37, 38, 37, 36, 37, 38, 37, 37, 36, 38]
    n = np.array([40] * 29 + [400])
    k = np.array([*small, 308])
    con = gap_models(pairs(n, k))
    share, tau2 = con.execute("select reference_share, tau2 from gap_references").fetchall()[0]
    school = gaps_at(con).filter(pl.col("count_responses") == 400).row(0, named=True)
    y = math.asin(math.sqrt(308 / 400))
    with_itself = (y - math.asin(math.sqrt(share))) / math.sqrt(1 / 1600 + tau2)
    assert share == pytest.approx(k.sum() / n.sum()) and share == pytest.approx(0.8891, abs=1e-4)
    assert with_itself == pytest.approx(-2.79, abs=0.01)
    assert school["reference_share"] == pytest.approx(1079 / 1160)  # 0.9302
    assert school["z_adjusted"] == pytest.approx(-4.04, abs=0.01)
    assert school["gap_direction"] == "below"


def test_funnel_and_list_agree_for_every_school_in_the_demo(demo_warehouse):
    """Every school outside the drawn limits at both ends of its rounding range is on the list,
    and every school on the list is outside them: on the standardised-difference chart (z beyond
    the 99.8% line) and against its own limit curves (its plotted share beyond the curves at its
    own responses and its own reference share); a school beyond at one end only is on the line."""
    from lens.data.warehouse import open_read_only

    con = open_read_only(demo_warehouse)
    disagreements = con.execute(
        """
        select count(*) filter (where (
                g.z_least_satisfied > m.limit_z or g.z_most_satisfied < -m.limit_z
            ) <> listed),
            count(*) filter (where (
                gap_plotted_share(g.count_satisfied, g.count_responses)
                    < gap_limit_share(g.reference_share, g.tau2, g.count_responses, -m.limit_z)
                or gap_plotted_share(g.count_satisfied, g.count_responses)
                    > gap_limit_share(g.reference_share, g.tau2, g.count_responses, m.limit_z)
            ) <> (listed or g.gap_status = 'on_the_line')),
            count(*) filter (where listed),
            count(*)
        from (
            select *, gap_direction is not null as listed
            from satisfaction_gaps where is_comparable
        ) as g, gap_method as m
        """
    ).fetchall()[0]
    con.close()
    on_chart, on_funnel, listed, compared = disagreements
    assert compared > 1000 and listed > 0
    assert (on_chart, on_funnel) == (0, 0)
