"""How much schools differ beyond chance, per reference group of the gap list (Spiegelhalter 2005,
"Funnel plots for comparing institutional performance", Statistics in Medicine 24:1185-1202).

Each school's share satisfied k / n is put on the arcsine square-root scale, where chance alone
gives it a variance of 1 / (4 n) whatever the share (0 and n answers counted as 1/2 and n - 1/2,
so a school where every parent agrees is not pushed to the edge of the scale). Its z-score
against the group's pooled share is winsorised at 10% in each tail, as Spiegelhalter does, and:

* phi, the over-dispersion factor shown to readers, is the mean square of the winsorised
  z-scores divided by 0.6787 (the value that mean square has when schools differ only by
  chance), so phi = 1 means "no more spread than chance";
* tau^2, the between-school variance that widens the limits (an additive random effect), is the
  value at which the z-scores recomputed with variance 1 / (4 n) + tau^2 have, once winsorised,
  exactly the spread chance gives (mean square 0.6787). Spiegelhalter's closed form estimates it
  from phi; with schools of very different sizes that form comes out too small, so the limits
  flag large schools more often than small ones (README, "The gap list: method", shows the
  simulation). Solving for tau^2 directly on the same winsorised z-scores keeps the chance of
  being flagged the same at every size.

The iteration is why this model is Python, not SQL: DuckDB has no root finder.
"""

from __future__ import annotations

import duckdb
import numpy as np
import polars as pl

from schemas.gap_method import WINSOR_CONSISTENCY, WINSOR_SHARE

GROUP = ["window_months", "family", "framework_id", "area", "reference_phase", "grade_rank"]


def arcsine(count_satisfied: np.ndarray, count_responses: np.ndarray) -> np.ndarray:
    """asin(sqrt(k / n)), with k = 0 and k = n counted as 1/2 and n - 1/2."""
    k = np.clip(count_satisfied, 0.5, count_responses - 0.5)
    return np.arcsin(np.sqrt(k / count_responses))


def winsorised_mean_square(z: np.ndarray, share: float = WINSOR_SHARE) -> float:
    """Mean of z^2 after pulling the values below the `share` and above the 1 - `share`
    quantiles (linear interpolation, as DuckDB's quantile_cont) in to those quantiles."""
    low, high = np.quantile(z, [share, 1 - share])
    return float(np.mean(np.clip(z, low, high) ** 2))


def estimate(
    count_satisfied: np.ndarray, count_responses: np.ndarray
) -> tuple[float, float, float]:
    """(pooled share, phi, tau^2) of one reference group."""
    k = np.asarray(count_satisfied, dtype=float)
    n = np.asarray(count_responses, dtype=float)
    share = k.sum() / n.sum()
    difference = arcsine(k, n) - np.arcsin(np.sqrt(share))
    chance = 1 / (4 * n)
    phi = winsorised_mean_square(difference / np.sqrt(chance)) / WINSOR_CONSISTENCY

    def excess(tau2: float) -> float:
        spread = winsorised_mean_square(difference / np.sqrt(chance + tau2))
        return spread - WINSOR_CONSISTENCY

    if len(k) < 2 or excess(0.0) <= 0:
        return share, phi, 0.0
    return share, phi, _root(excess, 0.0, float(np.max(difference**2)) + 1e-12)


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


def gap_references(members: pl.DataFrame, min_reference_schools: int) -> pl.DataFrame:
    """One row per reference group: its band of grades, size, pooled share, phi and tau^2 (null
    when the group has fewer than `min_reference_schools` schools, which are then not compared)."""
    rows = []
    seen: dict[bytes, tuple[float, float, float]] = {}  # windows often hold the same schools
    for key, group in members.group_by(GROUP, maintain_order=True):
        counts = group.select("count_satisfied", "count_responses").sort(pl.all())
        fingerprint = counts.to_numpy().tobytes()
        if fingerprint not in seen:
            seen[fingerprint] = estimate(
                counts["count_satisfied"].to_numpy(), counts["count_responses"].to_numpy()
            )
        share, phi, tau2 = seen[fingerprint]
        comparable = group.height >= min_reference_schools
        rows.append(
            (
                *key,
                group["band_low_rank"][0],
                group["band_high_rank"][0],
                group.height,
                int(group["count_responses"].sum()),
                share,
                phi,
                tau2 if comparable else None,
                comparable,
            )
        )
    schema = {
        **{name: members.schema[name] for name in GROUP},
        "band_low_rank": members.schema["band_low_rank"],
        "band_high_rank": members.schema["band_high_rank"],
        "count_reference_schools": pl.Int64,
        "count_reference_responses": pl.Int64,
        "reference_share": pl.Float64,
        "phi": pl.Float64,
        "tau2": pl.Float64,
        "is_comparable": pl.Boolean,
    }
    return pl.DataFrame(rows, schema=schema, orient="row").sort(GROUP)


def build(con: duckdb.DuckDBPyConnection) -> None:
    """Create gap_references from gap_reference_members and the stored method."""
    minimum = con.execute("select min_reference_schools from gap_method").fetchall()[0][0]
    members = con.sql("select * from gap_reference_members").pl()
    con.register("gap_references_df", gap_references(members, minimum))
    con.execute("create table gap_references as select * from gap_references_df")
    con.unregister("gap_references_df")
