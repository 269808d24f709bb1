"""The data page's counts of rejects read as English for one and for many (an adviser's
walkthrough found "1 rows rejected" and "1 inspections dropped")."""

from __future__ import annotations

from lens.sections.data_quality import ACTION_WORDS, action_words


def test_one_and_many():
    assert action_words("row rejected", 1).startswith("1 row rejected: a row missing")
    assert action_words("row rejected", 2).startswith("2 rows rejected: a row missing")
    assert action_words("inspection dropped", 1).startswith("1 inspection dropped: ")
    assert action_words("recorded, not a grade", 19011) == (
        "19,011 codes recorded that are not grades (such as 9, not applicable): nothing is missing"
    )


def test_every_kind_has_both_forms_and_an_unknown_kind_is_shown_as_recorded():
    for one, many, why in ACTION_WORDS.values():
        assert one != many and why
    assert action_words("something new", 3) == "3 something new"
