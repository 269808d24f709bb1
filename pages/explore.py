"""Explore and export: any list of schools, filtered, with the columns wanted, into a spreadsheet.

Every filter, the column choice and the sort order are kept in the page address, so a list can be
shared as a link; the downloads hold exactly the rows and columns shown.
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from lens.coverage import label as national_label
from lens.filters import ALL, Selection, current_selection
from lens.queries import ask, ask_rows
from lens.ui import clamped_range, download_buttons, md, plural, show_table
from lens.vocabulary import FLAG_WORDS, column

NO_GAP = {"family": None, "framework_id": None, "area": None, "window_months": None}

selection: Selection = current_selection(__file__)
params = selection.params

st.title("Explore and export")
st.markdown(
    f"Schools in **{md(selection.describe())}** (change the area, phase and type in the "
    "sidebar), filtered below. Choose the columns and the order, then download the list. The "
    "page address keeps every choice: copy it to share this list."
)

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
    "below": "Below: parents less satisfied than at similar schools",
    "above": "Above: parents more satisfied than at similar schools",
    "none": "Not on the gap list",
}
REPORTS = {
    ALL: "Any",
    "engagement": "Ask for engagement in learning",
    "involvement": "Mention parents only as involvement or informing",
    "no_parents": "Do not mention parents",
}
COLUMNS = [
    "school_name",
    "urn",
    "laestab",
    "la_name",
    "region",
    "phase",
    "school_type",
    "pupils",
    "idaci_quintile",
    "fsm_pct",
    "trust_name",
    "is_open",
    "opened_on",
    "last_inspected_on",
    "graded_on",
    "graded_framework",
    "graded_overall",
    "report_card_on",
    "category_of_concern",
    "chosen_judgement",
    "chosen_judgement_on",
    "parent_view_on",
    "parent_view_submissions",
    "pct_happy",
    "pct_happy_ci95_low",
    "pct_happy_ci95_high",
    "parent_view_flags",
    "gap_direction",
    "engagement_judged_on",
    "engagement_judgement",
    "engagement_impact",
    "engagement_inclusion",
    "report_on",
    "report_uses_engagement",
    "report_involvement_only",
]


def _label(name: str) -> str:
    return column(name).label


DEFAULT_COLUMNS = [
    "school_name",
    "urn",
    "phase",
    "pupils",
    "graded_overall",
    "graded_framework",
    "last_inspected_on",
    "pct_happy",
    "parent_view_submissions",
    "parent_view_flags",
    "gap_direction",
    "engagement_judgement",
]

# --- filters ----------------------------------------------------------------------------------
with st.expander("School attributes", expanded=True):
    left, middle, right = st.columns(3)
    status = left.selectbox(
        "Open or closed", list(STATUS), format_func=STATUS.get, key="status", bind="query-params"
    )
    name = left.text_input("Name contains", key="name", bind="query-params").strip()
    trust = left.text_input("Trust name contains", key="trust", bind="query-params").strip()
    totals = ask("explore_total", status=status, **params)
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
        "Free school meals %", 0.0, 100.0, (0.0, 100.0), step=1.0, key="fsm", bind="query-params"
    )

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
        "Judgement (latest in one framework)",
        [ALL, *judgements],
        format_func=lambda k: "Any" if k == ALL else judgements.get(k, k),
        key="judged",
        bind="query-params",
        help="Frameworks use different scales; choose one, then its grades.",
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
        "% happy (latest Parent View)", 0, 100, (0, 100), key="happy", bind="query-params"
    )
    no_pv = middle.checkbox(
        "Include schools with no published Parent View",
        value=True,
        key="no_pv",
        bind="query-params",
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

framework_id, area = judged.split("|") if judged != ALL else (None, None)
schools = ask_rows(
    "explore_schools",
    status=status,
    regions=regions or None,
    name_contains=name or None,
    trust_contains=trust or None,
    idaci=idaci or None,
    pupils_min=pupils[0] if pupils[0] > 0 else None,
    pupils_max=pupils[1] if pupils[1] < top else None,
    fsm_min=fsm[0] if fsm[0] > 0 else None,
    fsm_max=fsm[1] if fsm[1] < 100 else None,
    framework_id=framework_id,
    area=area,
    grades=grades or None,
    happy_min=happy[0],
    happy_max=happy[1],
    include_no_parent_view=no_pv,
    flag=None if flag == ALL else flag,
    gap=None if gap == ALL or selection.gap is None else gap,
    **{f"gap_{k}": v for k, v in (selection.gap.params if selection.gap else NO_GAP).items()},
    report=None if report == ALL else report,
    inspected_from=inspected_from,
    inspected_to=inspected_to,
    **params,
)

# --- columns, order, and the list ---------------------------------------------------------------
left, middle, right = st.columns([3, 1, 1])
columns = left.multiselect(
    "Columns",
    COLUMNS,
    default=DEFAULT_COLUMNS,
    format_func=_label,
    key="cols",
    bind="query-params",
)
sort = middle.selectbox("Sort by", COLUMNS, format_func=_label, key="sort", bind="query-params")
descending = right.toggle("Largest first", key="desc", bind="query-params")

chosen = [c for c in COLUMNS if c in columns] or DEFAULT_COLUMNS
shown = schools.sort(sort, descending=descending, nulls_last=True).select(chosen)
total = int(totals["count_schools"][0])
st.markdown(
    f"**{plural(shown.height, 'school')}** shown of {total:,} "
    f"{STATUS[status].lower()} in {md(selection.describe())}."
)
show_table(shown)

sources = ask("source_dates")
about = {
    "What this is": "Partnership Lens: a list of schools chosen with the filters below.",
    "Selection": selection.describe(),
    "Open or closed": STATUS[status],
    "Regions": ", ".join(regions) or "any",
    "Name contains": name or "any",
    "Trust name contains": trust or "any",
    "IDACI quintiles": ", ".join(map(str, idaci)) or "any",
    "Pupils on roll": f"{pupils[0]} to {pupils[1]}",
    "Free school meals %": f"{fsm[0]:g} to {fsm[1]:g}",
    "Judgement": "any" if judged == ALL else judgements.get(judged, judged),
    "Grades": ", ".join(grades) or "any",
    "% happy (latest Parent View)": f"{happy[0]} to {happy[1]}"
    + ("; schools with none included" if no_pv else "; schools with none left out"),
    "Trust flags": FLAGS[flag],
    "Gap list": GAPS[gap]
    + (f" ({selection.gap.describe()})" if selection.gap and gap != ALL else ""),
    "Latest report's improvement points": REPORTS[report],
    "Last inspected": f"{inspected_from or 'any date'} to {inspected_to or 'any date'}",
    "Sorted by": f"{_label(sort)}, {'largest' if descending else 'smallest'} first",
    "Schools": f"{shown.height:,} of {total:,}",
    **{
        f"Data as at: {row['source']}": str(row["as_at_date"])
        for row in sources.iter_rows(named=True)
    },
    "Link (after the dashboard's address)": "explore?" + urlencode(st.query_params.to_dict()),
}
download_buttons(shown, "school list", about)
