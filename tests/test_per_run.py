"""One look at the warehouse link and the session's scope per page run (lens/data/queries.py):
shared by every question in the run, looked at afresh by the next run and outside a run."""

from __future__ import annotations

import pytest

import lens.data.queries as queries


@pytest.fixture(autouse=True)
def demonstration_build(monkeypatch):
    """The builds here are names, not files: say they are the demonstration data, so the session's
    scope is whatever sign-in gives (lens/data/queries.session_scope) without opening a
    warehouse."""
    monkeypatch.setattr(queries, "is_demo", lambda build: True)


def test_a_run_shares_one_look_and_the_next_run_looks_again(monkeypatch):
    looks = []
    monkeypatch.setattr(queries, "current_stamp", lambda: looks.append(1) or ("w1", len(looks)))
    monkeypatch.setattr(queries, "current_scope", lambda: queries.EVERYTHING)
    queries.begin_run()
    assert queries._stamp() == ("w1", 1) and queries._stamp() == ("w1", 1)
    assert len(looks) == 1
    queries.begin_run()  # the next page view: a swapped-in build is seen
    assert queries._stamp() == ("w1", 2)
    queries.end_run()  # outside a run (a download being made): every call looks afresh
    assert queries._stamp() == ("w1", 3) and queries._stamp() == ("w1", 4)


def test_per_run_makes_once_in_a_run_and_every_time_outside_one(monkeypatch):
    monkeypatch.setattr(queries, "current_stamp", lambda: ("w", 1))
    monkeypatch.setattr(queries, "current_scope", lambda: queries.EVERYTHING)
    made = []
    queries.begin_run()
    assert queries.per_run("x", lambda: made.append(1) or len(made)) == 1
    assert queries.per_run("x", lambda: made.append(1) or len(made)) == 1
    queries.end_run()
    assert queries.per_run("x", lambda: made.append(1) or len(made)) == 2
    assert queries.per_run("x", lambda: made.append(1) or len(made)) == 3


def test_the_scope_is_the_runs(monkeypatch):
    monkeypatch.setattr(queries, "current_stamp", lambda: ("w", 1))
    monkeypatch.setattr(queries, "current_scope", lambda: (383,))
    queries.begin_run()
    monkeypatch.setattr(queries, "current_scope", lambda: (330,))  # changed mid-run: not seen
    assert queries.run_scope() == (383,)
    queries.end_run()
    assert queries.run_scope() == (330,)
