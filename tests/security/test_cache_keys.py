"""Attacks through caches shared across sessions: one LA's answer must never be handed to another.

Streamlit's caches (st.cache_data, st.cache_resource) are shared by every session of a process and
keyed by their functions' arguments; so is a functools cache. Every cached function that reads the
warehouse must take the scope among its arguments, or read only what is public by design; a new
cached function fails here until it is classified.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import lens
from lens.data.scoping import ScopedConnection
from lens.data.warehouse import open_read_only, run

# Cached functions that take no scope, and why that is safe.
SCOPE_FREE = {
    "lens.data.queries._whole_connection": "the unscoped connection, used only for EVERYTHING "
    "(the demonstration without sign-in) and for public tables (build_info, table names)",
    "lens.data.queries.missing_parts": "table and macro names of a build, public",
    "lens.data.warehouse.sql_text": "the text of a query file",
    "lens.data.warehouse.parameter_names": "the parameters a query file names",
    "lens.auth.config.published_secrets": "cookie secrets printed in the documentation",
    "lens.auth.access._parse_cached": "the sign-in settings, one per content of the secrets file",
    "lens.auth.access._declared": "the value of LENS_SERVES_NON_PUBLIC",
    "lens.present.charts.spec": "a chart template's Vega-Lite spec, without data",
}
SCOPE_ARGUMENTS = {"scope", "access_scope"}


def cached_functions() -> dict[str, inspect.Signature]:
    """Every Streamlit- or functools-cached function of the lens package, by qualified name."""
    found = {}
    for module_info in pkgutil.walk_packages(lens.__path__, "lens."):
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            info = getattr(value, "_info", None)
            func = getattr(info, "func", None) or (
                value.__wrapped__ if hasattr(value, "cache_info") else None
            )
            if func is not None and getattr(func, "__module__", None) == module.__name__:
                found[f"{module.__name__}.{name}"] = inspect.signature(func)
    return found


def test_every_cached_function_is_keyed_by_scope_or_public_by_design():
    functions = cached_functions()
    assert {"lens.data.queries.query", "lens.data.queries.query_rows"} <= set(functions)
    for name, signature in functions.items():
        if name in SCOPE_FREE:
            continue
        assert SCOPE_ARGUMENTS & set(signature.parameters), (
            f"{name} is cached across sessions without the scope in its key: add it, or say "
            "in SCOPE_FREE why what it caches is public"
        )
    assert set(SCOPE_FREE) <= set(functions), "SCOPE_FREE names a function that is gone"


@pytest.fixture
def two_accounts(app_env, monkeypatch, plain_con, ours, theirs):
    """Switch which account is asking, as two sessions of one process would."""
    import lens.data.queries

    def as_account(scope: tuple[int, ...]) -> None:
        monkeypatch.setattr(lens.data.queries, "current_scope", lambda: scope)
        lens.data.queries.end_run()

    return as_account


PARAMS = {"la_code": None, "phase": None, "school_type": None}


def test_one_las_cached_answer_is_never_handed_to_another_la(
    two_accounts, demo_warehouse, ours, theirs
):
    from lens.data.queries import ask, ask_rows

    answers = {}
    for scope in ((ours.code,), (theirs.code,), (ours.code,), ()):
        two_accounts(scope)
        answers.setdefault(scope, []).append(
            (ask("engagement_distribution", **PARAMS), ask_rows("la_summaries", **PARAMS))
        )
    for scope, seen in answers.items():
        direct = ScopedConnection(open_read_only(demo_warehouse), scope)
        expected = run(direct, "engagement_distribution", **PARAMS)
        for distribution, summaries in seen:
            assert distribution.equals(expected), scope
            judged = summaries.filter(summaries["engagement_judgement"].is_not_null())
            assert set(judged["la_code"].to_list()) <= set(scope)
    assert not answers[(ours.code,)][0][0].equals(answers[(theirs.code,)][0][0])
    assert answers[()][0][0].is_empty()


def test_the_demonstration_flag_is_read_per_build(app_env, tmp_path, monkeypatch):
    """An undeclared deployment decides by the build whether non-public rows may be read: a
    real build swapped in where the demo was must not inherit the demo's answer."""
    import shutil

    import duckdb

    import lens.data.queries

    real = tmp_path / "warehouse-real.duckdb"
    shutil.copy(app_env, real)
    with duckdb.connect(str(real)) as con:
        con.execute("update build_info set is_demo = false")
    demo_build = lens.data.queries.current_stamp()
    assert lens.data.queries.session_scope(demo_build) is None  # the demo: everything
    monkeypatch.setattr(lens.data.queries.SETTINGS, "warehouse_path", real)
    real_build = lens.data.queries.current_stamp()
    assert real_build != demo_build
    assert lens.data.queries.session_scope(real_build) == ()
