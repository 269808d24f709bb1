"""Engagement: how well schools work with parents, and whether that work is engagement with
learning or only involvement and information."""

from __future__ import annotations

import polars as pl
import streamlit as st

from lens.filters import Selection, current_selection
from lens.queries import ask
from lens.ui import download_buttons, md, plural

selection: Selection = current_selection(__file__)
params = selection.params

st.title("Engagement with parents")
st.markdown(
    "- **Parental engagement**: parents supporting their children's learning at home. It raises "
    "attainment.\n"
    "- **Parental involvement**: parents attending, volunteering, giving their views. Valuable, "
    "but it does not raise attainment by itself.\n"
    "- **Informing**: the school telling parents things.\n\n"
    "Schools and inspection reports often treat these as one. This page keeps them apart, with "
    "the words in each report that show which is which."
)

# --- 1. Judgements ----------------------------------------------------------------------------
st.header("1. Judgements of the work with parents")
distribution = ask("engagement_distribution", **params)
if distribution.is_empty():
    st.info("No engagement judgements are loaded for this selection.")
else:
    judgement = st.selectbox(
        "Judgement",
        distribution["judgement"].unique(maintain_order=True).to_list(),
        key="eng_judgement",
    )
    table = (
        distribution.filter(pl.col("judgement") == judgement)
        .pivot(on="grade_label", index=["phase", "geography"], values="pct_schools")
        .fill_null(0)
        .sort("phase", "geography", descending=[False, True])
    )
    st.caption(
        f"% of schools at each grade (latest judgement per school), "
        f"{md(selection.describe())} against England; 4-point scale, 1 outstanding."
    )
    st.dataframe(table, hide_index=True)
    download_buttons(
        table, "engagement judgements", {"Selection": selection.describe(), "Judgement": judgement}
    )

    st.subheader("Engagement against impact and inclusion")
    crosstab = ask("engagement_crosstab", **params)
    st.caption(
        "Number of schools whose second judgement is lower, the same or higher than the "
        "judgement of their engagement. The pattern found when inspectors judged this "
        "work: impact on provision is never judged better than the engagement, and the "
        "effect on inclusion never worse."
    )
    st.dataframe(crosstab, hide_index=True)

    st.subheader("Engagement against parents' satisfaction and overall effectiveness")
    outcomes = ask("engagement_vs_outcomes", **params)
    st.caption(
        f"Schools in {md(selection.describe())} by engagement grade: the median share "
        "of parents happy (latest Parent View) and their latest overall effectiveness "
        "grade."
    )
    st.dataframe(outcomes.drop("engagement_rank"), hide_index=True)

    st.subheader("Beside the report cards' Inclusion grade")
    beside = ask("engagement_beside_report_cards", **params)
    st.caption(
        "Schools with both: the judged effect of the work with parents on inclusion "
        "(4-point scale) next to the report card's Inclusion grade (5-point scale). Two "
        "scales, shown side by side and never converted."
    )
    st.dataframe(beside, hide_index=True)

# --- 2. Improvement points --------------------------------------------------------------------
st.header("2. What inspection reports ask schools to do")
shares = ask("report_code_shares", **params)
if shares.is_empty():
    st.info("No inspection report texts are loaded for this selection.")
    st.stop()
totals = shares.filter("all_years").select(
    "geography",
    pl.col("count_reports").alias("reports"),
    pl.col("pct_engagement_strategy").alias("% naming engagement as a strategy"),
    pl.col("pct_link_to_learning").alias("% linking parents with learning"),
    pl.col("pct_involvement_or_informing_only").alias("% parents only as involvement or informing"),
)
shares = shares.filter(~pl.col("all_years")).drop("all_years")
st.caption("Share of reports whose improvement section does each, all years.")
st.dataframe(totals, hide_index=True)
st.caption("By year and era (the heading each report used):")
st.dataframe(shares, hide_index=True)
download_buttons(shares, "report coding by year", {"Selection": selection.describe()})

st.subheader("The coded words")
label = st.selectbox("Show", ["All", "engagement", "involvement", "informing"], key="eng_label")
points = ask("report_coded_points", label=None if label == "All" else label, **params)
st.caption(
    f"{plural(points.height, 'coded passage')} in {md(selection.describe())}; *triggers* "
    "are the words that decided each label (rules in etl/coding/parent_phrases.csv)."
)
st.dataframe(
    points, hide_index=True, column_config={"text": st.column_config.TextColumn(width="large")}
)
download_buttons(
    points, "coded report passages", {"Selection": selection.describe(), "Show": label}
)
