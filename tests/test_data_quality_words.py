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


def test_codes_recorded_as_not_grades_are_not_called_rejects(app_env):
    """Code 9 ('not applicable') is recorded, nothing is lost: the page counted those rows under
    'Rejects' and said no school had a value 'dropped or recorded' just before counting 100,513
    codes recorded."""
    from tests.conftest import start

    at = start()
    at.switch_page("pages/data_quality.py").run()
    assert not at.exception
    summary = next(t.value for t in at.dataframe if "What happened" in t.value.columns)
    assert "Rejects" not in summary.columns and "Rows or values" in summary.columns
    assert "recorded, not a grade" in set(summary["What happened"])
    headings = [h.value for h in at.subheader]
    assert not any("reject" in h.lower() for h in headings), headings
    said = " ".join(m.value for m in at.markdown)
    assert "dropped or recorded" not in said and "lost a value from its Ofsted rows" in said
