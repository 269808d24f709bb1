"""Before the first page: build the demonstration warehouse on a fresh machine, once, however many
people open the dashboard at the same moment; rebuild one made by an older version; and say plainly
what to do when the warehouse cannot be read, instead of failing with a generic error.

The first session to arrive takes a file lock beside the warehouse and builds, writing its progress
to a file there; the others wait on the lock, showing that progress, then find the warehouse built
(the existence check is repeated once the lock is held).
"""

from __future__ import annotations

import fcntl
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import streamlit as st

from etl.demo.generate import build_demo_warehouse
from etl.warehouse import KEPT_MARTS, macro_names
from lens.queries import SETTINGS, current_stamp, is_demo, missing_parts
from lens.warehouse import WarehouseMissing

REQUIRED_TABLES = (
    *KEPT_MARTS,
    "rejects",
    "load_log",
    "build_info",
    "gap_method",
    "gap_windows",
    "model_docs",
    # the columns lens/scoping.py keeps other LAs' files and rejects by
    "load_log.file_id",
    "load_log.la_codes",
    "rejects.file_id",
    # the learning words the Engagement page's allowance for the coder's errors needs
    "report_points.has_learning_words",
    "report_parent_sentences.has_learning_words",
)
POLL_SECONDS = 0.5


class WarehouseUnavailable(Exception):
    """The warehouse exists but cannot be used; the message says what to run."""


def _lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(f".{warehouse.name}.first-run.lock")


def _progress_path(warehouse: Path) -> Path:
    return warehouse.with_name(f".{warehouse.name}.first-run.log")


@contextmanager
def _first_run_lock(warehouse: Path) -> Iterator[None]:
    """Hold the first-run lock; while another session holds it, show its build's progress."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    with _lock_path(warehouse).open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            with st.status(
                "Another session is building the demonstration data set: waiting for it",
                expanded=True,
            ) as status:
                shown = st.empty()
                while True:
                    try:
                        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        log = _progress_path(warehouse)
                        lines = log.read_text().splitlines()[-6:] if log.exists() else []
                        shown.code("\n".join(lines) or "starting", language=None)
                        time.sleep(POLL_SECONDS)
                status.update(label="Demonstration data ready", state="complete", expanded=False)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build_demo(label: str, still_needed: Callable[[], bool]) -> None:
    """Build the demo under the lock, unless another session built it meanwhile."""
    warehouse = SETTINGS.warehouse_path
    with _first_run_lock(warehouse):
        if not still_needed():
            return  # built by the session that held the lock
        log = _progress_path(warehouse)
        log.write_text("")
        with st.status(label, expanded=True) as status:

            def progress(line: str) -> None:
                status.write(line)
                with log.open("a") as out:
                    out.write(line + "\n")

            report = build_demo_warehouse(
                SETTINGS.demo_dir,
                warehouse,
                schools=SETTINGS.demo_school_count,
                seed=SETTINGS.demo_seed,
                progress=progress,
            )
            status.update(
                label=f"Demonstration data ready ({report.seconds:.0f} s)",
                state="complete",
                expanded=False,
            )


def _check_readable(warehouse: Path) -> list[str]:
    """The tables and macros the warehouse lacks; WarehouseUnavailable when it cannot be read."""
    if warehouse.is_symlink() and not warehouse.exists():
        raise WarehouseUnavailable(
            f"The warehouse link {warehouse} points to {warehouse.readlink()}, which is missing. "
            "Run `python -m etl build` to build it again from the files in data/raw (or "
            "`python -m etl demo` for the demonstration data)."
        )
    try:
        return missing_parts(current_stamp(), REQUIRED_TABLES, tuple(macro_names()))
    except (WarehouseMissing, duckdb.Error, OSError) as problem:
        raise WarehouseUnavailable(
            f"The warehouse {warehouse} cannot be read ({type(problem).__name__}). Run "
            "`python -m etl build` to build a new one from the files in data/raw (or "
            "`python -m etl demo` for the demonstration data); the server log has the details."
        ) from problem


def ensure_warehouse() -> None:
    """A warehouse this version can read, or WarehouseUnavailable saying how to get one."""
    warehouse = SETTINGS.warehouse_path
    if not warehouse.exists() and not warehouse.is_symlink():
        _build_demo(
            "First run: building the demonstration data set (fictional schools, about half a "
            "minute)",
            still_needed=lambda: not warehouse.exists(),
        )
        return
    missing = _check_readable(warehouse)
    if not missing:
        return
    # build_info is public: read on the plain connection (a scoped one needs tables it may lack)
    if is_demo(current_stamp()):
        _build_demo(
            "The demonstration data was built by an older version of Partnership Lens: "
            "rebuilding it (about half a minute)",
            still_needed=lambda: bool(_check_readable(warehouse)),
        )
        return
    st.error(
        "The warehouse was built by an older version of Partnership Lens and lacks "
        f"{', '.join(missing)}. Run `python -m etl build` to rebuild it from the files in "
        "data/raw; the current warehouse stays in use until the new one is complete.",
        icon=":material/update:",
    )
    st.stop()
