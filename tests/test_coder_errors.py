"""Allowing for the report coder's measured errors (lens/rules/coder_errors.py): on hand-worked
reports whose chances can be written down, on simulated reports coded by a coder with known mistakes
(the range must hold the true share about 95 times in 100, where the observed share is off), on
the demonstration warehouse (the observed shares are the study figures' own), and the measured
errors file as the build reads it (etl/coding/measured.py)."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from etl.coding import measured
from lens.rules import coder_errors
from lens.rules.coder_errors import LINK_CELLS, POINT_CELLS
from schemas.report_codes import CODES


def errors(cells: list[tuple[str, bool, str, bool, int]]) -> pl.DataFrame:
    return pl.DataFrame(cells, schema=list(measured.COLUMNS), orient="row")


# coder engagement: 3 of 4 truly engagement; involvement: 1 of 4; the rest: 0 of 4
HAND = errors(
    [
        ("engagement", False, "engagement", True, 3),
        ("engagement", False, "involvement", False, 1),
        ("involvement", False, "engagement", False, 1),
        ("involvement", False, "involvement", False, 3),
        ("informing", False, "informing", False, 4),
        ("parents_views", False, "parents_views", False, 4),
        ("none", False, "none", False, 4),
    ]
)


def groups(rows: list[dict]) -> pl.DataFrame:
    """report_coder_groups' rows for one area and era: every count 0 unless given."""
    full = []
    for row in rows:
        base = {"geography": "Selection", "report_era": "all"}
        base |= {cell: 0 for cell in (*POINT_CELLS, *LINK_CELLS)}
        base |= {"points_known": False, "links_known": False, "count_reports": 1}
        base |= row
        base["uses_engagement"] = base["points_engagement"] > 0 or base["points_known"]
        base["links_parents_to_learning"] = (
            base["links_engagement_words"] > 0 or base["links_known"]
        )
        full.append(base)
    return pl.DataFrame(full)


def strategy(allowed: pl.DataFrame) -> dict:
    return allowed.filter(pl.col("measure") == "count_engagement_strategy").row(0, named=True)


def test_the_measured_rates_are_the_test_splits_cells():
    rates = coder_errors.measured_rates(HAND)["count_engagement_strategy"]
    assert rates.hits.tolist() == [3, 1, 0, 0, 0] and rates.units.tolist() == [4, 4, 4, 4, 4]
    # Jeffreys: (k + 1/2) / (n + 1)
    assert rates.means.tolist() == pytest.approx([0.7, 0.3, 0.1, 0.1, 0.1])


def test_hand_worked_reports():
    """One report with a point coded engagement (chance 0.7); one with two coded involvement
    (1 - E[(1 - theta)^2], 1 - theta ~ Beta(3.5, 1.5): 1 - 3.5 * 4.5 / (5 * 6) = 0.475); two with
    no point about parents (0); one whose engagement point an adviser corrected (1). Likely share
    (0.7 + 0.475 + 0 + 0 + 1) / 5 = 0.435; observed 2 of 5."""
    reports = groups(
        [
            {"points_engagement": 1},
            {"points_involvement": 2},
            {"count_reports": 2},
            {"points_known": True},
        ]
    )
    rates = coder_errors.measured_rates(HAND)["count_engagement_strategy"]
    found = coder_errors._allow(
        reports, "uses_engagement", POINT_CELLS, "points_known", rates,
        np.random.default_rng(1), 20000,
    )  # fmt: skip
    assert found.observed == pytest.approx(0.4) and found.reports == 5
    assert found.expected == pytest.approx(0.435, abs=0.005)
    # the corrected report always counts and the two without parents never do
    assert 0.2 <= found.low <= found.likely <= found.high <= 0.8
    shown = strategy(coder_errors.allow_for_errors(reports, HAND))
    assert shown["low_share"] >= 0.2 and shown["high_share"] <= 0.8


def test_a_report_coded_engagement_for_certain_by_an_adviser_is_certain():
    found = strategy(coder_errors.allow_for_errors(groups([{"points_known": True}]), HAND))
    assert found["low_share"] == found["likely_share"] == found["high_share"] == 1.0


def test_the_sentences_say_the_range_in_words():
    certain = coder_errors.allow_for_errors(groups([{"points_known": True}]), HAND)
    (first, *_) = coder_errors.sentences(
        certain.filter(pl.col("geography") == "Selection"), "Leeds"
    )
    assert first == (
        "Improvement section uses parental engagement as a strategy, Leeds: observed 100.0% "
        "(1 report); allowing for the coder's measured errors, 100.0% all the same."
    )
    reports = groups([{"points_engagement": 1}, {"points_none": 3, "count_reports": 9}])
    allowed = coder_errors.allow_for_errors(reports, HAND)
    row = strategy(allowed)
    (first, *_) = coder_errors.sentences(allowed, "Leeds")
    assert first.endswith(
        f"observed 10.0% (10 reports); allowing for the coder's measured errors, between "
        f"{row['low_share']:.1%} and {row['high_share']:.1%}."
    )


def test_the_same_data_give_the_same_range():
    reports = groups([{"points_engagement": 1}, {"points_none": 3, "count_reports": 4}])
    first = coder_errors.allow_for_errors(reports, HAND)
    assert first.equals(coder_errors.allow_for_errors(reports, HAND))


def test_a_learning_link_cell_without_test_units_borrows_its_labels():
    rates = coder_errors.measured_rates(HAND)["count_learning_link"]
    # no unit had learning words: each label's 'with words' cell uses the label's units
    assert rates.units.tolist() == [4, 4, 4, 4, 4, 4, 4, 4, 4, 4]
    assert rates.hits.tolist()[:2] == [3, 3]


def _simulate(rng: np.random.Generator, confusion: np.ndarray, prevalence: np.ndarray) -> tuple:
    """Reports of 1 to 4 points with true labels drawn at `prevalence`, coded through
    `confusion` (true x coded); and a test split of 215 units from the same process."""
    labels = np.arange(len(CODES))

    def coded(true: np.ndarray) -> np.ndarray:
        return np.array([rng.choice(labels, p=confusion[t]) for t in true])

    test_true = rng.choice(labels, 215, p=prevalence)
    test_said = coded(test_true)
    cells = pl.DataFrame(
        {
            "coder_label": [CODES[i] for i in test_said],
            "has_learning_words": False,
            "true_label": [CODES[i] for i in test_true],
            "is_true_learning_link": False,
        }
    )
    measured_cells = cells.group_by(cells.columns).len("count_units")
    rows, truly = [], 0
    for _ in range(300):
        true = rng.choice(labels, rng.integers(1, 5), p=prevalence)
        said = coded(true)
        truly += int((true == 0).any())
        rows.append({f"points_{CODES[i]}": int((said == i).sum()) for i in labels})
    reports = groups(rows)
    return reports, measured_cells, truly / 300


def test_the_range_holds_the_true_share_of_simulated_reports():
    """A coder that misses a third of engagement (calls it none) and calls a few involvement
    points engagement: the observed share is off, the range holds the truth about 95 times in
    100 (at least 33 of 40 here, allowing for the simulation's own chance)."""
    rng = np.random.default_rng(2026)
    confusion = np.array(
        [
            [0.60, 0.05, 0.00, 0.00, 0.35],  # true engagement
            [0.10, 0.80, 0.00, 0.05, 0.05],
            [0.00, 0.05, 0.85, 0.00, 0.10],
            [0.00, 0.05, 0.00, 0.90, 0.05],
            [0.02, 0.03, 0.02, 0.03, 0.90],
        ]
    )
    prevalence = np.array([0.1, 0.15, 0.1, 0.4, 0.25])
    held, observed_held = 0, 0
    for _ in range(40):
        reports, cells, truth = _simulate(rng, confusion, prevalence)
        found = strategy(coder_errors.allow_for_errors(reports, cells, draws=500))
        held += found["low_share"] <= truth <= found["high_share"]
        observed_held += abs(found["observed_share"] - truth) < 0.02
    assert held >= 33
    assert observed_held <= 10  # the observed share is rarely right


def test_the_measured_errors_file_is_checked_line_by_line(tmp_path):
    path = tmp_path / "measured_errors.csv"
    header = ",".join(measured.COLUMNS) + "\n"
    path.write_text(header + "engagement,true,lots,false,3\n")
    with pytest.raises(ValueError, match=r"line 2, column 'true_label'"):
        measured.load(path)
    path.write_text(header + "engagement,true,engagement,false,0\n")
    with pytest.raises(ValueError, match=r"line 2, column 'count_units'"):
        measured.load(path)
    path.write_text("label,units\nengagement,3\n")
    with pytest.raises(ValueError, match="line 1: the columns must be"):
        measured.load(path)
    path.write_text(header + "engagement,true,engagement,true,3\n")
    with pytest.raises(ValueError, match="no test unit has the coder's label"):
        measured.load(path)


def test_the_committed_file_loads_with_every_label():
    cells = measured.load()
    assert set(cells["coder_label"]) == set(CODES)
    assert cells["count_units"].sum() == 763  # the four real test splits
