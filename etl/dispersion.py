"""How much schools differ beyond chance, per reference group of the gap list: a variant of
Spiegelhalter (2005), "Funnel plots for comparing institutional performance", Statistics in
Medicine 24:1185-1202, section 5 (README, "The gap list: method", says what is ours and shows the
simulations behind it).

Each school's share satisfied k / n is put on the arcsine square-root scale, where chance alone
gives it a variance of 1 / (4 n) whatever the share (0 and n answers counted as 1/2 and n - 1/2,
so a school where every parent agrees is not pushed to the edge of the scale). Its z-score
against the group's pooled share is winsorised at 10% in each tail, as Spiegelhalter does, and:

* phi (`phi`, the one definition: the page, the packs and `python -m bench.calibration` all report
  this), the over-dispersion factor, is the mean square of the winsorised z-scores divided by
  0.6787 (the value that mean square has when schools differ only by chance), so phi = 1 means
  "no more spread than chance". Spiegelhalter's phi has no division: it reads a third too small.
* tau^2, the between-school variance that widens the limits (an additive random effect), is the
  value at which the z-scores recomputed with variance 1 / (4 n) + tau^2 have, once winsorised,
  exactly the spread chance gives (mean square 0.6787): a robust relative of the Paule-Mandel
  estimator. Spiegelhalter's closed form estimates it from phi; with schools of very different
  sizes that form comes out too small, so its limits flag large schools more often than small
  ones.

Only a group's members count (gap_reference_members: enough responses, no trust flag that leaves
a school out). Each group also gets its reachable range: the fewest responses with which a school
could be shown above (every parent satisfied) or below (none), so a page can say when one side
cannot be reached at all. For Parent View it allows for the rounding of the most precisely
published file among the group's schools (each row carries its file's rounding_half_points), so
no school of the group is shown on a side from fewer responses than the range says.

The iteration is why this model is Python, not SQL: DuckDB has no root finder.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import polars as pl

from schemas.gap_method import (
    LIMIT_Z,
    REACH_MAX_RESPONSES,
    WINSOR_CONSISTENCY,
    WINSOR_SHARE,
)

# The reference group's key, in this order everywhere (gap_reference_members, satisfaction_gaps).
GROUP = [
    "window_months",
    "family",
    "framework_id",
    "area",
    "reference_scope",
    "reference_phase",
    "grade_rank",
]


def arcsine(count_satisfied: np.ndarray, count_responses: np.ndarray) -> np.ndarray:
    """asin(sqrt(k / n)), with k = 0 and k = n counted as 1/2 and n - 1/2."""
    k = np.clip(count_satisfied, 0.5, count_responses - 0.5)
    return np.arcsin(np.sqrt(k / count_responses))


def winsorised_mean_square(z: np.ndarray, share: float = WINSOR_SHARE) -> float:
    """Mean of z^2 after pulling the values below the `share` and above the 1 - `share`
    quantiles (linear interpolation, as DuckDB's quantile_cont) in to those quantiles."""
    low, high = np.quantile(z, [share, 1 - share])
    return float(np.mean(np.clip(z, low, high) ** 2))


def phi(count_satisfied: np.ndarray, count_responses: np.ndarray) -> float:
    """The over-dispersion factor of a set of schools against their pooled share: the mean square
    of their winsorised arcsine z-scores / 0.6787 (1 = no more spread than chance)."""
    k = np.asarray(count_satisfied, dtype=float)
    n = np.asarray(count_responses, dtype=float)
    z = (arcsine(k, n) - np.arcsin(np.sqrt(k.sum() / n.sum()))) * 2 * np.sqrt(n)
    return winsorised_mean_square(z) / WINSOR_CONSISTENCY


def estimate(
    count_satisfied: np.ndarray, count_responses: np.ndarray
) -> tuple[float, float, float]:
    """(pooled share, phi, tau^2) of one reference group."""
    k = np.asarray(count_satisfied, dtype=float)
    n = np.asarray(count_responses, dtype=float)
    share = k.sum() / n.sum()
    difference = arcsine(k, n) - np.arcsin(np.sqrt(share))
    chance = 1 / (4 * n)
    spread = phi(k, n)

    def excess(tau2: float) -> float:
        spread = winsorised_mean_square(difference / np.sqrt(chance + tau2))
        return spread - WINSOR_CONSISTENCY

    if len(k) < 2 or excess(0.0) <= 0:
        return share, spread, 0.0
    return share, spread, _root(excess, 0.0, float(np.max(difference**2)) + 1e-12)


def _root(f, low: float, high: float, tolerance: float = 1e-10) -> float:  # noqa: ANN001
    """The point in [low, high] where the falling function f crosses zero: regula falsi with
    the Illinois step (a handful of evaluations), ending with the bracket's upper end."""
    f_low, f_high = f(low), f(high)
    side = 0
    for _ in range(100):
        if high - low <= tolerance:
            break
        middle = (low * f_high - high * f_low) / (f_high - f_low)
        if not low < middle < high:
            middle = (low + high) / 2
        f_middle = f(middle)
        if f_middle > 0:
            low, f_low = middle, f_middle
            if side == -1:
                f_high /= 2
            side = -1
        else:
            high, f_high = middle, f_middle
            if side == 1:
                f_low /= 2
            side = 1
    return high


@dataclass(frozen=True)
class Method:
    """The stored method's figures the groups need (gap_method)."""

    min_reference_schools: int = 30
    min_responses: int = 10
    limit_z: float = LIMIT_Z
    reach_max_responses: int = REACH_MAX_RESPONSES


def reachable(
    share: float, tau2: float, *, half_points: float, method: Method
) -> tuple[int | None, int | None]:
    """The fewest responses with which a school could be shown above its group (every parent
    satisfied) and below it (none), or None where no school of up to `reach_max_responses` could.

    `half_points` is how far either way a published percentage may be from the share it was
    rounded from (rounding_half_points: 0.5 for whole percentages; 0 for exact counts). For
    exact counts the best case is k = n (counted as n - 1/2) and k = 0. For counts from rounded
    percentages (Parent View) it is the end of the rounding range nearest the group: a published
    100% satisfied may stand for as few as ceil(n (100 - h) / 100) agreeing with up to
    2 floor(n h / 100) disagreeing (the two disagree options), and 0% for the mirror image; a
    school is classified only when both ends are beyond the limit. At h = 0 the two agree."""
    n = np.arange(1, method.reach_max_responses + 1, dtype=float)
    if half_points > 0:
        most = np.ceil(n * (100 - half_points) / 100 - 1e-9)
        rest = 2 * np.floor(n * half_points / 100 + 1e-9)
        sides = ((most, most + rest), (rest, rest + most))
    else:
        sides = ((n, n), (np.zeros_like(n), n))
    centre = np.arcsin(np.sqrt(share))
    found: list[int | None] = []
    for sign, (k, m) in zip((1, -1), sides, strict=True):
        z = (arcsine(k, m) - centre) / np.sqrt(1 / (4 * m) + tau2)
        beyond = (sign * z > method.limit_z) & (n >= method.min_responses)
        found.append(int(n[np.argmax(beyond)]) if beyond.any() else None)
    return found[0], found[1]


def gap_references(members: pl.DataFrame, method: Method) -> pl.DataFrame:
    """One row per reference group: its band of grades, its members' number, responses, pooled
    share, phi and tau^2, and its reachable range. tau^2 and the range are null when the group has
    fewer than `min_reference_schools` members, whose schools are then not compared; the share and
    phi are null when it has none. The range allows for the narrowest rounding among the group's
    schools (the most precisely published file; none for counted answers)."""
    rows = []
    seen: dict[tuple[bytes, float], tuple] = {}  # windows often hold the same schools
    for key, group in members.group_by(GROUP, maintain_order=True):
        counts = (
            group.filter(pl.col("is_reference_member"))
            .select("count_satisfied", "count_responses")
            .sort(pl.all())
        )
        half_points = float(group["rounding_half_points"].min() or 0.0)  # type: ignore[arg-type]
        fingerprint = (counts.to_numpy().tobytes(), half_points)
        if fingerprint not in seen:
            k = counts["count_satisfied"].to_numpy()
            n = counts["count_responses"].to_numpy()
            share, spread, tau2 = estimate(k, n) if counts.height else (None, None, None)
            reach = (
                reachable(share, tau2, half_points=half_points, method=method)
                if counts.height >= method.min_reference_schools
                else (None, None)
            )
            seen[fingerprint] = (share, spread, tau2, int(k.sum()), int(n.sum()), *reach)
        share, spread, tau2, satisfied, responses, above, below = seen[fingerprint]
        comparable = counts.height >= method.min_reference_schools
        rows.append(
            (
                *key,
                group["band_low_rank"][0],
                group["band_high_rank"][0],
                counts.height,
                responses,
                satisfied,
                share,
                spread,
                tau2 if comparable else None,
                comparable,
                above,
                below,
            )
        )
    schema = {
        **{name: members.schema[name] for name in GROUP},
        "band_low_rank": members.schema["band_low_rank"],
        "band_high_rank": members.schema["band_high_rank"],
        "count_reference_schools": pl.Int64,
        "count_reference_responses": pl.Int64,
        "count_reference_satisfied": pl.Int64,
        "reference_share": pl.Float64,
        "phi": pl.Float64,
        "tau2": pl.Float64,
        "is_comparable": pl.Boolean,
        "min_responses_above": pl.Int64,
        "min_responses_below": pl.Int64,
    }
    return pl.DataFrame(rows, schema=schema, orient="row").sort(GROUP)


def build(con: duckdb.DuckDBPyConnection) -> None:
    """Create gap_references from gap_reference_members and the stored method."""
    stored = con.sql(
        "select min_reference_schools, min_responses, limit_z, reach_max_responses from gap_method"
    ).fetchall()[0]
    members = con.sql("select * from gap_reference_members").pl()
    con.register("gap_references_df", gap_references(members, Method(*stored)))
    con.execute("create table gap_references as select * from gap_references_df")
    con.unregister("gap_references_df")
