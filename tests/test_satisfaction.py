"""Percentages, intervals and which judgement parents' views are set against, on values worked
by hand (the gap list's method itself: tests/test_gap_method.py).

The tiny warehouse: two Parent View schools judged Good (8 of 10 and 40 of 50 satisfied, so the
pooled share for Good is 48/60 = 0.8), and three own-survey schools judged Outstanding: one
parent who strongly disagrees, 100 of 100 satisfied, and 50 of 100 satisfied.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from etl.build import build_warehouse
from lens.data.warehouse import open_read_only, run
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
        "select ci95_low_share, ci95_high_share, share_satisfied from school_satisfaction "
        "where urn = 900101"
    ).fetchall()[0]
    assert share == pytest.approx(0.8)
    assert (low, high) == (pytest.approx(0.4902, abs=1e-4), pytest.approx(0.9433, abs=1e-4))


def test_answer_percentages_by_grade_pool_responses_not_schools(con):
    frame = run(
        con,
        "satisfaction_by_grade",
        family=PV,
        framework_id="eif_2019",
        area="overall_effectiveness",
        window_months=36,
        la_code=None,
        phase=None,
        school_type=None,
    )
    england = {
        r["answer"]: round(100 * r["answer_share"], 1)
        for r in frame.filter(geography="England").iter_rows(named=True)
    }
    # strongly agree 5 + 30 = 35 of 60; agree 3 + 10 = 13; disagree 1 + 5; strongly disagree 1 + 5
    assert england == {
        "strongly_agree": 58.3,
        "agree": 21.7,
        "disagree": 10.0,
        "strongly_disagree": 10.0,
    }


def test_each_kind_of_source_is_its_own_family(con):
    families = {
        r[0] for r in con.execute("select distinct family from school_satisfaction").fetchall()
    }
    assert families == {PV, "questionnaire_own_survey"}


def test_parents_are_set_against_the_judgement_in_force_within_the_window(con):
    # Parent View as at 31 July 2024, inspected 10 October 2022: 21 months after
    rows = con.execute(
        "select window_months, months_apart, pairing, grade_label from satisfaction_gaps "
        "where urn = 900101 order by window_months"
    ).fetchall()
    assert [r[0] for r in rows] == [24, 36, 48, 60]  # not within 12 months
    assert {r[1:] for r in rows} == {(21, "in_force", "Good")}
    # own survey answers of January 2026: 39 months after, so only the 48- and 60-month windows
    windows = con.execute(
        "select window_months from satisfaction_gaps where urn = 900105 order by 1"
    ).fetchall()
    assert windows == [(48,), (60,)]


def test_answers_by_grade_use_the_schools_the_gap_list_compares(con):
    frame = run(
        con,
        "satisfaction_by_grade",
        family=PV,
        framework_id="eif_2019",
        area="overall_effectiveness",
        window_months=12,
        la_code=None,
        phase=None,
        school_type=None,
    )
    assert frame.is_empty()  # 21 months apart: outside a 12-month window, left out here too


# --- pairing, on hand-made tables: the real satisfaction_pairs model ---------------------------


def _pairs(satisfaction, inspections, judgements, schools):  # noqa: ANN001, ANN202
    import duckdb

    from etl.warehouse import build_model, define_macros, gap_method_tables

    con = duckdb.connect()
    gap_method_tables(con, 30, 10)
    define_macros(con)  # the model groups phases with phase_group_of, as in a real build
    con.execute(
        "create table parent_view_flags (urn integer, snapshot_date date, question_set varchar, "
        "flag varchar)"
    )
    for name, rows in (
        ("school_satisfaction", satisfaction),
        ("inspections", inspections),
        ("inspection_judgements", judgements),
        ("schools", schools),
    ):
        con.register(f"{name}_df", pl.DataFrame(rows))
        con.execute(f"create table {name} as select * from {name}_df")  # noqa: S608
    build_model(con, "satisfaction_pairs")
    frame = con.sql("select * from satisfaction_pairs order by urn, family").pl()
    con.close()
    return frame


def _satisfaction(urn, family, source, on):  # noqa: ANN001, ANN202
    return {
        "urn": urn,
        "family": family,
        "source": source,
        "data_date": on,
        "is_latest": True,
        "count_submissions": 50,
        "count_strongly_agree": 30,
        "count_agree": 10,
        "count_disagree": 5,
        "count_strongly_disagree": 5,
        "count_dont_know": 0,
        "count_responses": 50,
        "count_satisfied": 40,
        "share_satisfied": 0.8,
        "ci95_low_share": 0.67,
        "ci95_high_share": 0.89,
        "rounding_low_satisfied": 40.0,
        "rounding_low_responses": 50.0,
        "rounding_high_satisfied": 40.0,
        "rounding_high_responses": 50.0,
        "rounding_half_points": None,
        "is_approximate": False,
    }


def _school(urn, phase="Primary", la_code=383, is_open=True):  # noqa: ANN001, ANN202
    return {"urn": urn, "la_code": la_code, "phase": phase, "is_open": is_open}


def _inspection(urn, number, framework, kind, on):  # noqa: ANN001, ANN202
    return {
        "urn": urn,
        "inspection_id": number,
        "framework_id": framework,
        "kind": kind,
        "started_on": on,
    }


def _grade(urn, number, rank, label, scale="oe4_requires_improvement"):  # noqa: ANN001, ANN202
    return {
        "urn": urn,
        "inspection_id": number,
        "area": "overall_effectiveness",
        "scale_id": scale,
        "grade_rank": rank,
        "grade_label": label,
    }


def test_the_judgement_in_force_is_the_latest_full_inspection_before_the_answers():
    d = date
    frame = _pairs(
        satisfaction=[
            _satisfaction(100001, PV, "parent_view", d(2023, 7, 31)),  # graded 2021, ungraded 2022
            _satisfaction(100002, PV, "parent_view", d(2025, 7, 31)),  # graded 2020, 2024-25 since
            _satisfaction(100003, PV, "parent_view", d(2023, 7, 31)),  # inspected after answering
        ],
        inspections=[
            _inspection(100001, "a1", "eif_2019", "graded", d(2021, 1, 10)),
            _inspection(100001, "a2", "eif_2019", "ungraded", d(2022, 5, 10)),
            _inspection(100002, "b1", "eif_2019", "graded", d(2020, 1, 10)),
            _inspection(100002, "b2", "eif_2024", "graded", d(2025, 1, 10)),
            _inspection(100003, "c1", "cif_2012", "graded", d(2016, 1, 10)),
            _inspection(100003, "c2", "eif_2019", "graded", d(2024, 1, 10)),
        ],
        judgements=[
            _grade(100001, "a1", 2, "Good"),
            _grade(100002, "b1", 1, "Outstanding"),
            _grade(100003, "c1", 3, "Requires improvement"),
            _grade(100003, "c2", 2, "Good"),
        ],
        schools=[_school(u) for u in (100001, 100002, 100003)],
    )
    by_school = {r["urn"]: r for r in frame.iter_rows(named=True)}
    # an ungraded inspection changes no judgement: the 2021 Good stands, 30 months before
    assert (by_school[100001]["grade_label"], by_school[100001]["months_apart"]) == ("Good", 30)
    # a later full inspection without an overall grade replaces the old one: nothing to set against
    assert 100002 not in by_school
    # an inspection after the parents answered is not the one in force
    assert by_school[100003]["grade_label"] == "Requires improvement"
    assert by_school[100003]["pairing"] == "in_force"


def test_a_questionnaire_at_inspection_goes_with_the_inspection_it_came_with():
    d = date
    frame = _pairs(
        satisfaction=[
            _satisfaction(100001, "questionnaire_at_inspection", "at_inspection", d(2010, 3, 3))
        ],
        inspections=[
            _inspection(100001, "a1", "s5_2005", "graded", d(2008, 1, 10)),
            _inspection(100001, "a2", "s5_2005", "graded", d(2010, 3, 1)),
            _inspection(100001, "a3", "cif_2012", "graded", d(2013, 1, 10)),
        ],
        judgements=[
            _grade(100001, "a1", 2, "Good", "oe4_satisfactory"),
            _grade(100001, "a2", 3, "Satisfactory", "oe4_satisfactory"),
            _grade(100001, "a3", 3, "Requires improvement"),
        ],
        schools=[_school(100001, "Secondary")],
    )
    assert frame.select("grade_label", "pairing", "phase_group").rows() == [
        ("Satisfactory", "came_with", "secondary")
    ]


def test_closed_schools_are_not_compared():
    frame = _pairs(
        satisfaction=[_satisfaction(100001, PV, "parent_view", date(2023, 7, 31))],
        inspections=[_inspection(100001, "a1", "eif_2019", "graded", date(2021, 1, 10))],
        judgements=[_grade(100001, "a1", 2, "Good")],
        schools=[_school(100001, is_open=False)],
    )
    assert frame.is_empty()


def test_own_surveys_are_compared_within_their_la_and_published_sources_nationally():
    """An LA's own survey is not public: its reference group is drawn from its school's LA only
    (reference_scope, the LA's code), so no other LA's survey is pooled with it; Parent View
    and questionnaires at inspection are compared with every loaded school."""
    d = date
    frame = _pairs(
        satisfaction=[
            _satisfaction(100001, PV, "parent_view", d(2023, 7, 31)),
            _satisfaction(100001, "questionnaire_own_survey", "own_survey", d(2023, 3, 1)),
            _satisfaction(100002, "questionnaire_own_survey", "own_survey", d(2023, 3, 1)),
            _satisfaction(100003, "questionnaire_at_inspection", "at_inspection", d(2021, 1, 12)),
        ],
        inspections=[
            _inspection(u, f"i{u}", "eif_2019", "graded", d(2021, 1, 10))
            for u in (100001, 100002, 100003)
        ],
        judgements=[_grade(u, f"i{u}", 2, "Good") for u in (100001, 100002, 100003)],
        schools=[_school(100001, la_code=383), _school(100002, la_code=380), _school(100003)],
    )
    assert frame.select("urn", "family", "reference_scope").rows() == [
        (100001, PV, "national"),
        (100001, "questionnaire_own_survey", "383"),
        (100002, "questionnaire_own_survey", "380"),
        (100003, "questionnaire_at_inspection", "national"),
    ]
