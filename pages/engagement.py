"""Engagement: how well schools work with parents, and whether that work is engagement with
learning, or only involvement, informing or recounting parents' views."""

from __future__ import annotations

import streamlit as st

from lens.app.filters import Selection, current_selection
from lens.sections import engagement

selection: Selection = current_selection()

st.title("Engagement with parents")
engagement.data_as_at()
st.markdown(
    "- **Parental engagement**: parents supporting their own child's learning, at home or with "
    "the school. It raises attainment.\n"
    "- **Parental involvement**: parents attending, volunteering, fundraising, in governance, "
    "forums and consultations. Valuable, but it does not raise attainment by itself.\n"
    "- **Informing**: the school telling parents things.\n"
    "- **Parents' views**: what parents think (surveys, Parent View, questionnaires). Neither "
    "engagement nor involvement. Engagement in Education's 2013 analysis of 222 Ofsted "
    "reports found the confusion between engagement and involvement \u201cevident throughout "
    "the Ofsted reports we have studied\u201d.\n\n"
    "Schools and inspection reports often treat these as one. This page keeps them apart, with "
    "the words in each report that show which is which."
)
if engagement.judgements(selection):
    engagement.impact_and_inclusion(selection)
    engagement.outcomes_and_satisfaction(selection)
    engagement.beside_report_cards(selection)
if not engagement.study_figures(selection):
    st.stop()
engagement.by_year(selection)
engagement.coded_words(selection)
engagement.corrections(selection)
