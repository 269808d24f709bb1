"""What the gap list's words say, checked against what its figures are (an independent
statistician's review, docs: README, "The gap list: method").

- The number beside the list is the random-effects model's expected tail, not chance alone:
  "chance" is kept for the chance-only limits (tau^2 = 0), and Parent View's rounding rule lowers
  the count.
- "Similar schools" named two groups: the gap list's (same grade and phase) and the profile's
  (same phase, deprivation and size, any grade), side by side on one profile and pack.
- Parent View's rounding range takes each file at its own precision (half a unit of its last
  decimal place either way): said on the page's method and in the README.
- The window counts calendar-month boundaries (DuckDB's datediff), not elapsed months.
- Two Parent View intervals apart: snapshots of one academic year share most of their parents,
  and the "happy but would not recommend" flag's two questions come from the same parents.
- A reference group mixes releases (each school's latest result).
- The method's references: both Spiegelhalter (2005) papers, and how it differs from
  Paule-Mandel."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from lens.present import columns
from lens.rules import gaps, words
from lens.rules.gaps import chance_words
from tests.conftest import start
from tests.test_briefing import la_pack_of, pack_for, read
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


# --- two groups, two names ----------------------------------------------------------------------

GAP_WORDS = [
    *words.DIRECTION_WORDS.values(),
    *words.STATUS_WORDS.values(),
    *words.NOT_COMPARED_WORDS.values(),
    *words.GAP_WORDS.values(),
    *words.LEGEND_WORDS.values(),
    gaps.OWN_SURVEY_WORDS,
    gaps.RULE_WORDS,
]


def test_the_gap_lists_group_and_the_profiles_have_different_names():
    assert words.GAP_GROUP == "schools with the same grade and phase"
    assert words.SIMILAR_DEFINED == "similar schools (same phase, deprivation and size)"
    assert words.SIMILAR_SCHOOLS not in words.GAP_GROUP
    said = [w for w in GAP_WORDS if "similar" in w.lower()]
    assert said == []
    assert f"less satisfied than at {words.GAP_GROUP}" in words.STATUS_WORDS["below"]
    gap_columns = [
        "reference_share",
        "group_share",
        "count_reference_schools",
        "count_reference_responses",
        "is_comparable",
    ]
    for name in gap_columns:
        column = columns.COLUMNS[name]
        assert "similar" not in f"{column.label} {column.description}".lower(), name


def test_the_satisfaction_page_never_says_similar_schools(app_env):
    """The page is the gap list's alone: its group has one name throughout."""
    page = _satisfaction_page(la="Leeds (383)")
    assert "similar school" not in page.lower()
    assert words.GAP_GROUP in page


@pytest.fixture(scope="module")
def con(demo_warehouse):
    from lens.data.warehouse import open_read_only

    connection = open_read_only(demo_warehouse)
    yield connection
    connection.close()


def _a_listed_school(con) -> tuple[int, str, int]:  # noqa: ANN001
    """A school on the default gap list with similar schools: its URN, LA name and code."""
    from lens.data.warehouse import run
    from tests.test_briefing import default_gap

    gap = default_gap(con)
    for la_code, la_name in con.execute(
        "select la_code, la_name from local_authorities order by count_open_schools desc"
    ).fetchall():
        selection = {"la_code": la_code, "phase": None, "school_type": None}
        listed = run(con, "gap_schools", **gap.params, **selection).filter(
            pl.col("gap_direction").is_not_null() & pl.col("family").str.starts_with("parent_view")
        )
        if listed.height:
            return int(listed["urn"].min()), la_name, la_code
    raise AssertionError("no school on the demo's default gap list")


def test_a_profile_and_its_pack_name_each_group_apart(app_env, con):
    """A school on the gap list: its place names the gap list's group, its similar schools are
    the profile's group, said with what makes them; the LA pack names only the gap list's."""
    from tests.test_briefing import default_gap

    urn, la_name, la_code = _a_listed_school(con)
    at = start(urn=str(urn))
    at.switch_page("pages/school.py").run()
    assert not at.exception
    page = "\n".join(text for _, text in page_words(at))
    assert f"Compared with {words.SIMILAR_DEFINED}" in page
    assert words.GAP_GROUP in page
    for text in (t for _, t in page_words(at) if words.GAP_GROUP in t):
        assert "similar school" not in text.lower(), text
    _, pdf = pack_for(con, urn)
    text = read(pdf)[1]
    assert f"Compared with {words.SIMILAR_DEFINED}" in text
    assert words.GAP_GROUP in text
    selection = {"la_code": la_code, "phase": None, "school_type": None}
    la_text = read(la_pack_of(con, la_name, default_gap(con), selection))[1]
    assert words.GAP_GROUP in la_text and "similar school" not in la_text.lower()


def test_the_method_says_each_file_is_read_at_its_own_precision(app_env):
    """The rounding range is half a unit of the last decimal place a file publishes either way of
    each percentage: half a point for whole percentages, and a file published to two decimals
    pins a count closer (43.25% of 400 is 173, not 171 to 175)."""
    page = _satisfaction_page()
    assert (
        "Each percentage is taken as up to half a unit of the last decimal place its file "
        "publishes either way" in page
    )
    assert "43% of 400 may be 170 to 174 parents" in page
    assert "43.25% of 400 is 173 parents" in page
    assert "Every Parent View file is read as whole percentages" not in page
    assert "Each file's own precision." in README
    assert "Every file is taken as whole percentages." not in README
    assert (
        "may be 292 to 300 satisfied parents of 400" in README
        and "294 to 298 satisfied" not in README
    )


def test_the_window_is_said_in_calendar_months():
    """datediff('month', ...) makes 31 January 2023 to 1 January 2026 36 months: 'at most 36
    months before' read as elapsed time; 'calendar months' is what is counted."""
    import duckdb

    from lens.rules.gaps import GapChoice
    from schemas.settings import Settings

    apart = (
        duckdb.connect()
        .execute(
            "select datediff('month', date '2023-01-31', date '2026-01-01'), "
            "datediff('month', date '2023-01-01', date '2026-01-31')"
        )
        .fetchone()
    )
    assert apart == (36, 36)  # 35 months and a day; 36 months and 30 days
    assert "made at most 36 calendar months before" in GapChoice.for_every_school(36).describe()
    expert = GapChoice("parent_view_pv_2019", "eif_2019", "overall_effectiveness", 24, "x")
    assert "made at most 24 calendar months before" in expert.window_words
    help_words = Settings.model_fields["gap_window_months"].description
    assert "calendar months" in help_words
    assert "at most this many calendar months before (12, 24, 36, 48 or 60)" in README


def test_intervals_from_the_same_parents_are_said_not_to_be_independent(app_env):
    from lens.present.columns import FLAG_RULES

    assert words.SAME_PARENTS_WORDS in FLAG_RULES["inconsistent"]
    at = start(la="Leeds (383)")
    at.switch_page("pages/parent_view.py").run()
    assert not at.exception
    page = "\n".join(text for _, text in page_words(at))
    assert words.SAME_YEAR_WORDS in page  # beside the trend
    assert words.SAME_PARENTS_WORDS in page  # the flag's rule
    assert "only results from different academic years are independent samples" in README
    assert "Both answers come from the same parents" in README


def test_the_method_says_a_group_mixes_releases(app_env):
    page = _satisfaction_page()
    assert gaps.MIXED_RELEASES_WORDS in page
    assert "so it can mix releases" in gaps.MIXED_RELEASES_WORDS
    assert "**A group mixes\n   releases**" in README


def test_the_readme_cites_both_spiegelhalter_papers_and_says_how_it_differs_from_paule_mandel():
    flat = " ".join(README.split())
    stat_med = '"Funnel plots for comparing institutional performance", *Statistics in Medicine*'
    qshc = (
        '"Handling over-dispersion of performance indicators", *Quality and Safety in Health '
        "Care* 14:347-351"
    )
    assert flat.count(qshc) == 2 and flat.count(stat_med) == 2  # the method and the Sources
    assert "Paule-Mandel re-estimates the centre with the tau^2 weights" in flat
    assert "sets the weighted sum of squares to its expected value k - 1" in flat


def test_the_experts_switch_has_no_help_icon_in_its_label(app_env):
    """A help icon sits inside a switch's label, so a click on it switched the chart to the
    differences against chance alone (an accessibility audit, WCAG 2.5.8): its words are a
    caption beside it instead."""
    from tests.conftest import start

    at = start()
    at.switch_page("pages/satisfaction.py").run()
    assert not at.exception
    assert not at.toggle(key="gap_unadjusted").help
    assert any("flagged for size rather than difference" in c.value for c in at.caption)
