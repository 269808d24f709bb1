"""Cached access to the warehouse for pages: one function per question a page asks.

Results are keyed by the filter values and by the identity of the warehouse file, so a swapped-in
warehouse is picked up on the next rerun and never mixed with cached old answers; with sign-in on,
also by the LAs whose non-public rows the user may see (lens/auth/access.py), so one user's answer
is never another's. Most are small
aggregates; lists with a row per school go through ask_rows, which keeps fewer of them.

A deployment that has not declared it serves non-public data (LENS_SERVES_NON_PUBLIC) never reads
the non-public rows of a real warehouse, signed in or not: every question runs on a connection
scoped to no LA (session_scope). The demonstration warehouse, whose schools and figures are all
fictional, shows its fictional own surveys and engagement judgements as before.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

import polars as pl
import streamlit as st

from lens.auth.access import EVERYTHING, Scope, current_scope, serves_non_public
from lens.data import warehouse
from lens.data.scoping import ScopedConnection
from schemas.settings import Settings

SETTINGS = Settings.from_env()
T = TypeVar("T")
CACHE = {"ttl": SETTINGS.cache_ttl_seconds, "max_entries": SETTINGS.cache_max_entries}


def _connection(build: tuple[str, int], scope: Scope):  # noqa: ANN202 - duckdb type
    """The read-only connection for one build file and one scope of non-public rows
    (lens/auth/access.py): with sign-in off (EVERYTHING) the build's plain connection, as always;
    for a signed-in user, one on which the non-public tables show only their LAs' rows
    (lens/data/scoping.py)."""
    if scope is EVERYTHING:
        return _whole_connection(build)
    return _scoped_connection(build, scope)


@st.cache_resource(max_entries=2)
def _whole_connection(build: tuple[str, int]):  # noqa: ANN202 - duckdb type
    """One read-only connection per build file; the previous one is dropped after a swap."""
    return warehouse.open_read_only(warehouse.Path(build[0]))


@st.cache_resource(max_entries=32, ttl=3600)
def _scoped_connection(build: tuple[str, int], scope: tuple[int, ...]) -> ScopedConnection:
    """One per build and scope in use; an hour's limit lets go of a swapped-out build even when
    no other scope comes along to push it out."""
    return ScopedConnection(warehouse.open_read_only(warehouse.Path(build[0])), scope)


def current_stamp() -> tuple[str, int]:
    """The build the warehouse link names now: looked at on every question, so the next page view
    after a swap shows the new data."""
    return warehouse.current_file(SETTINGS.warehouse_path)


@st.cache_data(show_spinner=False, **CACHE)
def missing_parts(build: tuple[str, int], tables: tuple[str, ...], macros: tuple[str, ...]):  # noqa: ANN201
    """What one build of the warehouse lacks, checked once per build file."""
    # table, column and macro names: public, so the whole connection
    return warehouse.missing_parts(_connection(build, EVERYTHING), tables, list(macros))


# Query results are cached as resources, not data: a polars DataFrame cannot be changed in place,
# so every session can be handed the same one, without the copy (a pickle round trip) that
# st.cache_data makes on every read.
@st.cache_resource(show_spinner=False, **CACHE)
def query(name: str, build: tuple[str, int], access_scope: Scope, **params: object) -> pl.DataFrame:
    """Run a named query against one build of the warehouse, as one scope of users may see it
    (part of the cache key, so one LA's answer is never handed to another's user). The scope has
    no default: a caller that forgets it fails, never reads everything."""
    return warehouse.run(_connection(build, access_scope), name, **params)


# What one page run shares: the build the warehouse link names and the session's scope, looked
# at once when the router starts the page (begin_run) instead of at every question (a filesystem
# look and a secrets check each, about a tenth of a rerun's CPU). Each session's runs happen on its
# own thread; a thread that did not start a page run (a download being made) looks afresh.
_run = threading.local()


def end_run() -> None:
    """Forget the last run's build and scope (the router calls this before anything else)."""
    _run.__dict__.clear()


def begin_run() -> None:
    """Look at the warehouse link and the session's scope once for this page run; called by the
    router once the warehouse is ready, so a swap still shows at the next page view."""
    end_run()
    _run.stamp = current_stamp()
    _run.scope = session_scope(_run.stamp)
    _run.memo = {}


def per_run(key: str, make: Callable[[], T]) -> T:
    """`make()` once per page run (each call afresh outside one)."""
    memo = getattr(_run, "memo", None)
    if memo is None:
        return make()
    if key not in memo:
        memo[key] = make()
    return memo[key]


def _stamp() -> tuple[str, int]:
    stamp = getattr(_run, "stamp", None)
    return stamp if stamp is not None else current_stamp()


def is_demo(build: tuple[str, int]) -> bool:
    """Whether a build is the demonstration data (its build_info says so; public, cached)."""
    return bool(query("build_info", build, EVERYTHING)["is_demo"][0])  # a public table


def session_scope(build: tuple[str, int]) -> Scope:
    """The LAs whose non-public rows this session's questions may read in `build`: the signed-in
    person's (lens/auth/access.py), or none at all when the deployment has not declared that it
    serves non-public data and the build is real data, not the demonstration."""
    scope = current_scope()
    if scope == () or serves_non_public() or is_demo(build):
        return scope
    return ()


def run_scope() -> Scope:
    """This page run's scope (session_scope of the run's build)."""
    return _run.scope if hasattr(_run, "scope") else session_scope(_stamp())


class ScopeInParameters(ValueError):
    """A page passed a scope of its own: only the session's scope decides what it may read."""


def _unscoped(params: dict[str, object]) -> dict[str, object]:
    """The call's parameters, refused when they name a scope (a parameter can never widen, or
    narrow, the signed-in user's)."""
    if "access_scope" in params or "scope" in params:
        raise ScopeInParameters("the scope is the session's, never a parameter")
    return params


def ask(name: str, **params: object) -> pl.DataFrame:
    """The page-facing call: the current warehouse, cached per parameters and scope."""
    return query(name, _stamp(), run_scope(), **_unscoped(params))


@st.cache_resource(show_spinner=False, **CACHE)
def derived(
    what: str,
    _make: Callable[..., pl.DataFrame],
    names: tuple[str, ...],
    build: tuple[str, int],
    access_scope: Scope,
    **params: object,
) -> pl.DataFrame:
    """`_make` applied to the results of the named queries (each binding the parameters it
    names), worked out once per build, filters and scope, as a query is; `what` names the
    working-out in the cache key (a rule of lens/rules/, which this layer does not import)."""
    con = _connection(build, access_scope)
    return _make(*(warehouse.run(con, name, **params) for name in names))


def ask_derived(
    what: str, make: Callable[..., pl.DataFrame], names: tuple[str, ...], **params: object
) -> pl.DataFrame:
    """The page-facing call for derived."""
    return derived(what, make, names, _stamp(), run_scope(), **_unscoped(params))


ROW_LIST_ENTRIES = 16  # an England-wide list of schools is about 5 MB; aggregates are kilobytes


@st.cache_resource(show_spinner=False, ttl=SETTINGS.cache_ttl_seconds, max_entries=ROW_LIST_ENTRIES)
def query_rows(
    name: str, build: tuple[str, int], access_scope: Scope, **params: object
) -> pl.DataFrame:
    """Like query, for results with a row per school: kept for fewer sets of filters, so a run of
    England-wide lists cannot fill the server's memory."""
    return warehouse.run(_connection(build, access_scope), name, **params)


def ask_rows(name: str, **params: object) -> pl.DataFrame:
    """The page-facing call for lists of schools (see query_rows)."""
    return query_rows(name, _stamp(), run_scope(), **_unscoped(params))
