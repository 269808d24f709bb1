"""The Engagement page's queries on the small demo, and the demo's engagement data: the pattern
reported of Schools and parents' 47 schools is a finding about them, so schools that break it are
counted and listed (and the demo has some); grades never pool across frameworks nor Parent View
across question sets; the 2013 analysis's report figures count only reports with an improvement
section."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from etl.demo.engagement import BREAKS_PATTERN, write_engagement_judgements
from lens.data.warehouse import open_read_only, run
from lens.rules import report_figures

EVERYWHERE = {"la_code": None, "phase": None, "school_type": None}


@pytest.fixture(scope="module")
def con(demo_warehouse):
    return open_read_only(demo_warehouse)


def test_the_demo_plants_a_few_schools_that_break_the_pattern(tmp_path):
    schools = pl.DataFrame({"urn": range(100000, 102000), "quality": np.linspace(-1.5, 1.5, 2000)})
    path = tmp_path / "engagement.csv"
    write_engagement_judgements(path, np.random.default_rng(3), schools, 2000)
    judged = pl.read_csv(path)
    engagement = judged["Engagement with parents"]
    breaks = (judged["Impact on provision"] < engagement) | (
        judged["Effect on inclusion"] > engagement
    )
    assert breaks.sum() == round(BREAKS_PATTERN * 2000)
    assert (judged["Impact on provision"] < engagement).any()
    assert (judged["Effect on inclusion"] > engagement).any()


def test_pattern_breakers_are_counted_and_listed_alike(con):
    crosstab = run(con, "engagement_crosstab", **EVERYWHERE)
    england = crosstab.filter(pl.col("geography") == "England")
    listed = run(con, "engagement_pattern_breaks", **EVERYWHERE)
    by_hand = con.execute(
        "select count(*) filter (where impact_rank < engagement_rank), "
        "count(*) filter (where inclusion_rank > engagement_rank) from ("
        "select * from engagement_judgements "
        "qualify row_number() over (partition by urn order by judged_on desc) = 1) "
        "where urn in (select urn from schools)"
    ).fetchone()
    assert england["count_breaking_pattern"].to_list() == list(by_hand)
    assert sum(by_hand) > 0, "the demo plants schools that break the pattern"
    both = listed.filter(pl.col("pattern_broken").str.contains(";")).height
    assert listed.height == sum(by_hand) - both
    assert england["count_schools"].to_list() == [
        england.row(i, named=True)["count_judged_lower"]
        + england.row(i, named=True)["count_judged_same"]
        + england.row(i, named=True)["count_judged_higher"]
        for i in range(england.height)
    ]


def test_overall_grades_stay_with_their_framework(con):
    outcomes = run(con, "engagement_vs_outcomes", **EVERYWHERE)
    graded = outcomes.filter(pl.col("scale_id").is_not_null())
    scales = dict(con.execute("select short_label, overall_scale_id from frameworks").fetchall())
    # each row is one framework's grade on that framework's own scale
    for row in graded.iter_rows(named=True):
        assert scales[row["era"]] == row["scale_id"]
    satisfactory = graded.filter(pl.col("grade_label") == "Satisfactory")
    assert set(satisfactory["era"]) <= {"2005-12"}
    assert not graded.filter(
        (pl.col("grade_label") == "Requires improvement") & (pl.col("era") == "2005-12")
    ).height
    eras = graded.group_by("engagement_grade", "grade_label").agg(pl.col("era").n_unique())
    assert eras["era"].max() > 1, "the demo has one grade word in several frameworks, kept apart"
    judged = con.execute(
        "select count(distinct urn) from engagement_judgements join schools using (urn)"
    ).fetchone()[0]
    assert outcomes["count_schools"].sum() == judged


def test_parent_view_medians_are_per_question_set(con):
    medians = run(con, "engagement_vs_satisfaction", **EVERYWHERE)
    assert medians["family"].n_unique() > 1
    latest = pl.DataFrame(
        con.execute(
            "select e.engagement_rank, s.family, s.share_satisfied from ("
            "select * from engagement_judgements join schools using (urn) "
            "qualify row_number() over (partition by urn order by judged_on desc) = 1) as e "
            "join (select * from school_satisfaction where source = 'parent_view' "
            "qualify row_number() over (partition by urn, family order by data_date desc) = 1) "
            "as s using (urn)"
        ).fetchall(),
        schema=["engagement_rank", "family", "share_satisfied"],
        orient="row",
    )
    for row in medians.iter_rows(named=True):
        same = latest.filter(
            (pl.col("family") == row["family"])
            & (pl.col("engagement_rank") == row["engagement_rank"])
        )
        assert same.height == row["count_schools"]
        assert same["share_satisfied"].median() == pytest.approx(row["median_happy_share"])


def test_the_study_figures_count_reports_with_an_improvement_section(con):
    counts = run(con, "report_study_figures", **EVERYWHERE)
    england = counts.filter((pl.col("geography") == "England") & (pl.col("report_era") == "all"))
    expected = con.execute(
        "select count(*), count(*) filter (where uses_engagement), "
        "count(*) filter (where links_parents_to_learning), "
        "count(*) filter (where parents_views_only) "
        "from report_codes join schools using (urn) where has_improvement_section"
    ).fetchone()
    assert england.select(
        "count_reports",
        "count_engagement_strategy",
        "count_learning_link",
        "count_parents_views_only",
    ).row(0) == tuple(expected)
    eras = counts.filter((pl.col("geography") == "England") & (pl.col("report_era") != "all"))
    assert eras["count_reports"].sum() == expected[0]
    views_only = con.execute(
        "select count(*) from report_codes where parents_views_only"
    ).fetchone()
    assert views_only[0] > 0


# --- lens/rules/report_figures.py -----------------------------------------------------------------


FIGURES = pl.DataFrame(
    {
        "geography": ["Selection", "Selection", "England", "England"],
        "report_era": ["all", "cif_2012", "all", "cif_2012"],
        "count_reports": [20, 8, 200, 90],
        "count_engagement_strategy": [5, 2, 30, 12],
        "count_learning_link": [4, 1, 40, 20],
        "count_parents_views_only": [10, 0, 120, 50],
    }
)


def test_the_shares_allowing_for_the_coders_mistakes_start_from_the_observed_ones(con):
    """For every area and era, the observed share beside the range is the study figures' own
    count over the same reports, and the range holds the likely share."""
    from lens.rules import coder_errors

    for params in (EVERYWHERE, {**EVERYWHERE, "la_code": _busiest_la(con)}):
        figures = run(con, "report_study_figures", **params)
        allowed = coder_errors.allow_for_errors(
            run(con, "report_coder_groups", **params), run(con, "coder_measured_errors")
        )
        assert allowed.height == 2 * figures.height
        for row in allowed.iter_rows(named=True):
            counted = figures.filter(
                (pl.col("geography") == row["geography"])
                & (pl.col("report_era") == row["report_era"])
            ).row(0, named=True)
            assert row["count_reports"] == counted["count_reports"]
            assert row["observed_share"] == pytest.approx(
                counted[row["measure"]] / counted["count_reports"]
            )
            assert 0 <= row["low_share"] <= row["likely_share"] <= row["high_share"] <= 1


def _busiest_la(con) -> int:  # noqa: ANN001
    return con.execute(
        "select s.la_code from report_codes join schools as s using (urn) "
        "where has_improvement_section group by s.la_code order by count(*) desc limit 1"
    ).fetchone()[0]


def test_side_by_side_gives_each_share_with_its_denominator():
    table = report_figures.side_by_side(FIGURES)
    assert table.height == 6
    first = table.row(0, named=True)
    assert first["report_era"] == "all"
    assert first["study_share"] == 0.154
    assert first["selection_share"] == 5 / 20 and first["selection_reports"] == 20
    assert first["england_share"] == 30 / 200 and first["england_reports"] == 200
    views = table.filter(
        (pl.col("report_era") == "all") & pl.col("study_measure").str.contains("views")
    ).row(0, named=True)
    assert views["study_share"] is None and views["selection_share"] == 0.5
    by_era = table.filter(pl.col("report_era") == "cif_2012")
    assert by_era["study_share"].is_null().all()  # the study's figures are for all its reports
    assert by_era["selection_reports"].to_list() == [8, 8, 8]


def test_the_figures_in_words_name_their_denominators():
    said = report_figures.sentences(report_figures.side_by_side(FIGURES), "Leeds")
    assert said[0] == (
        "Improvement section uses parental engagement as a strategy: 25.0% of 20 in Leeds, "
        "15.0% of 200 in England; Engagement in Education (2013): 15.4% of the reports it "
        "analysed (as others report it; the study's own passage giving it was not available "
        "to us)."
    )
    assert said[2].endswith("Engagement in Education (2013) gives no figure.")
    england_only = report_figures.sentences(report_figures.side_by_side(FIGURES), None)
    assert "Leeds" not in england_only[0] and "of 200 in England" in england_only[0]


def test_an_area_without_reports_says_so():
    none_here = FIGURES.filter(pl.col("geography") == "England")
    said = report_figures.sentences(report_figures.side_by_side(none_here), "Rutland")
    assert said[0].startswith(
        "Improvement section uses parental engagement as a strategy: no report with an "
        "improvement section in Rutland"
    )


def test_the_judgements_open_on_engagement_and_say_how_many_schools_were_judged(app_env, con):
    """The page's first table opens on the engagement judgement itself and says how many schools
    its percentages are of (the walkthrough saw 66.7% and 33.3% of three schools, unsaid)."""
    from tests.conftest import start

    at = start()
    at.switch_page("pages/engagement.py").run()
    assert not at.exception
    assert at.selectbox(key="eng_judgement").value == "Engagement with parents"
    said = " ".join(c.value for c in at.caption)
    la_code = at.sidebar.selectbox(key="la").value
    judged = con.execute(
        "select count(distinct urn) from engagement_judgements join schools using (urn) "
        "where la_code = ? and engagement_rank is not null",
        [la_code],
    ).fetchone()[0]
    expected = f"{judged:,} school{'' if judged == 1 else 's'} judged"
    assert expected in said.replace("\\", "")


def _section(at, subheader: str) -> list:  # noqa: ANN001 - an AppTest
    """The elements drawn under `subheader`, up to the next header or subheader."""
    from tests.test_downloads import _in_order

    shown, inside = [], False
    for element in _in_order(at.main):
        kind = getattr(element, "type", None)
        if kind in ("header", "subheader"):
            inside = element.value == subheader
        elif inside:
            shown.append(element)
    return shown


def test_nothing_beside_the_report_cards_says_why_and_offers_no_empty_file(app_env, con):
    """With no school both judged and given a report card, the section says why in words (as the
    page's other sections do), not an empty table reading 'empty' with a header-only download."""
    from tests.conftest import start

    code, name = con.execute(
        "select s.la_code, any_value(s.la_name) from engagement_judgements as e "
        "join schools as s using (urn) group by 1 having count(*) filter (where e.urn in "
        "(select urn from school_latest_inspections where kind = 'report_card')) = 0 "
        "order by count(*) desc, 1 limit 1"
    ).fetchone()
    beside = run(con, "engagement_beside_report_cards", la_code=code, phase=None, school_type=None)
    assert beside.is_empty()
    at = start(la=f"{name} ({code})")
    at.switch_page("pages/engagement.py").run()
    assert not at.exception
    section = _section(at, "Beside the report cards' Inclusion grade")
    kinds = [getattr(e, "type", None) for e in section]
    assert "dataframe" not in kinds and "download_button" not in kinds
    said = " ".join(e.value for e in section if getattr(e, "type", None) == "info")
    assert "nothing to set side by side" in said and "report card" in said


def test_each_row_of_the_judgements_says_how_many_schools_it_rests_on(app_env, con):
    """The judgements table gives each row's number of schools beside its percentages (Leeds'
    '100% Good' was three schools, unsaid), the LA's rows first, then England's, phases in a fixed
    order."""
    from tests.conftest import start

    code, name = con.execute(
        "select s.la_code, any_value(s.la_name) from engagement_judgements join schools as s "
        "using (urn) where engagement_rank is not null group by 1 order by count(*) desc, 1 limit 1"
    ).fetchone()
    at = start(la=f"{name} ({code})")
    at.switch_page("pages/engagement.py").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table.columns[:3]) == ["Area", "Phase", "Schools judged"]
    judged = con.execute(
        "select s.la_code = ? as is_la, s.phase, count(*) from (select * from "
        "engagement_judgements qualify row_number() over (partition by urn order by judged_on "
        "desc) = 1) as e join schools as s using (urn) where e.engagement_rank is not null "
        "group by all",
        [code],
    ).fetchall()
    expected = {}
    for is_la, phase, count in judged:
        expected[("England", phase)] = expected.get(("England", phase), 0) + count
        if is_la:
            expected[(name, phase)] = count
    rows = list(zip(table["Area"], table["Phase"], table["Schools judged"], strict=True))
    assert {(area, phase): int(count) for area, phase, count in rows} == expected
    areas = [area for area, _, _ in rows]
    assert areas == sorted(areas, key=lambda area: area != name)  # the LA's rows first
    order = ["Nursery", "Primary", "Secondary", "All-through", "Special", "Alternative provision"]
    for area in (name, "England"):
        phases = [phase for a, phase, _ in rows if a == area]
        assert phases == sorted(phases, key=lambda p: (order.index(p) if p in order else 99, p))


def test_the_overall_effectiveness_column_is_named_so(app_env, con):
    """Engagement against overall effectiveness: the grade beside the engagement is the latest
    graded inspection's overall effectiveness, and its heading says so (it said only 'Grade')."""
    from tests.conftest import start

    at = start()
    at.switch_page("pages/engagement.py").run()
    assert not at.exception
    section = _section(at, "Engagement against overall effectiveness and parents' satisfaction")
    table = next(e for e in section if getattr(e, "type", None) == "dataframe").value
    assert "Grade" not in table.columns
    assert "Latest graded inspection: overall effectiveness" in table.columns
