"""Shared fixtures: a small demo warehouse built once by the real ETL, and per-test isolation."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = ROOT.parent / "shared" / "samples"
SMALL_DEMO_SCHOOLS = 900


def start(**query: str):  # noqa: ANN201 - an AppTest
    """The dashboard in AppTest, opened at an address carrying `query` (as a shared link)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def first_run_ended(warehouse: Path, timeout: float = 300):  # noqa: ANN201 - a BuildState
    """Wait for the first-run build of `warehouse` to end (it outlives the page that started it)
    and return its last state: tests leave no build running behind them."""
    import fcntl
    import time

    from etl.demo.first_run import lock_path, read_state

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with lock_path(warehouse).open("a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return read_state(warehouse)  # free: no build running
            except BlockingIOError:
                pass
        time.sleep(0.3)
    raise AssertionError(f"the first-run build of {warehouse} still runs after {timeout} s")


def sample(name: str) -> Path:
    """A real published sample from ../shared/, or skip saying why."""
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"real sample {name} not present (../shared/samples/ is not beside this clone)")
    return path


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory: pytest.TempPathFactory):
    """A small demonstration (900 fictional schools) built through the real ETL, and the plan of
    what its generator planted."""
    from etl.build import build_warehouse
    from etl.demo.generate import write_demo

    base = tmp_path_factory.mktemp("demo")
    target = base / "warehouse.duckdb"
    _files, plan = write_demo(
        base / "files", schools=SMALL_DEMO_SCHOOLS, seed=7, progress=lambda _: None
    )
    build_warehouse(base / "files", target, progress=lambda _: None)
    return target, plan


@pytest.fixture(scope="session")
def demo_warehouse(demo_build) -> Path:
    return demo_build[0]


@pytest.fixture
def app_env(demo_warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the dashboard at the small demo warehouse and start every AppTest from clean caches.
    (AppTest starts each run as a fresh server would, in Streamlit's legacy pages/-folder mode:
    every AppTest of a page goes through lens/app/routing.py, as a cold-server link does.)"""
    import streamlit as st

    import lens.data.queries

    monkeypatch.setenv("LENS_WAREHOUSE_PATH", str(demo_warehouse))
    monkeypatch.setenv("LENS_RAISE_PAGE_ERRORS", "1")  # an error fails the test, not a message
    monkeypatch.setattr(lens.data.queries.SETTINGS, "warehouse_path", demo_warehouse)
    st.cache_data.clear()
    st.cache_resource.clear()
    os.environ.setdefault("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")
    return demo_warehouse


@pytest.fixture
def gap_models():
    """Run the gap list's models (gap_reference_members, gap_references, satisfaction_gaps) on a
    frame of pairs, in an in-memory DuckDB: the real models on simulated or hand-made data."""
    import duckdb

    from etl.warehouse import build_model, define_macros, gap_method_tables

    opened = []

    def run(pairs, min_reference_schools: int = 30, min_responses: int = 10):  # noqa: ANN001, ANN202
        con = duckdb.connect()
        opened.append(con)
        gap_method_tables(con, min_reference_schools, min_responses)
        define_macros(con)
        con.register("pairs_df", pairs)
        con.execute("create table satisfaction_pairs as select * from pairs_df")
        for mart in ("gap_reference_members", "gap_references", "satisfaction_gaps"):
            build_model(con, mart)
        return con

    yield run
    for con in opened:
        con.close()
