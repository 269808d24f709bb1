"""Satisfaction versus effectiveness: where what parents say and what inspectors judged part
company. The gap list comes first; the statistics that explain it follow."""

from __future__ import annotations

import streamlit as st

from lens import gap_sections
from lens.filters import Selection, current_selection

selection: Selection = current_selection(__file__)

st.title("Satisfaction versus effectiveness")
st.markdown(
    "Parents' satisfaction is **not** a measure of effectiveness: even in schools judged "
    "inadequate most parents say their child is happy. This page lists the schools whose parents "
    "are more, or less, satisfied than parents at similar schools by more than schools usually "
    "differ, then shows the figures behind the list."
)
if selection.gap is None:
    st.info(
        "No school has both parents' views and an inspection judgement. Load Parent View or "
        "questionnaire results to compare."
    )
    gap_sections.table_one(selection)
    st.stop()
gap_sections.comparison_note(selection)
schools = gap_sections.gap_schools(selection)
gap_sections.gap_list(selection, schools)
gap_sections.differences(selection, schools)
gap_sections.reference_funnel(selection, schools)
comparison = gap_sections.one_comparison(selection, schools)
if comparison is not None:
    gap_sections.answers_by_grade(selection, comparison)
    gap_sections.schools_with_intervals(selection, comparison, schools)
gap_sections.table_one(selection)
gap_sections.method()
