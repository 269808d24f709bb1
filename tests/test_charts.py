"""Every chart template is valid Vega-Lite and draws the frames the pages give it."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from lens import charts

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
LIMITS = pl.DataFrame(
    {
        "count_responses": [40, 120],
        "england_pct": [87.0, 87.0],
        "lower_95": [75.0, 81.0],
        "upper_95": [95.0, 92.0],
        "lower_998": [67.5, 77.5],
        "upper_998": [100.0, 95.0],
    }
)


@pytest.mark.parametrize(
    ("template", "args"),
    [
        ("grade_shares", (("Good", "Inadequate"), charts.GRADE_COLOURS_4)),
        ("answers_by_grade", (("Good: England",),)),
        ("school_intervals", ()),
        ("funnel", ()),
    ],
)
def test_templates_are_valid_vega_lite(template, args):
    spec = charts.spec(template, *args)  # validates against the Vega-Lite schema
    # the page's frame is supplied when drawn: no placeholder data anywhere in the spec
    assert "data" not in spec
    assert all("data" not in layer for layer in spec.get("layer", []))


def test_funnel_frame_carries_limits_and_schools_in_one_dataset():
    frame = charts.funnel_frame(SCHOOLS, LIMITS)
    assert frame.filter(layer="limit").height == 2 * 5
    assert frame.filter(layer="school")["pct"].to_list() == [93.0, 70.0]
    assert set(frame.filter(layer="school")["gap"]) == {"none", "below"}


def test_answers_frame_orders_grades_then_geography():
    frame = pl.DataFrame(
        {
            "geography": ["England", "Selection"],
            "grade_rank": [1, 1],
            "grade_label": ["Good", "Good"],
            "answer": ["agree", "agree"],
        }
    )
    data, order = charts.answers_frame(frame)
    assert order == ("Good: Selection", "Good: England")
    assert data["answer_label"].to_list() == ["Agree", "Agree"]
