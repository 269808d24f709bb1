"""The sidebar filters every page shares, bound to the URL so a view is a shareable link."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
import streamlit as st

from lens.app.routing import through_router
from lens.data.coverage import national
from lens.data.queries import SETTINGS, ask
from lens.present.ui import md
from lens.rules import gaps
from lens.rules.gaps import GapChoice
from lens.rules.labels import family_short_label
from schemas.gap_method import WINDOWS_MONTHS

ENGLAND = 0
ALL = "All"
# The sidebar's select boxes show a choice on one line of about 190 px (an input, which no style
# can wrap), about 31 characters: a longer choice that is the data's own words (an LA's or a
# school type's name) is written out in full under its box (`in_full`); the sidebar's own words
# are kept shorter, their detail in each box's help.
BOX_CHARACTERS = 31


@dataclass(frozen=True)
class Selection:
    """What the user is looking at: one LA (or England), a phase, a school type."""

    la_code: int | None
    la_name: str
    region: str | None
    phase: str | None
    school_type: str | None
    gap: GapChoice | None = None  # None when no parents' views are loaded

    @property
    def params(self) -> dict[str, object]:
        """The bound parameters every filtered query takes."""
        return {
            "la_code": self.la_code,
            "region": self.region,
            "phase": self.phase,
            "school_type": self.school_type,
        }

    def places(self, frame: pl.DataFrame) -> pl.DataFrame:
        """A query's Selection / Region / England rows under the places' names; when the
        selection is England itself its rows are England's, so they are shown once."""
        if self.la_code is None:
            frame = frame.filter(pl.col("geography") != "Selection")
        names = {"Selection": self.la_name, "Region": self.region or "Region"}
        names["England"] = national().label  # "England" only when the data covers it
        return frame.with_columns(pl.col("geography").replace(names))

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
    everywhere = national()
    everywhere_option = (
        "England (all local authorities)" if everywhere.is_england else everywhere.label
    )
    default = options.index(_default_la(codes))
    with st.sidebar:
        st.header("Filters")
        la_code = st.selectbox(
            "Local authority",
            options,
            index=default,
            format_func=lambda c: everywhere_option if c == ENGLAND else f"{names[c]} ({c})",
            key="la",
            bind="query-params",
            help="Type to search, by name or by the number in brackets: the local authority's code "
            "in the Department for Education's files (Leeds is 383). The page address keeps this "
            "choice, so you can share the link.",
        )
        in_full(everywhere_option if la_code == ENGLAND else f"{names[la_code]} ({la_code})")
        phases = values.filter(facet="phase")["value"].to_list()
        phase = st.selectbox("Phase", [ALL, *phases], key="phase", bind="query-params")
        in_full(phase)
        types = values.filter(facet="school_type")["value"].to_list()
        school_type = st.selectbox("School type", [ALL, *types], key="type", bind="query-params")
        in_full(school_type)
        gap = gap_filters()
        st.caption("Filters are kept in the page address: copy it to share this view.")
    chosen = None if la_code == ENGLAND else la_code
    return Selection(
        la_code=chosen,
        la_name=everywhere.label if chosen is None else names[chosen],
        region=None if chosen is None else regions[chosen],
        phase=None if phase == ALL else phase,
        school_type=None if school_type == ALL else school_type,
        gap=gap,
    )


def in_full(shown: str) -> None:
    """A choice too long for its select box, written out under it: the box cuts it off."""
    if len(shown) > BOX_CHARACTERS:
        st.caption(f"In full: {md(shown)}")


EVERY_SCHOOL = "every"
ONE_COMPARISON = "one"
MODES = {  # short enough for the sidebar's box; the help says the rest
    EVERY_SCHOOL: "Every school's latest views",
    ONE_COMPARISON: "One source, one judgement",
}
WINDOW_LABEL = "Judgement made at most this long before the parents answered"


def window_words(months: int) -> str:
    """A time window as its box shows it, under WINDOW_LABEL: in calendar months, as the pages
    say it (lens/rules/gaps.py)."""
    return f"{months} calendar months"


# A choice is kept in the page address by the words its box shows, so words shortened for the
# sidebar would leave older links naming a choice no box offers (Streamlit drops it, and the
# link opens on the default): each older wording still opens the view it named.
OLDER_WORDS = {
    "gap_mode": {
        "Every school: its latest parents' views": EVERY_SCHOOL,
        "One source against one judgement": ONE_COMPARISON,
    },
    "gap_window": {
        **{f"{months} months before the parents answered": months for months in WINDOWS_MONTHS},
        **{f"{months} months": months for months in WINDOWS_MONTHS},
    },
}


def follow_older_link(key: str) -> None:
    """A page address naming a choice in its older words: the choice, as the box now holds it
    (before the box is drawn, which would otherwise drop the words and fall back)."""
    older = OLDER_WORDS[key].get(st.query_params.get(key))
    if older is not None:
        st.session_state[key] = older


def keep_valid(key: str, options: list[object], fallback: object = None) -> None:
    """A dependent choice whose options have just changed: if what it holds is no longer one of
    them, set it to `fallback` (when offered) or the first, so the widget, the page address and the
    page all show the same choice (a bound widget left holding a stale value would still show
    it, while the page went on with another)."""
    if key in st.session_state and st.session_state[key] not in options:
        st.session_state[key] = fallback if fallback in options else options[0]


def gap_filters() -> GapChoice | None:
    """The gap list's parameters (lens/rules/gaps.py), bound to the page address: every school's
    latest parents' views (the default) or one source against one judgement, and the time window."""
    options = ask("gap_options")
    by_family = gaps.options_by_family(options)
    if not by_family:
        return None
    rule = gaps.rule_words()  # names stay capitalised: England, Spiegelhalter
    # the rule is said in Compare's help: a heading's own help icon is named only "Help" to a
    # screen reader (an accessibility audit, WCAG 4.1.2)
    st.subheader("Gap list")
    # a link made before this choice existed names a source or judgement: keep its comparison
    older_link = any(name in st.query_params for name in ("gap_source", "gap_judgement"))
    follow_older_link("gap_mode")
    mode = st.selectbox(
        "Compare",
        list(MODES),
        index=1 if older_link else 0,
        format_func=MODES.get,
        key="gap_mode",
        bind="query-params",
        help="The gap list: schools " + rule + ". Every school's latest views: each school's "
        "most recent parents' views, whatever "
        "the source, against the judgement in force when they answered, each in its own "
        "comparison. One source, one judgement: one source of parents' views against one "
        "judgement for every school, the expert's view of a single comparison.",
    )
    default_window = SETTINGS.gap_window_months
    if mode == EVERY_SCHOOL:
        windows = gaps.window_choices(options)
        window = _window_choice(windows, default_window)
        return GapChoice.for_every_school(window)
    families = list(by_family)
    keep_valid("gap_source", families, gaps.default_family(by_family))
    family = st.selectbox(
        "Parents' views",
        families,
        index=families.index(gaps.default_family(by_family)),
        format_func=family_short_label,
        key="gap_source",
        bind="query-params",
    )
    in_full(family_short_label(family))
    rows = by_family[family]
    windows = gaps.window_choices(rows)
    at_inspection = family == "questionnaire_at_inspection"
    window = windows[-1] if at_inspection else _window_choice(windows, default_window)
    choices = gaps.judgement_choices(rows, window)
    if not choices:
        st.caption("No school has both these parents' views and a judgement in this window.")
        return None
    keys = list(choices)
    keep_valid("gap_judgement", keys)
    key = st.selectbox(
        "Set against",
        keys,
        format_func=lambda k: choices.get(k, k),
        key="gap_judgement",
        bind="query-params",
        help="Each framework's grades stay on their own scale; frameworks are never pooled.",
    )
    in_full(choices[key])
    framework_id, area = key.split("|")
    return GapChoice(family, framework_id, area, window, choices[key])


def _window_choice(windows: list[int], default_window: int) -> int:
    """The time window, kept to the windows the chosen parents' views have."""
    follow_older_link("gap_window")
    keep_valid("gap_window", windows, default_window)
    return st.selectbox(
        WINDOW_LABEL,
        windows,
        index=windows.index(default_window) if default_window in windows else 0,
        format_func=window_words,
        key="gap_window",
        bind="query-params",
        help="Parents' views are set against the judgement in force when they answered. "
        "Older judgements may describe a different school in all but name.",
    )


def current_selection() -> Selection:
    """The selection the router made for this run (every page's first call): a page run without
    the router goes back through it first (lens/app/routing.py)."""
    through_router()
    return st.session_state["selection"]
