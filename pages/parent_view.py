"""Parent View: what parents said, how it has moved, and how far each figure can be trusted."""

from __future__ import annotations

import streamlit as st

from lens.app.filters import Selection, current_selection
from lens.sections import parent_view

selection: Selection = current_selection()

st.title("Parent View")
parent_view.data_as_at()
st.markdown(
    "Ofsted's Parent View is open to anyone who says they are a parent, and a school or a campaign "
    "can drive submissions up, so every figure here comes with its base, its interval, and flags "
    "that say when it needs care. Results are published only for schools with 10 or more "
    "submissions, and each question set is kept apart: a reworded question starts a new series."
)
snapshot = parent_view.choose_snapshot()
if snapshot is None:
    st.stop()
questions = parent_view.questions(selection, snapshot)
if questions is None:
    st.stop()
question = parent_view.one_question(selection, snapshot, questions)
parent_view.trend(selection, snapshot, question)
parent_view.school_trend(selection, snapshot, question)
parent_view.who_answered(selection, snapshot)
parent_view.trust_flags(selection)
