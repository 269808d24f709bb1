"""Before the first page: on a fresh machine, the demonstration data built once by a process of its
own (lens/app/demo_build.py), whose progress every visitor watches, the first included, until there
is something to show; a demonstration warehouse made by an older version rebuilt the same way; and a
plain message saying what to do when the warehouse cannot be read, instead of a generic error.

The build swaps in the default LA's region first, then the national data: while only the region
is there, every page says so, follows the national build, and draws itself again when it is in.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import duckdb
import polars as pl
import streamlit as st

from etl.warehouse import KEPT_MARTS, SCHEMA_VERSION, macro_names
from lens.app import demo_build
from lens.app.demo_build import CannotStart, Need, Seen
from lens.auth.access import EVERYTHING
from lens.data.queries import SETTINGS, ask, current_stamp, is_demo, missing_parts, query
from lens.data.warehouse import WarehouseMissing
from lens.present.ui import md

REQUIRED_TABLES = (
    *KEPT_MARTS,
    "rejects",
    "load_log",
    "build_info",
    "build_info.schema_version",  # the version of the tables (etl/warehouse.py SCHEMA_VERSION)
    "gap_method",
    "gap_windows",
    "model_docs",
    # the columns lens/data/scoping.py keeps other LAs' files and rejects by
    "load_log.file_id",
    "load_log.la_codes",
    "rejects.file_id",
    "rejects.lines",  # every line a reject of many rows stands for: the data page names each school
    # the Explore list names the question set of each school's latest Parent View result
    "school_summaries.parent_view_question_set",
    # the learning words the Engagement page's allowance for the coder's errors needs
    "report_points.has_learning_words",
    "report_parent_sentences.has_learning_words",
)
POLL_SECONDS = 0.5  # how often a waiting page looks at the build's progress
FOLLOW_SECONDS = 2.0  # how often a page showing the region looks for the national data
SHOWN_LINES = 6


class WarehouseUnavailable(Exception):
    """The warehouse exists but cannot be used; the message says what to run."""


def _other_version(build: tuple[str, int]) -> list[str]:
    """What says a warehouse with every table this version reads was still built by another
    version of the pipeline: its recorded schema version (build_info is public)."""
    built = query("build_info", build, EVERYTHING)["schema_version"][0]
    return [] if built == SCHEMA_VERSION else [f"schema version {SCHEMA_VERSION} (it has {built})"]


def _check_readable(warehouse: Path) -> list[str]:
    """The tables and macros the warehouse lacks, or its schema version when it is not this
    version's; WarehouseUnavailable when it cannot be read."""
    if warehouse.is_symlink() and not warehouse.exists():
        raise WarehouseUnavailable(
            f"The warehouse link {warehouse} points to {warehouse.readlink()}, which is missing. "
            "Run `python -m etl build` to build it again from the files in data/raw (or "
            "`python -m etl demo` for the demonstration data)."
        )
    try:
        return missing_parts(current_stamp(), REQUIRED_TABLES, tuple(macro_names())) or (
            _other_version(current_stamp())
        )
    except (WarehouseMissing, duckdb.Error, OSError) as problem:
        raise WarehouseUnavailable(
            f"The warehouse {warehouse} cannot be read ({type(problem).__name__}). Run "
            "`python -m etl build` to build a new one from the files in data/raw (or "
            "`python -m etl demo` for the demonstration data); the server log has the details."
        ) from problem


def _first_need() -> Need | None:
    """'first' while there is no warehouse this version can show (none, or an older demo)."""
    warehouse = SETTINGS.warehouse_path
    if not warehouse.exists():
        return "first"
    return "first" if _check_readable(warehouse) else None


def _shown_region(build: tuple[str, int]) -> str | None:
    """The region a regional first warehouse holds; None for a complete one (or one built before
    regional warehouses existed)."""
    info = query("build_info", build, EVERYTHING)  # a public table
    region = info.get_column("partial_region", default=pl.Series([None]))
    return region[0]


def _national_need() -> Need | None:
    """'national' while the warehouse the link names now holds one region only."""
    return "national" if _shown_region(current_stamp()) else None


def _look(needed) -> Seen:  # noqa: ANN001 - one of the two needs above
    try:
        return demo_build.watch(
            SETTINGS.warehouse_path,
            needed,
            demo_build.demo_command(SETTINGS, SETTINGS.warehouse_path),
        )
    except CannotStart as problem:
        raise WarehouseUnavailable(str(problem)) from problem


def _show_progress(seen: Seen, bar, lines=None, note=st) -> None:  # noqa: ANN001 - placeholders
    """How far the build has come, with its last line (and, given `lines`, the few before it),
    in an adviser's words; why it was started again, if it was."""
    if seen.restart_reason:
        note.warning(
            f"{seen.restart_reason} It has been started once more.", icon=":material/replay:"
        )
    last = seen.progress[-1] if seen.progress else None
    bar.progress(
        seen.fraction,
        text=f"{seen.fraction:.0%}: {md(last.words)}" if last else "Starting the build",
    )
    if lines is not None:
        shown = seen.progress[-SHOWN_LINES:]
        lines.markdown(
            "\n".join(f"- {line.seconds:.0f} s: {md(line.words)}" for line in shown) or " "
        )


def _wait_for_demo(label: str) -> None:
    """Start the demonstration build or join the one running, and show its progress until there
    is a warehouse to show; WarehouseUnavailable (saying what to run) if it cannot be built."""
    with st.status(label, expanded=True) as status:
        note, bar, lines = st.empty(), st.empty(), st.empty()
        while True:
            seen = _look(_first_need)
            if seen.state == "ready":
                break
            if seen.state == "failed":
                status.update(label="The demonstration data could not be built", state="error")
                raise WarehouseUnavailable(seen.error)
            _show_progress(seen, bar, lines, note)
            time.sleep(POLL_SECONDS)
        status.update(label="Demonstration data ready to show", state="complete", expanded=False)


def ensure_warehouse() -> None:
    """A warehouse this version can read, or WarehouseUnavailable saying how to get one."""
    warehouse = SETTINGS.warehouse_path
    if not warehouse.exists() and not warehouse.is_symlink():
        _wait_for_demo(
            "First run: building the demonstration data set (fictional schools: Leeds and its "
            "region in about half a minute, then all of England)"
        )
        return
    missing = _check_readable(warehouse)
    if not missing:
        return
    # build_info is public: read on the plain connection (a scoped one needs tables it may lack)
    if is_demo(current_stamp()):
        _wait_for_demo(
            "The demonstration data was built by an older version of Partnership Lens: "
            "rebuilding it (Leeds and its region in about half a minute, then all of England)"
        )
        return
    logging.getLogger("lens").warning(
        "the warehouse %s was built by another version of the pipeline: it lacks %s",
        warehouse,
        ", ".join(missing),
    )
    st.error(
        "**The data were loaded by an older version of Partnership Lens**, and this version "
        "cannot show them as they are. Load them again with this version: run "
        "`python -m etl build` (as when the data were first loaded). Nothing has been deleted: "
        "your files and the data already loaded stay as they are until the new load is "
        "complete.",
        icon=":material/update:",
    )
    st.stop()


def regional_note() -> None:
    """While the warehouse holds the default LA's region only: say so, and follow the national
    build (the page draws itself again when the national data is in)."""
    info = ask("build_info")  # this page run's build, looked at once (lens/data/queries.begin_run)
    region = info.get_column("partial_region", default=pl.Series([None]))[0]
    if region is None:
        return
    las = ask("local_authorities").filter(pl.col("la_code") == SETTINGS.default_la_code)
    shown = (
        f"{las['la_name'][0]} and its neighbouring local authorities ({region})"
        if las.height
        else region
    )
    st.info(
        f"**Showing {md(shown)} while the national demonstration data finishes building.** "
        "Figures for all of England and the gap list's comparisons with other schools will "
        "change when it is in; this page will then draw itself again.",
        icon=":material/hourglass_top:",
    )
    _follow_national()


@st.fragment(run_every=FOLLOW_SECONDS)
def _follow_national() -> None:
    """The national build's progress; the whole page again once it is swapped in."""
    try:
        seen = _look(_national_need)
    except WarehouseUnavailable as problem:
        st.error(str(problem), icon=":material/error:")
        return
    if seen.state == "ready":
        st.rerun()
    if seen.state == "failed":
        st.error(seen.error, icon=":material/error:")
        return
    _show_progress(seen, st.empty())
