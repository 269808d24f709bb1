"""Readers on the real samples and on one tiny fixture per published quirk."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from etl.errors import FileProblem
from etl.readers.detect import read_file
from schemas.sources import as_at_from_lines, as_at_from_name
from tests import builders
from tests.conftest import sample

TODAY = date(2026, 11, 23)


def rejects_by_reason(result) -> dict[tuple[str, str], int]:
    counts = result.rejects.group_by("column_name", "reason").len()
    return {(r["column_name"], r["reason"]): r["len"] for r in counts.iter_rows(named=True)}


# --- real samples -------------------------------------------------------------------------------


def test_leeds_mi_sample_loads_every_school_with_both_eras():
    result = read_file(
        sample("ofsted_mi_latest_inspections_2026-02-28_leeds.csv"), date(2026, 2, 28), TODAY
    )
    assert result.layout_id == "ofsted_mi_2025"
    assert result.rows_read == 279
    # the sample is clean once its quirks are understood: only 'not applicable', counted
    assert result.rejects.filter(pl.col("action") != "recorded, not a grade").height == 0
    recorded = result.rejects.select("column_name", "value", "count_rows").sort("column_name")
    assert recorded.rows() == [
        ("Latest OEIF early years provision (where applicable)", "9", 29),
        ("Latest OEIF sixth form provision (where applicable)", "9", 158),
        ("Post-16 provision (where applicable)", "Not applicable", 2),
    ]
    inspections = result.tables["stg_mi_inspections"]
    kinds = dict(inspections.group_by("framework_id").len().iter_rows())
    assert kinds["report_card_2025"] == 2  # two schools had report cards by Feb 2026
    assert kinds["eif_2024"] == 40 + 24  # 40 'Not judged' graded and 24 ungraded since Sept 2024
    overall = result.tables["stg_mi_judgements"].filter(area="overall_effectiveness")
    assert dict(overall.group_by("grade_label").len().iter_rows()) == {
        "Outstanding": 25,
        "Good": 94,
        "Requires improvement": 10,
        "Inadequate": 1,
    }
    assert set(overall["scale_id"]) == {"oe4_requires_improvement"}
    cards = result.tables["stg_mi_judgements"].filter(framework_id="report_card_2025")
    assert set(cards["scale_id"]) == {"report_card5", "met_not_met"}


def test_leeds_sample_keeps_urn_at_inspection_after_conversion():
    result = read_file(
        sample("ofsted_mi_latest_inspections_2026-02-28_leeds.csv"), date(2026, 2, 28), TODAY
    )
    inspections = result.tables["stg_mi_inspections"]
    converted = inspections.filter(pl.col("urn_at_inspection") != pl.col("urn"))
    assert converted.height >= 10


def test_surrey_gias_sample_explains_every_row_not_loaded():
    result = read_file(sample("gias_establishments_surrey_open_2021-05.csv"), None, TODAY)
    assert result.rows_read == 590
    loaded = result.tables["stg_gias_establishments"]
    assert loaded.height + result.rows_out_of_scope + result.rows_rejected == 590
    # one line per kind of establishment left out, with its count: readable, not 164 lines
    scope = result.rejects.filter(pl.col("action") == "out of scope")
    counts = dict(zip(scope["value"], scope["count_rows"], strict=True))
    assert counts == {
        "Children's centre": 58,
        "Children's centre linked site": 12,
        "Other independent school": 94,
        "Further education": 3,
        "Special post 16 institution": 2,
        "Miscellaneous": 1,
        "Higher education institutions": 3,
        "Academy 16-19 converter": 4,
    }
    centres = scope.filter(pl.col("value") == "Children's centre")["reason"][0]
    assert centres == "not a state-funded school (Children's Centres) (58 rows; first at line 2)"
    assert loaded["laestab"].drop_nulls().is_between(9360000, 9369999).all()


# --- quirks -------------------------------------------------------------------------------------


def test_null_and_blank_are_both_missing(tmp_path):
    text = builders.mi_2025([{"Multi-academy trust name": "", "Postcode": "NULL"}])
    result = read_file(builders.write(tmp_path / "mi.csv", text), TODAY, TODAY)
    school = result.tables["stg_mi_schools"].row(0, named=True)
    assert school["trust_name"] is None and school["postcode"] is None
    assert result.rejects.height == 0


@pytest.mark.parametrize("written", ["14/06/2023", "14-06-2023"])
def test_both_date_styles_parse(tmp_path, written):
    text = builders.mi_2025(
        [
            {
                "Latest ungraded inspection number": "1",
                "Date of latest ungraded inspection": written,
                "Ungraded inspection overall outcome": "School remains Good",
            }
        ]
    )
    result = read_file(builders.write(tmp_path / "mi.csv", text), TODAY, TODAY)
    assert result.tables["stg_mi_inspections"]["started_on"].to_list() == [date(2023, 6, 14)]


def test_1900_placeholder_date_is_unknown_not_an_error(tmp_path):
    text = builders.gias([{"OpenDate": "01-01-1900"}])
    result = read_file(builders.write(tmp_path / "g.csv", text), None, TODAY)
    assert result.tables["stg_gias_establishments"]["opened_on"].to_list() == [None]
    assert result.rejects.height == 0


def test_grade_9_is_not_applicable_and_8_is_recorded(tmp_path):
    text = builders.mi_2019(
        [
            {
                "Inspection number of latest graded inspection": "10000001",
                "Inspection start date": "10/10/2022",
                "Overall effectiveness": "2",
                "Sixth form provision (where applicable)": "9",
                "Quality of education": "8",
            }
        ]
    )
    result = read_file(builders.write(tmp_path / "mi.csv", text), TODAY, TODAY)
    areas = set(result.tables["stg_mi_judgements"]["area"])
    assert "sixth_form" not in areas and "quality_of_education" not in areas
    assert rejects_by_reason(result) == {
        (
            "Quality of education",
            "grade code 8 has no published meaning: recorded as unknown, not a grade",
        ): 1,
        (
            "Sixth form provision (where applicable)",
            "Ofsted's code 9: not applicable, so not a grade",
        ): 1,
    }
    assert result.rows_rejected == 0  # the school and its inspection still load


def test_not_judged_is_the_2024_framework_not_a_grade(tmp_path):
    text = builders.mi_2025(
        [
            {
                "Inspection number of latest OEIF graded inspection": "10000002",
                "Inspection start date of latest OEIF graded inspection": "15/01/2025",
                "Latest OEIF overall effectiveness": "Not judged",
                "Latest OEIF quality of education": "2",
            }
        ]
    )
    result = read_file(builders.write(tmp_path / "mi.csv", text), TODAY, TODAY)
    inspection = result.tables["stg_mi_inspections"].row(0, named=True)
    assert inspection["framework_id"] == "eif_2024"
    judgements = result.tables["stg_mi_judgements"]
    assert judgements["area"].to_list() == ["quality_of_education"]
    assert result.rejects.height == 0


def test_grade_3_means_satisfactory_before_september_2012(tmp_path):
    text = builders.mi_2019(
        [
            {
                "Inspection number of latest graded inspection": "10000003",
                "Inspection start date": "10/10/2013",
                "Overall effectiveness": "3",
                "Previous graded inspection number": "10000004",
                "Previous inspection start date": "10/10/2010",
                "Previous graded inspection overall effectiveness": "3",
            }
        ]
    )
    result = read_file(builders.write(tmp_path / "mi.csv", text), TODAY, TODAY)
    overall = (
        result.tables["stg_mi_judgements"].filter(area="overall_effectiveness").sort("judged_on")
    )
    assert overall["grade_label"].to_list() == ["Satisfactory", "Requires improvement"]
    assert overall["scale_id"].to_list() == ["oe4_satisfactory", "oe4_requires_improvement"]


def test_grade_from_the_wrong_era_is_rejected_with_reason(tmp_path):
    text = builders.mi_2025(
        [
            {
                "Inspection number of latest OEIF graded inspection": "10000005",
                "Inspection start date of latest OEIF graded inspection": "15/01/2025",
                "Latest OEIF overall effectiveness": "2",
            }
        ]
    )
    result = read_file(builders.write(tmp_path / "mi.csv", text), TODAY, TODAY)
    reasons = rejects_by_reason(result)
    assert any("wrong era" in reason for (_, reason) in reasons)
    assert result.tables["stg_mi_judgements"].filter(area="overall_effectiveness").is_empty()


def test_unknown_report_card_word_names_line_and_column(tmp_path):
    text = builders.mi_2025(
        [
            {
                "Inspection number of latest full inspection": "10000006",
                "Inspection start date": "20/01/2026",
                "Inclusion": "Pretty good",
                "Achievement": "Strong standard",
            }
        ]
    )
    result = read_file(builders.write(tmp_path / "mi.csv", text), TODAY, TODAY)
    reject = result.rejects.row(0, named=True)
    assert (reject["line"], reject["column_name"], reject["value"]) == (
        2,
        "Inclusion",
        "Pretty good",
    )
    assert "unknown grade" in reject["reason"]


def test_header_drift_date_of_grade_and_double_spaces_match(tmp_path):
    rename = {
        "Inclusion - date of judgement": "Inclusion - date of grade",
        "Latest OEIF  safeguarding is effective?": "Latest OEIF safeguarding is effective?",
    }
    text = builders.mi_2025(
        [
            {
                "Inspection number of latest full inspection": "10000007",
                "Inspection start date": "20/01/2026",
                "Inclusion": "Expected standard",
                "Inclusion - date of judgement": "21/01/2026",
            }
        ],
        rename=rename,
    )
    result = read_file(builders.write(tmp_path / "mi.csv", text), TODAY, TODAY)
    inclusion = result.tables["stg_mi_judgements"].filter(area="inclusion").row(0, named=True)
    assert inclusion["judged_on"] == date(2026, 1, 21)


def test_missing_required_column_is_named(tmp_path):
    text = builders.mi_2025([{}], drop=("Latest OEIF quality of education",))
    with pytest.raises(FileProblem) as problem:
        read_file(builders.write(tmp_path / "mi.csv", text), TODAY, TODAY)
    assert problem.value.column == "Latest OEIF quality of education"
    assert problem.value.line == 1


def test_title_line_bom_crlf_and_windows_1252(tmp_path):
    text = builders.mi_2019([{"School name": "St Bede\u2019s Primary School"}])
    path = builders.write(
        tmp_path / "mi.csv",
        text,
        "cp1252",
        crlf=True,
        title="Management information as at 31 August 2016",
    )
    result = read_file(path, None, TODAY)
    assert result.tables["stg_mi_schools"]["school_name"].to_list() == [
        "St Bede\u2019s Primary School"
    ]
    assert result.tables["stg_mi_schools"]["line"].to_list() == [3]
    assert any("windows-1252" in n for n in result.notes)
    bom = builders.write(tmp_path / "bom.csv", text, bom=True)
    assert read_file(bom, TODAY, TODAY).tables["stg_mi_schools"].height == 1


def test_ragged_gias_rows_keep_their_known_fields(tmp_path):
    text = builders.gias([{}, {"URN": "900102"}])
    lines = text.splitlines()
    lines[2] += ',"Sibling - 100000","Federation - 100001"'
    result = read_file(builders.write(tmp_path / "g.csv", "\n".join(lines) + "\n"), None, TODAY)
    assert result.tables["stg_gias_establishments"]["urn"].to_list() == [900101, 900102]


def test_duplicate_urns_reject_the_repeat_naming_the_first_line(tmp_path):
    text = builders.mi_2025([{}, {}])
    result = read_file(builders.write(tmp_path / "mi.csv", text), TODAY, TODAY)
    assert result.tables["stg_mi_schools"].height == 1
    reject = result.rejects.row(0, named=True)
    assert reject["line"] == 3 and "first at line 2" in reject["reason"]


def test_bad_values_reject_row_or_drop_value(tmp_path):
    text = builders.mi_2025(
        [
            {"URN": "12345"},  # required and wrong: row rejected
            {"URN": "900102", "Total number of pupils": "lots"},  # optional: value dropped
            {"URN": "900103", "School open date": "01/01/2099"},  # future date: value dropped
        ]
    )
    result = read_file(builders.write(tmp_path / "mi.csv", text), TODAY, TODAY)
    assert result.tables["stg_mi_schools"]["urn"].to_list() == [900102, 900103]
    actions = {
        (r["line"], r["column_name"]): r["action"] for r in result.rejects.iter_rows(named=True)
    }
    assert actions == {
        (2, "URN"): "row rejected",
        (3, "Total number of pupils"): "value dropped",
        (4, "School open date"): "value dropped",
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"PK\x03\x04rest", "zipped workbook"),
        (b"\x00\x01\x02binary", "binary data"),
        (b"name,value\nx,1\n", "no header row with a 'URN' column"),
        (b"URN,Something\n", "header but no data rows"),
        (b"URN,Colour\n100000,red\n", "does not match any known layout"),
    ],
)
def test_unusable_files_raise_a_clear_error(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(FileProblem) as problem:
        read_file(path, None, TODAY)
    assert message in str(problem.value)
    assert "bad.csv" in str(problem.value)


# --- inspection report text -----------------------------------------------------------------------

from etl.readers.report_text import find_improvement_section, read_report  # noqa: E402


def test_real_2016_report_improvement_section_and_parent_sentences():
    result = read_report(sample("ofsted_report_urn103980_2016-11.txt"))
    points = result.tables["stg_report_points"]
    assert points["heading_framework"].unique().to_list() == ["cif_2012"]
    assert points.height == 24
    assert points.filter(pl.col("parent_point_no").is_null()).height == 7  # 5 headed, 2 plain
    engagement = points.filter(label="engagement")
    assert engagement.height == 1
    assert engagement["text"][0].startswith("ensuring that parents contribute to staff")
    assert engagement["learning_link"][0]
    sentences = result.tables["stg_report_sentences"]
    assert (
        "Parents do not know what their children are learning, or how they can help at home."
        in (sentences["sentence"].to_list())
    )
    label = dict(zip(sentences["sentence"].to_list(), sentences["label"].to_list(), strict=True))
    engaged = [s for s, lb in label.items() if lb == "engagement"]
    assert any(
        s.startswith("Parents do not know what their children are learning") for s in engaged
    )
    views = [s for s, lb in label.items() if lb == "parents_views"]
    assert any(s.startswith("Parents raised concerns") for s in views)
    # how the inspection was done is none (the labelling guide, case 4)
    method = [s for s in label if s.startswith("The opinions of parents were considered")]
    assert method and all(label[s] == "none" for s in method)
    standard = [s for s in label if "You can use Parent View" in s or "Ofsted will use" in s]
    assert standard and all(label[s] == "none" for s in standard)  # Ofsted's standard text
    for table in (points, sentences):
        assert not table.filter(pl.col("learning_link") & (pl.col("label") != "engagement")).height
        assert table["sentence_hash"].str.len_chars().to_list() == [12] * table.height
    assert result.tables["stg_report_files"]["inspection_number"].to_list() == ["10020012"]


@pytest.mark.parametrize(
    ("heading", "framework"),
    [
        ("What the school should do to improve further", "s5_2005"),
        ("What does the school need to do to improve further?", "cif_2012"),
        ("What does the school need to do to improve?", "eif_2019"),
        ("Next steps", "report_card_2025"),
    ],
)
def test_each_eras_heading_is_found_and_the_section_ends(heading, framework):
    text = (
        f"Report\n\n{heading}\n\n\uf03c Help parents to support reading at home.\n"
        "\u2013 a sub-point\nInspection judgements\nParents are happy with the school."
    )
    lines = [(n, line) for n, line in enumerate(text.split("\n"), 1) if line.strip()]
    found, section = find_improvement_section(lines)
    assert found == framework
    assert [line for _, line in section] == [
        "\uf03c Help parents to support reading at home.",
        "\u2013 a sub-point",
    ]


def test_report_without_a_section_is_recorded_not_fatal(tmp_path):
    path = tmp_path / "report_900101_2020-01-15.txt"
    path.write_text("School report\n\nParents value the newsletters.\n")
    result = read_report(path)
    assert result.tables["stg_report_points"].is_empty()
    # a view of the newsletter, with no practice stated as the report's own finding (the
    # labelling guide, case 3): parents' views
    assert result.tables["stg_report_sentences"]["label"].to_list() == ["parents_views"]
    assert "no improvement section" in result.rejects["reason"][0]


def test_unreadable_report_is_rejected_and_the_build_goes_on(tmp_path):
    from etl.readers.detect import read_file as read_any

    (tmp_path / "report_900101.pdf").write_bytes(b"%PDF-1.4 binary")
    result = read_any(tmp_path / "report_900101.pdf", None)
    assert result.rows_rejected == 1
    assert "save the PDF as text" in result.rejects["reason"][0]


def test_engagement_judgements_reject_unknown_grades_and_missing_urns(tmp_path):
    text = (
        "URN,Date,Source,Evaluator,Engagement with parents,Impact on provision,"
        "Effect on inclusion,Evidence notes\n"
        "900101,01/03/2025,LA adviser review,A,2,3,1,Reading workshops seen\n"
        "900102,01/03/2025,LA adviser review,A,Good,2,7,\n"
        ",01/03/2025,LA adviser review,A,1,1,1,\n"
    )
    result = read_file(builders.write(tmp_path / "engagement_2026-01-01.csv", text), None, TODAY)
    judgements = result.tables["stg_engagement_judgements"]
    assert judgements.select("urn", "engagement_rank", "impact_rank", "inclusion_rank").rows() == [
        (900101, 2, 3, 1)
    ]
    got = rejects_by_reason(result)
    assert any(col == "Effect on inclusion" and "unknown grade" in r for col, r in got)
    grade = next(r for col, r in got if col == "Effect on inclusion")
    assert "1 to 4 or \u2018outstanding\u2019, \u2018good\u2019" in grade, grade
    assert ("URN", "required value is missing") in got


# --- 'as at' dates as publishers write them (formats.md section 7) ------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "Management_information_-_state-funded_schools_-_latest_inspections_as_at_28_Feb_2026.csv",
            date(2026, 2, 28),
        ),
        (
            "State-funded schools inspections and outcomes as at 31 August 2023.csv",
            date(2023, 8, 31),
        ),
        ("Parent_View_management_information_as_at_6_April_2026.ods", date(2026, 4, 6)),
        ("mi_31-08-2023.csv", date(2023, 8, 31)),
        ("mi_2023-08-31.csv", date(2023, 8, 31)),
        ("edubasealldata20261124.csv", date(2026, 11, 24)),
        ("gias_establishments_surrey_open_2021-05.csv", None),  # a month is not a date
        ("mi_31-02-2023.csv", None),  # no such day
    ],
)
def test_as_at_date_is_read_from_the_name_as_published(name, expected):
    assert as_at_from_name(name) == expected


def test_as_at_date_is_read_from_a_title_line_or_a_cover_sheet():
    assert as_at_from_lines(["Parent View school level data as at 6 April 2026"]) == date(
        2026, 4, 6
    )
    cover = [
        "Cover",
        "Period covered:",
        "between 10 November 2025 and 31 March 2026",
        "Published on:",
        "6 April 2026",
    ]
    assert as_at_from_lines(cover) == date(2026, 3, 31)  # the end of the period covered
    assert as_at_from_lines(["Published on:", "2026-04-06 00:00:00"]) == date(2026, 4, 6)
    assert as_at_from_lines(["School level data"]) is None


def test_a_parent_view_workbook_dated_only_on_its_cover_keeps_that_date(tmp_path):
    from etl.demo.xlsx import write_xlsx

    header = [
        "URN",
        "School name",
        "Submissions",
        "Q1 Strongly Agree",
        "Q1 Agree",
        "Q1 Disagree",
        "Q1 Strongly Disagree",
        "Q1 Don't Know",
    ]
    table = pl.DataFrame(
        {
            "urn": [900101],
            "name": ["A school"],
            "n": [40],
            "sa": [0.5],
            "a": [0.3],
            "d": [0.1],
            "sd": [0.05],
            "dk": [0.05],
        }
    )
    path = tmp_path / "parent_view_school_level.xlsx"
    write_xlsx(
        path,
        [
            (
                "Cover",
                [["Parent View management information"], ["Published on:", "6 April 2026"]],
                pl.DataFrame({"x": []}, schema={"x": pl.String}),
                [],
            ),
            ("School Level Data", [header], table, []),
        ],
    )
    result = read_file(path, as_at_from_name(path.name))
    assert result.as_at == date(2026, 4, 6)
    assert not result.tables["stg_parent_view_answers"].is_empty()


def test_the_real_mi_sample_under_its_published_name_keeps_its_date(tmp_path):
    published = (
        tmp_path
        / "Management_information_-_state-funded_schools_-_latest_inspections_as_at_28_Feb_2026.csv"
    )
    published.write_bytes(sample("ofsted_mi_latest_inspections_2026-02-28_leeds.csv").read_bytes())
    result = read_file(published, as_at_from_name(published.name))
    assert result.as_at == date(2026, 2, 28)
    assert result.rows_read == 279 and result.rows_rejected == 0
