"""The gap list's method, declared once: the ETL stores it in the warehouse (`gap_method`,
`gap_windows`) so the models that flag schools and the pages that explain them use the same figures.

Method: Spiegelhalter (2005), "Funnel plots for comparing institutional performance", Statistics in
Medicine 24:1185-1202, with an additive random effect for over-dispersion estimated from z-scores
winsorised at 10% (section 5 of the paper). See README, "The gap list: method".
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


LIMIT_Z = two_sided_z(LIMIT_COVERAGE)  # 3.0902
WARN_Z = two_sided_z(WARN_COVERAGE)  # 1.9600
WINSOR_CONSISTENCY = winsorised_square_mean(WINSOR_SHARE)  # 0.6787

# Reference groups: schools are compared with schools of the same grade and phase group.
PHASE_GROUPS = {
    "Primary": "primary",
    "Secondary": "secondary",
    "Special": "special",
}  # every other phase (nursery, all-through, alternative provision, not recorded) is "other"
