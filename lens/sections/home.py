"""The sections of the Overview: the selection's schools and judgements beside its region and
England, each framework on its own scale, the gap list at a glance, and what is loaded."""

from __future__ import annotations

import polars as pl
import streamlit as st

from lens.app.filters import Selection
from lens.data.coverage import national
from lens.data.queries import ask, ask_rows
from lens.present import briefing
from lens.present.chart_templates import GRADE_COLOURS_4, GRADE_COLOURS_5
from lens.present.ui import (
    address_params,
    download_buttons,
    grade_shares_with_table,
    md,
    pdf_download,
    plural,
    show_pivot,
    show_table,
)
from lens.present.ui import data_as_at as data_as_at  # each page's 'Data as at' line
from lens.rules import coder_errors
from lens.rules.gaps import coverage_words
from lens.rules.profile import happy_question_id
from schemas.scales import scale_for


def la_pack(selection: Selection) -> None:
    """The LA's briefing pack, made only when clicked, from the same questions the pages ask (the
    gap list for the sidebar's one choice), so the paper and the screen name the same schools."""
    params = selection.params
    info = ask("build_info")
    sources = ask("source_dates")
    everywhere = national().label
    pdf_download(
        f"Download the briefing pack for {selection.describe()} (PDF)",
        lambda: briefing.la_pack(
            selection.describe(),
            selection.gap,
            ask_rows("gap_schools", **selection.gap.params, **params) if selection.gap else None,
            ask("la_summaries", **params),
            ask("latest_flags", **params),
            sources,
            ask("report_study_figures", **params),
            is_demo=bool(info["is_demo"][0]),
            built_at=info["built_at"][0],
            national=everywhere,
            allowed=coder_errors.ask_allowed_shares(**params),
            measured=ask("coder_measured_errors"),
        ),
        "briefing pack",  # named for the LA: 'leeds-briefing-pack.pdf'
        "The gap list, the trust flags on each school's latest Parent View and the inspection "
        "reports beside Engagement in Education's 2013 analysis of 222 reports, for an "
        "Ofsted-preparation meeting.",
    )


def open_schools(selection: Selection) -> pl.DataFrame:
    """Open schools in the selection, its region and England, as three figures; returns the
    counts by phase for the table further down."""
    everywhere = national()
    counts = ask("school_counts", **selection.params)
    totals = counts.group_by("geography").agg(pl.col("count_schools").sum())
    total = dict(zip(totals["geography"].to_list(), totals["count_schools"].to_list(), strict=True))
    columns = st.columns(3)
    if selection.la_code is not None:  # the national choice is the third figure, not twice
        columns[0].metric(
            f"Open schools, {md(selection.la_name)}", f"{total.get('Selection', 0):,}"
        )
    if selection.region:
        columns[1].metric(f"Open schools, {md(selection.region)}", f"{total.get('Region', 0):,}")
    columns[2].metric(f"Open schools, {md(everywhere.label)}", f"{total.get('England', 0):,}")
    return counts


def latest_happy(selection: Selection) -> dict[str, object] | None:
    """ "My child is happy at this school" in the newest Parent View snapshot, in the three
    places: the Parent View page's own figure (pv_questions, question 1), so one question has one
    number on every page. None when no Parent View is loaded."""
    snapshots = ask("pv_snapshots")
    if snapshots.is_empty():
        return None
    newest = snapshots.row(0, named=True)
    asked = ask(
        "pv_questions",
        question_set=newest["question_set"],
        snapshot_date=newest["snapshot_date"],
        **selection.params,
    ).filter(pl.col("question_id") == happy_question_id(newest["question_set"]))
    return None if asked.is_empty() else {**asked.row(0, named=True), **newest}


def gap_list_at_a_glance(selection: Selection) -> None:
    """Parents' happiness in the three places (as the Parent View page gives it) and how many
    schools are on the gap list, with how many were compared and why the rest were not, and a
    link to the page that says which and why (for the sidebar's choice of the list)."""
    gap = selection.gap
    everywhere = national()
    st.header("Parents' satisfaction and the gap list")  # an h2 after the page's h1
    cells = st.columns(4)
    happy = latest_happy(selection)
    if happy is not None:
        st.caption(
            f"% satisfied: \u201cMy child is happy at this school\u201d, strongly agree or agree, "
            f"of those giving a view, pooled over every parent answering in Parent View as at "
            f"{happy['snapshot_date']:%-d %B %Y} ({happy['schools']:,} schools in "
            f"{md(selection.la_name)}): the Parent View page's figure."
        )
        places = [(cells[2], happy["england_pct_positive"], everywhere.label)]
        if selection.region:
            places.insert(0, (cells[1], happy["region_pct_positive"], selection.region))
        if selection.la_code is not None:  # England as the selection is the third figure
            places.insert(0, (cells[0], happy["pct_positive"], selection.la_name))
        for column, value, label in places:
            if value is not None:
                column.metric(f"% satisfied, {md(label)}", f"{value:.1f}%")
    schools = ask_rows("gap_schools", **gap.params, **selection.params)
    on_list = schools.filter(pl.col("gap_direction").is_not_null())
    cells[3].metric(
        f"On the gap list, {md(selection.la_name)}",
        f"{on_list.height:,}",
        help=f"{md(coverage_words(schools))}: "
        f"{on_list.filter(gap_direction='below').height:,} below and "
        f"{on_list.filter(gap_direction='above').height:,} above schools with the same grade and "
        "phase in "
        f"{md(everywhere.place)}. Comparing {md(gap.describe())}.",
    )
    st.caption(f"Gap list: {md(coverage_words(schools))}.")
    st.page_link(
        "pages/satisfaction.py",
        label=f"See the {plural(on_list.height, 'school')} on the gap list, and why",
        icon=":material/compare_arrows:",
        query_params=address_params(),  # every value: a repeated key keeps them all
    )


def schools_by_phase(selection: Selection, counts: pl.DataFrame) -> None:
    """The open-school figures by phase, as a table for whoever needs the breakdown."""
    with st.expander("Schools by phase (table)"):
        show_pivot(
            selection.places(counts),
            on="geography",
            index=["phase"],
            values="count_schools",
            download=("schools by phase", {"Selection": selection.describe()}),
        )


def overall_effectiveness(selection: Selection) -> None:
    """Each school's latest graded inspection, one chart per framework: the frameworks' grades are
    not one scale, so they are never added together."""
    st.header("Latest overall effectiveness, by inspection framework")
    st.markdown(
        "Each school is counted once in these charts, by its most recent graded inspection, "
        "even where a later inspection gave no grade (from September 2024) or a report card "
        "(below, also counted there): this is the last grade each school had, not the judgement "
        "in force, which Explore counts. Frameworks are shown apart because their grades are "
        "not the same scale: a grade 3 meant *Satisfactory* before September 2012 and *Requires "
        "improvement* after. Report cards use a five-point scale per evaluation area."
    )
    grades = ask("overall_grade_distribution", **selection.params)
    if grades.is_empty():
        st.info("No graded inspections for this selection.")
    for framework in grades["framework"].unique(maintain_order=True):
        block = grades.filter(pl.col("framework") == framework)
        base = block.filter(geography="Selection")["count_schools"].sum()
        st.subheader(f"Latest graded inspection in {framework}")
        grade_shares_with_table(
            block,
            places=selection.places,
            colours=GRADE_COLOURS_4,
            title=f"{selection.la_name}: {plural(base, 'school')} last graded in {framework}",
            scale=_labels(block["framework_id"][0], "overall_effectiveness"),
            download=(
                f"latest graded inspection in {framework}",
                {"Selection": selection.describe(), "Schools": "Each school's last grade"},
            ),
        )


def _labels(framework_id: str, area: str) -> tuple[str, ...]:
    """Every grade of the scale, best first: the legend names each, even one no school has."""
    return tuple(level.label for level in scale_for(framework_id, area).levels)


def report_cards(selection: Selection) -> None:
    """Report-card grades for one evaluation area at a time, on their own five-point scale."""
    st.header("Report cards (from November 2025)")
    areas = ask("report_card_areas")
    if areas.is_empty():
        st.info("No report-card inspections are loaded.")
        return
    labels = dict(zip(areas["area"].to_list(), areas["area_label"].to_list(), strict=True))
    area = st.selectbox(
        "Evaluation area",
        list(labels),
        index=list(labels).index("leadership_and_governance")
        if "leadership_and_governance" in labels
        else 0,
        format_func=lambda key: labels.get(key, key),
        key="home_area",
        bind="query-params",
    )
    cards = ask("report_card_distribution", area=area, **selection.params)
    base = cards.filter(geography="Selection")["count_schools"].sum()
    grade_shares_with_table(
        cards,
        places=selection.places,
        colours=GRADE_COLOURS_5,
        title=f"{labels[area]}: {plural(base, 'school')} in {selection.la_name} with a report card",
        scale=_labels("report_card_2025", area),
        download=(
            "report card grades",
            {"Selection": selection.describe(), "Evaluation area": labels[area]},
        ),
    )


def what_is_loaded() -> None:
    """Every file loaded, with rows loaded and rejected, so a figure's source is one look away."""
    log = ask("load_log")
    st.header("What is loaded")
    rejected = int(log["rows_rejected"].sum())
    dropped = int(log["values_dropped"].sum())
    st.markdown(
        f"{plural(log.height, 'file')}; {plural(int(log['rows_loaded'].sum()), 'row')} loaded, "
        f"{plural(rejected, 'row')} rejected and {plural(dropped, 'single value')} dropped, each "
        "with its reason."
    )
    loaded = log.select(
        "file",
        "layout_id",
        "as_at_date",
        "rows_read",
        "rows_loaded",
        "rows_rejected",
        "rows_out_of_scope",
        "values_dropped",
    )
    show_table(loaded)
    download_buttons(
        loaded, "what is loaded", {"What": "Files loaded into the warehouse"}, place=None
    )
    st.page_link(
        "pages/data_quality.py", label="See every reject and why", icon=":material/fact_check:"
    )
