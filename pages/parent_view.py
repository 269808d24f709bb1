"""Parent View: what parents said, how it has moved, and how far each figure can be trusted."""

from __future__ import annotations

import polars as pl
import streamlit as st

from lens import charts
from lens.coverage import label as national_label
from lens.filters import Selection, current_selection
from lens.labels import whose
from lens.queries import ask
from lens.ui import download_buttons, md, plural, show_pivot, show_table
from lens.vocabulary import FLAG_RULES, FLAG_WORDS
from schemas.parent_view import SET_BY_ID

selection: Selection = current_selection(__file__)
params = selection.params

st.title("Parent View")
st.markdown(
    "Ofsted's Parent View is open to anyone who says they are a parent, and a school or a campaign "
    "can drive submissions up, so every figure here comes with its base, its interval, and flags "
    "that say when it needs care. Results are published only for schools with 10 or more "
    "submissions, and each question set is kept apart: a reworded question starts a new series."
)
snapshots = ask("pv_snapshots")
if snapshots.is_empty():
    st.info("No Parent View results are loaded.")
    st.stop()
labels = {
    f"{r['question_set']}|{r['snapshot_date']}": f"{r['snapshot_date']:%-d %B %Y} "
    f"({SET_BY_ID[r['question_set']].name})"
    for r in snapshots.iter_rows(named=True)
}
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
in_snapshot = {"question_set": question_set, "snapshot_date": snapshot_date, **params}

# --- 1. Answers, question by question -------------------------------------------------------
st.header("1. What parents said")
questions = ask("pv_questions", **in_snapshot)
if questions.is_empty():
    st.info(f"No Parent View results for {md(selection.describe())} in this snapshot.")
    st.stop()
shown = questions.select(
    "question_id",
    "question_text",
    "pct_positive",
    "ci95_low_pct",
    "ci95_high_pct",
    "region_pct_positive",
    "england_pct_positive",
    "difference_from_england",
    "against_england",
    "schools",
    "answering",
)
st.caption(
    f"% positive: strongly agree or agree of those agreeing or disagreeing (yes, for yes/no "
    f"questions), pooled over parents in {md(selection.describe())}; base "
    f"{int(questions['schools'].max()):,} schools. A difference is *within noise* when "
    f"the {md(national_label())} figure lies inside the selection's 95% interval: do not chase "
    "it."
)
show_table(shown)
download_buttons(
    shown, "Parent View questions", {"Selection": selection.describe(), "Snapshot": labels[chosen]}
)
texts = dict(
    zip(questions["question_id"].to_list(), questions["question_text"].to_list(), strict=True)
)
question = st.selectbox(
    "Question",
    list(texts),
    format_func=lambda q: f"Q{q}. {texts.get(q, q)}",
    key="question",
    bind="query-params",
)
if question not in texts:
    question = next(iter(texts))
options = selection.places(ask("pv_options", question_id=question, **in_snapshot))
data, domain, colours = charts.options_frame(options)
chart_col, table_col = st.columns([3, 2])
with chart_col:
    charts.draw("option_shares", data, f"Q{question}. {texts[question]}", domain, colours)
table_col.caption("% of submissions (the chart's data)")
show_pivot(
    data.sort("answer_rank"),
    on="geography",
    index=["answer_label"],
    values="pct_responses",
    where=table_col,
)

# --- 2. Trends --------------------------------------------------------------------------------
st.header("2. How it has moved")
trend = ask("pv_trend", question_set=question_set, question_id=question, **params)
series = selection.places(trend).with_columns(
    pl.col("geography").alias("series"),
    pl.col("snapshot_date").dt.strftime("%b %Y").alias("snapshot"),
)  # "snapshot" is the chart's axis label; tables show the date itself
st.caption(f"Q{question} within {SET_BY_ID[question_set].name}; shaded: 95% interval.")
chart_col, table_col = st.columns([3, 2])
with chart_col:
    charts.draw(
        "trend",
        series.drop("snapshot_date", "geography"),
        f"% positive, {selection.la_name} and {national_label()}",
    )
show_table(
    series.select(
        "series", "snapshot_date", "pct_positive", "ci95_low_pct", "ci95_high_pct", "count_schools"
    ),
    table_col,
)
base = ask("pv_response_base", question_set=question_set, snapshot_date=snapshot_date, **params)
published = base.filter("is_published")
if not published.is_empty():
    names = dict(zip(published["urn"].to_list(), published["school_name"].to_list(), strict=True))
    urn = st.selectbox(
        "One school's trend",
        list(names),
        format_func=lambda u: f"{names.get(u, u)} ({u})",
        key="pv_school",
        bind="query-params",
    )
    school = ask("pv_school_trend", urn=urn, question_id=question, question_set=question_set)
    show_table(
        school.select(
            whose(pl.col("predecessor_urn")).alias("whose"),
            "snapshot_date",
            "submissions",
            "pct_positive",
            "ci95_low_pct",
            "ci95_high_pct",
        )
    )
    if school["is_predecessor"].any():
        st.caption(
            "Rows marked *Predecessor* are the school it replaced (an academy "
            "conversion): shown for context, not as this school's own results."
        )

# --- 3. Response base -------------------------------------------------------------------------
st.header("3. Who answered")
missing = base.height - published.height
st.markdown(
    f"In this snapshot, {plural(published.height, 'school')} in {md(selection.describe())} "
    f"have published results and **{missing:,} have none**: Ofsted publishes no school with "
    "fewer than 10 submissions, so for those there is nothing to show, not a poor result."
)
show_table(base)
download_buttons(
    base,
    "Parent View response base",
    {"Selection": selection.describe(), "Snapshot": labels[chosen]},
)

# --- 4. Trust flags ---------------------------------------------------------------------------
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
flags = ask("pv_flags", flag=None if flag == "All" else flag, **params)
st.caption(f"{plural(flags.height, 'flag')} in {md(selection.describe())}, all snapshots.")
show_table(flags)
download_buttons(
    flags,
    "Parent View flags",
    {"Selection": selection.describe(), "Flag": FLAG_WORDS.get(flag, flag)},
)
