"""Partnership Lens: the router. Shared filters and the demonstration label, then the page."""

from __future__ import annotations

import streamlit as st

from lens.filters import sidebar_filters
from lens.first_run import ensure_warehouse
from lens.queries import ask
from lens.ui import demo_banner

st.set_page_config(page_title="Partnership Lens", page_icon=":material/school:", layout="wide")

pages = [
    st.Page("pages/home.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page(
        "pages/satisfaction.py",
        title="Satisfaction vs effectiveness",
        icon=":material/compare_arrows:",
        url_path="satisfaction",
    ),
    st.Page(
        "pages/data_quality.py",
        title="Data loaded and rejects",
        icon=":material/fact_check:",
        url_path="data",
    ),
]
page = st.navigation(pages)  # before anything slow, so the menu is right from the first moment
ensure_warehouse()
st.session_state["selection"] = sidebar_filters()
demo_banner(bool(ask("build_info")["is_demo"][0]))
page.run()
