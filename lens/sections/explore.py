"""The sections of the Explore and export page: the filters, the list with the columns and order
chosen, and its downloads with every choice written down beside the rows.

Every filter, the column choice and the sort order are widgets bound to the page address, so a
list can be shared as a link; the downloads hold exactly the rows and columns shown."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

import polars as pl
import streamlit as st

from lens.app.filters import ALL, Selection
from lens.data.coverage import label as national_label
from lens.data.queries import ask, ask_rows
from lens.present.ui import address_params, clamped_range, download_buttons, md, plural, show_table
from lens.present.ui import data_as_at as data_as_at  # each page's 'Data as at' line
from lens.present.vocabulary import column
from lens.rules.words import FLAG_WORDS, STATUS_WORDS

NO_GAP = {
    "every_school": False,
    "family": None,
    "framework_id": None,
    "area": None,
    "window_months": None,
}
STATUS = {"open": "Open schools", "closed": "Closed schools", "all": "Open and closed"}
FLAGS = {
    ALL: "Any",
    "any": "Flagged (any flag)",
    "none": "Not flagged",
    **FLAG_WORDS,
}
GAPS = {
    ALL: "Any",
    "either": "On the gap list (either side)",
    "below": STATUS_WORDS["below"],
    "above": STATUS_WORDS["above"],
    "none": "Compared, not on the gap list",
    "not_compared": "Not compared",
}
REPORTS = {
    ALL: "Any",
    "engagement": "Ask for engagement in learning",
    "involvement": "Mention parents only as involvement or informing",
    "no_parents": "Do not mention parents",
}
COLUMNS = [  # the order the list shows them in: the adviser's usual questions first
    "school_name",
    "urn",
    "pct_happy",
    "parent_view_on",  # beside % satisfied: schools' latest results come from different releases
    "parent_view_question_set",  # ... and different question sets
    "gap_status",
    "in_force_judgement",
    "in_force_framework",
    "in_force_on",
    "parent_view_submissions",
    "parent_view_flags",
    "last_inspected_on",
    "last_inspected_framework",
    "phase",
    "pupils",
    "engagement_judgement",
    "laestab",
    "la_name",
    "region",
    "school_type",
    "idaci_quintile",
    "fsm_pct",
    "trust_name",
    "is_open",
    "opened_on",
    "graded_on",
    "graded_framework",
    "graded_overall",
    "report_card_on",
    "category_of_concern",
    "chosen_judgement",
    "chosen_judgement_on",
    "pct_happy_ci95_low",
    "pct_happy_ci95_high",
    "engagement_judged_on",
    "engagement_impact",
    "engagement_inclusion",
    "report_on",
    "report_uses_engagement",
    "report_involvement_only",
]
DEFAULT_COLUMNS = sorted(  # in the list's order (COLUMNS), so the first view leads with % satisfied
    [
        "school_name",
        "urn",
        "phase",
        "pupils",
        "in_force_judgement",
        "in_force_framework",
        "in_force_on",
        "last_inspected_on",
        "last_inspected_framework",
        "pct_happy",
        "parent_view_on",
        "parent_view_question_set",
        "parent_view_submissions",
        "parent_view_flags",
        "gap_status",
        "engagement_judgement",
    ],
    key=COLUMNS.index,
)


def _label(name: str) -> str:
    return column(name).label


def sort_words(name: str, descending: bool) -> str:
    """The list's order in words for its Excel About sheet: 'School, A to Z', not 'School,
    smallest first' (text or coded words), 'newest first' for a date, 'largest first' for a
    figure."""
    return f"{column(name).label}, {_order(name, descending)}"


def _order(name: str, descending: bool) -> str:
    info = column(name)
    if info.words or info.unit == "text":  # coded columns sort by the words shown (_sorted)
        order = "Z to A" if descending else "A to Z"
    elif info.unit == "date":
        order = "newest first" if descending else "oldest first"
    elif info.unit == "flag":
        order = "yes first" if descending else "no first"
    else:
        order = "largest first" if descending else "smallest first"
    return order


def _sorted(schools: pl.DataFrame, name: str, descending: bool) -> pl.DataFrame:
    """The list in the chosen order; a coded column by the words it shows ('Below: parents less
    satisfied…'), not by its stored code, so the order matches what the reader sees."""
    words = column(name).words
    if not words:
        return schools.sort(name, descending=descending, nulls_last=True)
    shown = pl.col(name).replace_strict(words, default=None, return_dtype=pl.String)
    return schools.sort(shown, descending=descending, nulls_last=True)


# --- the filters ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attributes:
    """The school-attribute filters as chosen, with the selection's count and largest roll."""

    status: str
    name: str
    trust: str
    regions: list[str]
    idaci: list[int]
    pupils: tuple[int, int]
    fsm: tuple[float, float]
    top: int  # the largest roll offered: the slider's top means no upper limit
    total: int  # schools of this status in the selection, before any filter below

    def query(self) -> dict[str, object]:
        """The list query's parameters: a filter left at its whole range or empty is no filter."""
        return {
            "status": self.status,
            "regions": self.regions or None,
            "name_contains": self.name or None,
            "trust_contains": self.trust or None,
            "idaci": self.idaci or None,
            "pupils_min": self.pupils[0] if self.pupils[0] > 0 else None,
            "pupils_max": self.pupils[1] if self.pupils[1] < self.top else None,
            "fsm_min": self.fsm[0] if self.fsm[0] > 0 else None,
            "fsm_max": self.fsm[1] if self.fsm[1] < 100 else None,
        }

    def about(self) -> dict[str, str]:
        """The export's About rows for these filters."""
        return {
            "Open or closed": STATUS[self.status],
            "Regions": ", ".join(self.regions) or "any",
            "Name contains": self.name or "any",
            "Trust name contains": self.trust or "any",
            "IDACI quintiles": ", ".join(map(str, self.idaci)) or "any",
            "Pupils on roll": f"{self.pupils[0]} to {self.pupils[1]}",
            "Free school meals %": f"{self.fsm[0]:g} to {self.fsm[1]:g}",
        }


def school_attributes(selection: Selection) -> Attributes:
    """Filters on what a school is (open or closed, name, trust, region, deprivation, size)."""
    with st.expander("School attributes", expanded=True):
        left, middle, right = st.columns(3)
        status = left.selectbox(
            "Open or closed",
            list(STATUS),
            format_func=STATUS.get,
            key="status",
            bind="query-params",
        )
        name = left.text_input("Name contains", key="name", bind="query-params").strip()
        trust = left.text_input("Trust name contains", key="trust", bind="query-params").strip()
        totals = ask("explore_total", status=status, **selection.params)
        top = max(int(totals["max_pupils"][0] or 0), 100)
        regions = (
            middle.multiselect(
                "Regions",
                sorted(ask("local_authorities")["region"].unique().to_list()),
                key="regions",
                bind="query-params",
                help=f"Shown when {national_label()} is chosen in the sidebar (an LA lies in one "
                "region).",
            )
            if selection.la_code is None
            else []
        )
        idaci = middle.multiselect(
            "IDACI quintile (1 = most deprived)", [1, 2, 3, 4, 5], key="idaci", bind="query-params"
        )
        pupils = middle.slider(
            "Pupils on roll",
            0,
            top,
            step=10,
            key="pupils",
            bind="query-params",
            **clamped_range("pupils", 0, top),
        )
        fsm = right.slider(
            "Free school meals %",
            0.0,
            100.0,
            (0.0, 100.0),
            step=1.0,
            key="fsm",
            bind="query-params",
        )
    return Attributes(
        status, name, trust, regions, idaci, pupils, fsm, top, int(totals["count_schools"][0])
    )


@dataclass(frozen=True)
class Judgements:
    """The filters on judgements, parents' views and dates as chosen."""

    judged: str  # 'framework|area' or ALL
    judged_words: str
    grades: list[str]
    happy: tuple[int, int]
    no_pv: bool
    flag: str
    gap: str
    report: str
    inspected_from: dt.date | None
    inspected_to: dt.date | None

    def query(self, selection: Selection) -> dict[str, object]:
        """The list query's parameters; the gap filter uses the sidebar's one choice of the list."""
        framework_id, area = self.judged.split("|") if self.judged != ALL else (None, None)
        return {
            "framework_id": framework_id,
            "area": area,
            "grades": self.grades or None,
            "happy_min": self.happy[0],
            "happy_max": self.happy[1],
            "include_no_parent_view": self.no_pv,
            "flag": None if self.flag == ALL else self.flag,
            "gap": None if self.gap == ALL or selection.gap is None else self.gap,
            **{
                f"gap_{k}": v
                for k, v in (selection.gap.params if selection.gap else NO_GAP).items()
            },
            "report": None if self.report == ALL else self.report,
            "inspected_from": self.inspected_from,
            "inspected_to": self.inspected_to,
        }

    def about(self, selection: Selection) -> dict[str, str]:
        """The export's About rows for these filters."""
        return {
            "Judgement": self.judged_words,
            "Grades": ", ".join(self.grades) or "any",
            "% satisfied (latest Parent View)": "any (every school, with or without Parent View)"
            if self.happy == (0, 100)
            else f"{self.happy[0]} to {self.happy[1]}"
            + ("; schools with none included" if self.no_pv else "; schools with none left out"),
            "Trust flags": FLAGS[self.flag],
            "Gap list": GAPS[self.gap]
            + (f" ({selection.gap.describe()})" if selection.gap and self.gap != ALL else ""),
            "Latest report's improvement points": REPORTS[self.report],
            "Last inspected": f"{self.inspected_from or 'any date'} to "
            f"{self.inspected_to or 'any date'}",
        }


def judgements_and_dates(selection: Selection) -> Judgements:
    """Filters on what inspectors judged, what parents said, the gap list, the latest report's
    improvement points and when the school was last inspected."""
    with st.expander("Judgements, parents' views and dates", expanded=True):
        left, middle, right = st.columns(3)
        options = ask("judgement_options")
        judgements = {
            f"{r['framework_id']}|{r['area']}": f"{r['era']}: {r['area_label']}"
            for r in options.iter_rows(named=True)
        }
        grades_of = {
            f"{r['framework_id']}|{r['area']}": r["grades"] for r in options.iter_rows(named=True)
        }
        judged = left.selectbox(
            "Judgement in force (latest full inspection)",
            [ALL, *judgements],
            format_func=lambda k: "Any" if k == ALL else judgements.get(k, k),
            key="judged",
            bind="query-params",
            help="A school counts only while its latest full inspection (graded or report card) "
            "is in this framework: a later inspection replaces the judgement even when it gave "
            "no overall grade. Frameworks use different scales; choose one, then its grades.",
        )
        grades = (
            []
            if judged == ALL
            else left.multiselect(
                "Grades",
                grades_of.get(judged, []),
                key="grades",
                bind="query-params",
                help="In the chosen framework's own words; none chosen means any grade.",
            )
        )
        happy = middle.slider(
            "% satisfied (latest Parent View)",
            0,
            100,
            (0, 100),
            key="happy",
            bind="query-params",
            help="\u201cMy child is happy at this school\u201d: strongly agree or agree, of the "
            "parents giving a view, in the school's latest Parent View result.",
        )
        # its words as a caption, not help=: the help icon sits inside the box's label, so a
        # click on it ticked the box (WCAG 2.5.8, an accessibility audit)
        no_pv = middle.checkbox(
            "Include schools with no published Parent View",
            value=False,
            key="no_pv",
            bind="query-params",
        )
        middle.caption(
            "A school with no published Parent View has no % satisfied: with the range "
            "narrowed it is left out unless this is ticked. The whole range lists every school."
        )
        flag = middle.selectbox(
            "Trust flags (latest Parent View)",
            list(FLAGS),
            format_func=FLAGS.get,
            key="flag",
            bind="query-params",
        )
        gap = right.selectbox(
            "Gap list",
            list(GAPS),
            format_func=GAPS.get,
            key="gap",
            bind="query-params",
            disabled=selection.gap is None,
            help="The comparison chosen under Gap list in the sidebar: "
            + (selection.gap.describe() if selection.gap else "no parents' views are loaded")
            + ".",
        )
        report = right.selectbox(
            "Latest report's improvement points",
            list(REPORTS),
            format_func=REPORTS.get,
            key="report",
            bind="query-params",
        )
        inspected_from = right.date_input(
            "Last inspected on or after", value=None, key="from", bind="query-params"
        )
        inspected_to = right.date_input(
            "Last inspected on or before", value=None, key="to", bind="query-params"
        )
    return Judgements(
        judged,
        "any" if judged == ALL else judgements.get(judged, judged),
        grades,
        happy,
        no_pv,
        flag,
        gap,
        report,
        inspected_from,
        inspected_to,
    )


# --- the list and its downloads ----------------------------------------------------------------


@dataclass(frozen=True)
class SchoolList:
    """The list as shown: its rows and columns, how it is sorted, and how many it is of."""

    shown: pl.DataFrame
    total: int
    sort: str
    descending: bool


def school_list(selection: Selection, attributes: Attributes, judgements: Judgements) -> SchoolList:
    """The schools the filters leave, with the columns and order chosen, and how many of the
    selection's schools they are."""
    schools = ask_rows(
        "explore_schools",
        **attributes.query(),
        **judgements.query(selection),
        **selection.params,
    )
    left, middle, right = st.columns([3, 1, 1])
    columns = left.multiselect(
        "Columns",
        COLUMNS,
        default=DEFAULT_COLUMNS,
        format_func=_label,
        key="cols",
        bind="query-params",
    )
    sort = middle.selectbox(
        "Sort by",
        COLUMNS,
        format_func=_label,
        key="sort",
        bind="query-params",
        help="Any column, % satisfied included; clicking a column's heading sorts the table too.",
    )
    reverse = _order(sort, descending=True)  # the toggle says what it does for this column
    descending = right.toggle(reverse[0].upper() + reverse[1:], key="desc", bind="query-params")
    chosen = [c for c in columns if c in COLUMNS] or DEFAULT_COLUMNS  # in the order picked
    shown = _sorted(schools, sort, descending).select(chosen)
    st.markdown(
        f"**{plural(shown.height, 'school')}** shown of {attributes.total:,} "
        f"{STATUS[attributes.status].lower()} in {md(selection.describe())}."
    )
    show_table(shown)
    return SchoolList(shown, attributes.total, sort, descending)


def downloads(
    selection: Selection, attributes: Attributes, judgements: Judgements, listed: SchoolList
) -> None:
    """The list as CSV and Excel, the Excel file's About sheet naming every choice, the data's
    as-at dates (added by download_buttons, as to every file) and the link back to this list."""
    about = {
        "What this is": "Partnership Lens: a list of schools chosen with the filters below.",
        "Selection": selection.describe(),
        **attributes.about(),
        **judgements.about(selection),
        "Sorted by": sort_words(listed.sort, listed.descending),
        "Schools": f"{listed.shown.height:,} of {listed.total:,}",
        # every value of every filter: a range is two values of one key
        "Link (after the dashboard's address)": "explore?" + urlencode(address_params()),
    }
    download_buttons(listed.shown, "school list", about)
