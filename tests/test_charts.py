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
        ("option_shares", (("Agree",), ("#08306b",))),
        ("trend", ()),
        ("peer_strip", ()),
        ("satisfaction_history", ()),
        ("inspection_timeline", ()),
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


SIMILAR = pl.DataFrame(
    {
        "urn": [900001, 900002, 900003],
        "school_name": ["This", "Peer in LA", "Peer elsewhere"],
        "is_this_school": [True, False, False],
        "in_same_la": [True, True, False],
        "pct_happy": [80.0, 90.0, 70.0],
        "submissions": [40, 50, 60],
    }
)


def test_profile_charts_render_to_the_same_png_every_time():
    """The briefing pack's images: real PNGs, drawn without a browser, identical run to run."""
    frame = charts.peer_frame(SIMILAR, "Leeds")
    assert frame.filter(pl.col("scope") == "In Leeds").height == 2
    assert frame.filter(pl.col("scope") == "In England").height == 3
    first = charts.png("peer_strip", frame, "Similar schools")
    assert first.startswith(b"\x89PNG\r\n\x1a\n")
    assert charts.png("peer_strip", frame, "Similar schools") == first
    history = pl.DataFrame(
        {
            "whose": ["This school", "Predecessor (URN 100001)"],
            "family": ["questionnaire", "parent_view_pv_2019"],
            "data_date": [date(2024, 1, 1), date(2021, 7, 31)],
            "pct_satisfied": [90.0, 80.0],
            "ci95_low": [85.0, 70.0],
            "ci95_high": [94.0, 88.0],
            "count_responses": [200, 50],
        }
    )
    series = charts.satisfaction_series(history)
    assert series["series"].to_list() == [
        "Parent View 2019 (Predecessor (URN 100001))",
        "Questionnaires",
    ]
    assert charts.png("satisfaction_history", series, "Satisfaction").startswith(b"\x89PNG")
