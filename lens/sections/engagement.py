"""The sections of the Engagement page: judgements of schools' work with parents, and what
inspection reports ask schools to do, each kept apart as engagement with learning, involvement,
informing or parents' views."""

from __future__ import annotations

import polars as pl
import streamlit as st

from lens.app.filters import Selection
from lens.data.coverage import label as national_label
from lens.data.queries import ask
from lens.present.ui import data_as_at as data_as_at  # each page's 'Data as at' line
from lens.present.ui import download_buttons, md, plural, show_pivot, show_table
from lens.rules import citations, coder_errors, report_figures
from schemas.report_codes import CODE_WORDS, CODES

# --- 1. judgements ---------------------------------------------------------------------------


# the judgements inspectors made, in the order an adviser asks about them
JUDGEMENTS = ("Engagement with parents", "Impact on provision", "Effect on inclusion")


def judgements(selection: Selection) -> bool:
    """How schools' work with parents was judged, grade by grade against England; returns
    whether any judgement is loaded (the comparisons below need one)."""
    area = selection.describe()
    st.header("1. Judgements of the work with parents")
    distribution = ask("engagement_distribution", **selection.params)
    if distribution.is_empty():
        st.info("No engagement judgements are loaded for this selection.")
        return False
    present = set(distribution["judgement"])
    judgement = st.selectbox(
        "Judgement",
        [j for j in JUDGEMENTS if j in present] + sorted(present - set(JUDGEMENTS)),
        key="eng_judgement",
        bind="query-params",
    )
    # the query's order: the selection's rows, then England's, phases in a fixed order
    chosen = selection.places(distribution.filter(pl.col("judgement") == judgement))
    one = distribution.filter(pl.col("judgement") == judgement)
    judged = {
        place: int(one.filter(pl.col("geography") == place)["count_schools"].sum())
        for place in ("Selection", "England")
    }
    compared = (
        f"{md(area)} ({plural(judged['Selection'], 'school')} judged) against "
        f"{md(national_label())} ({plural(judged['England'], 'school')})"
        if selection.la_code is not None
        else f"{md(area)} ({plural(judged['England'], 'school')} judged)"
    )
    st.caption(
        f"% of schools at each grade (latest judgement per school), {compared}; 4-point scale, "
        "1 outstanding. The table's download gives the schools at each grade."
    )
    show_pivot(
        chosen,
        on="grade_label",
        index=["geography", "phase", "count_schools_judged"],
        values="pct_schools",
        first=chosen.sort("grade_rank")["grade_label"].unique(maintain_order=True).to_list(),
    )
    download_buttons(
        chosen.select(
            "geography",
            "phase",
            "count_schools_judged",
            "grade_label",
            "count_schools",
            "pct_schools",
        ),
        "engagement judgements",
        {"Selection": area, "Judgement": judgement},
    )
    return True


def impact_and_inclusion(selection: Selection) -> None:
    """The pattern reported of Schools and parents' 47 schools (impact never above engagement,
    inclusion never below) counted, and the schools that break it listed: a finding about one
    sample, not a rule."""
    area = selection.describe()
    st.subheader("Engagement against impact and inclusion")
    crosstab = ask("engagement_crosstab", **selection.params)
    st.caption(
        "Schools whose second judgement is lower, the same or higher than the judgement of "
        f"their engagement (each school's latest). {citations.ENGAGEMENT_PATTERN_WORDS} "
        "Schools that break it are counted here and listed below."
    )
    counted = selection.places(crosstab)
    show_table(counted)
    download_buttons(counted, "engagement against impact and inclusion", {"Selection": area})
    breaks = ask("engagement_pattern_breaks", **selection.params)
    st.markdown(
        f"**{plural(breaks.height, 'school')} in {md(area)} break the pattern** "
        "(impact judged better than the engagement, or inclusion judged worse)."
    )
    if not breaks.is_empty():
        show_table(breaks)
        download_buttons(breaks, "schools breaking the pattern", {"Selection": area})


def outcomes_and_satisfaction(selection: Selection) -> None:
    """Engagement beside overall effectiveness and parents' satisfaction, each framework and
    question set apart, so no figure is taken across scales."""
    st.subheader("Engagement against overall effectiveness and parents' satisfaction")
    outcomes = ask("engagement_vs_outcomes", **selection.params)
    st.caption(
        f"Schools in {md(selection.describe())} by engagement grade and their latest overall "
        "effectiveness, each grade with its own framework: an Outstanding from 2005-12 is not "
        "added to one from 2012-19, and Satisfactory (the 2005-12 scale) is never merged with "
        "Requires improvement."
    )
    by_grade = outcomes.select(  # its grade is the overall effectiveness: named so, not 'Grade'
        "engagement_grade", "era", pl.col("grade_label").alias("graded_overall"), "count_schools"
    )
    show_table(by_grade)
    download_buttons(
        by_grade,
        "engagement against overall effectiveness",
        {"Selection": selection.describe()},
    )
    satisfied = ask("engagement_vs_satisfaction", **selection.params)
    st.caption(
        "The median of schools' % satisfied (each school's latest Parent View result), "
        "for each question set apart: the sets are worded differently, so no figure is taken "
        "across them."
    )
    if satisfied.is_empty():
        st.info("No school judged here has a published Parent View result.")
    else:
        medians = satisfied.select(
            "family", "engagement_grade", "count_schools", "median_happy_share"
        )
        show_table(medians)
        download_buttons(
            medians,
            "engagement against parents' satisfaction",
            {"Selection": selection.describe()},
        )


def beside_report_cards(selection: Selection) -> None:
    """The judged effect on inclusion next to the report card's Inclusion grade: two scales side
    by side, never converted."""
    st.subheader("Beside the report cards' Inclusion grade")
    beside = ask("engagement_beside_report_cards", **selection.params)
    st.caption(
        "Schools with both: the judged effect of the work with parents on inclusion "
        "(4-point scale) next to the report card's Inclusion grade (5-point scale). Two "
        "scales, shown side by side and never converted."
    )
    if beside.is_empty():
        st.info(
            "No school judged here has a report card yet (report cards began in November 2025), "
            "so there is nothing to set side by side."
        )
        return
    shown = beside.drop("report_card_scale")
    show_table(shown)
    download_buttons(
        shown, "engagement beside report cards' Inclusion", {"Selection": selection.describe()}
    )


# --- 2. improvement points ---------------------------------------------------------------------


def study_figures(selection: Selection) -> bool:
    """Engagement in Education's (2013) figures about inspection reports beside the selection's
    and England's
    (the LA pack draws the same, lens/rules/report_figures.py); returns whether any report with an
    improvement section is loaded (the sections below need one)."""
    area = selection.describe()
    st.header("2. What inspection reports ask schools to do")
    counts = ask("report_study_figures", **selection.params)
    if counts.is_empty():
        st.info("No inspection report with an improvement section is loaded for this selection.")
        return False
    st.subheader("Beside Engagement in Education's 2013 analysis of 222 reports")
    figures = report_figures.side_by_side(counts)
    in_la = selection.la_code is not None
    said = report_figures.sentences(figures, area if in_la else None)
    st.markdown("\n".join(f"- {md(line)}" for line in said))
    st.caption(
        f"{md(report_figures.STUDY_NOTE)} *Selection* is {md(area)}. By era: the heading each "
        "report's improvement section used; the study's figures are for all of its reports."
    )
    if not in_la:
        figures = figures.drop("selection_share", "selection_reports")
    show_table(figures)
    download_buttons(
        figures, "report figures beside Engagement in Education 2013", {"Selection": area}
    )
    coder_mistakes(selection)
    return True


def coder_mistakes(selection: Selection) -> None:
    """The same shares with the coder's measured mistakes allowed for (lens/rules/coder_errors.py,
    as the LA pack gives them): observed, and the range the true share probably lies in."""
    area = selection.describe()
    in_la = selection.la_code is not None
    allowed = coder_errors.ask_allowed_shares(**selection.params)
    st.markdown("**Allowing for the coder's mistakes**")
    said = coder_errors.sentences(allowed, area if in_la else None)
    st.markdown("\n".join(f"- {md(line)}" for line in said))
    with st.expander("How the coder's mistakes are allowed for"):
        st.markdown(md(coder_errors.method(ask("coder_measured_errors"))))
        by_era = coder_errors.table(allowed, in_la)
        show_table(by_era)
        download_buttons(
            by_era, "report figures allowing for the coder's mistakes", {"Selection": area}
        )


def by_year(selection: Selection) -> None:
    """The same shares year by year and era by era, each with its number of reports."""
    shares = ask("report_code_shares", **selection.params)
    st.subheader("By year and era")
    st.caption(
        "Share of reports with an improvement section whose section does each, and whose only "
        "mention of parents anywhere is their views; the number of reports is the denominator."
    )
    table = selection.places(shares.filter(~pl.col("all_years")).drop("all_years"))
    show_table(table)
    download_buttons(table, "report coding by year", {"Selection": selection.describe()})


def _for_corrections(points: pl.DataFrame) -> pl.DataFrame:
    """The coded passages in the advisers' corrections layout (README): one row per sentence."""
    return points.select(
        "urn", "inspection_key", "sentence_hash", "report_label", "sentence"
    ).unique(["urn", "inspection_key", "sentence_hash"], keep="first", maintain_order=True)


def coded_words(selection: Selection) -> None:
    """Every coded passage with the words that decided its label, the uncertain ones marked for
    review, and a download an adviser can correct and load back."""
    area = selection.describe()
    st.subheader("The coded words")
    left, right = st.columns(2)
    shown = left.selectbox(
        "Show",
        ["All", *(CODE_WORDS[code] for code in CODES)],
        key="eng_label",
        bind="query-params",
    )
    uncertain_only = right.toggle(
        "Only the uncertain, for review", key="eng_uncertain", bind="query-params"
    )
    label = next((code for code in CODES if CODE_WORDS[code] == shown), None)
    points = ask(
        "report_coded_points", label=label, uncertain_only=uncertain_only, **selection.params
    )
    uncertain = points.filter("is_uncertain").height
    st.caption(
        f"{plural(points.height, 'coded passage')} in {md(area)}, {uncertain:,} uncertain. *Why* "
        "gives the words that decided each label: those that weighed most for the automatic "
        "coding, which weighs the words with the phrase rules' matches (the rules are published "
        "with Partnership Lens) and with the sentence's meaning as a whole (*Sentence meaning*: "
        "how like it is to the sentences of each label the coding learned from, though the "
        "words differ), then the rules' matches. *Uncertain*: the automatic coding is "
        "less than 80% sure of the label; its mistakes gather there, so reviewing these pays "
        "most. To correct a label, download the passages below, change the *Label* column to "
        + " or ".join([", ".join(CODE_WORDS[c] for c in CODES[:-1]), CODE_WORDS[CODES[-1]]])
        + " and send the file to whoever loads your data: the next update of the data uses it. "
        "The download also has each passage's *Inspection* and *Sentence reference* (a "
        "12-character code that tells the update which sentence a correction is for): leave "
        "those as they are."
    )
    show_table(points.drop("inspection_key", "sentence_hash"))  # the download carries both
    download_buttons(
        _for_corrections(points),
        "coded passages for corrections",
        {"Selection": area, "Show": shown, "Only uncertain": str(uncertain_only)},
    )


def corrections(selection: Selection) -> None:
    """The advisers' corrections in use, each with how many passages it found, so one that
    matches nothing is seen."""
    found = ask("report_corrections_list", **selection.params)
    if found.is_empty():
        return
    st.subheader("Advisers' corrections in use")
    st.caption(
        "Each correction loaded, the coder's label it replaced and how many coded passages it "
        "found; 0 means its school, inspection or sentence reference matched nothing loaded."
    )
    show_table(found)
