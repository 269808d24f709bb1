"""The sign-in screens: the gate dashboard.py calls before anything reads the warehouse (sign-in,
refusal, or the one plain sentence of a deployment that is not configured), and the sidebar's note
of who is signed in and which LAs' non-public data they see. The rules are lens/auth/."""

from __future__ import annotations

import streamlit as st

from lens.auth import access
from lens.auth.access import NOT_CONFIGURED
from lens.auth.config import is_allowed
from lens.data import coverage
from lens.data.queries import ask, run_scope
from lens.present.ui import md


def require_sign_in() -> None:
    """The gate, called by dashboard.py before anything reads the warehouse: a deployment that
    is not configured shows one plain sentence (the log says what is wrong); with sign-in on,
    show the sign-in page or the refusal page and stop, unless the person is allowed."""
    problem = access.deployment_problem()
    if problem:
        access.tell_operator(f"Partnership Lens is refusing every page: {problem}")
        st.title("Partnership Lens")
        st.error(NOT_CONFIGURED, icon=":material/key:")
        st.stop()
    config = access.settings()
    if config is None:
        return
    if st.user.get("is_logged_in") is not True:
        st.title("Partnership Lens")
        st.write(
            "Sign in with your organisation's account to see parents' views beside inspection "
            "judgements for your schools."
        )
        provider = config.auth.provider
        st.button(
            "Sign in",
            type="primary",
            icon=":material/login:",
            on_click=st.login,
            args=(provider,) if provider else (),
        )
        st.stop()
    address = access.signed_in_address()
    if address is None or not is_allowed(address, config.lens_access):
        st.title("Partnership Lens")
        who = (
            f"**{md(address)}**"
            if address
            else "Your account (your organisation's sign-in did not confirm its address)"
        )
        st.warning(
            f"{who} is not on the list of people who may use this dashboard. If you should have "
            "access, ask the person who runs Partnership Lens for your LA to add you, then sign "
            "in again.",
            icon=":material/block:",
        )
        st.button("Sign out", icon=":material/logout:", on_click=st.logout)
        st.stop()


def _la_names(codes: tuple[int, ...]) -> str:
    las = ask("local_authorities")
    names = dict(zip(las["la_code"].to_list(), las["la_name"].to_list(), strict=True))
    words = [f"{names.get(code, 'LA')} ({code})" for code in codes]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


NOT_SERVED = (
    "This deployment does not show LAs' own parent surveys or advisers' engagement judgements, so "
    "figures from these two sources are empty. Inspections, Parent View and reports are shown "
    "for every LA."
)


def sidebar_note() -> None:
    """In the sidebar, with sign-in on: who is signed in, which LAs' own surveys and engagement
    judgements they see (the national figures, named as the pages name them, and the regional
    ones from those two sources count only those LAs), and a sign-out button; and, signed in or
    not, when this deployment shows none of those two sources (real data without
    LENS_SERVES_NON_PUBLIC). Nothing for the demonstration without sign-in."""
    config = access.settings()
    scope = run_scope()
    if config is None:
        if scope == ():
            with st.sidebar:
                st.divider()
                st.caption(NOT_SERVED)
        return
    with st.sidebar:
        st.divider()
        st.caption(f"Signed in as {md(access.signed_in_address() or '')}.")
        if scope:
            places = _la_names(scope)
            st.caption(
                f"LAs' own parent surveys and advisers' engagement judgements: {places} only. "
                f"Figures for {coverage.place()}, and for regions, from these two sources count "
                f"only {places}, and own surveys are compared only with other schools' own "
                "surveys in the same local authority."
            )
        elif access.current_scope():
            st.caption(NOT_SERVED)
        else:
            st.caption(
                "LAs' own parent surveys and advisers' engagement judgements: none for your "
                "address, so figures from these two sources are empty. Inspections, Parent "
                "View and reports are shown for every LA."
            )
        st.button("Sign out", icon=":material/logout:", on_click=st.logout, key="lens_sign_out")
