"""Before the first page: build the demonstration warehouse on a fresh machine, and rebuild one
made by an older version of Partnership Lens, showing progress; a real-data warehouse of an older
version is explained, never silently replaced."""

from __future__ import annotations

import streamlit as st

from etl.demo.generate import build_demo_warehouse
from etl.warehouse import KEPT_MARTS, macro_names
from lens.queries import SETTINGS, ask, current_stamp, missing_parts

REQUIRED_TABLES = (*KEPT_MARTS, "rejects", "load_log", "build_info", "gap_method", "gap_windows")


def _build_demo(label: str) -> None:
    with st.status(label, expanded=True) as status:
        report = build_demo_warehouse(
            SETTINGS.demo_dir,
            SETTINGS.warehouse_path,
            schools=SETTINGS.demo_school_count,
            seed=SETTINGS.demo_seed,
            progress=status.write,
        )
        status.update(
            label=f"Demonstration data ready ({report.seconds:.0f} s)",
            state="complete",
            expanded=False,
        )


def ensure_warehouse() -> None:
    """A warehouse this version can read, or a clear message saying how to get one."""
    if not SETTINGS.warehouse_path.exists():
        _build_demo(
            "First run: building the demonstration data set (fictional schools, under a minute)"
        )
        return
    missing = missing_parts(current_stamp(), REQUIRED_TABLES, tuple(macro_names()))
    if not missing:
        return
    if bool(ask("build_info")["is_demo"][0]):
        _build_demo(
            "The demonstration data was built by an older version of Partnership Lens: "
            "rebuilding it (under a minute)"
        )
        return
    st.error(
        "The warehouse was built by an older version of Partnership Lens and lacks "
        f"{', '.join(missing)}. Run `python -m etl build` to rebuild it from the files in "
        "data/raw; the current warehouse stays in use until the new one is complete.",
        icon=":material/update:",
    )
    st.stop()
