"""On a fresh machine, build the demonstration warehouse before the first page, showing progress."""

from __future__ import annotations

import streamlit as st

from etl.demo.generate import build_demo_warehouse
from lens.queries import SETTINGS


def ensure_warehouse() -> None:
    """Build the demo warehouse if none exists yet; real data is loaded with `python -m etl`."""
    if SETTINGS.warehouse_path.exists():
        return
    with st.status(
        "First run: building the demonstration data set (fictional schools, about a minute)",
        expanded=True,
    ) as status:
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
