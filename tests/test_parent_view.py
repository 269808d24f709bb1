"""Parent View and questionnaire readers, one layout or quirk at a time."""

from __future__ import annotations

from datetime import date

import pytest
import xlsxwriter

from etl.errors import FileProblem
from etl.readers.detect import read_file
from tests import builders

SHARES = [60, 30, 5, 3, 2]


def reasons(result) -> list[tuple[int, str, str]]:
    return sorted(
        (r["line"], r["column_name"], r["reason"]) for r in result.rejects.iter_rows(named=True)
    )


def test_csv_percent_strings_by_school_and_question(tmp_path):
    path = builders.write(
        tmp_path / "pv_2019-07-31.csv", builders.parent_view_csv([("900101", 46, SHARES)])
    )
    result = read_file(path, date(2019, 7, 31))
    answers = result.tables["stg_parent_view_answers"]
    assert result.layout_id == "parent_view_pv_2011"
    row = answers.filter(question_id="1").row(0, named=True)
    assert (row["urn"], row["submissions"], row["pct_strongly_agree"], row["pct_dont_know"]) == (
        900101,
        46,
        60.0,
        2.0,
    )
    assert row["question_text"] == "My child is happy at this school."
    assert sorted(answers["question_id"]) == ["1", "2", "3", "5"]


def test_under_ten_submissions_is_never_loaded(tmp_path):
    path = builders.write(
        tmp_path / "pv_2019-07-31.csv",
        builders.parent_view_csv([("900101", 46, SHARES), ("900102", 9, SHARES)]),
    )
    result = read_file(path, date(2019, 7, 31))
    assert set(result.tables["stg_parent_view_answers"]["urn"]) == {900101}
    assert reasons(result)[0][:2] == (3, "Submissions")
    assert "fewer than 10 submissions" in reasons(result)[0][2]


def test_bad_percentages_unknown_questions_and_sums_are_rejected(tmp_path):
    text = builders.parent_view_csv(
        [
            ("900101", 46, [60, 30, 5, 3, 2]),
            ("900102", 20, [160, 30, 5, 3, 2]),
            ("900103", 20, [50, 20, 5, 3, 2]),
        ],
        questions=("1", "99"),
    )
    result = read_file(builders.write(tmp_path / "pv_2019-07-31.csv", text), date(2019, 7, 31))
    got = reasons(result)
    assert any(c.startswith("Q99.") and "unknown question" in r for _, c, r in got)
    assert (
        3,
        "Q1. My child is happy at this school. Strongly Agree",
        "percentage outside 0 to 100",
    ) in got
    assert any(line == 4 and "add up to 80.0%" in r for line, _, r in got)
    assert set(result.tables["stg_parent_view_answers"]["urn"]) == {900101}


def test_no_as_at_date_is_a_clear_error(tmp_path):
    path = builders.write(
        tmp_path / "parent_view.csv", builders.parent_view_csv([("900101", 46, SHARES)])
    )
    with pytest.raises(FileProblem, match="no 'as at' date"):
        read_file(path, None)


def _workbook(path, sheets):
    book = xlsxwriter.Workbook(path)
    for name, rows, merges in sheets:
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
        for first_row, first_col, last_col, text in merges:
            sheet.merge_range(first_row, first_col, first_row, last_col, text)
    book.close()
    return path


def test_workbook_short_headers_with_proportions_found_by_urn(tmp_path):
    header = ["URN", "Submissions"] + [
        f"Q{q} {o}" for q in ("1", "2", "3", "4") for o in builders.PV_OPTIONS
    ]
    shares = [0.6, 0.3, 0.05, 0.03, 0.02]
    path = _workbook(
        tmp_path / "pv_2023-07-31.xlsx",
        [
            ("Notes", [["About this data"]], []),
            (
                "School Level Data",
                [["Parent View school level data"], [], header, [900101, 120] + shares * 4],
                [],
            ),
        ],
    )
    result = read_file(path, date(2023, 7, 31))
    answers = result.tables["stg_parent_view_answers"]
    assert result.layout_id == "parent_view_pv_2019"
    assert answers.filter(question_id="1")["pct_strongly_agree"].to_list() == [60.0]
    assert answers["question_text"][0] == "My child is happy at this school."
    assert result.rejects.is_empty()


def test_two_row_headers_several_tables_and_thousands_separators(tmp_path):
    options = ["Strongly agree", "Agree", "Disagree", "Strongly disagree", "Don't know"]
    questions = [
        ("1", "My child is happy at this school."),
        ("2", "My child feels safe at this school."),
        ("6", "The school communicates well with me about the things I need to know."),
        ("9", "The school gives my child the right support to enable them to learn well."),
    ]
    header = ["URN", "Responses for year"] + options * len(questions)
    merges = [(2, 2 + i * 5, 6 + i * 5, f"Q{q}. {t}") for i, (q, t) in enumerate(questions)]
    row = [0.5, 0.3, 0.1, 0.05, 0.05] * len(questions)
    path = _workbook(
        tmp_path / "parent_view_mi_2026-04-06.xlsx",
        [
            (
                "Table_1",
                [["Primary"], [], [None] * len(header), header, [900101, "1,204"] + row],
                merges,
            ),
            (
                "Table_2",
                [["Secondary"], [], [None] * len(header), header, [900102, 35] + row],
                merges,
            ),
        ],
    )
    result = read_file(path, date(2026, 4, 6))
    answers = result.tables["stg_parent_view_answers"]
    assert result.layout_id == "parent_view_pv_2025"
    assert dict(answers.filter(question_id="1").select("urn", "submissions").iter_rows()) == {
        900101: 1204,
        900102: 35,
    }
    assert answers.filter(question_id="6")["question_text"][0].startswith("The school communicates")
    assert result.rejects.is_empty()


def test_at_inspection_questionnaire_checks_counts_against_returns(tmp_path):
    text = builders.questionnaire_at_inspection(
        [
            {},
            {"URN": "900102", "Strongly agree": "30"},  # 38 answers, 20 returned
            {"URN": "900103", "Statement": "The canteen is nice"},
        ]
    )
    result = read_file(builders.write(tmp_path / "q_2012-08-31.csv", text), None)
    counts = result.tables["stg_questionnaire_counts"]
    assert counts["urn"].to_list() == [900101]
    assert counts.row(0, named=True)["statement_key"] == "overall_happy"
    got = reasons(result)
    assert (3, "Questionnaires returned", "38 answers but only 20 questionnaires returned") in got
    assert any(line == 4 and "unknown questionnaire statement" in r for line, _, r in got)


def test_own_survey_aggregates_respondents_and_rejects_repeats(tmp_path):
    happy = "Overall, I am happy with my child's experience at this school"
    rows = [
        ("r1", "900101", "12/01/2026", happy, "Strongly agree"),
        ("r2", "900101", "13/01/2026", happy, "Agree"),
        ("r3", "900101", "14/01/2026", happy, "Don't know"),
        ("r3", "900101", "14/01/2026", happy, "Agree"),  # the same person twice
        ("r4", "900101", "14/01/2026", happy, "Maybe"),
        ("r5", "900101", "14/01/2026", "Is lunch tasty?", "Agree"),
    ]
    result = read_file(
        builders.write(tmp_path / "survey_2026-03-31.csv", builders.own_survey(rows)), None
    )
    count = result.tables["stg_questionnaire_counts"].row(0, named=True)
    assert (count["strongly_agree"], count["agree"], count["dont_know"], count["returned"]) == (
        1,
        1,
        1,
        3,
    )
    assert count["period_start"] == date(2026, 1, 12)
    got = reasons(result)
    assert any(line == 5 and "answered this question twice" in r for line, _, r in got)
    assert any(line == 6 and "unknown answer" in r for line, _, r in got)
    assert any(line == 7 and "unknown survey question" in r for line, _, r in got)
    # what is allowed is said as a file spells it, never as the warehouse's codes
    answer = next(r for line, _, r in got if line == 6)
    assert "\u2018strongly agree\u2019" in answer and "\u2018don't know\u2019" in answer
    question = next(r for line, _, r in got if line == 7)
    assert "\u2018Overall, I am happy with my child's experience at this school\u2019" in question
    assert not any("_" in r for _, _, r in got), got
