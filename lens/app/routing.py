"""One way into every page: through the router (dashboard.py), even for a link opened on a fresh
server.

Streamlit decides once per process whether an app uses its legacy `pages/`-folder mode: it does
while `pages/` exists and no script has yet called `st.navigation`. So on a fresh server, a link to
`/satisfaction` runs `pages/satisfaction.py` alone, without the router's sidebar, first-run build
or error handling. A page that finds itself run that way switches the process to the mode
`st.navigation` itself selects, and reruns: the same address then goes through the router. The
product owner's layout keeps the `pages/` folder, so this is the one place the two meet.
"""

from __future__ import annotations

import threading

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

_router = threading.local()  # each script run has its own thread


def run_page(page) -> None:  # noqa: ANN001 - a StreamlitPage
    """Run the chosen page as the router's child (dashboard.py calls this)."""
    _router.active = True
    try:
        page.run()
    finally:
        _router.active = False


def through_router() -> None:
    """Called first by every page: rerun through the router when Streamlit ran the page alone."""
    if getattr(_router, "active", False):
        return
    PagesManager.uses_pages_directory = False  # what st.navigation sets; process-wide, once
    st.rerun()
