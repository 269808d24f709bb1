"""Cached access to the warehouse for pages: one function per question a page asks.

Results are keyed by the filter values and by the identity of the warehouse file, so a swapped-in
warehouse is picked up on the next rerun and never mixed with cached old answers. Most are small
aggregates; lists with a row per school go through ask_rows, which keeps fewer of them.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from lens import warehouse
from schemas.settings import Settings

SETTINGS = Settings.from_env()
CACHE = {"ttl": SETTINGS.cache_ttl_seconds, "max_entries": SETTINGS.cache_max_entries}


@st.cache_resource(max_entries=2)
def _connection(build: tuple[str, int]):  # noqa: ANN202 - duckdb type
    """One read-only connection per build file; the previous one is dropped after a swap."""
    return warehouse.open_read_only(warehouse.Path(build[0]))


def current_stamp() -> tuple[str, int]:
    return warehouse.current_file(SETTINGS.warehouse_path)


@st.cache_data(show_spinner=False, **CACHE)
def missing_parts(build: tuple[str, int], tables: tuple[str, ...], macros: tuple[str, ...]):  # noqa: ANN201
    """What one build of the warehouse lacks, checked once per build file."""
    return warehouse.missing_parts(_connection(build), tables, list(macros))


@st.cache_data(show_spinner=False, **CACHE)
def query(name: str, build: tuple[str, int], **params: object) -> pl.DataFrame:
    """Run a named query against one build of the warehouse."""
    return warehouse.run(_connection(build), name, **params)


def ask(name: str, **params: object) -> pl.DataFrame:
    """The page-facing call: the current warehouse, cached per parameters."""
    return query(name, current_stamp(), **params)


ROW_LIST_ENTRIES = 16  # an England-wide list of schools is about 5 MB; aggregates are kilobytes


@st.cache_data(show_spinner=False, ttl=SETTINGS.cache_ttl_seconds, max_entries=ROW_LIST_ENTRIES)
def query_rows(name: str, build: tuple[str, int], **params: object) -> pl.DataFrame:
    """Like query, for results with a row per school: kept for fewer sets of filters, so a run of
    England-wide lists cannot fill the server's memory."""
    return warehouse.run(_connection(build), name, **params)


def ask_rows(name: str, **params: object) -> pl.DataFrame:
    """The page-facing call for lists of schools (see query_rows)."""
    return query_rows(name, current_stamp(), **params)
