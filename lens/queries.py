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
def _connection(path: str, file_stamp: tuple[int, int]):  # noqa: ANN202 - duckdb type
    del file_stamp  # part of the cache key only: a new file gets a new connection
    return warehouse.open_read_only(warehouse.Path(path))


def current_stamp() -> tuple[int, int]:
    return warehouse.stamp(SETTINGS.warehouse_path)


@st.cache_data(show_spinner=False, **CACHE)
def query(name: str, file_stamp: tuple[int, int], **params: object) -> pl.DataFrame:
    """Run a named query against the warehouse file identified by `file_stamp`."""
    con = _connection(str(SETTINGS.warehouse_path), file_stamp)
    return warehouse.run(con, name, **params)


def ask(name: str, **params: object) -> pl.DataFrame:
    """The page-facing call: the current warehouse, cached per parameters."""
    return query(name, current_stamp(), **params)
