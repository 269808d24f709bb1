"""What the coder-error allowance says of itself (lens/rules/coder_errors.py, the Engagement page
and the LA pack), checked against what it can know (an independent statistician's review): its
errors were measured on sentences it was never trained on (the first test splits have been scored
many times, so not 'never seen'); engagement its filter never picked out as about parents is
outside them; its docstring's agreement figures are the README's."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from lens.rules import coder_errors

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()
ERRORS = pl.DataFrame({"true_label": ["engagement", "none"], "count_units": [59, 704]})


def test_the_method_says_never_trained_on_and_what_it_cannot_see():
    said = coder_errors.method(ERRORS)
    assert "763 sentences from published Ofsted reports that it had never been trained on" in said
    assert "never seen" not in said
    assert "a passage the coder never picked out as about parents counts as no engagement" in said
    assert "engagement worded without parents or families is outside the range" in said


def test_the_readme_states_the_limits_and_the_simulations_plainly():
    assert 'engagement points worded without "parents" or "families" are outside' in README
    assert "36 of 40 simulations, 90% for a nominal 95%" in README


def test_the_kappa_figures_agree_with_the_readme():
    """The docstring said 0.977 to 0.989 where the README gives 0.980 to 0.989."""
    kappas = [float(k) for k in re.findall(r"kappa (0\.\d{3})", README)]
    said = re.search(r"kappa (0\.\d{3}) to (0\.\d{3})", coder_errors.__doc__)
    assert said and (float(said[1]), float(said[2])) == (min(kappas), max(kappas))
