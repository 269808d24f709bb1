"""Accessibility statement: what works, what does not yet and how to get round it, and how to
report a problem (the public-sector accessibility regulations ask every deployment for one)."""

from __future__ import annotations

import streamlit as st

from lens.app.filters import Selection, current_selection
from lens.sections import accessibility

selection: Selection = current_selection()  # as every page: the router's run first

st.title("Accessibility statement")
accessibility.statement()
