"""Partnership Lens: the router. Shared filters and the demonstration label, then the page."""

from __future__ import annotations

import logging
import os
import secrets

import streamlit as st

from lens.app.filters import sidebar_filters
from lens.app.first_run import WarehouseUnavailable, ensure_warehouse, regional_note
from lens.app.pages import PAGES
from lens.app.routing import run_page
from lens.app.sign_in import require_sign_in, sidebar_note
from lens.data.queries import ask, begin_run, end_run
from lens.present.ui import APP_NAME, demo_banner, layout_for_desk_and_projector, tab_title


def incident_reference() -> str:
    """A short code that finds this error's traceback in the server log."""
    return f"LENS-{secrets.token_hex(4).upper()}"


st.set_page_config(
    page_title=APP_NAME,
    page_icon=":material/school:",
    layout="wide",
    initial_sidebar_state="auto",  # and shut below 1200 px by lens/present/ui.py
)

MENU = [
    st.Page(p.file, title=p.title, icon=p.icon, default=True)
    if p.is_default
    else st.Page(p.file, title=p.title, icon=p.icon, url_path=p.url_path)
    for p in PAGES  # the one list of pages (lens/app/pages.py)
]
page = st.navigation(MENU)  # first, so the menu is right from the first moment
layout_for_desk_and_projector()
end_run()  # never the last run's warehouse or scope
require_sign_in()  # with sign-in configured, nothing below runs for anyone not allowed
try:
    ensure_warehouse()
    begin_run()  # the warehouse link and the session's scope, looked at once for this run
    st.session_state["selection"] = sidebar_filters()
    tab_title(page.title, st.session_state["selection"].la_name)
    sidebar_note()
    demo_banner(bool(ask("build_info")["is_demo"][0]))
    regional_note()  # while only the default LA's region is in, the first run's national build
    run_page(page)
except WarehouseUnavailable as problem:
    st.error(f"**The data cannot be shown.** {problem}", icon=":material/database:")
except Exception:  # noqa: BLE001 - an LA's screen gets a plain message; the log gets the rest
    if os.environ.get("LENS_RAISE_PAGE_ERRORS"):
        raise  # tests see every error as it happened
    reference = incident_reference()
    logging.getLogger("lens").exception("page error, reference %s", reference)
    st.error(
        "**Something went wrong drawing this page.** Try again, or choose another page. If it "
        f"happens again, give your IT team this reference, which is in the server log: "
        f"**{reference}**.",
        icon=":material/error:",
    )
