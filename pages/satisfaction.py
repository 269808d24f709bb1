"""Satisfaction versus effectiveness: where what parents say and what inspectors judged part
company, and which differences are more than the usual spread between schools."""

from __future__ import annotations

import streamlit as st

from lens import gap_sections
from lens.filters import Selection, current_selection

selection: Selection = current_selection(__file__)

st.title("Satisfaction versus effectiveness")
st.markdown(
    "Parents' satisfaction is **not** a measure of effectiveness: even in schools judged "
    "inadequate most parents say their child is happy. This page shows how far the two part "
    "company for the schools in your selection, and which gaps are larger than the usual spread "
    "between similar schools."
)
gap_sections.table_one(selection)
if selection.gap is None:
    st.info(
        "No school has both parents' views and an inspection judgement in the chosen window. "
        "Choose another source or a longer window under *Gap list* in the sidebar."
    )
    st.stop()
gap_sections.comparison_note(selection)
gap_sections.answers_by_grade(selection)
schools = gap_sections.schools_with_intervals(selection)
if schools is not None:
    gap_sections.differences(selection, schools)
    gap_sections.reference_funnel(selection, schools)
    gap_sections.gap_list(selection, schools)
    gap_sections.method()
