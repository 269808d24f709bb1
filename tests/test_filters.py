"""The sidebar's shared filters (lens/app/filters.py): every choice readable in its box, a long one
written out in full under it, and links made with the boxes' older words opening the same view."""

from __future__ import annotations

import pytest

from lens.app.filters import (
    BOX_CHARACTERS,
    EVERY_SCHOOL,
    MODES,
    OLDER_WORDS,
    ONE_COMPARISON,
    window_words,
)
from schemas.gap_method import WINDOWS_MONTHS
from tests.conftest import start


def test_the_sidebars_own_words_fit_their_boxes():
    """A walkthrough found 'Every school: its latest parents' v' and '36 months before the
    parents answe' cut off in the sidebar: the words the sidebar chooses itself fit their box."""
    shown = [*MODES.values(), *(window_words(months) for months in WINDOWS_MONTHS)]
    assert [words for words in shown if len(words) > BOX_CHARACTERS] == []


def _view(at) -> dict[str, object]:  # noqa: ANN001 - an AppTest
    """What the page compares: every sidebar choice's value and what the Satisfaction page says
    it counts."""
    boxes = {box.key: box.value for box in at.sidebar.selectbox}
    comparing = next(i.value for i in at.info if i.value.startswith("**Comparing:**"))
    return {**boxes, "comparing": comparing}


@pytest.mark.parametrize(
    ("older", "now"),
    [
        (
            {"gap_mode": "One source against one judgement"},
            {"gap_mode": MODES[ONE_COMPARISON]},
        ),
        (
            {
                "gap_mode": "One source against one judgement",
                "gap_source": "Parent View (2011-2019 questions)",
                "gap_window": "24 months before the parents answered",
            },
            {
                "gap_mode": MODES[ONE_COMPARISON],
                "gap_source": "Parent View (2011-2019 questions)",
                "gap_window": window_words(24),
            },
        ),
        (
            {"gap_window": "12 months before the parents answered"},
            {"gap_window": window_words(12)},
        ),
    ],
)
def test_a_link_in_the_older_words_opens_the_same_view(app_env, older, now):
    """Each choice is kept in the page address by the words its box shows: a link shared before
    the words were shortened still opens the view it named, not the default."""
    before = start(**older)
    after = start(**now)
    for at in (before, after):
        at.switch_page("pages/satisfaction.py").run()
        assert not at.exception
    assert _view(before) == _view(after)
    assert _view(before) != _view(start().switch_page("pages/satisfaction.py").run())


def test_every_older_wording_names_a_choice_the_box_offers():
    assert set(OLDER_WORDS["gap_mode"].values()) == {EVERY_SCHOOL, ONE_COMPARISON}
    assert set(OLDER_WORDS["gap_window"].values()) == set(WINDOWS_MONTHS)


def test_a_choice_too_long_for_its_box_is_written_out_under_it(app_env):
    """An LA's or a school type's name is the data's own: when it is longer than its box shows,
    the sidebar writes it out in full below the box."""
    at = start()
    types = at.sidebar.selectbox(key="type").options
    long_type = max(types, key=len)
    assert len(long_type) > BOX_CHARACTERS  # the demo has GIAS's long type names
    at.sidebar.selectbox(key="type").set_value(long_type).run()
    assert not at.exception
    captions = [c.value for c in at.sidebar.caption]
    assert f"In full: {long_type}" in captions
    at.sidebar.selectbox(key="type").set_value("All").run()
    assert not [c for c in (c.value for c in at.sidebar.caption) if c.startswith("In full:")]


def test_the_gap_lists_rule_is_in_the_compare_boxs_help_not_a_headings(app_env):
    """A heading's own help icon is named only "Help" to a screen reader (an accessibility
    audit, WCAG 4.1.2): the gap list's rule is said in the help of the box it governs."""
    from lens.rules import gaps

    at = start()
    heading = next(h for h in at.sidebar.subheader if h.value == "Gap list")
    assert not heading.help
    assert gaps.rule_words() in at.sidebar.selectbox(key="gap_mode").help
