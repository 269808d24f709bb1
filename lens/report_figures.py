"""The seed study's figures about inspection reports, beside the same figures from the warehouse
(lens/sql/report_seed_figures.sql), for the Engagement page and the LA briefing pack.

The seed read 222 inspection reports from 2012-13 with an improvement section: 15.4% used parental
engagement as a strategy, and 18.9% linked engagement with pupils' learning outcomes. It found
that most reports recount parents' views; it gave no figure for reports whose only mention of
parents is their views, which the warehouse adds.
"""

from __future__ import annotations

import polars as pl

from lens.coverage import place as national_place

SEED_YEARS = "2012-13"
SEED_REPORTS = 222
MEASURES = (  # count column of report_seed_figures, the figure in words, the seed's share
    (
        "count_engagement_strategy",
        "Improvement section uses parental engagement as a strategy",
        0.154,
    ),
    ("count_learning_link", "Report links engagement with pupils' learning outcomes", 0.189),
    ("count_parents_views_only", "The report's only mention of parents is their views", None),
)
SEED_NOTE = (
    f"Seed study: {SEED_REPORTS} inspection reports from {SEED_YEARS} with an improvement "
    "section. Every share here is of the reports with an improvement section, the number given "
    "beside it."
)


def side_by_side(counts: pl.DataFrame) -> pl.DataFrame:
    """One row per era and figure: the seed's share, the selection's and England's, each with its
    denominator (reports with an improvement section). Eras keep the query's order."""
    rows = []
    eras = counts["report_era"].unique(maintain_order=True).to_list()
    for era in eras:
        here = {
            row["geography"]: row
            for row in counts.filter(pl.col("report_era") == era).iter_rows(named=True)
        }
        for column, words, seed in MEASURES:
            row = {"report_era": era, "seed_measure": words}
            row["seed_share"] = seed if era == "all" else None
            row["seed_reports"] = SEED_REPORTS if era == "all" and seed is not None else None
            for geography, prefix in (("Selection", "selection"), ("England", "england")):
                found = here.get(geography)
                base = found["count_reports"] if found else 0
                row[f"{prefix}_share"] = found[column] / base if base else None
                row[f"{prefix}_reports"] = base
            rows.append(row)
    schema = {
        "report_era": pl.String,
        "seed_measure": pl.String,
        "seed_share": pl.Float64,
        "seed_reports": pl.Int64,
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
        line = f"{row['seed_measure']}: " + ", ".join(parts)
        if row["seed_share"] is not None:
            line += f"; seed {row['seed_share']:.1%} of {row['seed_reports']} ({SEED_YEARS})"
        else:
            line += "; the seed gives no figure"
        said.append(line + ".")
    return said
