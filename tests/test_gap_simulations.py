"""The gap list's behaviour on simulated schools, through the real models: with school effects
normal on the arcsine scale (what the limits assume) and on the log-odds scale (what they do
not); the flag rate by size, beside the textbook method and chance-only limits; how many schools
truly far from the others the list finds; and how many flags chance alone gives.

`python -m pytest tests/test_gap_simulations.py -s` prints the figures README, "The gap list:
method", quotes."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest

from etl import dispersion
from schemas.gap_method import LIMIT_COVERAGE, LIMIT_Z, two_sided_z
from tests.test_gap_method import gaps_at, pairs, true_shares

SCHOOLS = 40_000
BANDS = ["<30", "30-99", "100-299", "300+"]
# sd of the school effects: 0.075 on the arcsine scale, and 0.6 on the log-odds scale, each give
# a spread beyond chance like real Parent View's (phi about 3 at these sizes).
SPREAD = {"arcsine": 0.075, "log-odds": 0.6}
REPORT: dict[str, dict[str, object]] = {}


def textbook_flags(k: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Spiegelhalter's (2005) own recipe on the same scale: phi as the plain winsorised mean
    square, tau^2 from its closed form (N phi - (N - 1)) / (sum w - sum w^2 / sum w), w = 4n."""
    share = k.sum() / n.sum()
    difference = dispersion.arcsine(k, n) - math.asin(math.sqrt(share))
    phi = dispersion.winsorised_mean_square(difference * 2 * np.sqrt(n))
    w = 4.0 * n
    tau2 = max(0.0, (len(n) * phi - (len(n) - 1)) / (w.sum() - (w**2).sum() / w.sum()))
    return np.abs(difference / np.sqrt(1 / w + tau2)) > LIMIT_Z


def through_models(n: np.ndarray, k: np.ndarray):  # noqa: ANN201 - a DuckDB connection
    """The gap list's models on simulated schools (as the gap_models fixture, but usable by a
    module-scoped fixture): the caller closes the connection."""
    import duckdb

    from etl.warehouse import build_model, define_macros, gap_method_tables

    con = duckdb.connect()
    gap_method_tables(con, 30, 10)
    define_macros(con)
    con.register("pairs_df", pairs(n, k))
    con.execute("create table satisfaction_pairs as select * from pairs_df")
    for mart in ("gap_reference_members", "gap_references", "satisfaction_gaps"):
        build_model(con, mart)
    return con


@pytest.fixture(scope="module", params=["arcsine", "log-odds"])
def simulated(request):  # noqa: ANN201
    """40,000 schools of 10 to 2,000 responses, 88% satisfied on average, through the models."""
    scale = request.param
    rng = np.random.default_rng(20 if scale == "arcsine" else 21)
    n = np.clip(rng.lognormal(math.log(60), 1.0, SCHOOLS).astype(int), 10, 2000)
    truth = true_shares(rng, SCHOOLS, 0.88, SPREAD[scale], scale)
    k = rng.binomial(n, truth)
    con = through_models(n, k)
    frame = gaps_at(con).with_columns(
        pl.Series("truth", truth),
        pl.Series("textbook", textbook_flags(k.astype(float), n.astype(float))),
        pl.col("count_responses").bin_intervals([30, 100, 300], labels=BANDS).alias("size"),
    )
    phi = con.execute("select phi from gap_references").fetchall()[0][0]
    con.close()
    return scale, frame, phi


def rates(frame: pl.DataFrame) -> dict[str, dict[str, float]]:
    """% flagged by the list, the textbook method and chance-only limits, per size band."""
    table = frame.group_by("size").agg(
        (100 * pl.col("gap_direction").is_not_null().mean()).alias("list"),
        (100 * pl.col("textbook").mean()).alias("textbook"),
        (100 * pl.col("unadjusted_direction").is_not_null().mean()).alias("chance_only"),
        pl.len().alias("schools"),
    )
    return {r["size"]: r for r in table.iter_rows(named=True)}


def test_flag_rate_by_size_for_each_kind_of_school_effect(simulated):
    scale, frame, phi = simulated
    by_size = rates(frame)
    overall = 100 * frame["gap_direction"].is_not_null().mean()
    REPORT[scale] = {"phi": phi, "overall": overall, "by_size": by_size}
    assert 2.0 <= phi <= 4.5  # like real Parent View
    # chance-only limits flag size, not difference: most of the largest schools
    assert by_size["300+"]["chance_only"] > 30
    assert by_size["300+"]["chance_only"] > 5 * by_size["<30"]["chance_only"]
    if scale == "arcsine":
        # as the limits assume: about the promised 0.2% at every size
        assert overall <= 0.4
        assert all(by_size[b]["list"] <= 0.6 for b in BANDS), by_size
    else:
        # not what they assume: school effects skewed on the arcsine scale, so the largest
        # schools, whose own noise is small, show the long tail: flagged more often (README)
        assert overall <= 0.8
        assert by_size["300+"]["list"] > 1.5 * by_size["<30"]["list"]
        assert all(by_size[b]["list"] <= 1.5 for b in BANDS), by_size


def test_the_variant_flags_fewer_than_the_textbook_method(simulated):
    """Evidence for the variant (README): on the same schools, Spiegelhalter's closed form with the
    plain winsorised phi flags several times as many schools as the 0.2% promised."""
    scale, frame, _ = simulated
    ours = 100 * frame["gap_direction"].is_not_null().mean()
    textbook = 100 * frame["textbook"].mean()
    chance_only = 100 * frame["unadjusted_direction"].is_not_null().mean()
    REPORT[scale].update(textbook=textbook, chance_only=chance_only)
    assert ours < textbook < chance_only
    assert textbook > 2 * ours
    assert chance_only > 5


def test_how_many_schools_truly_far_from_the_others_are_found(simulated):
    """Power: of the schools whose true share is in the outer 2% of the schools' spread (beyond
    2.33 sd of the school effects either way), how many the list names, by size. Being inside
    the limits therefore does not show a school is like the others."""
    scale, frame, _ = simulated
    if scale == "arcsine":
        centre = math.asin(math.sqrt(0.88))
        effect = (pl.col("truth").sqrt().arcsin() - centre) / SPREAD[scale]
    else:
        effect = ((pl.col("truth") / (1 - pl.col("truth"))).log() - math.log(0.88 / 0.12)) / (
            SPREAD[scale]
        )
    outer = frame.filter(effect.abs() > two_sided_z(0.98))
    found = outer.group_by("size").agg(
        (100 * pl.col("gap_direction").is_not_null().mean()).alias("found"), pl.len()
    )
    power = {r["size"]: r["found"] for r in found.iter_rows(named=True)}
    REPORT[scale]["power"] = power
    assert power["<30"] < 10  # small schools are almost never found
    assert power["300+"] > power["<30"]
    assert max(power.values()) < 60


def null_gaps(rng, share: float) -> pl.DataFrame:  # noqa: ANN001
    """20,000 schools of 30 to 1,000 responses differing only by the normal spread the limits
    allow for (arcsine sd 0.07), through the models."""
    n = np.clip(rng.lognormal(math.log(100), 0.8, 20_000).astype(int), 30, 1000)
    k = rng.binomial(n, true_shares(rng, len(n), share, 0.07, "arcsine"))
    con = through_models(n, k)
    frame = gaps_at(con)
    con.close()
    return frame


def test_chance_alone_gives_the_expected_number_of_flags():
    """On null data the list names about what the page's 'by chance alone' figure says, 0.2% of
    the schools compared; near 100% satisfied fewer, as a school can hardly be shown above."""
    rng = np.random.default_rng(100)
    counted = {}
    for share in (0.8, 0.9):
        frame = null_gaps(rng, share)
        compared = frame.filter(pl.col("is_comparable")).height
        expected = (1 - LIMIT_COVERAGE) * compared  # the page's figure: 40 of 20,000
        counted[share] = (expected, frame["gap_direction"].is_not_null().sum())
    REPORT["null"] = counted
    expected, flagged = counted[0.8]
    assert expected == pytest.approx(40, abs=0.5)
    # within Poisson's 99.9% range of the expected count
    assert expected - 3.3 * math.sqrt(expected) <= flagged <= expected + 3.3 * math.sqrt(expected)
    expected, flagged = counted[0.9]
    assert flagged <= expected + 3.3 * math.sqrt(expected)


def test_print_the_figures_for_the_readme():
    """Not a check: prints what the README quotes (run with -s)."""
    for scale in ("arcsine", "log-odds"):
        if scale not in REPORT:
            continue
        got = REPORT[scale]
        print(
            f"\n{scale}: phi {got['phi']:.2f}; flagged {got['overall']:.2f}% "
            f"(textbook {got.get('textbook', float('nan')):.2f}%, chance-only "
            f"{got.get('chance_only', float('nan')):.1f}%)"
        )
        for band in BANDS:
            row = got["by_size"][band]
            print(
                f"  {band:>8}: {row['schools']:>6,} schools, list {row['list']:.2f}%, "
                f"textbook {row['textbook']:.2f}%, chance-only {row['chance_only']:.1f}%, "
                f"found {got.get('power', {}).get(band, float('nan')):.0f}% of the outer 2%"
            )
    for share, (expected, flagged) in REPORT.get("null", {}).items():
        print(f"null data, {share:.0%} satisfied: expected {expected:.1f}, flagged {flagged}")
