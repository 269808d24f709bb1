"""Explore and export: any list of schools, filtered, with the columns wanted, into a spreadsheet.

Every filter, the column choice and the sort order are kept in the page address, so a list can be
shared as a link; the downloads hold exactly the rows and columns shown.
"""

from __future__ import annotations

import streamlit as st

from lens.app.filters import Selection, current_selection
from lens.present.ui import md
from lens.sections import explore

selection: Selection = current_selection()

st.title("Explore and export")
explore.data_as_at()
st.markdown(
    f"Schools in **{md(selection.describe())}** (change the area, phase and type in the "
    "sidebar), filtered below. Choose the columns (in the order you pick them; on screen the "
    "school's name and phase stay at the left) and the sort order, then download the list. The "
    "page address keeps every choice: copy it to share this list."
)
attributes = explore.school_attributes(selection)
judgements = explore.judgements_and_dates(selection)
listed = explore.school_list(selection, attributes, judgements)
explore.downloads(selection, attributes, judgements, listed)
