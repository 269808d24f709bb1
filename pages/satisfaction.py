"""Satisfaction versus effectiveness: where what parents say and what inspectors judged part
company. The gap list comes first; the statistics that explain it follow."""

from __future__ import annotations

import streamlit as st

from lens.app.filters import Selection, current_selection
from lens.sections import satisfaction, satisfaction_method

selection: Selection = current_selection()

st.title("Satisfaction versus effectiveness")
satisfaction.data_as_at()
st.markdown(
    "Parents' satisfaction is **not** a measure of effectiveness: even in schools judged "
    "inadequate most parents say their child is happy. This page lists the schools whose parents "
    "are more, or less, satisfied than parents at schools with the same grade and phase by more "
    "than schools usually differ, then shows the figures behind the list."
)
if selection.gap is None:
    st.info(
        "No school has both parents' views and an inspection judgement. Load Parent View or "
        "questionnaire results to compare."
    )
    satisfaction_method.table_one(selection)
    st.stop()
satisfaction.comparison_note(selection)
schools = satisfaction.gap_schools(selection)
satisfaction.gap_list(selection, schools)
satisfaction.differences(selection, schools)
satisfaction.reference_funnel(selection, schools)
comparison = satisfaction.one_comparison(selection, schools)
if comparison is not None:
    satisfaction.answers_by_grade(selection, comparison)
    satisfaction.schools_with_intervals(selection, comparison, schools)
satisfaction_method.table_one(selection)
satisfaction_method.method()
