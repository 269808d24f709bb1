"""'My child is happy at this school' is found by each question set's declared id
(schemas/parent_view.py happy_question_id), never by a hard-coded '1': right for the three sets
today, wrong without a word for a fourth that numbers it otherwise (an independent statistician's
review). Shown here with a set whose happy question is declared as 3."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from lens.rules import discuss, profile
from tests.test_profile import make


@pytest.fixture
def happy_is_three(monkeypatch: pytest.MonkeyPatch) -> str:
    declared = profile.SET_BY_ID["pv_2019"].model_copy(update={"happy_question_id": "3"})
    monkeypatch.setitem(profile.SET_BY_ID, "pv_2019", declared)
    return "pv_2019"


def test_the_small_base_point_gives_the_declared_happy_questions_interval(happy_is_three):
    questions = {
        "snapshot_date": [date(2026, 10, 31)] * 2,
        "question_set": [happy_is_three] * 2,
        "question_id": ["1", "3"],
        "submissions": [12, 12],
        "ci95_low_pct": [10.0, 50.0],
        "ci95_high_pct": [20.0, 60.0],
    }
    (point,) = discuss.points_to_discuss(make(pv_questions=questions))
    assert point.topic == "Small Parent View base"
    assert "(% satisfied: 95% interval 50.0% to 60.0%)" in point.text


def test_the_overview_takes_the_declared_happy_question(happy_is_three, monkeypatch):
    from lens.sections import home

    snapshots = pl.DataFrame(
        {"question_set": [happy_is_three], "snapshot_date": [date(2026, 7, 31)]}
    )
    questions = pl.DataFrame({"question_id": ["1", "3"], "pct_positive": [11.0, 33.0]})
    monkeypatch.setattr(
        home, "ask", lambda name, **_: snapshots if name == "pv_snapshots" else questions
    )

    class Everywhere:
        params: dict = {}

    found = home.latest_happy(Everywhere())
    assert (found["question_id"], found["pct_positive"]) == ("3", 33.0)
