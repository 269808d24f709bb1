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
    "questionnaire_at_inspection": "Questionnaires returned at inspection (2009-2012): "
    "\u201cOverall, I am happy with my child's experience at this school\u201d",
    "questionnaire_own_survey": "Your own parent surveys: \u201cOverall, I am happy with my "
    "child's experience at this school\u201d",
}
FAMILY_SHORT_LABELS = {
    **{
        f"parent_view_{qs.question_set}": (
            f"Parent View ({qs.starts_on:%Y}-{qs.ends_on:%Y} questions)"
            if qs.ends_on
            else f"Parent View (questions from {qs.starts_on:%Y})"
        )
        for qs in SET_BY_ID.values()
    },
    "questionnaire_at_inspection": "Questionnaires at inspection",
    "questionnaire_own_survey": "Own parent surveys",
}


def whose(predecessor_urn: pl.Expr) -> pl.Expr:
    """'This school', or 'Predecessor (URN 123456)' for a row of the school it replaced: the words
    for the data's is_predecessor / predecessor_urn, made only where a person reads them."""
    return (
        pl.when(predecessor_urn.is_null())
        .then(pl.lit("This school"))
        .otherwise(pl.format("Predecessor (URN {})", predecessor_urn))
    )


def family_label(family: str) -> str:
    return FAMILY_LABELS.get(family, family)


def family_short_label(family: str) -> str:
    """A family's name short enough for a chart legend or a sentence."""
    return FAMILY_SHORT_LABELS.get(family, family)


def as_at_sentence(sources: pl.DataFrame) -> str:
    """'Data as at: ...' from lens/data/sql/source_dates.sql, shown beside every figure."""
    return "Data as at: " + "; ".join(
        f"{row['source']} {row['as_at_date']:%-d %B %Y}"
        if row["as_at_date"]
        else f"{row['source']} (date not stated)"
        for row in sources.iter_rows(named=True)
    )
