"""What the gap list's words say, checked against what its figures are (an independent
statistician's review, docs: README, "The gap list: method").

- The number beside the list is the random-effects model's expected tail, not chance alone:
  "chance" is kept for the chance-only limits (tau^2 = 0), and Parent View's rounding rule lowers
  the count."""

from __future__ import annotations

from pathlib import Path

from lens.rules.gaps import chance_words
from tests.conftest import start
from tests.test_words import page_words

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def _satisfaction_page(**query: str) -> str:
    at = start(**query)
    at.switch_page("pages/satisfaction.py").run()
    assert not at.exception
    return "\n".join(text for _, text in page_words(at))


def test_the_expected_count_names_the_usual_spread_not_chance():
    """'By chance alone about 1.4 of the 700' named the model's tail (each school's true share
    drawn from the usual spread) as if it were sampling chance; the same page calls the tau^2 = 0
    limits 'chance-only'."""
    said = chance_words(700, 0.998, 20_000)
    assert said.startswith(
        "If schools differed only as much as schools usually do, about 1.4 of the 700 schools "
        "compared here would fall outside the limits (0.2% each; about 40 of the 20,000 compared "
        "nationally), fewer for Parent View, whose schools are listed only when beyond the limits "
        "at both ends"
    )
    assert "chance" not in said.lower()


def test_the_page_and_readme_say_the_expected_count_in_those_words(app_env):
    page = _satisfaction_page(la="Leeds (383)")
    assert "by chance alone" not in page.lower()
    # beside the list, and in the method expander
    assert page.count("If schools differed only as much as schools usually do, about ") >= 2
    assert "fewer for Parent View" in page
    assert "chance alone would give" not in README and "By chance alone" not in README
    assert "fewer are (0.14% on the simulated schools above" in README
