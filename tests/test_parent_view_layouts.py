"""Parent View files as Ofsted publishes them from 2025: ODS workbooks with a cover sheet, the
question wording in `Table_1` and the school-level results in `Table_3`; and which question set a
file holds, decided from its headers and wording rather than its date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from python_calamine import CalamineWorkbook

from etl.build import build_warehouse
from etl.readers.detect import read_file
from etl.readers.parent_view import decide_question_set, question_wording, same_wording
from lens.data.warehouse import open_read_only
from schemas.parent_view import SET_BY_ID
from schemas.sources import as_at_from_name
from tests import builders
from tests.ods import Merge, Percent, write_ods

AGREE = ("Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree")
# the new set's questions as the files word them (full stops where the set's text has
# semicolons, "Special Educational Needs" in capitals): the same wording all the same
NEW_WORDING = {
    "1": "My child is happy at this school.",
    "2": "My child feels safe at this school.",
    "3": "The school makes sure its pupils are well behaved.",
    "4": "My child has been bullied at this school. When the bullying took place, the school "
    "dealt with it quickly and effectively.",
    "5": "My child has Special Educational Needs and/or Disabilities. The school gives them the "
    "support they need to succeed.",
    "6": "The school communicates well with me about the things I need to know.",
    "7": "When I have raised concerns with the school they have been dealt with properly.",
    "8": "When the school makes decisions, it has the child\u2019s best interests at heart.",
    "9": "The school gives my child the right support to enable them to learn well.",
    "10": "Would you recommend this school to another parent?",
}
NEW_OPTIONS = {
    **{q: (*AGREE, "Don't know") for q in ("1", "2", "3", "6", "8", "9")},
    "4": (*AGREE, "Don't know", "My child has not been bullied"),
    "5": (*AGREE, "Don't know", "Not applicable"),
    "7": (*AGREE, "Don't know", "I have not raised any concerns"),
    "10": ("Yes", "No"),
}
NEW_SHARES = {
    **{q: (46, 30, 10, 6, 4, 4) for q in ("1", "2", "3", "6", "8", "9")},
    "4": (20, 15, 5, 5, 5, 0, 50),
    "5": (30, 20, 5, 3, 2, 0, 40),
    "7": (25, 20, 5, 5, 5, 0, 40),
    "10": (88, 12),
}
SCHOOL_COLUMNS = [
    "URN",
    "School Name",
    "Local Authority",
    "Ofsted Phase or Type of Education",
    "Submissions",
    "Response Rate",
]


def cover(period: str | None, published: object = "16 April 2026") -> tuple[str, list]:
    rows: list[list] = [["Ofsted Parent View: management information"], []]
    if period:
        rows.append(["Period covered:", period])
    rows += [["Published on:", published], ["Source:", "Ofsted Parent View"]]
    return ("Cover", rows)


def wording_sheet(texts: dict[str, str]) -> tuple[str, list]:
    return (
        "Table_1",
        [
            ["Table 1: Parent View questions"],
            ["This table lists the questions asked in the survey."],
            ["Question number", "Question", "Notes"],
            *[[f"Q{q}", text, None] for q, text in texts.items()],
        ],
    )


def school_sheet(name: str, header: list[str], rows: list[list]) -> tuple[str, list]:
    """A GSS-style table: a title and a note above the header row, which holds URN."""
    return (
        name,
        [
            [f"{name.replace('_', ' ')}: Parent View results by school"],
            ["Percentages are of submissions, rounded, so they need not sum to 100."],
            header,
            *rows,
        ],
    )


def new_set_header(wording=NEW_WORDING, options=NEW_OPTIONS, extra=()) -> list[str]:
    return SCHOOL_COLUMNS + [
        f"Q{q}. {wording[q]}: {o} %" for q in options for o in (*options[q], *extra)
    ]


def new_set_row(urn, submissions, shares=NEW_SHARES, style=lambda v: v) -> list:
    values = [style(v) for q in shares for v in shares[q]]
    return [urn, "A School", "Leeds", "Primary", submissions, "12%"] + values


def new_set_book(path: Path, rows: list[list], *, period=None, wording_table=True) -> Path:
    period = period or "between 10 November 2025 and 6 April 2026"
    sheets = [cover(period)]
    if wording_table:
        sheets.append(wording_sheet(NEW_WORDING))
    sheets += [
        ("Table_2", [["Table 2: national results"], ["Question", "Positive %"], ["Q1", 93]]),
        school_sheet("Table_3", new_set_header(), rows),
    ]
    return write_ods(path, sheets)


OLD_WORDING = {q.question_id: q.text for q in SET_BY_ID["pv_2019"].questions}
OLD_AGREE = ("Strongly Agree", "Agree", "Disagree", "Strongly Disagree", "Don't Know")
OLD_OPTIONS = {
    **{q: OLD_AGREE for q in ("1", "2", "3", "5", "7b", "8", "9", "10", "11", "12", "13")},
    "4": (*OLD_AGREE, "My child has not been bullied"),
    "6": (*OLD_AGREE, "I have not raised any concerns"),
    "7a": ("Yes", "No"),
    "14": ("Yes", "No"),
}
OLD_SHARES = {
    **{q: (0.6, 0.3, 0.05, 0.03, 0.02) for q in OLD_OPTIONS},
    "4": (0.2, 0.1, 0.05, 0.05, 0.0, 0.6),
    "6": (0.3, 0.2, 0.1, 0.05, 0.05, 0.3),
    "7a": (0.15, 0.85),
    "14": (0.9, 0.1),
}


def old_set_book(
    path: Path,
    *,
    period="between 3 September 2024 and 1 September 2025",
    wording: dict[str, str] | None = OLD_WORDING,
    options=OLD_OPTIONS,
) -> Path:
    """The last release of the 2019-2025 questions: short headers, wording in Table_1, values
    in percentage-formatted cells (stored as proportions)."""
    header = SCHOOL_COLUMNS + [f"Q{q} {o} %" for q in options for o in options[q]]
    values = [Percent(v) for q in options for v in OLD_SHARES[q]]
    sheets = [cover(period, published=date(2025, 9, 18))]
    if wording:
        sheets.append(wording_sheet({q: t for q, t in wording.items() if q in options}))
    sheets.append(
        school_sheet(
            "Table_3",
            header,
            [
                [900101, "A School", "Leeds", "Primary", 212, Percent(0.3), *values],
                [900102, "B School", "Leeds", "Secondary", "1,050", Percent(0.1), *values],
            ],
        )
    )
    return write_ods(path, sheets)


def answers_of(result) -> pl.DataFrame:
    return result.tables["stg_parent_view_answers"]


def answer(result, urn: int, question: str) -> dict:
    return answers_of(result).filter(urn=urn, question_id=question).row(0, named=True)


# --- the ODS writer the fixtures use --------------------------------------------------------------


def test_the_fixture_writer_makes_files_calamine_reads(tmp_path):
    path = write_ods(
        tmp_path / "t.ods",
        [
            ("Cover", [["Published on:", date(2026, 4, 16)]]),
            (
                "Data",
                [[None, Merge("Q1. Happy", 2)], ["URN", "Yes", "No"], [900101, 46, Percent(0.5)]],
            ),
        ],
    )
    book = CalamineWorkbook.from_path(str(path))
    assert book.sheet_names == ["Cover", "Data"]
    assert book.get_sheet_by_name("Cover").to_python() == [["Published on:", date(2026, 4, 16)]]
    assert book.get_sheet_by_name("Data").to_python(skip_empty_area=False) == [
        ["", "Q1. Happy", ""],
        ["URN", "Yes", "No"],
        [900101.0, 46.0, 0.5],
    ]


# --- the published layouts, loaded as downloaded -------------------------------------------------

STYLES = {
    "numbers": lambda v: v,
    "percent strings": lambda v: f"{v}%",
    "percentage cells": lambda v: Percent(v / 100),
}


@pytest.mark.parametrize("style", STYLES)
def test_new_set_workbook_loads_with_its_as_at_date_from_the_cover(tmp_path, style):
    path = new_set_book(
        tmp_path / "Parent_View_Management_Information.ods",
        [
            new_set_row(900101, "1,234", style=STYLES[style]),
            new_set_row(900102, 35, style=STYLES[style]),
        ],
    )
    result = read_file(path, as_at_from_name(path.name))
    assert result.as_at == date(2026, 4, 6)  # "between 10 November 2025 and 6 April 2026"
    assert result.layout_id == "parent_view_pv_2025"
    assert result.rejects.is_empty()
    assert result.rows_read == 2
    assert answers_of(result).height == 20
    happy = answer(result, 900101, "1")
    assert (happy["line"], happy["submissions"], happy["question_text"]) == (
        4,
        1234,
        "My child is happy at this school.",
    )
    assert [happy[f"pct_{k}"] for k in ("strongly_agree", "agree", "neither", "dont_know")] == [
        46.0,
        30.0,
        10.0,
        4.0,
    ]
    assert answer(result, 900102, "1")["submissions"] == 35
    assert answer(result, 900101, "4")["pct_not_applicable"] == 50.0  # not been bullied
    assert answer(result, 900101, "5")["pct_not_applicable"] == 40.0  # not applicable
    assert answer(result, 900101, "7")["pct_not_applicable"] == 40.0  # not raised any concerns
    recommend = answer(result, 900101, "10")
    assert (recommend["pct_yes"], recommend["pct_no"], recommend["pct_agree"]) == (88.0, 12.0, None)
    # punctuation and capitals aside, the file's wording is the set's: the set's text labels it
    assert answer(result, 900101, "4")["question_text"] == SET_BY_ID["pv_2025"].by_id()["4"].text
    assert result.notes[0] == (
        "Parent View questions from November 2025 (10 questions): decided by its question wording"
    )
    assert result.notes[1] == (
        "values read as proportions (times 100)"
        if style == "percentage cells"
        else "values read as percentages"
    )


def test_cover_with_only_a_published_on_date_in_a_date_cell(tmp_path):
    path = write_ods(
        tmp_path / "parent_view.ods",
        [
            cover(None, published=date(2026, 4, 16)),
            school_sheet("Table_3", new_set_header(), [new_set_row(900101, 40)]),
        ],
    )
    assert read_file(path, None).as_at == date(2026, 4, 16)


def test_last_old_set_release_with_short_headers_and_wording_in_table_1(tmp_path):
    result = read_file(old_set_book(tmp_path / "parent_view_old_questions.ods"), None)
    assert result.as_at == date(2025, 9, 1)
    assert result.layout_id == "parent_view_pv_2019"
    assert result.rejects.is_empty()
    assert sorted(answers_of(result).filter(urn=900101)["question_id"]) == sorted(OLD_OPTIONS)
    happy = answer(result, 900102, "1")
    assert (happy["submissions"], happy["pct_strongly_agree"], happy["pct_dont_know"]) == (
        1050,
        60.0,
        2.0,
    )
    send = answer(result, 900101, "7a")
    assert (send["pct_yes"], send["pct_no"], send["question_text"]) == (
        15.0,
        85.0,
        "Does your child have special educational needs and/or disabilities?",
    )
    assert answer(result, 900101, "4")["pct_not_applicable"] == 60.0
    assert answer(result, 900101, "6")["pct_not_applicable"] == 30.0
    assert answer(result, 900101, "14")["pct_yes"] == 90.0
    assert result.notes[0] == (
        "Parent View questions September 2019 to 2025 (14 questions, question 7 in two parts: 15 "
        "figures): decided by its question wording"
    )


LATE = "between 10 November 2025 and 6 April 2026"
DISAGREE = (
    "; its date (as at 6 April 2026) falls in the time of Parent View questions from November "
    "2025 (10 questions), but the file's own questions are used"
)


@pytest.mark.parametrize(
    ("wording", "basis"),
    [
        (OLD_WORDING, "by its question wording"),
        (None, "by the question numbers and answer options in its headers"),
    ],
)
def test_old_set_dated_after_november_2025_loads_as_the_old_set_and_says_so(
    tmp_path, wording, basis
):
    result = read_file(old_set_book(tmp_path / "pv.ods", period=LATE, wording=wording), None)
    assert result.as_at == date(2026, 4, 6)
    assert result.layout_id == "parent_view_pv_2019"
    assert set(answers_of(result)["question_set"]) == {"pv_2019"}
    assert result.notes[0] == (
        "Parent View questions September 2019 to 2025 (14 questions, question 7 in two parts: 15 "
        f"figures): decided {basis}{DISAGREE}"
    )
    assert answers_of(result).height == 2 * len(OLD_OPTIONS)
    assert result.rejects.is_empty()


def test_table_1_wording_decides_what_short_headers_cannot(tmp_path):
    """Q1-Q6 with agree answers fit every set; only Table_1's words say which."""
    options = {q: OLD_OPTIONS[q] for q in ("1", "2", "3", "4", "5", "6")}
    worded = read_file(old_set_book(tmp_path / "a.ods", period=LATE, options=options), None)
    assert worded.layout_id == "parent_view_pv_2019"
    assert answer(worded, 900101, "5")["question_text"] == (
        "The school makes me aware of what my child will learn during the year."
    )
    assert worded.notes[0].endswith(DISAGREE)

    unworded = read_file(
        old_set_book(tmp_path / "b.ods", period=LATE, options=options, wording=None), None
    )
    assert unworded.layout_id == "parent_view_pv_2025"
    assert unworded.notes[0] == (
        "Parent View questions from November 2025 (10 questions): decided by the date (as at "
        "6 April 2026) because the wording and headers fit Parent View questions 2011-2019 (12 "
        "questions), Parent View questions September 2019 to 2025 (14 questions, question 7 in two "
        "parts: 15 figures) and Parent View questions from November 2025 (10 questions) alike"
    )


def test_new_set_extra_options_positive_neutral_negative(tmp_path):
    """Positive/Neutral/Negative beside the detailed answers summarise them (not counted twice);
    a question published only that way adds up on its own."""
    options = {
        **NEW_OPTIONS,
        "1": (*NEW_OPTIONS["1"], "Positive", "Neutral", "Negative"),
        "9": ("Positive", "Neutral", "Negative"),
    }
    shares = {**NEW_SHARES, "1": (46, 30, 10, 6, 4, 4, 76, 10, 10), "9": (70, 20, 10)}
    path = write_ods(
        tmp_path / "pv_2026-04-06.ods",
        [
            school_sheet(
                "Table_3",
                new_set_header(options=options),
                [new_set_row(900101, 40, shares=shares)],
            )
        ],
    )
    result = read_file(path, date(2026, 4, 6))
    assert result.rejects.is_empty()
    happy = answer(result, 900101, "1")
    assert [happy[f"pct_{k}"] for k in ("agree", "rated_positive", "rated_neutral")] == [
        30.0,
        76.0,
        10.0,
    ]
    learn = answer(result, 900101, "9")
    assert [learn[f"pct_{k}"] for k in ("rated_positive", "rated_negative", "agree")] == [
        70.0,
        10.0,
        None,
    ]


def test_a_reworded_question_keeps_its_own_published_text(tmp_path):
    reworded = "My child has SEND, and the school helps them to achieve as well as they can."
    wording = {**NEW_WORDING, "5": reworded}
    path = write_ods(
        tmp_path / "pv_2026-04-06.ods",
        [school_sheet("Table_3", new_set_header(wording=wording), [new_set_row(900101, 40)])],
    )
    result = read_file(path, date(2026, 4, 6))
    assert result.layout_id == "parent_view_pv_2025"
    assert answer(result, 900101, "5")["question_text"] == reworded.rstrip(".")
    assert answer(result, 900101, "1")["question_text"] == "My child is happy at this school."


def test_question_numbers_without_a_q_in_single_row_headers(tmp_path):
    header = [h.removeprefix("Q") for h in new_set_header()]
    assert header[len(SCHOOL_COLUMNS)] == "1. My child is happy at this school.: Strongly agree %"
    path = write_ods(
        tmp_path / "pv_2026-04-06.ods", [school_sheet("Table_3", header, [new_set_row(900101, 40)])]
    )
    result = read_file(path, date(2026, 4, 6))
    assert result.layout_id == "parent_view_pv_2025"
    assert result.rejects.is_empty()
    assert sorted(answers_of(result)["question_id"], key=int) == sorted(NEW_OPTIONS, key=int)
    assert answer(result, 900101, "10")["pct_yes"] == 88.0


def test_rounded_percentages_need_not_add_to_100_but_far_off_is_rejected(tmp_path):
    shares = {**NEW_SHARES, "1": (47, 31, 10, 6, 5, 4), "2": (48, 31, 10, 6, 5, 4)}
    path = write_ods(
        tmp_path / "pv_2026-04-06.ods",
        [school_sheet("Table_3", new_set_header(), [new_set_row(900101, 40, shares=shares)])],
    )
    result = read_file(path, date(2026, 4, 6))
    assert answer(result, 900101, "1")["pct_strongly_agree"] == 47.0  # adds to 103: rounding
    assert "2" not in answers_of(result)["question_id"].to_list()  # adds to 104 over 6 options
    assert result.rejects.select("line", "column_name", "reason").rows() == [
        (4, "Q2", "the answer options of Q2 add up to 104.0%, not about 100%: question not loaded")
    ]


def test_cells_marked_not_published_are_left_empty_not_rejected(tmp_path):
    row = new_set_row(900101, 40)
    first = len(SCHOOL_COLUMNS)
    row[first + 5] = "[c]"  # Q1 don't know suppressed
    row[first + 6] = "[x]"  # Q2 strongly agree not available
    row[first + 6 + 1] = 76  # ... its agree carries the rest, so Q2 still adds up
    path = write_ods(
        tmp_path / "pv_2026-04-06.ods", [school_sheet("Table_3", new_set_header(), [row])]
    )
    result = read_file(path, date(2026, 4, 6))
    assert result.rejects.is_empty()
    assert answer(result, 900101, "1")["pct_dont_know"] is None
    assert answer(result, 900101, "2")["pct_strongly_agree"] is None
    assert "2 cells marked as not published ([x], [c], ...) left empty" in result.notes


def test_question_text_over_answer_labels_in_either_row_and_several_tables(tmp_path):
    """Table_3: the URN row holds the merged question text and the labels sit below it (no URN
    there). Table_4: the question text ('1. ...', no Q) is merged on the row above the URN row.
    A title above each table is not question text. Both tables are read."""
    questions = ["1", "2", "3", "6"]
    labels = [*AGREE, "Don't know"]
    labels_row = [None] * 5 + labels * len(questions)
    identity = ["URN", "School Name", "Local Authority", "Submissions", "Response Rate"]
    merged = [Merge(f"Q{q}. {NEW_WORDING[q]}", len(labels)) for q in questions]
    shares = [46, 30, 10, 6, 4, 4] * len(questions)
    path = write_ods(
        tmp_path / "pv_2026-04-06.ods",
        [
            cover(LATE),
            (
                "Table_3",
                [
                    ["Table 3: primary schools"],
                    [*identity, *merged],
                    labels_row,
                    [900101, "A School", "Leeds", "1,234", "5%", *shares],
                ],
            ),
            (
                "Table_4",
                [
                    ["Table 4: secondary schools"],
                    [None] * 5 + [Merge(f"{q}. {NEW_WORDING[q]}", len(labels)) for q in questions],
                    [*identity, *labels * len(questions)],
                    [900102, "B School", "Leeds", 87, "2%", *shares],
                ],
            ),
        ],
    )
    result = read_file(path, None)
    assert result.rejects.is_empty()
    assert result.layout_id == "parent_view_pv_2025"
    answers = answers_of(result)
    assert dict(answers.filter(question_id="6").select("urn", "submissions").iter_rows()) == {
        900101: 1234,
        900102: 87,
    }
    assert dict(answers.filter(question_id="1").select("urn", "line").iter_rows()) == {
        900101: 4,
        900102: 4,
    }
    assert answers.filter(urn=900102, question_id="3")["pct_neither"].to_list() == [10.0]
    assert "2 school-level tables read" in result.notes
    assert result.notes.count(result.notes[0]) == 1  # each table's note once


# --- how the question set is decided, as a pure function -----------------------------------------

AGREE_KEYS = {"strongly_agree", "agree", "disagree", "strongly_disagree", "dont_know"}


HAPPY = {"1": "My child is happy at this school"}
BY = {
    "wording": "decided by its question wording",
    "headers": "decided by the question numbers and answer options in its headers",
    "date": "decided by the date",
}


@pytest.mark.parametrize(
    ("questions", "texts", "on", "expected", "basis", "disagrees"),
    [
        # the wording, against the date
        ({"1": AGREE_KEYS, "5": AGREE_KEYS}, {"5": OLD_WORDING["5"]}, date(2026, 4, 6),
         "pv_2019", "wording", True),
        # the structure: 7a/7b and Q11-Q14 only in 2019-2025
        ({"7a": {"yes", "no"}, "7b": AGREE_KEYS}, {}, date(2026, 4, 6), "pv_2019", "headers", True),
        ({"13": AGREE_KEYS}, {}, date(2019, 10, 1), "pv_2019", "headers", False),
        # a yes/no Q10, or 'neither', only from November 2025
        ({"10": {"yes", "no"}}, {}, date(2020, 1, 1), "pv_2025", "headers", True),
        ({"1": AGREE_KEYS | {"neither"}}, {}, date(2026, 1, 1), "pv_2025", "headers", False),
        # a yes/no Q12: 2011-2019
        ({"12": {"yes", "no"}}, {}, date(2026, 1, 1), "pv_2011", "headers", True),
        # nothing tells them apart (Q1 reads the same in every set): the date, said as such
        ({"1": AGREE_KEYS}, HAPPY, date(2023, 1, 1), "pv_2019", "date", False),
        ({"1": AGREE_KEYS}, {}, date(2026, 1, 1), "pv_2025", "date", False),
        ({"1": AGREE_KEYS}, {}, date(2015, 1, 1), "pv_2011", "date", False),
    ],
)  # fmt: skip
def test_decide_question_set(questions, texts, on, expected, basis, disagrees):
    chosen, note = decide_question_set(questions, texts, on)
    assert chosen.question_set == expected
    assert note.startswith(f"{chosen.name}: {BY[basis]}")
    assert ("falls in the time of" in note) is disagrees


def test_wording_outweighs_structure_and_ties_fall_to_the_headers():
    # Q3's wording is shared by 2019-2025 and the new set; the yes/no Q10 settles it
    chosen, note = decide_question_set(
        {"3": AGREE_KEYS, "10": {"yes", "no"}},
        {"3": "The school makes sure its pupils are well behaved."},
        date(2025, 9, 1),
    )
    assert chosen.question_set == "pv_2025"
    assert "answer options in its headers" in note and "falls in the time of" in note


def test_same_wording_ignores_punctuation_case_and_curly_quotes():
    known = SET_BY_ID["pv_2025"].by_id()
    assert same_wording(NEW_WORDING["4"], known["4"].text)
    assert same_wording(NEW_WORDING["8"], known["8"].text)
    assert not same_wording(OLD_WORDING["5"], known["5"].text)


def test_question_wording_reads_table_1_but_never_numbered_notes():
    sheets = {
        "Cover": [
            ["Contents"],
            ["Table_1", "Question wording"],
            ["1", "Schools with fewer than 10 submissions are not published."],
            ["2.", "Percentages are rounded to the nearest whole number."],
        ],
        "Notes": [
            ["Note number", "Note text"],  # 'Note', not 'Question': these are no questions
            ["3", "Response rates are submissions as a share of pupils on roll."],
        ],
        "Table_1": [
            ["Table 1: questions"],
            ["Question number", "Question text"],
            ["1", "My child is happy at this school."],
            ["7a", "Does your child have special educational needs and/or disabilities?"],
            [None, "Q3. The school makes sure its pupils are well behaved.", None],
            ["Question 4", "My child has been bullied and the school dealt with it."],
            ["5", "Yes"],  # not a question: one word
        ],
    }
    assert question_wording(sheets) == {
        "1": "My child is happy at this school.",
        "7a": "Does your child have special educational needs and/or disabilities?",
        "3": "The school makes sure its pupils are well behaved.",
        "4": "My child has been bullied and the school dealt with it.",
    }


# --- the whole build ------------------------------------------------------------------------------


def test_the_build_loads_parent_view_workbooks_with_their_dates_and_notes(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    builders.write(raw / "mi_2026-02-28.csv", builders.mi_2025([{}, {"URN": "900102"}]))
    builders.write(raw / "gias_20260301.csv", builders.gias([{}, {"URN": "900102"}]))
    options = {**NEW_OPTIONS, "9": ("Positive", "Neutral", "Negative")}
    shares = {**NEW_SHARES, "9": (70, 20, 10)}
    write_ods(
        raw / "Parent_View_Management_Information.ods",
        [
            cover(LATE),
            wording_sheet(NEW_WORDING),
            school_sheet(
                "Table_3",
                new_set_header(options=options),
                [
                    new_set_row(900101, "1,234", shares=shares),
                    new_set_row(900102, 35, shares=shares),
                ],
            ),
        ],
    )
    old_set_book(raw / "parent_view_old_questions_late.ods", period=LATE)
    build_warehouse(raw, tmp_path / "wh.duckdb", progress=lambda _: None)
    con = open_read_only(tmp_path / "wh.duckdb")
    try:
        log = con.execute(
            "select file, layout_id, as_at_date::varchar, rows_loaded, notes from load_log "
            "where file like '%.ods' order by file"
        ).fetchall()
        positive = dict(
            con.execute(
                "select question_id, round(pct_positive, 2) from parent_view_positive "
                "where urn = 900101 and question_set = 'pv_2025'"
            ).fetchall()
        )
        loaded = con.execute(
            "select question_set, snapshot_date::varchar, count(*) from parent_view_answers "
            "group by all order by 1"
        ).fetchall()
        options_sql = (
            Path(__file__).parents[1] / "lens" / "data" / "sql" / "pv_options.sql"
        ).read_text()
        charted = {
            q: con.cursor()
            .sql(
                options_sql,
                params={
                    "question_set": "pv_2025",
                    "snapshot_date": date(2026, 4, 6),
                    "question_id": q,
                    "phase": None,
                    "school_type": None,
                    "la_code": None,
                    "region": None,
                },
            )
            .filter("geography = 'England'")
            .pl()["answer"]
            .to_list()
            for q in ("1", "9")
        }
    finally:
        con.close()
    assert [row[:4] for row in log] == [
        ("Parent_View_Management_Information.ods", "parent_view_pv_2025", "2026-04-06", 2),
        ("parent_view_old_questions_late.ods", "parent_view_pv_2019", "2026-04-06", 2),
    ]
    assert log[0][4].startswith("Parent View questions from November 2025 (10 questions): decided")
    assert DISAGREE in log[1][4]
    assert loaded == [
        ("pv_2019", "2026-04-06", 2 * len(OLD_OPTIONS)),
        ("pv_2025", "2026-04-06", 20),
    ]
    # neither and don't know left out, as before; each answer counted in whole parents of the
    # 1,234 submissions (568 + 370 of 568 + 370 + 74 + 49), not the percentages' 76 / 86 (88.37)
    assert positive["1"] == round(100 * 938 / 1061, 2)
    assert positive["10"] == round(100 * 1086 / 1234, 2)  # 1,086 yes and 148 no, in parents
    assert positive["9"] == round(100 * 864 / 987, 2)  # Positive of Positive + Negative, parents
    # the options chart shows a question's own answers, never Positive/Negative on top of them
    assert charted["1"] == [
        "strongly_agree",
        "agree",
        "neither",
        "disagree",
        "strongly_disagree",
        "dont_know",
    ]
    assert charted["9"] == ["rated_positive", "rated_neutral", "rated_negative"]
