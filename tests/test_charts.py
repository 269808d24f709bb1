"""Every chart is valid Vega-Lite (pages skip this check at render time for speed)."""

from __future__ import annotations

from datetime import date

import polars as pl

from lens import charts
from lens.ui import GRADE_COLOURS_4, stacked_share_chart

SCHOOLS = pl.DataFrame(
    {
        "school_name": ["A", "B"],
        "urn": [900001, 900002],
        "grade_rank": [1, 4],
        "grade_label": ["Outstanding", "Inadequate"],
        "pct_satisfied": [93.0, 70.0],
        "ci95_low": [88.0, 55.0],
        "ci95_high": [96.0, 82.0],
        "count_responses": [120, 40],
        "count_submissions": [122, 41],
        "data_date": [date(2026, 4, 6)] * 2,
        "inspected_on": [date(2023, 5, 1)] * 2,
        "gap_direction": [None, "below"],
    }
)


def test_grade_share_chart_is_valid():
    frame = pl.DataFrame(
        {
            "geography": ["Selection", "England"],
            "grade_rank": [1, 1],
            "grade_label": ["Good", "Good"],
            "count_schools": [3, 9],
            "pct_schools": [100.0, 100.0],
        }
    )
    spec = stacked_share_chart(
        frame,
        row="geography",
        colour="grade_label",
        order="grade_rank",
        colours=GRADE_COLOURS_4,
        title="t",
    ).to_dict(validate=True)
    assert spec["mark"]["type"] == "bar"


def test_answers_by_grade_chart_is_valid():
    frame = pl.DataFrame(
        {
            "geography": ["England"] * 2,
            "grade_rank": [1, 1],
            "grade_label": ["Good"] * 2,
            "answer": ["agree", "disagree"],
            "answer_rank": [2, 3],
            "count_answers": [9, 1],
            "pct_responses": [90.0, 10.0],
            "count_schools": [2, 2],
        }
    )
    assert charts.answers_by_grade(frame, "t").to_dict(validate=True)["mark"]["type"] == "bar"


def test_school_intervals_and_funnel_are_valid():
    limits = pl.DataFrame(
        {
            "count_responses": [40, 120],
            "england_pct": [87.0, 87.0],
            "lower_95": [75.0, 81.0],
            "upper_95": [95.0, 92.0],
            "lower_998": [67.5, 77.5],
            "upper_998": [100.0, 95.0],
        }
    )
    assert len(charts.school_intervals(SCHOOLS, "t").to_dict(validate=True)["layer"]) == 2
    assert len(charts.funnel(SCHOOLS, limits, "t").to_dict(validate=True)["layer"]) == 2
