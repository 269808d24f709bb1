"""Overview: what is loaded, and the selected LA's schools and judgements beside its region and
England, each framework on its own scale."""

from __future__ import annotations

import streamlit as st

from lens.app.filters import Selection, current_selection
from lens.present.ui import md
from lens.sections import home

selection: Selection = current_selection()

st.title(f"Partnership Lens: {md(selection.describe())}")
home.data_as_at()
if selection.la_code is not None:
    home.la_pack(selection)
counts = home.open_schools(selection)
if selection.gap is not None:
    home.gap_list_at_a_glance(selection)
home.schools_by_phase(selection, counts)
home.overall_effectiveness(selection)
home.report_cards(selection)
home.what_is_loaded()
