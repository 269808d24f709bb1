"""How far the report-level shares could move if the report coder's measured errors were allowed
for: the Engagement page and the LA pack show each share as observed, with the range the true
share probably lies in (one computation for both, so paper and screen agree).

The method, a variant of Rogan and Gladen's (1978) correction of a prevalence for a test's
known errors:

1. **Per unit.** On the frozen real test splits (coder_measured_errors), the share of the units
   the coder gave label L that truly are engagement (for the learning-link share: truly link
   parents' engagement with learning, by label and by whether the unit has learning words) is
   the probability that a unit the coder labels L is one. Each is drawn from its posterior,
   Beta(k + 1/2, n - k + 1/2) (Jeffreys' prior), DRAWS times.
2. **Per report.** A report uses engagement as a strategy when at least one improvement point is
   engagement: with independent units, 1 - prod(1 - p_i) over its points. A unit an adviser
   corrected is known (1 for engagement, 0 otherwise); a unit not about parents is 0.
3. **Over reports.** The expected share is the mean of the reports' probabilities (the analogue
   of Rogan and Gladen's corrected prevalence). The range is the middle 95% of the shares that
   come out when each draw's probabilities decide each report (a binomial count over reports
   alike), so it holds both the uncertainty of the measured rates (four test splits of 763
   units, 59 of them engagement) and the chance in which reports hold an engagement point; the
   likely share shown is those shares' median, inside the range even when few reports make the
   shares step (the expected share can fall just outside a stepped range).

Limits: the rates are measured on sentences from 581 reports and applied to all reports, as if
the coder erred on improvement points as it does on those sentences (the predictive values
depend on how common each label is, and engagement is commoner among improvement points than
among sentences); units in one report are taken to be independent, which they are not (one
inspector's style), so the range is too narrow where errors cluster; the true labels come from
the labelling guide applied by language-model labellers (kappa 0.980 to 0.989 between them, as
the README gives it); a passage the coder's filter never picked out as about parents counts 0
for certain, and the measured rates come only from passages picked out as about parents, so
engagement worded without parents or families is outside the measured errors and the range
cannot include it. The simulations' range held the true share in 36 of 40 (90% for a nominal 95%:
36 or fewer happens 14% of the time at a true 95%, so it is no evidence of too narrow a range, nor
proof of the full 95%). The parents'-views-only share is not adjusted.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from schemas.report_codes import CODES

DRAWS = 2000
SEED = 18  # fixed: the same data give the same range on every page and pack
LEVEL = 0.95
PRIOR = 0.5  # Jeffreys' Beta(1/2, 1/2)
POINT_CELLS = tuple(f"points_{label}" for label in CODES)
LINK_CELLS = tuple(
    f"links_{label}_{'words' if words else 'no_words'}"
    for label in CODES
    for words in (True, False)
)
MEASURES = (  # what report_study_figures counts, the observed flag, the unit cells, the known flag
    ("count_engagement_strategy", "uses_engagement", POINT_CELLS, "points_known"),
    ("count_learning_link", "links_parents_to_learning", LINK_CELLS, "links_known"),
)


@dataclass(frozen=True)
class Rates:
    """For each unit cell, how many test units the coder put in it and how many were the thing
    counted (engagement; or engagement linked with learning)."""

    hits: np.ndarray
    units: np.ndarray

    def draws(self, rng: np.random.Generator, draws: int) -> np.ndarray:
        """Posterior draws of each cell's rate, draws x cells."""
        return rng.beta(
            self.hits + PRIOR, self.units - self.hits + PRIOR, size=(draws, len(self.units))
        )

    @property
    def means(self) -> np.ndarray:
        return (self.hits + PRIOR) / (self.units + 2 * PRIOR)


def measured_rates(errors: pl.DataFrame) -> dict[str, Rates]:
    """The measured rates for each measure's cells, from coder_measured_errors. A learning-link
    cell with no test units borrows its label's units with and without learning words."""
    engagement = errors.with_columns(hit=pl.col("true_label") == "engagement")
    linked = errors.with_columns(hit=pl.col("is_true_learning_link"))

    def counts(frame: pl.DataFrame, label: str, words: bool | None) -> tuple[int, int]:
        chosen = frame.filter(pl.col("coder_label") == label)
        if words is not None:
            chosen = chosen.filter(pl.col("has_learning_words") == words)
        hits = chosen.filter("hit")["count_units"].sum()
        return int(hits or 0), int(chosen["count_units"].sum() or 0)

    point = [counts(engagement, label, None) for label in CODES]
    link = []
    for label in CODES:
        for words in (True, False):
            hits, units = counts(linked, label, words)
            link.append((hits, units) if units else counts(linked, label, None))
    return {
        "count_engagement_strategy": Rates(*map(np.array, zip(*point, strict=True))),
        "count_learning_link": Rates(*map(np.array, zip(*link, strict=True))),
    }


@dataclass(frozen=True)
class Allowed:
    """One share as observed and as it could be with the coder's errors allowed for."""

    observed: float
    reports: int
    likely: float  # the median share
    low: float
    high: float
    expected: float  # the mean share: each report's chance, averaged


def _allow(groups: pl.DataFrame, observed: str, cells: tuple, known: str, rates: Rates,
           rng: np.random.Generator, draws: int) -> Allowed:  # fmt: skip
    counts = groups.select(cells).to_numpy().astype(float)
    certain = groups[known].to_numpy()
    reports = groups["count_reports"].to_numpy()
    total = int(reports.sum())
    seen = int(reports[groups[observed].to_numpy()].sum())
    drawn = rates.draws(rng, draws)  # draws x cells
    # each group's probability of holding at least one, under each draw: groups x draws
    none_of_them = np.exp(counts @ np.log1p(-drawn).T)
    chance = np.where(certain[:, None], 1.0, 1.0 - none_of_them)
    expected = (reports @ chance) / total  # per draw: the expected share
    realised = rng.binomial(reports[:, None], chance).sum(axis=0) / total
    tail = (1 - LEVEL) / 2
    low, likely, high = np.quantile(realised, [tail, 0.5, 1 - tail])
    return Allowed(
        seen / total, total, float(likely), float(low), float(high), float(expected.mean())
    )


def allow_for_errors(
    groups: pl.DataFrame, errors: pl.DataFrame, draws: int = DRAWS
) -> pl.DataFrame:
    """For each area, era and measure (report_study_figures' count column): the observed share,
    its reports, the likely share and the range, allowing for the coder's measured errors.
    `groups` is lens/data/sql/report_coder_groups.sql, `errors` coder_measured_errors."""
    rates = measured_rates(errors)
    rows = []
    keys = groups.select("geography", "report_era").unique(maintain_order=True)
    for geography, era in keys.iter_rows():
        # in one order whatever order the query gave its groups: each group meets the same
        # random draws, so one selection shows one range on every page, pack and rerun
        chosen = groups.filter(
            (pl.col("geography") == geography) & (pl.col("report_era") == era)
        ).sort(pl.all())
        for number, (measure, observed, cells, known) in enumerate(MEASURES):
            # the same draws for every area and era: their ranges are comparable
            rng = np.random.default_rng([SEED, number])
            found = _allow(chosen, observed, cells, known, rates[measure], rng, draws)
            rows.append(
                (geography, era, measure, found.observed, found.reports, found.likely)
                + (found.low, found.high)
            )
    schema = {
        "geography": pl.String,
        "report_era": pl.String,
        "measure": pl.String,
        "observed_share": pl.Float64,
        "count_reports": pl.Int64,
        "likely_share": pl.Float64,
        "low_share": pl.Float64,
        "high_share": pl.Float64,
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def ask_allowed_shares(**params: object) -> pl.DataFrame:
    """The report-level shares with the coder's measured errors allowed for, for the selection
    (`params`), cached as a query is: the Engagement page and the LA pack."""
    from lens.data.queries import ask_derived

    return ask_derived(
        "allowed_shares",
        allow_for_errors,
        ("report_coder_groups", "coder_measured_errors"),
        **params,
    )


def table(allowed: pl.DataFrame, in_area: bool) -> pl.DataFrame:
    """The shares by era, each area and measure in a row of its own, for a table beside the
    sentences (England alone when no LA is chosen)."""
    from lens.rules.report_figures import MEASURES as WORDS

    words = {column: said for column, said, _ in WORDS}
    shown = allowed if in_area else allowed.filter(pl.col("geography") == "England")
    return shown.select(
        "report_era",
        pl.col("measure").replace_strict(words).alias("study_measure"),
        "geography",
        "observed_share",
        "count_reports",
        "likely_share",
        "low_share",
        "high_share",
    )


def sentences(allowed: pl.DataFrame, area: str | None) -> list[str]:
    """The all-eras shares in words, for the area (None: England only) and England: 'observed
    14.0% (300 reports); allowing for the coder's measured errors, between 11.2% and 19.8%'."""
    from lens.data.coverage import place as national_place
    from lens.rules.report_figures import MEASURES as WORDS

    words = {column: said for column, said, _ in WORDS}
    said = []
    for measure, *_ in MEASURES:
        for geography, place in (("Selection", area), ("England", national_place())):
            if place is None:
                continue
            found = allowed.filter(
                (pl.col("geography") == geography)
                & (pl.col("report_era") == "all")
                & (pl.col("measure") == measure)
            )
            if found.is_empty():
                continue
            row = found.row(0, named=True)
            low, high = f"{row['low_share']:.1%}", f"{row['high_share']:.1%}"
            said.append(
                f"{words[measure]}, {place}: observed {row['observed_share']:.1%} "
                f"({row['count_reports']:,} report{'' if row['count_reports'] == 1 else 's'}); "
                "allowing for the coder's measured errors, "
                + (f"between {low} and {high}." if low != high else f"{low} all the same.")
            )
    return said


def method(errors: pl.DataFrame) -> str:
    """The method in an adviser's words, with the size of the test it rests on."""
    units = int(errors["count_units"].sum())
    engagement = int(errors.filter(pl.col("true_label") == "engagement")["count_units"].sum())
    return (
        "How the range is worked out. The coder that labels each improvement point and sentence "
        f"makes mistakes; they were measured on {units:,} sentences from published Ofsted reports "
        f"that it had never been trained on ({engagement:,} of them engagement), each labelled by "
        "a written guide. From those, the chance that a passage it labels, say, involvement is "
        "truly engagement is known, within a margin. Each report's chance of truly holding an "
        "engagement point is worked out from its passages (one an adviser corrected counts as the "
        "correction says), and the range is where the share of reports falls in 95 of 100 "
        "simulations that allow both for those chances and for the margin of the measured "
        "mistakes. It is a variant of the usual correction of a prevalence for a test's known "
        "errors (Rogan and Gladen, 1978). Its limits: the mistakes were measured on sentences and "
        "are assumed to be the same on improvement points; passages in one report are treated as "
        "independent, though one inspector wrote them all, so the range may be too narrow; the "
        "measured sentences were labelled by automatic labellers following the guide, not by "
        "advisers; and a passage the coder never picked out as about parents counts as no "
        "engagement for certain, while the mistakes were measured only on passages picked out as "
        "about parents, so engagement worded without parents or families is outside the range. "
        "The share of reports whose only mention of parents is their views is not adjusted."
    )
