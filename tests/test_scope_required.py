"""Scope required: the query layer's cached functions take the scope with no default (a caller
that forgets it fails instead of reading every LA's rows), and the page-facing calls take it from
the session alone, so no parameter, however a page or an address builds it, overrides the
signed-in user's scope."""

from __future__ import annotations

import inspect

import pytest

import lens.data.queries as queries
from lens.auth.access import EVERYTHING

CACHED = [queries._connection, queries.query, queries.query_rows, queries.derived]
PARAMS = {"la_code": None, "phase": None, "school_type": None}


@pytest.mark.parametrize("function", CACHED, ids=lambda f: f.__name__)
def test_no_query_function_has_a_default_scope(function):
    inner = getattr(function, "__wrapped__", None) or getattr(function, "_info", None)
    signature = inspect.signature(getattr(inner, "func", inner) or function)
    scope = next(p for name, p in signature.parameters.items() if name in ("scope", "access_scope"))
    assert scope.default is inspect.Parameter.empty


def test_a_call_without_a_scope_fails(app_env):
    with pytest.raises(TypeError):
        queries.query("engagement_distribution", queries.current_stamp(), **PARAMS)  # noqa


def _limited(monkeypatch, scope: tuple[int, ...]) -> None:
    """This session's scope, as sign-in would give it: one LA's non-public rows."""
    monkeypatch.setattr(queries, "run_scope", lambda: scope)


@pytest.mark.parametrize("name", ["access_scope", "scope"])
@pytest.mark.parametrize("ask", [queries.ask, queries.ask_rows], ids=["ask", "ask_rows"])
def test_a_parameter_cannot_override_the_users_scope(app_env, monkeypatch, ask, name):
    _limited(monkeypatch, (383,))
    for wider in (EVERYTHING, (383, 380), ()):
        with pytest.raises(queries.ScopeInParameters):
            ask("engagement_distribution", **{name: wider}, **PARAMS)
    with pytest.raises(queries.ScopeInParameters):
        queries.ask_derived("shares", lambda f: f, ("engagement_distribution",), access_scope=None)


def test_the_session_scope_is_what_a_page_reads(app_env, monkeypatch):
    """The control: the limited session reads its LA's rows, the same as the query asked with
    that scope, and fewer than everyone's."""
    build = queries.current_stamp()
    everyone = queries.query("engagement_distribution", build, EVERYTHING, **PARAMS)
    la = 383
    mine = queries.query("engagement_distribution", build, (la,), **PARAMS)
    _limited(monkeypatch, (la,))
    asked = queries.ask("engagement_distribution", **PARAMS)
    assert asked.equals(mine)
    assert everyone["count_schools"].sum() > asked["count_schools"].sum() > 0
