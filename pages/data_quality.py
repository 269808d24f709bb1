"""Data loaded and rejects: every row or value the ETL did not load, with file, line and reason;
and what each warehouse table holds."""

from __future__ import annotations

import streamlit as st

from lens.app.filters import Selection, current_selection
from lens.sections import data_quality

selection: Selection = current_selection()

st.title("Data loaded and rejects")
data_quality.data_as_at()
data_quality.affected(selection)
st.markdown(
    "Every row of every file is checked as it is loaded. A row missing something essential (such "
    "as a valid URN) is **rejected**; a single bad value (such as an impossible date) is "
    "**dropped** while the rest of the row loads; register entries that are not state-funded "
    "schools are **out of scope**. Line numbers are the file's own, so you can open it and look."
)
data_quality.load_log()
data_quality.coverage()
data_quality.table_docs()
shown = data_quality.what_happened()
data_quality.rejects_by_reason(shown)
data_quality.individual_rejects(shown)
