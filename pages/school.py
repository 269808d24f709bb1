"""School profile: one school's whole picture on one screen, and as a briefing pack on paper."""

from __future__ import annotations

import streamlit as st

from lens.app.filters import Selection, current_selection
from lens.sections import school

selection: Selection = current_selection()

st.title("School profile")
st.markdown(
    "One school's inspections, parents' views and work with parents, with the points worth "
    "raising in an Ofsted-preparation meeting. The page address carries the school's URN: "
    "bookmark it or share it."
)
profile = school.choose(selection)
if profile is None:
    st.stop()
school.who(profile)
school.inspection_history(profile)
school.satisfaction_over_time(profile)
school.gap_list_place(profile)
school.parent_view_questions(profile)
school.trust_flags(profile)
school.similar_schools(profile)
school.engagement(profile)
