"""Words shown for codes stored in the warehouse."""

from __future__ import annotations

import polars as pl

from schemas.parent_view import SET_BY_ID

FAMILY_LABELS = {
    **{
        f"parent_view_{qs.question_set}": (
            f"Parent View, {qs.starts_on:%Y}-{qs.ends_on:%Y} questions"
            if qs.ends_on
            else f"Parent View, questions from {qs.starts_on:%B %Y}"
        )
        + ": \u201cMy child is happy at this school\u201d"
        for qs in SET_BY_ID.values()
    },
    "questionnaire": "Parental questionnaires: \u201cOverall, I am happy with my child's "
    "experience at this school\u201d",
}


def family_label(family: str) -> str:
    return FAMILY_LABELS.get(family, family)


def as_at_sentence(sources: pl.DataFrame) -> str:
    """'Data as at: ...' from lens/sql/source_dates.sql, shown beside every figure."""
    return "Data as at: " + "; ".join(
        f"{row['source']} {row['as_at_date']:%-d %B %Y}"
        if row["as_at_date"]
        else f"{row['source']} (date not stated)"
        for row in sources.iter_rows(named=True)
    )
