"""Never pool frameworks or question sets: every query the dashboard runs is run on the demo, and
any result that sets out grades keeps each grade with its framework or scale (or is asked for one
judgement), names no grade of two scales at once, and keeps Parent View figures within a question
set."""

from __future__ import annotations

import re

import pytest

from lens.data.warehouse import SQL_DIR, open_read_only, parameter_names, run

QUERIES = sorted(path.stem for path in SQL_DIR.glob("*.sql"))
GRADE_COLUMNS = {
    "grade_label",
    "grade_rank",
    "overall_judgement",
    "judgement",
    "graded_overall",
    "in_force_judgement",
    "chosen_judgement",
    "band_low_label",
    "band_high_label",
}
# A result names the framework or scale of its grades with one of these columns...
FRAMEWORK_COLUMNS = {"framework_id", "framework", "era", "scale", "scale_id", "graded_framework"}
FRAMEWORK_COLUMNS |= {"in_force_framework"}
# ...or the query is asked for one framework's judgement, or reads one scale only.
ONE_JUDGEMENT = {"framework_id", "area", "urn"}  # a school's own judgements carry their era
ONE_SCALE = {  # queries whose grades are all on one scale, and which scale
    "engagement_distribution": "engagement judgements, 4-point scale",
    "engagement_crosstab": "engagement judgements, 4-point scale",
    "school_engagement": "engagement judgements, 4-point scale",
    "report_card_distribution": "report-card areas, 5-point scale ($area)",
    "la_summaries": "one row per school: each grade beside its framework",
    "explore_schools": "one row per school: each grade beside its framework",
}
PARENT_VIEW_FIGURES = {
    "pct_positive",
    "median_pct_happy",
    "pct_happy",
    "england_pct_positive",
    "phase_england_pct_positive",
}
ONE_QUESTION_SET = {"question_set", "family", "snapshot_date", "urn", "gap_family"}
SCALE_WORDS = ({"satisfactory"}, {"requires_improvement", "requires improvement"})
PARAMS = {
    "la_code": 383,
    "region": "Yorkshire and the Humber",
    "phase": None,
    "school_type": None,
    "family": "parent_view_pv_2019",
    "framework_id": "eif_2019",
    "area": "overall_effectiveness",
    "window_months": 60,
    "question_set": "pv_2019",
    "snapshot_date": "2025-07-31",
    "question_id": "1",
    "term": None,
    "status": "open",
    "regions": None,
    "name_contains": None,
    "trust_contains": None,
    "idaci": None,
    "pupils_min": None,
    "pupils_max": None,
    "fsm_min": None,
    "fsm_max": None,
    "grades": None,
    "happy_min": 0,
    "happy_max": 100,
    "include_no_parent_view": True,
    "flag": None,
    "gap": None,
    "report": None,
    "inspected_from": None,
    "inspected_to": None,
    "every_school": False,
    "gap_every_school": False,
    "reference_scope": "national",
    "gap_family": "parent_view_pv_2019",
    "gap_framework_id": "eif_2019",
    "gap_area": "overall_effectiveness",
    "gap_window_months": 60,
    "reference_phase": "primary",
    "grade_rank": 2,
    "min_responses": 10,
    "max_responses": 300,
    "action": None,
    "file": None,
    "label": None,
    "row_limit": 100,
    "uncertain_only": False,
}


@pytest.fixture(scope="module")
def con(demo_warehouse):
    connection = open_read_only(demo_warehouse)
    yield connection
    connection.close()


@pytest.mark.parametrize("name", QUERIES)
def test_no_query_pools_frameworks_scales_or_question_sets(con, name):
    bound = parameter_names(name)
    urn = con.execute(
        "select urn from school_summaries where parent_view_on is not null "
        "and graded_on is not null order by urn limit 1"
    ).fetchall()[0][0]
    frame = run(con, name, **{k: PARAMS.get(k, urn) for k in bound})
    columns = set(frame.columns)
    one_row_per_school = "urn" in columns and frame["urn"].n_unique() == frame.height
    if columns & GRADE_COLUMNS:
        assert columns & FRAMEWORK_COLUMNS or bound & ONE_JUDGEMENT or name in ONE_SCALE, (
            f"{name} sets out grades without their framework or scale"
        )
    named = " ".join(frame.columns).lower()
    for texts in (named,):
        mixed = [words for words in SCALE_WORDS if any(w in texts for w in words)]
        assert len(mixed) < 2, f"{name} names grades of two scales at once: {frame.columns}"
    if columns & PARENT_VIEW_FIGURES and not one_row_per_school:  # a school's own figure pools none
        assert columns & {"question_set"} or bound & ONE_QUESTION_SET, (
            f"{name} shows Parent View figures without keeping them to one question set"
        )


def test_no_query_merges_two_scales_grade_words():
    """Grade words of two scales (Satisfactory, Requires improvement) never share one label."""
    merged = re.compile(r"satisfactory[^\n]{0,40}requires|requires[^\n]{0,40}satisfactory", re.I)
    offenders = [
        path.name
        for path in SQL_DIR.glob("*.sql")
        if merged.search(
            "\n".join(line.split("--", 1)[0] for line in path.read_text().splitlines())
        )
    ]
    assert offenders == []
