"""The sections of the Parent View page: what parents said in one snapshot, how it has moved, who
answered, and the figures to weigh with care. Every figure comes with its base and interval."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
import streamlit as st

from lens.app.filters import Selection
from lens.data.coverage import label as national_label
from lens.data.queries import ask
from lens.present import chart_data, charts
from lens.present.columns import FLAG_RULES
from lens.present.ui import chart_and_table, download_buttons, md, plural, show_pivot, show_table
from lens.present.ui import data_as_at as data_as_at  # each page's 'Data as at' line
from lens.rules.labels import whose
from lens.rules.words import FLAG_WORDS, SAME_YEAR_WORDS
from schemas.parent_view import SET_BY_ID, question_count_words


@dataclass(frozen=True)
class Snapshot:
    """One published Parent View snapshot, in one question set (sets are never pooled)."""

    question_set: str
    snapshot_date: str
    label: str  # its date and question set, as the picker shows it

    def params(self, selection: Selection) -> dict[str, object]:
        """The bound parameters of the snapshot's queries for the selection."""
        return {
            "question_set": self.question_set,
            "snapshot_date": self.snapshot_date,
            **selection.params,
        }


# A question set's name as the snapshot picker wrote it, and so as links made then carry it,
# before the name said its figures (the 2019-2025 set's 14 questions give 15: 7a and 7b)
OLDER_SET_NAMES = {"pv_2019": "Parent View questions September 2019 to 2025 (14 questions)"}


def _snapshot_label(question_set: str, snapshot_date: object, name: str | None = None) -> str:
    return f"{snapshot_date:%-d %B %Y} ({name or SET_BY_ID[question_set].name})"


def choose_snapshot() -> Snapshot | None:
    """The snapshot every section below reads, kept in the page address; None (said so) when no
    Parent View results are loaded."""
    snapshots = ask("pv_snapshots")
    if snapshots.is_empty():
        st.info("No Parent View results are loaded.")
        return None
    labels = {
        f"{r['question_set']}|{r['snapshot_date']}": _snapshot_label(
            r["question_set"], r["snapshot_date"]
        )
        for r in snapshots.iter_rows(named=True)
    }
    older = {  # a link made with the set's older name opens the snapshot it named
        _snapshot_label(
            r["question_set"], r["snapshot_date"], OLDER_SET_NAMES[r["question_set"]]
        ): (f"{r['question_set']}|{r['snapshot_date']}")
        for r in snapshots.iter_rows(named=True)
        if r["question_set"] in OLDER_SET_NAMES
    }
    if st.query_params.get("snapshot") in older:
        st.session_state["snapshot"] = older[st.query_params.get("snapshot")]
    chosen = st.selectbox(
        "Snapshot",
        list(labels),
        format_func=lambda k: labels.get(k, k),
        key="snapshot",
        bind="query-params",
    )
    if chosen not in labels:
        chosen = next(iter(labels))
    question_set, snapshot_date = chosen.split("|")
    return Snapshot(question_set, snapshot_date, labels[chosen])


def questions(selection: Selection, snapshot: Snapshot) -> pl.DataFrame | None:
    """Every question's % positive with its interval beside the region and England, so the
    reader sees which differences are within noise; returns the questions, or None (said so)
    when the selection has no results in this snapshot."""
    st.header("1. What parents said")
    asked = ask("pv_questions", **snapshot.params(selection))
    if asked.is_empty():
        st.info(f"No Parent View results for {md(selection.describe())} in this snapshot.")
        return None
    # the verdict and the difference first, beside the figure, so a projected table shows them
    # before it runs out of width (a walkthrough found them off-screen at 1,400 pixels); no
    # region's column when there is no region, nor England against England
    against = (
        ["against_england", "difference_from_england", "england_pct_positive"]
        if selection.la_code is not None
        else []
    )
    shown = asked.select(
        "question_id",
        "question_text",
        "pct_positive",
        *against,
        "clustered_ci95_low_pct",
        "clustered_ci95_high_pct",
        *(["region_pct_positive"] if selection.region else []),
        "schools",
        "answering",
    )
    count = question_count_words(asked["question_id"].to_list(), name_parts=True)
    st.caption(
        f"{count[:1].upper()}{count[1:]}, one row each. "
        f"% positive: strongly agree or agree of those agreeing or disagreeing (yes, for yes/no "
        f"questions), pooled over parents in {md(selection.describe())}; base "
        f"{int(asked['schools'].max()):,} schools. The 95% interval takes the schools as "
        "clusters (parents of one school answer alike), so it is never narrower than Wilson's. "
        "A difference is *within noise* when "
        f"the {md(national_label())} figure lies inside the selection's 95% interval: do not "
        "chase it. With few schools the interval is wide, as a handful of schools tells little."
    )
    show_table(shown)
    download_buttons(
        shown,
        "Parent View questions",
        {"Selection": selection.describe(), "Snapshot": snapshot.label},
    )
    return asked


def one_question(selection: Selection, snapshot: Snapshot, asked: pl.DataFrame) -> str:
    """One question's answers option by option in the three places, a chart with its table;
    returns the question, which the trends below follow."""
    texts = dict(zip(asked["question_id"].to_list(), asked["question_text"].to_list(), strict=True))
    question = st.selectbox(
        "Question",
        list(texts),
        format_func=lambda q: f"Q{q}. {texts.get(q, q)}",
        key="question",
        bind="query-params",
    )
    if question not in texts:
        question = next(iter(texts))
    options = selection.places(
        ask("pv_options", question_id=question, **snapshot.params(selection))
    )
    data, domain, colours = chart_data.options_frame(options)
    order = tuple(
        selection.places(pl.DataFrame({"geography": ["Selection", "Region", "England"]}))[
            "geography"
        ]
    )  # the places' names, the LA first: the chart's bars and the table's columns alike
    chart_col, table_col = chart_and_table()
    with chart_col:
        charts.draw(
            "option_shares", data, f"Q{question}. {texts[question]}", domain, colours, order
        )
    bases = dict(data.select("geography", "submissions").unique().iter_rows())
    table_col.caption(
        "% of submissions (the chart's data), of "
        + ", ".join(f"{bases[place]:,} in {md(place)}" for place in order if place in bases)
    )
    show_pivot(
        data.sort("answer_rank"),
        on="geography",
        index=["answer_label"],
        values="pct_responses",
        where=table_col,
        first=list(order),
        download=(
            "Parent View answers",
            {
                "Question": f"Q{question}. {texts[question]}",
                "Selection": selection.describe(),
                "Snapshot": snapshot.label,
            },
        ),
    )
    return question


# the trend chart (lens/present/chart_templates.py) draws any interval from these two fields
CHART_INTERVAL = {
    "clustered_ci95_low_pct": "ci95_low_pct",
    "clustered_ci95_high_pct": "ci95_high_pct",
}


def trend(selection: Selection, snapshot: Snapshot, question: str) -> None:
    """The question's % positive over the snapshots of its question set, with intervals: a
    reworded question starts a new series, so the line never crosses sets."""
    st.header("2. How it has moved")
    found = ask(
        "pv_trend", question_set=snapshot.question_set, question_id=question, **selection.params
    )
    series = selection.places(found).with_columns(
        pl.col("geography").alias("series"),
        pl.col("snapshot_date").dt.strftime("%b %Y").alias("snapshot"),
    )  # "snapshot" is the chart's axis label; tables show the date itself
    st.caption(
        f"Q{question} within {SET_BY_ID[snapshot.question_set].name}; shaded: 95% interval, "
        f"taking the schools as clusters (as in the table above). {SAME_YEAR_WORDS}"
    )
    chart_col, table_col = chart_and_table()
    with chart_col:
        charts.draw(
            "trend",
            series.drop("snapshot_date", "geography").rename(CHART_INTERVAL),
            f"% positive, {selection.la_name} and {national_label()}",
        )
    shown = series.select(
        "series",
        "snapshot_date",
        "pct_positive",
        "clustered_ci95_low_pct",
        "clustered_ci95_high_pct",
        "count_schools",
    )
    show_table(shown, table_col)
    download_buttons(
        shown,
        "Parent View trend",
        {
            "Question": f"Q{question}, {SET_BY_ID[snapshot.question_set].name}",
            "Selection": selection.describe(),
        },
        table_col,
    )


def _response_base(selection: Selection, snapshot: Snapshot) -> pl.DataFrame:
    """Every school of the selection in the snapshot, published or not (under 10 submissions)."""
    return ask(
        "pv_response_base",
        question_set=snapshot.question_set,
        snapshot_date=snapshot.snapshot_date,
        **selection.params,
    )


def school_trend(selection: Selection, snapshot: Snapshot, question: str) -> None:
    """The same question for one school of the selection, its predecessor's results marked as
    such, so a school's own series is not mistaken for its predecessor's."""
    published = _response_base(selection, snapshot).filter("is_published")
    if published.is_empty():
        return
    names = dict(zip(published["urn"].to_list(), published["school_name"].to_list(), strict=True))
    urn = st.selectbox(
        "One school's trend",
        list(names),
        format_func=lambda u: f"{names.get(u, u)} ({u})",
        key="pv_school",
        bind="query-params",
    )
    school = ask(
        "pv_school_trend", urn=urn, question_id=question, question_set=snapshot.question_set
    )
    shown = school.select(
        whose(pl.col("predecessor_urn")).alias("whose"),
        "snapshot_date",
        "submissions",
        "pct_positive",
        "ci95_low_pct",
        "ci95_high_pct",
    )
    show_table(shown)
    download_buttons(
        shown,
        "one school's Parent View trend",
        {
            "School": f"{names.get(urn, urn)} (URN {urn})",
            "Question": f"Q{question}, {SET_BY_ID[snapshot.question_set].name}",
        },
    )
    if school["is_predecessor"].any():
        st.caption(
            "Rows marked *Predecessor* are the school it replaced (an academy "
            "conversion): shown for context, not as this school's own results."
        )


def who_answered(selection: Selection, snapshot: Snapshot) -> None:
    """How many schools have published results and how many have none: a school under 10
    submissions has nothing to show, which is not a poor result."""
    base = _response_base(selection, snapshot)
    published = base.filter("is_published")
    st.header("3. Who answered")
    missing = base.height - published.height
    st.markdown(
        f"In this snapshot, {plural(published.height, 'school')} in {md(selection.describe())} "
        f"{'has' if published.height == 1 else 'have'} published results and **{missing:,} "
        f"{'has' if missing == 1 else 'have'} none**: Ofsted publishes no school with "
        "fewer than 10 submissions, so for those there is nothing to show, not a poor result."
    )
    show_table(base)
    download_buttons(
        base,
        "Parent View response base",
        {"Selection": selection.describe(), "Snapshot": snapshot.label},
    )


def trust_flags(selection: Selection) -> None:
    """The results to weigh with care, with the rule behind each flag: a prompt to ask the school,
    not a finding."""
    st.header("4. Figures to weigh with care")
    with st.expander("The rules behind each flag"):
        st.markdown(
            "\n".join(f"- **{FLAG_WORDS[flag]}**: {rule}" for flag, rule in FLAG_RULES.items())
            + "\n\nA flag is a prompt to look, not a finding: ask the school what happened."
        )
    flag = st.selectbox(
        "Flag",
        ["All", *FLAG_WORDS],
        format_func=lambda f: FLAG_WORDS.get(f, f),
        key="pv_flag",
        bind="query-params",
    )
    flags = ask("pv_flags", flag=None if flag == "All" else flag, **selection.params)
    st.caption(f"{plural(flags.height, 'flag')} in {md(selection.describe())}, all snapshots.")
    show_table(flags)
    download_buttons(
        flags,
        "Parent View flags",
        {"Selection": selection.describe(), "Flag": FLAG_WORDS.get(flag, flag)},
    )
