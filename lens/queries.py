"""Cached access to the warehouse for pages: one function per question a page asks.

Results are small aggregates keyed by the filter values and by the identity of the warehouse file,
so a swapped-in warehouse is picked up on the next rerun and never mixed with cached old answers.
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
