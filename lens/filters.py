"""The sidebar filters every page shares, bound to the URL so a view is a shareable link."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from lens.queries import SETTINGS, ask

ENGLAND = 0
ALL = "All"


@dataclass(frozen=True)
class Selection:
    """What the user is looking at: one LA (or England), a phase, a school type."""

    la_code: int | None
    la_name: str
    region: str | None
    phase: str | None
    school_type: str | None

    @property
    def params(self) -> dict[str, object]:
        """The bound parameters every filtered query takes."""
        return {
            "la_code": self.la_code,
            "region": self.region,
            "phase": self.phase,
            "school_type": self.school_type,
        }

    def describe(self) -> str:
        parts = [self.la_name]
        if self.phase:
            parts.append(self.phase.lower() + " schools")
        if self.school_type:
            parts.append(self.school_type)
        return ", ".join(parts)


def _default_la(codes: list[int]) -> int:
    preferred = SETTINGS.default_la_code
    return preferred if preferred in codes else codes[0]


def sidebar_filters() -> Selection:
    """Draw the shared filters and return the selection they make."""
    las = ask("local_authorities")
    values = ask("filter_values")
    names = dict(zip(las["la_code"].to_list(), las["la_name"].to_list(), strict=True))
    regions = dict(zip(las["la_code"].to_list(), las["region"].to_list(), strict=True))
    codes = list(names)
    options = [ENGLAND, *codes]
    default = options.index(_default_la(codes))
    with st.sidebar:
        st.header("Filters")
        la_code = st.selectbox(
            "Local authority",
            options,
            index=default,
            format_func=lambda c: (
                "England (all local authorities)" if c == ENGLAND else f"{names[c]} ({c})"
            ),
            key="la",
            bind="query-params",
            help="Type to search. The page address keeps this choice, so you can share the link.",
        )
        phases = values.filter(facet="phase")["value"].to_list()
        phase = st.selectbox("Phase", [ALL, *phases], key="phase", bind="query-params")
        types = values.filter(facet="school_type")["value"].to_list()
        school_type = st.selectbox("School type", [ALL, *types], key="type", bind="query-params")
        st.caption("Filters are kept in the page address: copy it to share this view.")
    chosen = None if la_code == ENGLAND else la_code
    return Selection(
        la_code=chosen,
        la_name="England" if chosen is None else names[chosen],
        region=None if chosen is None else regions[chosen],
        phase=None if phase == ALL else phase,
        school_type=None if school_type == ALL else school_type,
    )


REQUESTED_PAGE = "lens_requested_page"


def current_selection(page_file: str) -> Selection:
    """The selection the router made for this run.

    On a fresh server, Streamlit's legacy `pages/`-folder mode runs a page asked for by its link
    (say /satisfaction) directly, without dashboard.py, until some run has called st.navigation.
    The page then hands over to the router, which comes straight back to it.
    """
    if "selection" not in st.session_state:
        st.session_state[REQUESTED_PAGE] = Path(page_file).name
        st.switch_page("dashboard.py", query_params=st.query_params.to_dict())
    return st.session_state["selection"]
