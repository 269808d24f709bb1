"""The sections of the School profile: finding the school, then its facts and points to discuss,
inspections, parents' satisfaction, its place on the gap list, Parent View question by question,
similar schools and its work with parents. Each table is prepared in lens/rules/profile.py, which
the briefing pack draws from too, so the screen and the paper say the same."""

from __future__ import annotations

import re

import polars as pl
import streamlit as st

from lens.app.filters import Selection
from lens.data.coverage import label as national_label
from lens.data.coverage import place as national_place
from lens.data.queries import ask
from lens.present import briefing, chart_data, charts
from lens.present.ui import (
    chart_and_table,
    download_buttons,
    md,
    pdf_download,
    plural,
    show_table,
    tab_title,
)
from lens.present.vocabulary import present
from lens.rules import discuss, profile
from lens.rules.gaps import comparison_words
from lens.rules.labels import as_at_sentence, family_short_label, whose
from lens.rules.profile import SchoolProfile
from lens.rules.words import SIMILAR_DEFINED

# --- finding the school ---------------------------------------------------------------------------


def _urn_in_address() -> int | None:
    """The URN the link names, if it is one (6 digits); anything else is ignored."""
    value = st.query_params.get("urn", "")
    return int(value) if re.fullmatch(r"\d{6}", value) else None


def choose(selection: Selection) -> SchoolProfile | None:
    """The school in view, from a shared link's URN, the selection's list or a search across
    England, its URN kept in the page address; returns its whole profile, or None (with what to
    do next) when no school is chosen."""
    linked = _urn_in_address()
    if linked is not None and linked != st.session_state.get("school_in_address"):
        st.session_state["school"] = linked  # a shared link, an edited address or a URN link
    term = None
    if selection.la_code is None:
        term = (
            st.text_input(
                f"Search {national_place()} by name, URN or LAESTAB",
                key="find",
                bind="query-params",
                help="Choose a local authority in the sidebar to pick from its schools instead.",
            ).strip()
            or None
        )
    # the school in view is always offered, wherever it is, as well as the selection's schools
    found = ask("school_finder", urn=st.session_state.get("school"), term=term, **selection.params)
    labels = {  # two live schools can share a name: the LA, phase and URN tell them apart
        row["urn"]: f"{row['school_name']} \u00b7 {row['la_name']} \u00b7 {row['phase']} \u00b7 "
        f"URN {row['urn']} \u00b7 LAESTAB {row['laestab']}"
        + ("" if row["is_open"] else " (closed)")
        for row in found.iter_rows(named=True)
    }
    urn = st.selectbox(
        f"School ({plural(len(labels), 'school')} to choose from)",
        list(labels),
        format_func=lambda u: labels.get(u, str(u)),
        index=None,
        placeholder="Type a name, URN or LAESTAB",
        key="school",
    )
    if urn is None:
        if linked is not None:
            st.warning(f"No school with URN {linked} is in the loaded data.")
        elif selection.la_code is None and term is None:
            st.info("Type part of a school's name, its URN or its LAESTAB to find it.")
        else:
            st.info("Choose a school to see its profile.")
        return None
    st.session_state["school_in_address"] = urn
    if st.query_params.get("urn") != str(urn):
        st.query_params["urn"] = str(urn)
    return profile.load(ask, urn, selection.gap)


# --- who, and what to discuss -------------------------------------------------------------------


def _open(other: int) -> None:
    st.session_state["school"] = other


def _table(
    school: SchoolProfile,
    frame: pl.DataFrame,
    name: str,
    where=st,  # noqa: ANN001
    about: dict[str, str] | None = None,
) -> None:
    """One of the profile's tables with its CSV and Excel buttons under it, each file naming the
    school it is about (and `about`, what else a reader of the file needs)."""
    show_table(frame, where)
    about = {"School": f"{school.name} (URN {school.urn})", **(about or {})}
    download_buttons(frame, name, about, where, place=f"{school.name} {school.urn}")


def who(school: SchoolProfile) -> None:
    """The school's facts beside the points worth raising in an Ofsted-preparation meeting, and
    the briefing pack that carries both (the same facts table and points, lens/rules/profile.py)."""
    facts = school.facts
    points = discuss.points_to_discuss(school)
    built = ask("build_info")
    st.header(md(school.name))
    tab_title(school.name, "School profile")
    st.caption(as_at_sentence(school.sources))
    facts_col, points_col = st.columns([2, 3])
    facts_col.table(present(profile.facts_table(facts)).to_pandas(), hide_index=True)
    for label, urns in (
        ("Open the school it replaced", facts["predecessor_urns"]),
        ("Open the school that replaced it", facts["successor_urns"]),
    ):
        for other in urns or []:
            facts_col.button(
                f"{label}: URN {other}",
                key=f"open-{other}",
                icon=":material/link:",
                on_click=_open,
                args=(other,),
            )
    with points_col:
        st.subheader("Points to discuss")
        if points:
            st.markdown("\n".join(f"- **{md(p.topic)}.** {md(p.text)}" for p in points))
            details = [p for p in points if p.detail]
            if details:
                with st.expander("How these points are worked out"):
                    st.markdown("\n".join(f"- **{md(p.topic)}.** {md(p.detail)}" for p in details))
        else:
            st.markdown("Nothing in the data stands out for discussion.")
        for for_the_school, label, note in (
            (
                False,
                "Download the briefing pack (PDF)",
                "For the local authority: two to four A4 pages, a summary on the first (what "
                "parents say, what inspectors judged, what to discuss), then the evidence, and "
                "how the figures are made at the end.",
            ),
            (
                True,
                "Download the pack for the school (PDF)",
                "The same pack to hand to the school: public sources only, without the local "
                "authority's own surveys, its advisers' judgements or their notes.",
            ),
        ):
            pdf_download(
                label,
                lambda for_the_school=for_the_school: briefing.school_pack(
                    school,
                    points,
                    is_demo=bool(built["is_demo"][0]),
                    built_at=built["built_at"][0],
                    national=national_label(),
                    for_the_school=for_the_school,
                ),
                f"briefing pack{' for the school' if for_the_school else ''}",
                note,
                place=f"{school.name} {school.urn}",
            )


# --- inspections and parents' satisfaction --------------------------------------------------------


def inspection_history(school: SchoolProfile) -> None:
    """Every inspection on a timeline with its table, each framework's grades in its own words,
    and every judgement behind them."""
    st.header("Inspection history")
    if school.inspections.is_empty():
        st.info("No inspection of this school is loaded.")
        return
    chart_col, table_col = chart_and_table()
    with chart_col:
        charts.draw(
            "inspection_timeline",
            chart_data.timeline_frame(school.inspections),
            "Inspections, by framework",
        )
    table_col.caption(
        "Each judgement in its own framework's words; grades from different frameworks are "
        "not on one scale (the chart's data)."
    )
    _table(school, profile.inspection_table(school), "inspection history", table_col)
    with st.expander(f"Every judgement ({plural(school.judgements.height, 'judgement')})"):
        _table(school, school.judgements, "every judgement")


def satisfaction_over_time(school: SchoolProfile) -> None:
    """Parents' satisfaction in every source over time, with intervals, so a fall is read
    against its uncertainty."""
    st.header("Parents' satisfaction over time")
    if school.satisfaction.is_empty():
        st.info("No Parent View or questionnaire results are loaded for this school.")
        return
    chart_col, table_col = chart_and_table()
    with chart_col:
        charts.draw(
            "satisfaction_history",
            chart_data.satisfaction_series(school.satisfaction),
            "% satisfied, with 95% intervals",
        )
    table_col.caption(
        "% satisfied: strongly agree or agree of those giving a view; Parent View counts are "
        "approximate (published percentages times submissions). The chart's data:"
    )
    _table(school, profile.satisfaction_table(school), "parents' satisfaction", table_col)


def gap_list_place(school: SchoolProfile) -> None:
    """Whether the school is on the gap list for the sidebar's one choice, and whom it is
    compared with (the same standing the points to discuss use)."""
    st.subheader("On the gap list?")
    standing = profile.gap_standing(school)
    if school.gap is None:
        st.markdown("No parents' views are loaded to compare.")
        return
    if standing is None:
        st.markdown(
            f"**Not compared.** {md(school.gap.describe())}: this school has no such parents' "
            "views loaded."
        )
        return
    row = standing.row
    if row["grade_label"] is None:  # not compared, and why
        whose_views = (  # a questionnaire from the inspection of the school it replaced
            "Its predecessor's parents' views, from the inspection of the school it replaced"
            if row["gap_status"] == "predecessors_views"
            else "Its most recent parents' views"
        )
        st.markdown(
            f"**{md(standing.status_words)}.** {whose_views}: "
            f"{md(family_short_label(row['family']))}, {row['data_date']:%-d %B %Y}."
        )
        return
    st.markdown(
        f"**{md(standing.status_words)}.** "
        + md(
            f"{comparison_words(row)}: compared with {standing.compared} (without this school). "
            f"The list: {school.gap.describe()}."
        )
    )
    if standing.scope_words:
        st.caption(md(standing.scope_words))
    _table(
        school,
        school.gaps.select(  # where it stands first: in view on a projector
            "grade_label",
            "gap_status",
            "share_satisfied",
            "ci95_low_share",
            "ci95_high_share",
            "count_responses",
            "reference_share",
            "z_adjusted",
            "gap_trust_flags",
            "data_date",
            "inspected_on",
            "months_apart",
        ),
        "gap list standing",
    )


# --- Parent View ----------------------------------------------------------------------------------


@st.fragment
def _question_over_time(urn: int, questions: pl.DataFrame) -> None:
    """One question's trend for the school: a fragment, so choosing another question reruns only
    this section, not the whole profile."""
    texts = dict(zip(questions["question_id"], questions["question_text"], strict=True))
    question = st.selectbox(
        "One question over time (within this question set)",
        list(texts),
        format_func=lambda q: f"Q{q}. {texts.get(q, q)}",
        key="school_question",
        bind="query-params",
    )
    trend = ask(
        "pv_school_trend",
        urn=urn,
        question_id=question,
        question_set=questions["question_set"][0],
    ).with_columns(
        whose(pl.col("predecessor_urn")).alias("series"),
        pl.col("snapshot_date").dt.strftime("%b %Y").alias("snapshot"),
    )
    chart_col, table_col = chart_and_table()
    with chart_col:
        charts.draw("trend", trend, f"Q{question}: % positive, with 95% intervals")
    shown = trend.select(
        pl.col("series").alias("whose"),
        "snapshot_date",
        "submissions",
        "pct_positive",
        "ci95_low_pct",
        "ci95_high_pct",
    )
    show_table(shown, table_col)
    download_buttons(
        shown,
        "one question over time",
        {"School": f"URN {urn}", "Question": f"Q{question}. {texts[question]}"},
        table_col,
        place=f"URN {urn}",
    )


def parent_view_questions(school: SchoolProfile) -> None:
    """The latest Parent View question by question against England, and one question over time."""
    questions = school.pv_questions
    if questions.is_empty():
        return
    st.subheader(f"Parent View, {questions['snapshot_date'][0]:%-d %B %Y}, question by question")
    verdict = profile.pv_verdict(school, national_label(), national_place())
    st.markdown(f"**{md(verdict)}**")  # the verdict first
    benchmark = profile.pv_benchmark(school, national_place())
    st.caption(
        f"{int(questions['submissions'].max()):,} submissions. *Against {national_label()}*: "
        f"above or below when the figure for {md(benchmark)} lies outside this school's 95% "
        "interval; otherwise within noise, not a difference to act on. "
        f"{profile.CHANCE_WORDS}"
    )
    _table(
        school,
        profile.pv_question_table(school),
        "Parent View question by question",
        about={"Compared with": benchmark},
    )
    _question_over_time(school.urn, questions)


def trust_flags(school: SchoolProfile) -> None:
    """The trust flags on the school's Parent View results: figures to weigh with care."""
    st.subheader("Trust flags")
    if school.flags.is_empty():
        st.markdown("No trust flag on any of this school's Parent View results.")
    else:
        _table(school, profile.flag_table(school), "trust flags")


# --- similar schools and engagement ---------------------------------------------------------------


def similar_schools(school: SchoolProfile) -> None:
    """Where the school sits among similar schools in its LA and England, in words and as a dot
    plot (the same standings the points to discuss and the pack use)."""
    st.header(f"Compared with {SIMILAR_DEFINED}")
    st.caption(
        "Similar: open schools of the same phase and IDACI quintile, with a roll between "
        "two-thirds and one and a half times this school's, in this school's latest Parent View "
        "snapshot."
    )
    ranks = profile.standings(school.similar, school.facts["la_name"])
    if not ranks:
        st.info("This school has no published Parent View result to compare.")
        return
    st.markdown("\n".join(f"- {md(r.sentence())}" for r in ranks))
    charts.draw(
        "peer_strip",
        chart_data.peer_frame(school.similar, school.facts["la_name"]),
        "% satisfied: this school among similar schools",
    )
    with st.expander(f"The chart's data: {plural(school.similar.height, 'school')}"):
        peers = school.similar.select(
            "school_name",
            "urn",
            "is_this_school",
            "in_same_la",
            "submissions",
            pl.col("pct_happy").alias("pct_satisfied"),  # one name on the profile: % satisfied
            "ci95_low_pct",
            "ci95_high_pct",
            "submissions_per_100_pupils",
        )
        show_table(peers)
        download_buttons(
            peers,
            "similar schools",
            {"School": f"{school.name} (URN {school.urn})", "Similar": "same phase, IDACI, roll"},
            place=f"{school.name} {school.urn}",
        )


def engagement(school: SchoolProfile) -> None:
    """The school's work with parents as judged, and its reports' improvement points and
    sentences about parents, coded as engagement, involvement, informing or views."""
    st.header("Engagement with parents")
    st.caption(
        "Engagement: parents supporting their own child's learning, at home or with the school "
        "(raises attainment). Involvement: attending, volunteering, governance (does not by "
        "itself). Parents' views, what parents think, are neither. Each sentence's reference, "
        "which an adviser's correction names, is in the table of sentences below and in the "
        "Engagement page's download."
    )
    if school.engagement.is_empty():
        st.markdown("No engagement judgement is loaded for this school.")
    else:
        _table(
            school,
            school.engagement.select(
                "judged_on", "source", "evaluator", "engagement", "impact_of_parents", "inclusion"
            ),
            "engagement judgements",
        )
    coded = profile.coded_points(school)
    if coded.is_empty():
        st.markdown("No inspection report text is loaded for this school.")
    else:
        st.subheader("Improvement points in its inspection reports, coded")
        _table(
            school,
            coded.select("inspected_on", "point_no", "improvement_point", "code", "triggers"),
            "improvement points, coded",
        )
    if not school.report_sentences.is_empty():
        with st.expander(
            f"Every sentence about parents in its reports "
            f"({plural(school.report_sentences.height, 'sentence')})"
        ):
            st.caption(
                "Coded by the same published phrase rules as the improvement points; the words "
                "that decided each code are shown beside it."
            )
            _table(school, school.report_sentences, "sentences about parents")
