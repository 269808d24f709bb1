"""Engagement in Education's 2013 figures about inspection reports (lens/rules/citations.py), beside
the same figures counted from the warehouse (lens/data/sql/report_study_figures.sql), for the
Engagement page and the LA briefing pack.

The analysis read 222 Ofsted reports; it is reported to have found 15.4% using parental engagement
as a strategy for improvement and 18.9% linking engagement with pupils' learning outcomes. The
passage giving those two figures was not available to us, so every place that shows them says so;
it gives no figure for reports whose only mention of parents is their views, which the warehouse
adds.
"""

from __future__ import annotations

import polars as pl

from lens.data.coverage import place as national_place
from lens.rules.citations import (
    ENGAGEMENT_IN_EDUCATION,
    ENGAGEMENT_STRATEGY_SHARE,
    LEARNING_LINK_SHARE,
    NOT_IN_TEXT_WE_HAVE,
    NOT_IN_TEXT_WE_HAVE_PLURAL,
)

STUDY_SHORT = "Engagement in Education (2013)"
MEASURES = (  # count column of report_study_figures, the figure in words, the study's share
    ("count_engagement_strategy", ENGAGEMENT_STRATEGY_SHARE.measure, ENGAGEMENT_STRATEGY_SHARE),
    ("count_learning_link", LEARNING_LINK_SHARE.measure, LEARNING_LINK_SHARE),
    ("count_parents_views_only", "The report's only mention of parents is their views", None),
)
STUDY_NOTE = (
    f"{ENGAGEMENT_IN_EDUCATION.name}: {ENGAGEMENT_IN_EDUCATION.description}. Its two figures "
    f"are given {NOT_IN_TEXT_WE_HAVE_PLURAL}. The dashboard's own shares are of the reports with "
    "an improvement section, the number given beside each."
)


def side_by_side(counts: pl.DataFrame) -> pl.DataFrame:
    """One row per era and figure: the study's share, the selection's and England's, each with
    its denominator (reports with an improvement section). Eras keep the query's order."""
    rows = []
    eras = counts["report_era"].unique(maintain_order=True).to_list()
    for era in eras:
        here = {
            row["geography"]: row
            for row in counts.filter(pl.col("report_era") == era).iter_rows(named=True)
        }
        for column, words, figure in MEASURES:
            row = {"report_era": era, "study_measure": words}
            row["study_share"] = figure.value if era == "all" and figure is not None else None
            for geography, prefix in (("Selection", "selection"), ("England", "england")):
                found = here.get(geography)
                base = found["count_reports"] if found else 0
                row[f"{prefix}_share"] = found[column] / base if base else None
                row[f"{prefix}_reports"] = base
            rows.append(row)
    schema = {
        "report_era": pl.String,
        "study_measure": pl.String,
        "study_share": pl.Float64,
        "selection_share": pl.Float64,
        "selection_reports": pl.Int64,
        "england_share": pl.Float64,
        "england_reports": pl.Int64,
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def sentences(table: pl.DataFrame, area: str | None) -> list[str]:
    """The all-eras figures as sentences, each with its denominator, for a reader in a hurry;
    `area` is the LA (or selection) shown beside England, None when England is the selection."""
    said = []
    for row in table.filter(pl.col("report_era") == "all").iter_rows(named=True):
        parts = []
        if area is not None:
            parts.append(
                f"no report with an improvement section in {area}"
                if row["selection_share"] is None
                else f"{row['selection_share']:.1%} of {row['selection_reports']:,} in {area}"
            )
        if row["england_share"] is not None:
            parts.append(
                f"{row['england_share']:.1%} of {row['england_reports']:,} in {national_place()}"
            )
        line = f"{row['study_measure']}: " + ", ".join(parts)
        if row["study_share"] is not None:
            line += (
                f"; {STUDY_SHORT}: {row['study_share']:.1%} of the reports it analysed "
                f"({NOT_IN_TEXT_WE_HAVE})"
            )
        else:
            line += f"; {STUDY_SHORT} gives no figure"
        said.append(line + ".")
    return said
