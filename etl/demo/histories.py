"""Fictional inspection histories across the five frameworks, near national grade distributions.

Each school has a latent effectiveness; each inspection grades it with noise, cut at the quantiles
that give the share of each grade Ofsted published for that era. Good and outstanding schools often
get ungraded inspections in between, as they did.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from schemas.scales import OEIF_AREAS, REPORT_CARD_AREAS


@dataclass(frozen=True)
class Era:
    framework_id: str
    first: date
    last: date
    coverage: float  # share of open schools inspected in the era
    shares: tuple[float, ...]  # share of each grade, best first
    ungraded_share: float = 0.0  # share of good/outstanding schools given an ungraded visit instead


ERAS = (
    Era("s5_2005", date(2006, 1, 9), date(2012, 7, 13), 0.96, (0.15, 0.48, 0.31, 0.06)),
    Era("cif_2012", date(2012, 10, 1), date(2019, 7, 12), 0.95, (0.13, 0.60, 0.22, 0.05)),
    Era("eif_2019", date(2019, 9, 9), date(2024, 7, 12), 0.93, (0.10, 0.68, 0.17, 0.05), 0.55),
    Era("eif_2024", date(2024, 9, 9), date(2025, 11, 7), 0.25, (0.10, 0.70, 0.16, 0.04), 0.5),
    Era(
        "report_card_2025",
        date(2025, 11, 10),
        date(2026, 10, 16),
        0.20,
        (0.04, 0.22, 0.58, 0.13, 0.03),
    ),
)
COVID_PAUSE = (date(2020, 3, 16), date(2021, 9, 1))
UNGRADED_OUTCOMES = (
    ("School remains {grade}", 0.84),
    ("School remains {grade} (Concerns) - S5 Next", 0.09),
    ("School remains {grade} (Improving) - S5 Next", 0.04),
    ("Some aspects not as strong", 0.03),
)
FIRST_INSPECTION_NUMBER = 90_000_001


def _ranks(score: np.ndarray, shares: tuple[float, ...]) -> np.ndarray:
    """Rank 1 for the best `shares[0]` of scores, and so on down the scale."""
    if not len(score):
        return np.zeros(0, dtype=np.int64)
    thresholds = np.quantile(score, 1 - np.cumsum(shares)[:-1])
    return 1 + (score[:, None] < thresholds[None, :]).sum(axis=1)


def _dates(rng: np.random.Generator, era: Era, earliest: np.ndarray) -> np.ndarray:
    """A working-day-ish date in the era, not before `earliest`, skipping the covid pause."""
    start = np.maximum(np.array([era.first.toordinal()] * len(earliest)), earliest)
    span = np.maximum(era.last.toordinal() - start, 1)
    days = start + (rng.random(len(earliest)) * span).astype(np.int64)
    in_pause = (days >= COVID_PAUSE[0].toordinal()) & (days < COVID_PAUSE[1].toordinal())
    days = np.where(in_pause, days + (COVID_PAUSE[1] - COVID_PAUSE[0]).days, days)
    days = np.minimum(days, era.last.toordinal())
    weekday = np.array([date.fromordinal(int(d)).weekday() for d in days])
    return days - np.where(weekday >= 5, weekday - 4, 0)


def build_histories(rng: np.random.Generator, schools: pl.DataFrame) -> pl.DataFrame:
    """Every inspection of every open school: one row each, grades as ranks per area."""
    current = schools.filter(pl.col("is_open"))
    n = current.height
    quality = current["quality"].to_numpy()
    opened = np.array([d.toordinal() for d in current["opened_on"].to_list()])
    has_predecessor = current["predecessor_urn"].is_not_null().to_numpy()
    earliest = np.where(has_predecessor, date(2005, 9, 1).toordinal(), opened + 300)
    phase = current["ofsted_phase"].to_numpy()
    has_sixth = (phase == "Secondary") & (rng.random(n) < 0.55)
    has_early = np.isin(phase, ["Primary", "Nursery", "All-through"])
    previous_rank = np.full(n, 0)
    rows: list[pl.DataFrame] = []
    for era in ERAS:
        eligible = (rng.random(n) < era.coverage) & (earliest <= era.last.toordinal())
        good_before = (previous_rank >= 1) & (previous_rank <= 2)
        ungraded = eligible & good_before & (rng.random(n) < era.ungraded_share)
        graded = eligible & ~ungraded
        days = _dates(rng, era, earliest)
        score = quality + rng.normal(0, 0.55, n)
        overall = np.zeros(n, dtype=np.int64)
        overall[graded] = _ranks(score[graded], era.shares)
        is_report_card = era.framework_id == "report_card_2025"
        area_names = list(REPORT_CARD_AREAS if is_report_card else OEIF_AREAS)
        areas: dict[str, np.ndarray] = {}
        for area in area_names:
            if area == "overall_effectiveness" or area.startswith("safeguarding"):
                continue
            area_score = score + rng.normal(0, 0.4, n)
            ranks = np.zeros(n, dtype=np.int64)
            ranks[graded] = _ranks(area_score[graded], era.shares)
            applies = {
                "early_years": has_early,
                "sixth_form": has_sixth,
                "post_16": has_sixth,
            }.get(area, np.ones(n, dtype=bool))
            areas[area] = np.where(applies, ranks, 9)
        leading = areas[
            "leadership_and_governance" if is_report_card else "leadership_and_management"
        ]
        weakest = np.maximum(overall, leading)
        safeguarding = "safeguarding_standards" if is_report_card else "safeguarding_effective"
        areas[safeguarding] = np.where((weakest == len(era.shares)) & (rng.random(n) < 0.5), 2, 1)
        worst = len(era.shares)
        concern_draw = rng.random(n)
        if is_report_card:
            leadership = areas["leadership_and_governance"]
            concern = np.where(
                (leadership == worst) & graded, np.where(concern_draw < 0.6, "SM", "SWK"), None
            )
        else:
            concern = np.where(
                (overall == 4) & graded, np.where(concern_draw < 0.6, "SM", "SWK"), None
            )
        if era.framework_id == "eif_2024":
            concern = np.where((areas["leadership_and_management"] == 4) & graded, concern, None)
        outcome_pick = rng.choice(len(UNGRADED_OUTCOMES), n, p=[p for _, p in UNGRADED_OUTCOMES])
        grade_word = np.where(previous_rank == 1, "Outstanding", "Good")
        outcomes = [
            UNGRADED_OUTCOMES[outcome_pick[i]][0].format(grade=grade_word[i]) for i in range(n)
        ]
        frame = pl.DataFrame(
            {
                "urn": current["urn"],
                "opened_on_ordinal": opened,
                "predecessor_urn": current["predecessor_urn"],
                "framework_id": era.framework_id,
                "kind": np.where(
                    ungraded, "ungraded", "report_card" if is_report_card else "graded"
                ),
                "started_ordinal": days,
                "published_ordinal": days + rng.integers(18, 50, n),
                "overall": np.where(
                    era.framework_id in ("eif_2024", "report_card_2025"), 0, overall
                ),
                "previous_overall": previous_rank,
                "category_of_concern": pl.Series(concern.tolist(), dtype=pl.String),
                "outcome": pl.Series(
                    [o if u else None for o, u in zip(outcomes, ungraded, strict=True)],
                    dtype=pl.String,
                ),
                **{f"area.{k}": np.where(graded, v, 0) for k, v in areas.items()},
            },
            strict=False,
        ).filter(pl.Series(eligible))
        rows.append(frame)
        if era.framework_id not in ("eif_2024", "report_card_2025"):
            previous_rank = np.where(graded, overall, previous_rank)
    history = pl.concat(rows, how="diagonal_relaxed").sort("started_ordinal", "urn")
    history = history.with_columns(
        (pl.int_range(pl.len()) + FIRST_INSPECTION_NUMBER).alias("inspection_number"),
        pl.col("started_ordinal")
        .map_elements(date.fromordinal, return_dtype=pl.Date)
        .alias("started_on"),
        pl.col("published_ordinal")
        .map_elements(date.fromordinal, return_dtype=pl.Date)
        .alias("published_on"),
    )
    # Before an academy opened, its inspections were of its predecessor school.
    return history.with_columns(
        pl.when(
            pl.col("predecessor_urn").is_not_null()
            & (pl.col("started_ordinal") < pl.col("opened_on_ordinal"))
        )
        .then(pl.col("predecessor_urn"))
        .otherwise(pl.col("urn"))
        .alias("urn_at_inspection"),
        pl.when(pl.col("kind") == "ungraded")
        .then(pl.lit("S8 ungraded inspection"))
        .when(pl.col("previous_overall") == 3)
        .then(pl.lit("Requires Improvement S5 Reinspection Visit 1"))
        .otherwise(pl.lit("S5 Inspection"))
        .alias("inspection_type"),
    )
