"""Shared fixtures: a small demo warehouse built once by the real ETL, and per-test isolation.

The whole suite is `LENS_REQUIRE_BROWSER=1 python -m pytest --full -n 2` (what .ci/run runs). Plain
`python -m pytest` leaves out the tests marked `slow` (full sweeps, real-browser and proxy tests)
and keeps a representative sample of each sweep. Under pytest-xdist (-n 2) the test warehouses
are built once for the whole run, by whichever worker needs one first, and read by both
(`shared_build`).
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
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


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--full",
        action="store_true",
        help="also run the tests marked slow (full sweeps, real-browser and proxy tests): "
        "the whole suite, as .ci/run runs it",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without --full (or a -m of one's own), leave out the tests marked slow."""
    if config.getoption("--full") or config.getoption("markexpr"):
        return
    slow = [item for item in items if item.get_closest_marker("slow")]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if not item.get_closest_marker("slow")]


def shared_build(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable) -> object:
    """`make(folder)`'s result, made once per test run in a folder of its own and shared by every
    pytest-xdist worker: the first worker to ask makes it under a file lock, the others wait for
    it and read the same files (DuckDB files are opened read-only by any number of processes).
    The result is kept pickled beside the folder; a folder left half-made is made again."""
    from filelock import FileLock

    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's folder, above each worker's own
    folder = root / f"shared-{name}"
    made = root / f"shared-{name}.pickle"
    with FileLock(str(root / f"shared-{name}.lock")):
        if made.exists():
            return pickle.loads(made.read_bytes())
        if folder.exists():
            import shutil

            shutil.rmtree(folder)
        folder.mkdir()
        result = make(folder)
        made.write_bytes(pickle.dumps(result))
        return result


def _make_demo(base: Path):  # noqa: ANN202 - (warehouse, plan)
    from etl.build import build_warehouse
    from etl.demo.generate import write_demo

    target = base / "warehouse.duckdb"
    _files, plan = write_demo(
        base / "files", schools=SMALL_DEMO_SCHOOLS, seed=7, progress=lambda _: None
    )
    build_warehouse(base / "files", target, is_demo=True, progress=lambda _: None)
    return target, plan


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory: pytest.TempPathFactory):
    """A small demonstration (900 fictional schools) built through the real ETL, and the plan of
    what its generator planted: built once per run (shared_build)."""
    return shared_build(tmp_path_factory, "demo", _make_demo)


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


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, dict]:
    """Every download button an AppTest run draws, by its label: the keyword arguments it was
    given (file_name, help, key) and its data (bytes, or what makes them), which AppTest's element
    tree does not carry."""
    import streamlit as st
    from streamlit.delta_generator import DeltaGenerator

    drawn: dict[str, dict] = {}
    original = DeltaGenerator.download_button

    def record(self, label, data, **kwargs):  # noqa: ANN001, ANN202 - Streamlit's own signature
        drawn[label] = {**kwargs, "data": data}
        return original(self, label, data, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", record)
    monkeypatch.setattr(st, "download_button", lambda *a, **k: record(st._main, *a, **k))
    return drawn
