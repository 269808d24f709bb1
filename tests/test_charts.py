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
        "share_satisfied": [0.93, 0.70],
        "plotted_share": [0.93, 0.70],
        "ci95_low_share": [0.88, 0.55],
        "ci95_high_share": [0.96, 0.82],
        "count_responses": [120, 40],
        "count_submissions": [122, 41],
        "data_date": [date(2026, 4, 6)] * 2,
        "inspected_on": [date(2023, 5, 1)] * 2,
        "reference": ["primary schools judged Outstanding", "primary schools judged Inadequate"],
        "reference_share": [0.93, 0.82],
        "z_adjusted": [0.1, -3.4],
        "z_unadjusted": [0.3, -5.0],
        "gap_status": ["not_shown_to_differ", "below"],
        "gap_direction": [None, "below"],
        "unadjusted_direction": [None, "below"],
    }
)
LIMITS = pl.DataFrame(
    {
        "count_responses": [40, 120],
        "reference_share": [0.87, 0.87],
        "lower_95_share": [0.75, 0.81],
        "upper_95_share": [0.95, 0.92],
        "lower_998_share": [0.675, 0.775],
        "upper_998_share": [1.0, 0.95],
    }
)


@pytest.mark.parametrize(
    ("template", "args"),
    [
        ("grade_shares", (("Good", "Inadequate"), charts.GRADE_COLOURS_4)),
        ("answers_by_grade", (("Good: England",),)),
        ("school_intervals", ()),
        ("differences", ()),
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
    assert frame.filter(layer="school")["pct"].to_list() == pytest.approx([93.0, 70.0])
    assert set(frame.filter(layer="school")["gap"]) == {
        charts.NOT_ON_LIST,
        charts.GAP_LEGEND["below"],
    }


def test_differences_frame_draws_the_lists_limits_and_each_view():
    frame = charts.differences_frame(SCHOOLS, 3.09, 1.96)
    lines = frame.filter(layer="limit")
    assert sorted(lines["z"].to_list()) == [-3.09, -1.96, 0.0, 1.96, 3.09]
    assert frame.filter(layer="school")["z"].to_list() == [0.1, -3.4]
    chance = charts.differences_frame(SCHOOLS, 3.09, 1.96, adjusted=False)
    assert chance.filter(layer="school")["z"].to_list() == [0.3, -5.0]


def test_answers_frame_orders_grades_then_geography():
    frame = pl.DataFrame(
        {
            "geography": ["England", "Leeds"],
            "grade_rank": [1, 1],
            "grade_label": ["Good", "Good"],
            "answer": ["agree", "agree"],
            "answer_share": [0.5, 0.4],
        }
    )
    data, order = charts.answers_frame(frame)
    assert order == ("Good: Leeds", "Good: England")
    assert data["pct_responses"].to_list() == [50.0, 40.0]
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
            "is_predecessor": [False, True],
            "predecessor_urn": [None, 100001],
            "family": ["questionnaire_own_survey", "parent_view_pv_2019"],
            "data_date": [date(2024, 1, 1), date(2021, 7, 31)],
            "pct_satisfied": [90.0, 80.0],
            "ci95_low_pct": [85.0, 70.0],
            "ci95_high_pct": [94.0, 88.0],
            "count_responses": [200, 50],
        }
    )
    series = charts.satisfaction_series(history)
    assert series["series"].to_list() == [
        "Parent View (2019-2025 questions) (predecessor, URN 100001)",
        "Own parent surveys",
    ]
    assert charts.png("satisfaction_history", series, "Satisfaction").startswith(b"\x89PNG")
