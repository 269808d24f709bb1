"""Data loaded and rejects: every row or value the ETL did not load, with file, line and reason;
and what each warehouse table holds."""

from __future__ import annotations

import polars as pl
import streamlit as st

from lens.coverage import national
from lens.filters import current_selection
from lens.queries import ask
from lens.ui import download_buttons, md, show_table

ROW_LIMIT = 5000
current_selection(__file__)

st.title("Data loaded and rejects")
st.markdown(
    "The ETL checks every row of every file. A row missing something essential (such as a valid "
    "URN) is **rejected**; a single bad value (such as an impossible date) is **dropped** while "
    "the rest of the row loads; register entries that are not state-funded schools are **out of "
    "scope**. Line numbers are the file's own, so you can open it and look."
)
log = ask("load_log")
show_table(log)
download_buttons(log, "load log", {"What": "Files loaded into the warehouse"})

st.subheader("How far the loaded data reaches")
st.markdown(md(national().words()))
reach = ask("coverage")
show_table(reach)
download_buttons(reach, "coverage", {"What": "How far the loaded inspection data reaches"})

# The warehouse's own documentation names its tables and columns on purpose (for whoever writes
# SQL against it); the container's key lets the tests that scan for database names leave it out.
with st.container(key="warehouse-docs"):
    st.subheader("What each table holds")
    st.markdown(
        "Every table the dashboard reads documents itself: what a row is, what each column "
        "holds and in what unit, and the checks each column must pass. The checks run on every "
        "new warehouse before it is swapped in, so a build that breaks one is never shown."
    )
    docs = ask("model_docs")
    tables = docs.filter(pl.col("column_name").is_null())
    model = st.selectbox("Table", tables["model"].to_list(), key="dq_model", bind="query-params")
    about = tables.filter(pl.col("model") == model).row(0, named=True)
    st.markdown(md(about["description"]))
    st.caption(md(about["checks"].capitalize()))
    columns = docs.filter((pl.col("model") == model) & pl.col("column_name").is_not_null())
    show_table(columns.drop("model"))
    download_buttons(
        docs.filter(pl.col("column_name").is_not_null()),
        "table documentation",
        {"What": "What each warehouse table holds, column by column"},
    )

actions = ["All", *ask("reject_actions")["action"].to_list()]
action = st.segmented_control("Show", actions, default="All", key="dq_action", bind="query-params")
chosen = None if action in (None, "All") else action

st.subheader("Rejects by reason")
summary = ask("reject_summary", action=chosen)
show_table(summary)
download_buttons(summary, "reject summary", {"What": "Rejects grouped by reason", "Show": action})

st.subheader("Individual rejects")
files = ["All files", *log["file"].to_list()]
file = st.selectbox("File", files, key="dq_file", bind="query-params")
detail = ask(
    "rejects_list", action=chosen, file=None if file == "All files" else file, row_limit=ROW_LIMIT
)
st.caption(
    f"{detail.height:,} shown" + (f" (first {ROW_LIMIT:,})" if detail.height == ROW_LIMIT else "")
)
show_table(detail)
download_buttons(detail, "rejects", {"What": "Individual rejects", "Show": action, "File": file})
