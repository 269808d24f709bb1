"""What the demonstration data must look like, and how far it does: the statistics that real Parent
View data show (`../shared/formats.md` section 7), and a design target for questionnaires at
inspection by grade, measured the same way on any warehouse. `python -m bench.calibration` prints
them for the national demo; tests check the small demo stays in range.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import duckdb
import numpy as np

from etl import dispersion
from etl.demo.parents import ParentPlan

# Real data: Parent View, last release of the 2019-2025 question set, "my child is happy"
# (5,909 schools), and at-inspection questionnaires by the inspection's overall effectiveness.
TARGETS = {
    "pooled_pct": 89.6,
    # the statistic formats.md reports for the real data: NOT the gap list's phi (see below)
    "raw_winsorised_variance": 3.0,
    "pct_outside_unadjusted": 13.0,
    "pct_outside_unadjusted_100_299": 38.0,
    "pct_outside_unadjusted_300_plus": 60.0,
    "primary_pct": 93.2,
    "secondary_pct": 81.2,
    "special_pct": 88.9,
    # Not real data: the demo's own design target for questionnaires at inspection by grade (most
    # parents happy, fewer at weaker grades). Table 1 of Ofsted's Schools and parents (2011) is
    # an image whose figures are not in its text, so no published figure is claimed.
    "table_one_pct": {1: 92.0, 2: 89.0, 3: 85.0, 4: 80.0},
}


def binomial_tail_outside(
    n: np.ndarray, k: np.ndarray, p: float, tail: float = 0.001
) -> np.ndarray:
    """True where k of n lies outside the exact binomial limits leaving `tail` in each side."""
    outside = np.zeros(len(n), dtype=bool)
    log_p, log_q = math.log(p), math.log(1 - p)
    for i, (ni, ki) in enumerate(zip(n.tolist(), k.tolist(), strict=True)):
        js = np.arange(ni + 1)
        log_pmf = (
            math.lgamma(ni + 1)
            - np.array([math.lgamma(j + 1) + math.lgamma(ni - j + 1) for j in js])
            + js * log_p
            + (ni - js) * log_q
        )
        pmf = np.exp(log_pmf)
        outside[i] = pmf[: ki + 1].sum() < tail or pmf[ki:].sum() < tail
    return outside


def raw_winsorised_variance(n: np.ndarray, k: np.ndarray, share: float = 0.10) -> float:
    """The mean square of z-scores of raw percentages against the pooled share, winsorised at
    `share`, with no consistency factor: the statistic reported for the real data (formats.md
    section 7), kept only to compare with it. It is not the gap list's phi (etl/dispersion.phi,
    on the arcsine scale and divided by 0.6787), which reads about 1.5 times higher on the same
    schools; `Measured.phi` is that one."""
    p0 = k.sum() / n.sum()
    z = (k / n - p0) / np.sqrt(p0 * (1 - p0) / n)
    low, high = np.quantile(z, [share, 1 - share])
    return float(np.mean(np.clip(z, low, high) ** 2))


@dataclass(frozen=True)
class Measured:
    schools: int
    pooled_pct: float
    raw_winsorised_variance: float
    phi: float
    pct_outside_unadjusted: float
    pct_outside_unadjusted_100_299: float
    pct_outside_unadjusted_300_plus: float
    primary_pct: float
    secondary_pct: float
    special_pct: float
    table_one_pct: dict[int, float]


def measure(con: duckdb.DuckDBPyConnection) -> Measured:
    """The calibration statistics of a warehouse: Parent View from the last snapshot of the
    2019-2025 question set (or the newest set loaded), questionnaires by inspection grade."""
    family = con.execute(
        "select family from school_satisfaction where family like 'parent_view_%' "
        "order by family = 'parent_view_pv_2019' desc, data_date desc limit 1"
    ).fetchone()[0]
    rows = con.execute(
        """
        select x.count_responses, x.count_satisfied, s.phase
        from school_satisfaction as x
        inner join schools as s using (urn)
        where x.family = ? and x.data_date = (
            select max(data_date) from school_satisfaction where family = ?
        )
        """,
        [family, family],
    ).fetchall()
    n = np.array([r[0] for r in rows], dtype=np.int64)
    k = np.array([r[1] for r in rows], dtype=np.int64)
    phase = np.array([r[2] for r in rows])
    p0 = k.sum() / n.sum()
    outside = binomial_tail_outside(n, k, p0)

    def pct(mask: np.ndarray) -> float:
        return float(100 * outside[mask].mean()) if mask.any() else float("nan")

    def pooled(name: str) -> float:
        mask = phase == name
        return float(100 * k[mask].sum() / n[mask].sum()) if mask.any() else float("nan")

    table_one = dict(
        con.execute(
            """
            select grade_rank,
                100.0 * sum(count_strongly_agree + count_agree) / sum(count_responses)
            from questionnaires_at_inspection
            where grade_rank is not null
            group by grade_rank order by grade_rank
            """
        ).fetchall()
    )
    return Measured(
        schools=len(n),
        pooled_pct=float(100 * p0),
        raw_winsorised_variance=raw_winsorised_variance(n, k),
        phi=dispersion.phi(k, n),
        pct_outside_unadjusted=pct(np.ones(len(n), dtype=bool)),
        pct_outside_unadjusted_100_299=pct((n >= 100) & (n < 300)),
        pct_outside_unadjusted_300_plus=pct(n >= 300),
        primary_pct=pooled("Primary"),
        secondary_pct=pooled("Secondary"),
        special_pct=pooled("Special"),
        table_one_pct={int(g): float(v) for g, v in table_one.items()},
    )


@dataclass(frozen=True)
class FlagScore:
    """How well one trust flag finds the anomalies the generator planted: a planted school counts
    as found if the flag names it in the snapshot it was planted in (any snapshot for a kind
    planted in every one)."""

    flag: str
    planted: int
    flagged: int
    found: int

    @property
    def recall(self) -> float:
        return self.found / self.planted if self.planted else 0.0

    @property
    def precision(self) -> float:
        return self.found / self.flagged if self.flagged else 0.0


def flag_scores(con: duckdb.DuckDBPyConnection, plan: ParentPlan) -> list[FlagScore]:
    """Each trust flag's recall and precision against the generator's planted anomalies."""
    scores = []
    for flag, planted in plan.planted.items():
        query = "select distinct urn from parent_view_flags where flag = ?"
        args: list[object] = [flag]
        if plan.planted_in[flag] is not None:
            query += " and snapshot_date = ?"
            args.append(plan.planted_in[flag])
        flagged = {row[0] for row in con.execute(query, args).fetchall()}
        scores.append(FlagScore(flag, len(planted), len(flagged), len(flagged & planted)))
    return scores
