"""Accessibility statement: what works, what does not yet and how to get round it, and how to
report a problem (the public-sector accessibility regulations ask every deployment for one)."""

from __future__ import annotations

import streamlit as st

from lens.app.routing import through_router
from lens.sections import accessibility

through_router()  # as every page: run alone, it goes back through the router first
st.title("Accessibility statement")
accessibility.statement()
