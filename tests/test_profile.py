"""The school profile's computed figures: percentiles among similar schools and each rule behind
the points to discuss, on tiny hand-made frames; then one real school from the demo warehouse."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import polars as pl
import pytest

from lens.data.warehouse import open_read_only, run
from lens.rules import discuss, gaps, profile
from lens.rules.gaps import GapChoice

D = dt.date

EMPTY = {
    "inspections": {
        "is_predecessor": pl.Boolean,
        "predecessor_urn": pl.Int64,
        "started_on": pl.Date,
        "kind": pl.String,
        "era": pl.String,
        "overall_judgement": pl.String,
        "category_of_concern": pl.String,
    },
    "judgements": {"started_on": pl.Date, "area": pl.String, "judgement": pl.String},
    "satisfaction": {
        "is_predecessor": pl.Boolean,
        "family": pl.String,
        "data_date": pl.Date,
        "pct_satisfied": pl.Float64,
        "ci95_low_pct": pl.Float64,
        "ci95_high_pct": pl.Float64,
    },
    "pv_questions": {
        "snapshot_date": pl.Date,
        "question_set": pl.String,
        "question_id": pl.String,
        "question_text": pl.String,
        "submissions": pl.Int32,
        "answering": pl.Int32,
        "pct_positive": pl.Float64,
        "ci95_low_pct": pl.Float64,
        "ci95_high_pct": pl.Float64,
        "england_phase_group": pl.String,
        "phase_england_pct_positive": pl.Float64,
        "against_england": pl.String,
    },
    "flags": {"snapshot_date": pl.Date, "flag": pl.String, "reason": pl.String},
    "gaps": {
        "family": pl.String,
        "grade_label": pl.String,
        "reference_phase": pl.String,
        "reference_la_name": pl.String,
        "band_low_label": pl.String,
        "band_high_label": pl.String,
        "data_date": pl.Date,
        "count_responses": pl.Int32,
        "share_satisfied": pl.Float64,
        "ci95_low_share": pl.Float64,
        "ci95_high_share": pl.Float64,
        "reference_share": pl.Float64,
        "z_adjusted": pl.Float64,
        "gap_status": pl.String,
        "gap_direction": pl.String,
        "gap_trust_flags": pl.String,
    },
    "engagement": {
        "judged_on": pl.Date,
        "source": pl.String,
        "engagement": pl.String,
        "impact_of_parents": pl.String,
        "inclusion": pl.String,
    },
    "report_points": {
        "inspected_on": pl.Date,
        "improvement_point": pl.String,
        "code": pl.String,
        "triggers": pl.String,
        "report_uses_engagement": pl.Boolean,
        "report_involvement_only": pl.Boolean,
        "report_points": pl.Int32,
    },
    "report_sentences": {"sentence": pl.String},
    "similar": {
        "is_this_school": pl.Boolean,
        "in_same_la": pl.Boolean,
        "pct_happy": pl.Float64,
        "ci95_low_pct": pl.Float64,
        "ci95_high_pct": pl.Float64,
        "submissions_per_100_pupils": pl.Float64,
    },
}
FACTS = {"urn": 900101, "school_name": "Fixture Primary School", "la_name": "Leeds"}
SOURCES = pl.DataFrame(
    {
        "source": ["inspections (Ofsted MI)", "Parent View"],
        "as_at_date": [D(2026, 10, 31), D(2026, 10, 31)],
    },
)
GAP = GapChoice(
    "parent_view_pv_2025",
    "eif_2019",
    "overall_effectiveness",
    36,
    "overall effectiveness (2019-24 framework)",
)
RECENT_GOOD = {
    "is_predecessor": [False],
    "predecessor_urn": [None],
    "started_on": [D(2024, 5, 1)],
    "kind": ["graded"],
    "era": ["2019-24"],
    "overall_judgement": ["Good"],
    "category_of_concern": [None],
}
PLENTY_OF_PARENTS = {
    "snapshot_date": [D(2026, 10, 31)],
    "question_set": ["pv_2019"],
    "question_id": ["1"],
    "submissions": [80],
    "ci95_low_pct": [80.0],
    "ci95_high_pct": [92.0],
}


def make(**frames: dict) -> profile.SchoolProfile:
    """A profile with nothing to discuss (a recent inspection, 80 parents), changed as given."""
    given = {"inspections": RECENT_GOOD, "pv_questions": PLENTY_OF_PARENTS, **frames}

    def frame(values: dict, schema: dict) -> pl.DataFrame:
        rows = len(next(iter(values.values()), []))
        return pl.DataFrame({c: values.get(c, [None] * rows) for c in schema}, schema=schema)

    built = {name: frame(given.get(name, {}), schema) for name, schema in EMPTY.items()}
    return profile.SchoolProfile(facts=FACTS, sources=SOURCES, gap=GAP, **built)


def topics(school: profile.SchoolProfile) -> list[str]:
    return [p.topic for p in discuss.points_to_discuss(school)]


def test_a_school_with_nothing_notable_has_no_points():
    assert topics(make()) == []


def test_percentile_counts_ties_as_half():
    values = pl.Series([50.0, 60.0, 70.0, 70.0, None])
    assert profile.percentile(values, 70.0) == pytest.approx(100 * (2 + 1) / 4)
    assert profile.percentile(values, 10.0) == 0
    assert profile.percentile(pl.Series([], dtype=pl.Float64), 10.0) is None


def test_standings_in_the_la_and_england_leave_the_school_itself_out():
    similar = pl.DataFrame(
        {
            "is_this_school": [True, False, False, False, False],
            "in_same_la": [True, True, False, False, False],
            "pct_happy": [80.0, 90.0, 70.0, 60.0, 95.0],
            "submissions_per_100_pupils": [10.0, 5.0, None, 20.0, 30.0],
        }
    )
    ranks = {(s.measure, s.scope): s for s in profile.standings(similar, "Leeds")}
    happy_la = ranks[("% satisfied (Parent View)", "in Leeds")]
    happy_england = ranks[("% satisfied (Parent View)", "in England")]
    assert (happy_la.peers, happy_la.percentile) == (1, 0)
    assert (happy_england.peers, happy_england.percentile) == (4, 50)
    rate = ranks[("Parent View submissions per 100 pupils", "in England")]
    assert (rate.peers, rate.percentile) == (3, pytest.approx(100 / 3))
    assert "higher than 2 of the 4 similar schools in England" in happy_england.sentence()


def test_old_inspection_is_measured_from_the_data_as_at_date():
    old = {**RECENT_GOOD, "started_on": [D(2021, 10, 1)]}
    points = discuss.points_to_discuss(make(inspections=old))
    assert [p.topic for p in points] == ["Old inspection"]
    assert "5.1 years before" in points[0].text


def test_predecessor_only_inspection_and_category_of_concern():
    predecessor = {
        **RECENT_GOOD,
        "is_predecessor": [True],
        "predecessor_urn": [100001],
        "category_of_concern": ["Special measures"],
    }
    points = discuss.points_to_discuss(make(inspections=predecessor))
    assert [p.topic for p in points] == ["Inspected as its predecessor", "Category of concern"]
    assert "(URN 100001)" in points[0].text


def test_gap_point_names_the_figures_the_reference_and_the_choice():
    row = {
        "grade_label": "Inadequate",
        "reference_phase": "secondary",
        "band_low_label": "Requires improvement",
        "band_high_label": "Inadequate",
        "data_date": D(2026, 10, 31),
        "count_responses": 60,
        "share_satisfied": 0.97,
        "ci95_low_share": 0.886,
        "ci95_high_share": 0.992,
        "reference_share": 0.791,
        "z_adjusted": 3.4,
        "gap_status": "above",
        "gap_direction": "above",
        "gap_trust_flags": None,
    }
    (point,) = discuss.points_to_discuss(make(gaps={k: [v] for k, v in row.items()}))
    assert point.topic == "On the gap list"
    assert "97.0% of 60 responses satisfied" in point.text and "against 79.1%" in point.text
    assert "secondary schools judged Requires improvement to Inadequate" in point.text
    # the method stays off the point itself: it is the pack's last page and a page's expander
    assert "standard error" not in point.text
    assert "3.4 standard errors" in point.detail and GAP.describe() in point.detail
    assert f"beyond the {gaps.LIMIT_PERCENT} limits" in point.detail
    assert "(without this school)" in point.text and "trust flag" not in point.text
    flagged = make(gaps={k: [v] for k, v in {**row, "gap_trust_flags": "over_roll"}.items()})
    assert "trust flag" in discuss.points_to_discuss(flagged)[0].text
    # compared and not on the list (or on the line), or not compared in this choice: nothing
    for status in ("not_shown_to_differ", "on_the_line", "too_few_responses"):
        other = {**row, "gap_direction": None, "gap_status": status}
        assert topics(make(gaps={k: [v] for k, v in other.items()})) == []
    assert topics(make()) == []


def test_an_own_survey_gap_point_names_its_la_and_how_own_surveys_are_compared():
    """An own survey is compared only with own surveys in the school's LA: the point says so
    in an adviser's words, and its method line says why; a Parent View point does not."""
    from lens.rules.gaps import OWN_SURVEY_WORDS
    from lens.rules.words import STATUS_WORDS

    row = {
        "family": "questionnaire_own_survey",
        "grade_label": "Good",
        "reference_phase": "all",
        "reference_la_name": "Leeds",
        "band_low_label": "Good",
        "band_high_label": "Good",
        "data_date": D(2026, 3, 31),
        "count_responses": 80,
        "share_satisfied": 0.6,
        "ci95_low_share": 0.49,
        "ci95_high_share": 0.7,
        "reference_share": 0.9,
        "z_adjusted": -4.2,
        "gap_status": "below",
        "gap_direction": "below",
        "gap_trust_flags": None,
    }
    (point,) = discuss.points_to_discuss(make(gaps={k: [v] for k, v in row.items()}))
    assert "against 90.0% for schools of every phase in Leeds (own surveys) judged Good" in (
        point.text
    )
    assert OWN_SURVEY_WORDS in point.detail
    national = {**row, "family": "parent_view_pv_2025", "reference_la_name": None}
    (point,) = discuss.points_to_discuss(make(gaps={k: [v] for k, v in national.items()}))
    assert "(own surveys)" not in point.text and OWN_SURVEY_WORDS not in point.detail
    small = {**row, "gap_status": "not_compared_in_la", "gap_direction": None}
    standing = profile.gap_standing(make(gaps={k: [v] for k, v in small.items()}))
    assert standing.status_words == STATUS_WORDS["not_compared_in_la"]
    assert "in its local authority's own surveys" in standing.status_words
    assert standing.scope_words == OWN_SURVEY_WORDS


def test_satisfaction_fall_needs_intervals_apart():
    def history(second_high: float) -> dict:
        return {
            "is_predecessor": [False, False],
            "family": ["questionnaire_own_survey", "questionnaire_own_survey"],
            "data_date": [D(2024, 1, 1), D(2025, 1, 1)],
            "pct_satisfied": [92.0, 70.0],
            "ci95_low_pct": [86.0, 60.0],
            "ci95_high_pct": [95.0, second_high],
        }

    assert topics(make(satisfaction=history(80.0))) == ["Satisfaction fell"]
    assert topics(make(satisfaction=history(87.0))) == []


def parent_view_history(*dates: D, family: str = "parent_view_pv_2019") -> dict:
    """Results falling from 92% to 70% over `dates`, each interval apart from the one before."""
    n = len(dates)
    falling = [92.0 - 22.0 * i / max(n - 1, 1) for i in range(n)]
    return {
        "is_predecessor": [False] * n,
        "family": [family] * n,
        "data_date": list(dates),
        "pct_satisfied": falling,
        "ci95_low_pct": [p - 1.0 for p in falling],
        "ci95_high_pct": [p + 1.0 for p in falling],
    }


def test_a_parent_view_fall_is_looked_for_across_academic_years_only():
    """Parent View keeps a parent's latest answer within an academic year (1 September to 31
    August), so two results of one year share most of their parents: the point sets the latest
    result against the latest of an earlier academic year and says which two it compared
    (an independent statistician's review, finding 8). Worked by hand:
    - October 2024 (2024/25), June 2025 (2024/25), January 2026 (2025/26): January 2026 against
      June 2025, the latest of an earlier year; October 2024 is passed over;
    - October 2025 and June 2026, both 2025/26: nothing to compare."""
    from lens.rules.words import EARLIER_YEAR_WORDS

    three = parent_view_history(D(2024, 10, 31), D(2025, 6, 30), D(2026, 1, 31))
    (point,) = discuss.points_to_discuss(make(satisfaction=three))
    assert point.topic == "Satisfaction fell"
    assert "81.0% satisfied on 30 June 2025, 70.0% on 31 January 2026" in point.text
    assert (
        "the latest Parent View result of this question set, 31 January 2026 (academic year "
        "2025/26), against the latest of an earlier academic year, 30 June 2025 (2024/25)"
    ) in point.detail
    assert EARLIER_YEAR_WORDS in point.detail
    assert discuss.year_words(2024) == "2024/25" and discuss.academic_year(D(2025, 8, 31)) == 2024
    assert discuss.academic_year(D(2025, 9, 1)) == 2025

    one_year = parent_view_history(D(2025, 10, 31), D(2026, 6, 30))
    assert topics(make(satisfaction=one_year)) == []
    # a questionnaire's results are separate surveys: its last two are compared, any dates
    survey = parent_view_history(D(2025, 10, 31), D(2026, 6, 30), family="questionnaire_own_survey")
    (point,) = discuss.points_to_discuss(make(satisfaction=survey))
    assert "the last two results of one source and question set" in point.detail
    assert EARLIER_YEAR_WORDS not in point.detail


def test_flags_small_base_and_missing_parent_view():
    flags = {"snapshot_date": [D(2026, 10, 31)], "flag": ["surge"], "reason": ["95 vs 12"]}
    small = {**PLENTY_OF_PARENTS, "submissions": [12]}
    assert topics(make(flags=flags)) == ["Parent View flag"]
    assert topics(make(pv_questions=small)) == ["Small Parent View base"]
    assert topics(make(pv_questions={})) == ["No Parent View results"]
    # with no Parent View file loaded at all, the school's lack of results says nothing
    no_file = replace(make(pv_questions={}), sources=SOURCES.head(1))
    assert topics(no_file) == []


def test_reports_that_mention_parents_only_as_involvement_are_raised():
    involvement = {
        "inspected_on": [D(2016, 11, 2)] * 2,
        "improvement_point": ["Hold more parent events.", "Improve phonics."],
        "code": ["involvement", "none"],
        "triggers": ["parent events", "no rule matched"],
        "report_uses_engagement": [False, False],
        "report_involvement_only": [True, True],
        "report_points": [2, 2],
    }
    engaged = {
        **involvement,
        "report_uses_engagement": [True, True],
        "report_involvement_only": [False, False],
    }
    silent = {**involvement, "report_involvement_only": [False, False]}
    points = discuss.points_to_discuss(make(report_points=involvement))
    assert [p.topic for p in points] == ["Involvement, not engagement"]
    assert "parent events" in points[0].text
    assert topics(make(report_points=engaged)) == []
    assert topics(make(report_points=silent)) == ["No evidence of engagement"]
    no_section = {**silent, "report_points": [0, 0]}  # a report without an improvement section
    assert topics(make(report_points=no_section)) == []


def test_weak_engagement_judgement_is_raised():
    judged = {
        "judged_on": [D(2025, 3, 1)],
        "source": ["LA review"],
        "engagement": ["Requires improvement"],
        "impact_of_parents": ["Good"],
        "inclusion": ["Good"],
    }
    assert topics(make(engagement=judged)) == ["Engagement judged weak"]


def test_real_school_with_a_predecessor_shows_each_inspection_once(demo_warehouse):
    con = open_read_only(demo_warehouse)
    urn, predecessor = con.execute(
        "select p.urn, p.predecessor_urn from school_predecessors p "
        "join inspections i on i.urn = p.urn and i.urn_at_inspection = p.predecessor_urn "
        "limit 1"
    ).fetchone()
    school = profile.load(lambda name, **p: run(con, name, **p), urn, GAP)
    assert school.facts["predecessor_urns"] == [predecessor]
    ids = school.inspections["inspection_id"]
    assert ids.n_unique() == ids.len()
    expected = con.execute(
        "select count(distinct inspection_id) from inspections where urn in (?, ?)",
        [urn, predecessor],
    ).fetchone()[0]
    assert ids.len() == expected
    assert predecessor in school.inspections["predecessor_urn"].to_list()
    assert profile.load(lambda name, **p: run(con, name, **p), 999999, GAP) is None


def test_each_source_has_its_own_as_at_date(demo_warehouse):
    con = open_read_only(demo_warehouse)
    dates = dict(run(con, "source_dates").iter_rows())
    expected = dict(
        con.execute(
            "select case when layout_id like 'questionnaire%' then 'parental questionnaires' "
            "when layout_id like 'engagement%' then 'engagement judgements' end, "
            "max(as_at_date) from load_log "
            "where layout_id like 'questionnaire%' or layout_id like 'engagement%' group by 1"
        ).fetchall()
    )
    for source, as_at in expected.items():
        assert dates[source] == as_at
    assert "inspection report texts" in dates


QUESTIONS = {
    "snapshot_date": [D(2026, 10, 31)] * 3,
    "question_set": ["pv_2019"] * 3,  # as school_pv_questions gives it
    "question_id": ["1", "2", "3"],
    "question_text": [
        "My child is happy at this school.",
        "My child feels safe at this school.",
        "The school makes sure its pupils are well behaved.",
    ],
    "submissions": [45] * 3,
    "answering": [45, 44, 40],
    "pct_positive": [27.0, 80.0, 95.0],
    "ci95_low_pct": [16.0, 66.0, 83.5],
    "ci95_high_pct": [41.5, 89.1, 98.6],
    "england_phase_group": ["primary"] * 3,
    "phase_england_pct_positive": [89.8, 90.5, 85.3],
    "against_england": ["below", "within_noise", "above"],
}


def test_the_parent_view_verdict_comes_first_in_words_with_its_base():
    """Issue 20, item 3: "Within noise" above a table where the school is at 27% against 89.8%
    read as the verdict; the verdict is now the first sentence, and it is the right one."""
    school = make(pv_questions={**QUESTIONS})
    said = profile.pv_verdict(school)
    assert said.startswith(
        "Below England: 27% of 45 parents answering agreed with \u201cMy child is happy at this "
        "school\u201d, against 89.8% in primary schools in England; this school's 95% interval "
        "(16% to 41.5%) lies wholly below it."
    )
    assert said.endswith(
        "Of the other 2 questions: 1 above England, 1 in line with it. Each question is "
        "compared on its own, so about one in twenty comes out above or below by chance alone."
    )
    table = profile.pv_question_table(school)
    assert table.columns[:2] == ["question_text", "against_england"]  # in view at 1400 px


def test_a_verdict_within_noise_says_it_is_not_a_difference_to_act_on():
    within = {**QUESTIONS, "against_england": ["within_noise"] * 3}
    said = profile.pv_verdict(make(pv_questions=within), "All loaded schools")
    assert said.startswith("In line with All loaded schools: 27% of 45")
    assert "not a difference to act on" in said and "all 2 in line with it" in said


def test_a_place_among_similar_schools_is_said_in_words_that_add_up():
    """Never "higher than 0% of 1,843 similar schools": the lowest is the lowest."""
    happy = profile.MEASURES["pct_happy"]
    standing = profile.Standing(happy, "in England", 27.0, 1843, 0.0, lower=0, higher=1843)
    assert standing.sentence() == (
        "% satisfied (Parent View): 27.0%, lower than every one of the 1,843 similar schools in "
        "England."
    )
    top = profile.Standing(happy, "in Leeds", 99.0, 12, 100.0, lower=12, higher=0)
    assert "higher than every one of the 12 similar schools in Leeds" in top.sentence()
    low = profile.Standing(happy, "in England", 80.0, 200, 22.0, lower=44, higher=156)
    assert "lower than 156 of the 200 similar schools" in low.sentence()


def test_two_schools_lower_is_not_rounded_away():
    """A walkthrough found 'lower than 100% of the 433 similar schools in England' for a school
    at 15.5% with two similar schools lower (0.0%, 13.8%): 99.5% rounded up."""
    similar = pl.DataFrame(
        {
            "is_this_school": [True] + [False] * 433,
            "in_same_la": [True] + [False] * 433,
            "pct_happy": [15.5, 0.0, 13.8] + [50.0 + i / 10 for i in range(431)],
            "submissions_per_100_pupils": [10.0] * 434,
        }
    )
    england = next(
        s
        for s in profile.standings(similar, "Leeds")
        if s.scope != "in Leeds" and s.measure == profile.MEASURES["pct_happy"]
    )
    said = england.sentence()
    assert "lower than 431 of the 433 similar schools" in said and "100%" not in said


def test_the_verdict_counts_only_what_there_is():
    every_below = {**QUESTIONS, "against_england": ["below"] * 3}
    said = profile.pv_verdict(make(pv_questions=every_below))
    assert "Of the other 2 questions: all 2 below England. Each question" in said


def test_report_card_areas_below_the_expected_standard_are_a_point():
    """A report card's "Needs attention" or "Urgent improvement" areas are worth raising (the
    walkthrough's school had five, and its points to discuss named none); an older card's are
    not the latest, and expected standard or better is nothing to raise."""
    card = {
        **RECENT_GOOD,
        "kind": ["report_card"],
        "era": ["Report card"],
        "overall_judgement": [None],
    }
    on = RECENT_GOOD["started_on"][0]
    graded = {
        "started_on": [on, on, on, D(2020, 1, 1)],
        "area": ["Achievement", "Inclusion", "Attendance and behaviour", "Achievement"],
        "judgement": [
            "Needs attention",
            "Expected standard",
            "Urgent improvement",
            "Needs attention",
        ],
    }
    school = make(inspections=card, judgements=graded)
    (point,) = [p for p in discuss.points_to_discuss(school) if p.topic.startswith("Report-card")]
    assert point.text.endswith(
        "grades 2 of its areas below the expected standard: Achievement: Needs attention; "
        "Attendance and behaviour: Urgent improvement."
    )
    fine = {
        **graded,
        "judgement": ["Expected standard", "Strong standard", "Exceptional", "Needs attention"],
    }
    assert topics(make(inspections=card, judgements=fine)) == []


def test_low_among_similar_schools_needs_the_whole_interval_below_their_lowest_tenth():
    """A tenth of similar schools are in their bottom tenth by definition: 8 of 10 parents
    satisfied (80.0%, 95% interval 49.0% to 94.3%) ranks below every one of 100 similar schools
    at 81% to 99%, yet its interval reaches past most of them, so no point is raised; a school
    of 400 parents at 70.0% (65.3% to 74.3%) is below their lowest tenth (82.8%) whatever its
    noise, and its point gives its interval (an independent statistician's review)."""
    peers = [81.0 + 0.18 * i for i in range(100)]

    def similar(value: float, low: float, high: float) -> dict:
        return {
            "is_this_school": [True] + [False] * 100,
            "in_same_la": [True] + [False] * 100,
            "pct_happy": [value, *peers],
            "ci95_low_pct": [low] + [None] * 100,
            "ci95_high_pct": [high] + [None] * 100,
            "submissions_per_100_pupils": [10.0] * 101,
        }

    few = make(similar=similar(80.0, 49.0, 94.3))
    england = next(
        s
        for s in profile.standings(few.similar, "Leeds")
        if s.scope == "in England" and s.measure == profile.MEASURES["pct_happy"]
    )
    assert england.percentile == 0 and not england.wholly_low
    assert "80.0% (95% interval 49.0% to 94.3%), lower than every one of the 100" in (
        england.sentence()
    )
    assert topics(few) == []
    (point,) = discuss.points_to_discuss(make(similar=similar(70.0, 65.3, 74.3)))
    assert point.topic == "Low among similar schools"
    assert "70.0% (95% interval 65.3% to 74.3%)" in point.text
    assert "Its whole 95% interval lies below 82.8%" in point.text
    assert "A tenth of schools are in the bottom tenth by definition" in point.detail
