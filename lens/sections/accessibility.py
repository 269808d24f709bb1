"""The accessibility statement the public-sector accessibility regulations ask of a deployment:
what works, what does not yet and why, with a way round each; how to report a problem (the
deployment's own contact, a setting); the enforcement procedure; and how and when it was tested.
Each known problem is one entry of KNOWN_PROBLEMS, from an audit of every page against WCAG 2.2
AA (README, "The pages"); a problem mended is taken out here with its test."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from lens.data.queries import SETTINGS
from lens.present.ui import md

REGULATIONS = (
    "the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility "
    "Regulations 2018"
)
TESTED_ON = "3 December 2026"
EASS = "https://www.equalityadvisoryservice.com/"


@dataclass(frozen=True)
class Problem:
    """One part that is not fully accessible: what a person meets, the criterion it fails, and
    what to do instead."""

    what: str
    criteria: str  # WCAG 2.2 success criteria, by number and name
    instead: str


KNOWN_PROBLEMS = (
    Problem(
        "In a table, a school's name is a link to its profile, but a screen reader reads out "
        "the link's web address rather than the name, and the link cannot be followed with the "
        "keyboard from inside the table.",
        "1.3.1 Info and relationships, 2.1.1 Keyboard, 4.1.2 Name, role, value",
        "Open any school's profile from the School profile page, whose box finds a school by "
        "name or URN as you type.",
    ),
    Problem(
        "When a filter changes, the page redraws without telling a screen reader; Explore's "
        "count of schools shown is not announced, and while a briefing pack (PDF) is being "
        "made its button is greyed out with no message.",
        "4.1.3 Status messages",
        "After changing a filter, move to the page's heading or the count under the filters "
        "to hear the result; a pack is ready when its button is active again.",
    ),
    Problem(
        "A table opened to full screen lets keyboard focus move on to controls hidden behind "
        "it, and with the sidebar opened over a narrow window, focus can move to controls "
        "under it; Escape does not shut the sidebar.",
        "2.4.11 Focus not obscured (minimum)",
        "Press Escape to leave full screen before tabbing on; shut the sidebar with its own "
        "button.",
    ),
    Problem(
        "A date box opens its calendar as soon as it is reached, over the boxes above it, and "
        "Escape moves focus to the day.",
        "3.2.1 On focus, 1.4.13 Content on hover or focus",
        "Type the date (day, month, year) instead of using the calendar.",
    ),
    Problem(
        "With wider text spacing, the sidebar's Compare box and the page link 'Satisfaction "
        "vs effectiveness' are cut off.",
        "1.4.12 Text spacing",
        "Open the Compare box to read its whole choice; the page's own heading gives its full "
        "name.",
    ),
    Problem(
        "Each heading adds a keyboard stop named 'Link to heading'; tables have no name of "
        "their own beyond the caption above them, and the chosen columns in Explore are read "
        "without a role.",
        "2.4.3 Focus order, 4.1.2 Name, role, value",
        "Tab past them; each table's caption sits just above it.",
    ),
    Problem(
        "In the stacked bars of grades, the middle grades (good, requires improvement and their "
        "report-card fellows) are told apart by colour alone, with a white line between each; "
        "on a window 320 pixels wide, some download buttons' names are cut short.",
        "1.4.1 Use of colour, 1.4.10 Reflow",
        "Each chart's table beside it gives every grade's figure by name; a download's file "
        "is named in full whatever its button shows.",
    ),
    Problem(
        "While a new dashboard builds its demonstration data on first opening, the progress "
        "bar is named only 'progress' and its steps are not announced.",
        "4.1.3 Status messages",
        "Wait for the page to show the Overview; it does so by itself.",
    ),
)


def statement() -> None:
    """The statement, in the order of the GOV.UK model statement."""
    organisation = SETTINGS.organisation
    who = md(organisation) if organisation else "the organisation running this dashboard"
    run_by = f", run by {who}" if organisation else ""
    st.markdown(
        f"This statement is for Partnership Lens, the dashboard at this address{run_by}. We want "
        "as many people as possible to be able to use it. You should be able to:\n\n"
        "- reach every page, filter and download with a keyboard alone, each control showing "
        "clearly when it has the keyboard's focus;\n"
        "- zoom in to 200% without the page scrolling sideways;\n"
        "- read every chart's figures in a table or in words beside it;\n"
        "- download every table as CSV or Excel, and a school's or local authority's briefing "
        "pack as a PDF."
    )
    st.header("How accessible this dashboard is")
    st.markdown(
        "Some parts are not fully accessible. Each is listed below under *Content that is not "
        "accessible*, with a way round it."
    )
    st.header("Reporting accessibility problems, and other formats")
    contact = SETTINGS.accessibility_contact
    if contact:
        st.markdown(
            "If you find a problem not listed here, or need information in another format, "
            f"[contact {who}]({contact})."
        )
    else:
        st.warning(
            "**No contact has been given for this dashboard yet.** The organisation running it "
            "must add one (its operations guide says how). Until then, report a problem to the "
            "team that gave you the dashboard's address.",
            icon=":material/contact_support:",
        )
    st.header("Enforcement procedure")
    st.markdown(
        "The Equality and Human Rights Commission (EHRC) is responsible for enforcing "
        f"{REGULATIONS} (the accessibility regulations). If you are not happy with how we "
        "respond to your complaint, [contact the Equality Advisory and Support Service "
        f"(EASS)]({EASS})."
    )
    st.header("Technical information about this dashboard's accessibility")
    st.markdown(
        f"{who[0].upper() + who[1:]} is committed to making this dashboard accessible, "
        f"in accordance with {REGULATIONS}. It is **partially compliant** with the Web Content "
        "Accessibility Guidelines version 2.2 AA standard, because of the non-compliances "
        "listed below."
    )
    st.subheader("Content that is not accessible")
    for problem in KNOWN_PROBLEMS:
        st.markdown(
            f"- {problem.what} This fails WCAG 2.2 success criteria {problem.criteria}. "
            f"**Instead:** {problem.instead}"
        )
    st.markdown(
        "Most of these are in the parts of Streamlit, the software the dashboard is built "
        "with, that the dashboard itself cannot change."
    )
    st.header("How this dashboard was tested")
    st.markdown(
        f"This statement was prepared on {TESTED_ON}, from an audit of every page against "
        "WCAG 2.2 AA: each page walked with the keyboard alone, forwards and backwards, at a "
        "desk's and a projector's window size (1280 by 800 and 1024 by 768 pixels), at 200% "
        "zoom and 320 pixels wide, with the axe-core checker, in the Chromium browser. No "
        "screen reader was used in that audit. What it found and has been mended is checked "
        "by the dashboard's own tests in the same browser on every change."
    )
