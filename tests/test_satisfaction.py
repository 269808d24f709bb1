"""Percentages, intervals, funnel limits and the gap rule, against values worked by hand.

The tiny warehouse: two Parent View schools judged Good (8 of 10 and 40 of 50 satisfied, so
England's share for Good is 48/60 = 0.8), and three own-survey schools judged Outstanding: one
parent who strongly disagrees, 100 of 100 satisfied, and 50 of 100 satisfied.
"""

from __future__ import annotations

from math import comb
from pathlib import Path

import pytest

from etl.build import build_warehouse
from lens.warehouse import open_read_only, run
from tests import builders

HAPPY = "Overall, I am happy with my child's experience at this school"
PV = "parent_view_pv_2011"


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    raw = tmp_path_factory.mktemp("raw")
    graded = {
        "Inspection number of latest OEIF graded inspection": "1",
        "Inspection start date of latest OEIF graded inspection": "10/10/2022",
    }
    schools = [("900101", "2"), ("900102", "2"), ("900104", "1"), ("900105", "1"), ("900106", "1")]
    builders.write(
        raw / "mi_2026-02-28.csv",
        builders.mi_2025(
            [
                {
                    **graded,
                    "URN": urn,
                    "Inspection number of latest OEIF graded inspection": urn,
                    "Latest OEIF overall effectiveness": grade,
                }
                for urn, grade in schools
            ]
        ),
    )
    builders.write(
        raw / "pv_2024-07-31.csv",
        builders.parent_view_csv(
            [("900101", 10, [50, 30, 10, 10, 0]), ("900102", 50, [60, 20, 10, 10, 0])]
        ),
    )
    rows = [("d1", "900104", "15/01/2026", HAPPY, "Strongly disagree")]
    rows += [(f"e{i}", "900105", "15/01/2026", HAPPY, "Agree") for i in range(100)]
    rows += [
        (f"f{i}", "900106", "15/01/2026", HAPPY, "Agree" if i < 50 else "Disagree")
        for i in range(100)
    ]
    builders.write(raw / "survey_2026-03-31.csv", builders.own_survey(rows))
    target = Path(raw.parent) / "tiny.duckdb"
    build_warehouse(raw, target, progress=lambda _: None)
    connection = open_read_only(target)
    yield connection
    connection.close()


def test_wilson_interval_for_8_of_10(con):
    # p = 0.8, z = 1.96: centre (0.8 + 0.19207) / 1.38415 = 0.71675,
    # half-width 1.41602 * sqrt(0.016 + 0.0096037) = 0.22658
    low, high, share = con.execute(
        "select ci95_low, ci95_high, share_satisfied from school_satisfaction where urn = 900101"
    ).fetchone()
    assert share == pytest.approx(0.8)
    assert (low, high) == (pytest.approx(0.4902, abs=1e-4), pytest.approx(0.9433, abs=1e-4))


def test_answer_percentages_by_grade_pool_responses_not_schools(con):
    frame = run(
        con,
        "satisfaction_by_grade",
        family=PV,
        framework_id="eif_2019",
        area="overall_effectiveness",
        la_code=None,
        phase=None,
        school_type=None,
    )
    england = {
        r["answer"]: r["pct_responses"]
        for r in frame.filter(geography="England").iter_rows(named=True)
    }
    # strongly agree 5 + 30 = 35 of 60; agree 3 + 10 = 13; disagree 1 + 5; strongly disagree 1 + 5
    assert england == {
        "strongly_agree": 58.3,
        "agree": 21.7,
        "disagree": 10.0,
        "strongly_disagree": 10.0,
    }


def test_funnel_limits_at_10_responses_around_england_share(con):
    # P(X <= 3 | 10, 0.8) = 0.00086 < 0.001 <= P(X <= 4) = 0.00637, so the 99.8% lower limit is
    # 4/10; P(X <= 4) < 0.025 <= P(X <= 5) = 0.0328, so the 95% lower limit is 5/10; and
    # P(X = 10) = 0.107 so both upper limits are 10/10.
    assert sum(comb(10, k) * 0.8**k * 0.2 ** (10 - k) for k in range(4)) < 0.001
    row = con.execute(
        "select england_share, lower_95, upper_95, lower_998, upper_998 from funnel_limits "
        "where family = ? and count_responses = 10",
        [PV],
    ).fetchone()
    assert row == (pytest.approx(0.8), 0.5, 1.0, 0.4, 1.0)


def test_gap_rule_flags_far_schools_but_never_one_response(con):
    flags = dict(
        con.execute(
            "select urn, gap_direction from satisfaction_gaps where family = 'questionnaire'"
        ).fetchall()
    )
    assert flags == {900104: None, 900105: "above", 900106: "below"}
    tail = con.execute(
        "select tail_probability, england_share from satisfaction_gaps where urn = 900104"
    ).fetchone()
    # one parent, none satisfied: P(X <= 0) = 1 - 150/201
    assert tail == (pytest.approx(1 - 150 / 201), pytest.approx(150 / 201))


def test_schools_within_chance_of_their_grade_are_not_flagged(con):
    rows = con.execute(
        "select urn, gap_direction from satisfaction_gaps where family = ?", [PV]
    ).fetchall()
    assert rows == [(900101, None), (900102, None)]
