"""The gap list's method, declared once: the ETL stores it in the warehouse (`gap_method`,
`gap_windows`) so the models that flag schools and the pages that explain them use the same figures.

Method: a variant of Spiegelhalter (2005), "Funnel plots for comparing institutional performance",
Statistics in Medicine 24:1185-1202, section 5 (an additive random effect for over-dispersion from
z-scores winsorised at 10%). Our own changes, each tested on simulated data: phi divided by its
chance value under winsorising (0.6787), tau^2 solved on the winsorised z-scores instead of the
closed form (a robust relative of the Paule-Mandel estimator), each school compared with its group
without itself, Parent View's rounding allowed for, trust-flagged and very small schools left out of
the yardstick. See README, "The gap list: method".
"""

from __future__ import annotations

from statistics import NormalDist

# Time windows (months from the judgement to the parents' answers) the warehouse is built for;
# the settings' default window must be one of them.
WINDOWS_MONTHS = (12, 24, 36, 48, 60)

LIMIT_COVERAGE = 0.998  # a school outside the 99.8% limits is on the gap list
WARN_COVERAGE = 0.95  # the inner funnel lines, drawn for orientation only
WINSOR_SHARE = 0.10  # z-scores below the 10th and above the 90th percentile are pulled in


def two_sided_z(coverage: float) -> float:
    """The standard normal quantile leaving (1 - coverage) / 2 in each tail."""
    return NormalDist().inv_cdf(1 - (1 - coverage) / 2)


def winsorised_square_mean(share: float) -> float:
    """E[z_w^2] for standard normal z winsorised at `share` in each tail.

    Spiegelhalter's phi is the mean of the squared winsorised z-scores. For z-scores with no
    over-dispersion at all that mean is not 1 but this figure (0.6787 at 10%), so phi estimated
    that way is a third too small and the limits too narrow; dividing by it makes phi = 1 mean
    "no more spread than chance", as the method intends.
    """
    normal = NormalDist()
    c = normal.inv_cdf(1 - share)
    inside = (1 - 2 * share) - 2 * c * normal.pdf(c)  # integral of z^2 phi(z) over [-c, c]
    return inside + 2 * share * c * c


def percent(share: float) -> str:
    """A coverage or tail share as a person reads it: 0.998 -> '99.8%', 0.002 -> '0.2%'."""
    return f"{round(100 * share, 6):g}%"


LIMIT_Z = two_sided_z(LIMIT_COVERAGE)  # 3.0902
WARN_Z = two_sided_z(WARN_COVERAGE)  # 1.9600
WINSOR_CONSISTENCY = winsorised_square_mean(WINSOR_SHARE)  # 0.6787

# Parent View trust flags (etl/sql/marts/parent_view_flags.sql) that leave a school out of its
# reference group's share and spread (it is still compared, and marked). Only flags computed from
# published data: 'disagrees_with_survey' rests on an LA's own survey, which is not public, and
# must not move figures every user sees (lens/data/scoping.PUBLIC_FLAGS; a test keeps the two
# equal).
REFERENCE_EXCLUDING_FLAGS = ("over_roll", "surge", "uniform", "inconsistent")

# The reachable range ("'above' needs at least N responses") is looked for up to this many.
REACH_MAX_RESPONSES = 5000

# Reference groups: schools are compared with schools of the same grade and phase group.
PHASE_GROUPS = {
    "Primary": "primary",
    "Secondary": "secondary",
    "Special": "special",
}  # every other phase (nursery, all-through, alternative provision, not recorded) is "other"
