"""Small method words checked against what the code does (an independent statistician's review):
the few-answers setting is applied to Parent View submissions ('don't know' included), and the
pack's interval is of the parents who answered Parent View, who chose themselves."""

from __future__ import annotations

from pathlib import Path

from lens.present import briefing
from schemas.settings import Settings
from tests.test_profile import make

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def test_the_few_answers_setting_says_submissions_where_it_counts_them():
    said = Settings.model_fields["low_base_responses"].description
    assert "Parent View submissions" in said and "'don't know' included" in said
    assert (
        "`LENS_LOW_BASE_RESPONSES` | `30` | A caution below this many: a school's Parent View "
        "submissions" in README
    )


def test_the_packs_interval_is_of_the_parents_who_answered(monkeypatch):
    from lens.rules import gaps

    monkeypatch.setattr(gaps, "rule_words", lambda: "outside the limits")
    monkeypatch.setattr(briefing, "rule_words", lambda: "outside the limits")
    method = dict(briefing.how_made(make(), [], "England"))
    interval = method["95% interval"]
    assert "the share of parents who answered Parent View" in interval
    assert "true share" not in interval
    assert "Parent View's respondents choose themselves" in interval
