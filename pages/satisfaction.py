"""Satisfaction versus effectiveness: where what parents say and what inspectors judged part
company, and which differences are more than noise."""

from __future__ import annotations

import polars as pl
import streamlit as st

from lens import charts
from lens.filters import Selection, current_selection
from lens.labels import family_label
from lens.queries import SETTINGS, ask
from lens.ui import download_buttons, md, plural

selection: Selection = current_selection(__file__)
params = selection.params

st.title("Satisfaction versus effectiveness")
st.markdown(
    "Parents' satisfaction is **not** a measure of effectiveness: even in schools judged "
    "inadequate most parents say their child is happy. This page shows how far the two part "
    "company for the schools in your selection, and which gaps are larger than chance would give."
)

families = ask("satisfaction_families")
if families.is_empty():
    st.info("No Parent View or questionnaire results are loaded yet.")
    st.stop()


def _forget_judgement() -> None:
    """A judgement chosen for one source may not exist for another: start again from the first."""
    st.session_state.pop("judgement", None)


family = st.selectbox(
    "Source of parents' views",
    families["family"].to_list(),
    format_func=family_label,
    key="source",
    bind="query-params",
    on_change=_forget_judgement,
)
options = ask("satisfaction_judgement_options", family=family)
choices = {
    f"{row['framework_id']}|{row['area']}": (
        f"Overall effectiveness, latest graded inspection in {row['framework']}"
        if row["area"] == "overall_effectiveness"
        else f"Report card: {row['area_label']}"
    )
    + f" ({row['count_schools']:,} schools in England)"
    for row in options.iter_rows(named=True)
}
if not choices:
    st.info("No school has both these parents' views and an inspection judgement.")
    st.stop()
choice = st.selectbox(
    "Set against",
    list(choices),
    format_func=lambda key: choices.get(key, key),
    key="judgement",
    bind="query-params",
    help="Each inspection framework is shown on its own scale; grades from different frameworks "
    "are never pooled.",
)
if choice not in choices:
    choice = next(iter(choices))
framework_id, area = choice.split("|")
query = {"family": family, "framework_id": framework_id, "area": area, **params}
judgement_words = choices[choice].split(" (")[0]

# --- 1. The distribution by judgement -----------------------------------------------------------
st.header("1. Parents' answers by the school's grade")
by_grade = ask("satisfaction_by_grade", **query)
selection_base = by_grade.filter(geography="Selection").unique("grade_rank")
st.caption(
    f"Base: {md(selection.la_name)}, {int(selection_base['count_schools'].sum()):,} schools and "
    f"{int(selection_base['count_responses'].sum()):,} responses giving a view; England, "
    f"{int(by_grade.filter(geography='England').unique('grade_rank')['count_schools'].sum()):,} "
    "schools. Don't know answers are left out of the base."
)
chart_col, table_col = st.columns([1, 1])
answers, bar_order = charts.answers_frame(by_grade)
with chart_col:
    charts.draw(
        "answers_by_grade", answers, f"{family_label(family)}, by {judgement_words}", bar_order
    )
table = (
    by_grade.pivot(
        on="answer",
        index=["geography", "grade_rank", "grade_label", "count_schools"],
        values="pct_responses",
    )
    .sort("grade_rank", "geography", descending=[False, True])
    .drop("grade_rank")
)
table_col.caption("% of responses (the chart's data)")
table_col.dataframe(table, hide_index=True)
download_buttons(
    table,
    "answers by grade",
    {
        "Selection": selection.describe(),
        "Source": family_label(family),
        "Judgement": judgement_words,
    },
)

# --- 2. Per-school view -------------------------------------------------------------------------
st.header("2. Each school, with its 95% interval")
schools = ask("satisfaction_schools", **query)
if schools.is_empty():
    st.info(f"No school in {md(selection.describe())} has both figures.")
    st.stop()
st.caption(
    f"Base: {schools.height:,} schools in {md(selection.describe())}; "
    f"{int(schools['count_responses'].sum()):,} responses. Each line is the range the school's "
    "true share satisfied probably lies in (Wilson 95% interval): short lines are many responses."
)
charts.draw("school_intervals", charts.schools_frame(schools), f"% satisfied by {judgement_words}")
summary = (
    schools.group_by("grade_rank", "grade_label")
    .agg(
        pl.len().alias("schools"),
        pl.col("pct_satisfied").median().alias("median % satisfied"),
        pl.col("pct_satisfied").min().alias("lowest"),
        pl.col("pct_satisfied").max().alias("highest"),
        pl.col("england_pct_for_grade").first().alias("England % for the grade"),
    )
    .sort("grade_rank")
    .drop("grade_rank")
)
sentences = [
    f"{r['grade_label']}: {plural(r['schools'], 'school')}, median "
    f"{r['median % satisfied']:.0f}% satisfied (from {r['lowest']:.0f}% to {r['highest']:.0f}%)"
    for r in summary.iter_rows(named=True)
]
st.markdown("**In words:** " + "; ".join(sentences) + ".")
with st.expander("The chart's data: every school"):
    st.dataframe(schools, hide_index=True)
    download_buttons(
        schools,
        "schools satisfaction",
        {
            "Selection": selection.describe(),
            "Source": family_label(family),
            "Judgement": judgement_words,
        },
    )

# --- 3. Funnel plot -----------------------------------------------------------------------------
st.header("3. Funnel plot: which differences are more than chance")
limits = ask(
    "funnel_limits",
    family=family,
    min_responses=int(schools["count_responses"].min()),
    max_responses=int(schools["count_responses"].max()),
)
england_pct = float(limits["england_pct"][0]) if limits.height else float("nan")
outside = (
    schools.sort("count_responses").join_asof(
        limits.sort("count_responses"), on="count_responses"
    )  # nearest size at or below
).with_columns(
    (pl.col("pct_satisfied") > pl.col("upper_998")).alias("above_998"),
    (pl.col("pct_satisfied") < pl.col("lower_998")).alias("below_998"),
)
st.caption(
    f"England: {england_pct:.1f}% satisfied. Lines mark the 95% and 99.8% limits within which "
    "a school like the average would fall by chance alone for its number of responses (exact "
    "binomial). Small schools sit in the wide mouth of the funnel."
)
charts.draw(
    "funnel",
    charts.funnel_frame(schools, limits),
    f"% satisfied against responses, {selection.la_name}",
)
above, below = int(outside["above_998"].sum()), int(outside["below_998"].sum())
st.markdown(
    f"**In words:** of {plural(schools.height, 'school')}, {above} above England's 99.8% limit "
    f"and {below} below it; the rest are within what chance alone would give."
)

# --- 4. The gap list ----------------------------------------------------------------------------
st.header("4. The gap list")
with st.expander("How the gap list is worked out"):
    st.markdown(
        "A school is compared with England's share satisfied **for schools given the same "
        "grade** (same framework and area). It is on the list when a share at least that far "
        "from England's would happen by chance less than once in a thousand for a school with its "
        "number of responses (outside the 99.8% exact binomial limit). *Above*: parents more "
        "content than at schools of the same grade (look hard if the grade is weak). *Below*: "
        "parents less content (look hard if the grade is strong). Exact limits mean a school with "
        "a handful of responses cannot reach the list by chance. Parent View counts are "
        "approximate (published percentages times submissions)."
    )
gaps = (
    schools.filter(pl.col("gap_direction").is_not_null())
    .with_columns(
        pl.when(pl.col("months_apart") > SETTINGS.months_apart_warning)
        .then(pl.format("parent data and inspection {} months apart", pl.col("months_apart")))
        .when(pl.col("count_responses") < SETTINGS.low_base_responses)
        .then(pl.lit("few responses"))
        .alias("caution")
    )
    .select(
        "school_name",
        "urn",
        "grade_label",
        "gap_direction",
        "pct_satisfied",
        "ci95_low",
        "ci95_high",
        "england_pct_for_grade",
        "count_responses",
        "data_date",
        "inspected_on",
        "months_apart",
        "caution",
    )
)
st.caption(f"{gaps.height:,} of {schools.height:,} schools in {md(selection.describe())}.")
st.dataframe(gaps, hide_index=True)
download_buttons(
    gaps,
    "gap list",
    {
        "Selection": selection.describe(),
        "Source": family_label(family),
        "Judgement": judgement_words,
        "Rule": "outside the 99.8% exact binomial limit around England's share for the same grade",
    },
)
