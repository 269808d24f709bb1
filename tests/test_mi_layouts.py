"""Ofsted's inspection files in every published layout load as downloaded: official statistics
(provider level, 'as at 31 August'), older MI with a title line, Windows-1252 text or a BOM and
'Satisfactory', the 2024-25 MI's 'full inspection' names; values as Ofsted means them."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from etl.errors import FileProblem
from etl.readers.detect import read_file
from schemas.sources import as_at_from_name

OFFICIAL_HEADER = [
    "URN",
    "LAESTAB",
    "School name",
    "Ofsted phase",
    "Type of education",
    "Local authority",
    "Region",
    "Total number of pupils",
    "Current school type used for chart C6",
    "Inspection number",
    "Inspection type",
    "Inspection start date",
    "Inspection end date",
    "Publication date",
    "Overall effectiveness",
    "Category of concern",
    "Quality of education",
    "Behaviour and attitudes",
    "Personal development",
    "Effectiveness of leadership and management",
    "Safeguarding is effective?",
    "Early years provision (where applicable)",
    "Sixth form provision (where applicable)",
    "Previous inspection number",
    "Previous inspection start date",
    "Previous inspection end date",
    "Previous publication date",
    "Does the previous graded inspection relate to the URN of the current school?",
    "URN at time of previous graded inspection",
    "Previous graded inspection overall effectiveness",
    "Previous category of concern",
    "Previous quality of education",
    "Number of warning notices issued in 2022/23 academic year",
    "Number of ungraded inspections since the last graded inspection",
]


def _official_row(urn: int, **values: str) -> dict[str, str]:
    row = {h: "" for h in OFFICIAL_HEADER}
    row |= {
        "URN": str(urn),
        "LAESTAB": "3832001",
        "School name": f"School {urn}",
        "Ofsted phase": "Primary",
        "Type of education": "Community school",
        "Local authority": "Leeds",
        "Region": "Yorkshire and The Humber",
        "Total number of pupils": "210",
        "Inspection number": f"10{urn}",
        "Inspection type": "S5 Inspection",
        "Inspection start date": "14/03/2023",
        "Inspection end date": "15/03/2023",
        "Publication date": "20/04/2023",
        "Overall effectiveness": "2",
        "Quality of education": "2",
        "Safeguarding is effective?": "Yes",
        "Early years provision (where applicable)": "9",
        "Sixth form provision (where applicable)": "9",
        "Previous inspection number": f"9{urn}",
        "Previous inspection start date": "10/10/2011",
        "Previous inspection end date": "11/10/2011",
        "Previous publication date": "01/11/2011",
        "URN at time of previous graded inspection": str(urn),
        "Previous graded inspection overall effectiveness": "3",
    }
    return row | values


def _csv(header: list[str], rows: list[dict[str, str]], title: str | None = None) -> str:
    out = io.StringIO()
    if title:
        out.write(title + "\r\n")
    writer = csv.DictWriter(out, header, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _read(path: Path):
    return read_file(path, as_at_from_name(path.name), today=date(2026, 11, 28))


@pytest.fixture
def official(tmp_path: Path):
    rows = [
        _official_row(100001),
        # published in September, after the statistics' as-at date: normal, not 'the future'
        _official_row(100002, **{"Publication date": "22/09/2023"}),
        _official_row(100003, **{"Previous category of concern": "NTI"}),
        _official_row(100004, **{"Category of concern": "XYZ"}),
        *[_official_row(100010 + i, **{"Quality of education": "8"}) for i in range(5)],
        _official_row(100020, **{"Quality of education": "0"}),
    ]
    path = tmp_path / "Inspections and outcomes as at 31 August 2023 provider level data.csv"
    path.write_text(_csv(OFFICIAL_HEADER, rows), encoding="cp1252")
    return _read(path)


def test_official_statistics_load_with_their_own_headers_and_as_at_date(official):
    assert official.layout_id == "ofsted_mi_2019"
    assert official.as_at == date(2023, 8, 31)
    inspections = official.tables["stg_mi_inspections"]
    latest = inspections.filter(pl.col("block_id") == "latest_graded")
    previous = inspections.filter(pl.col("block_id") == "previous_graded")
    assert latest.height == 10 and previous.height == 10
    assert set(previous["inspection_id"]) == {f"9{u}" for u in latest["urn"]}
    assert previous["framework_id"].unique().to_list() == ["s5_2005"]
    # no ungraded columns in official statistics: the block is simply absent
    assert "latest_ungraded" not in inspections["block_id"].to_list()


def test_publication_after_the_as_at_date_is_loaded_not_rejected(official):
    inspections = official.tables["stg_mi_inspections"]
    late = inspections.filter(pl.col("urn") == 100002, pl.col("block_id") == "latest_graded")
    assert late["published_on"].to_list() == [date(2023, 9, 22)]
    assert not official.rejects.filter(pl.col("reason").str.contains("future")).height


def test_notice_to_improve_is_a_category_and_unknown_codes_are_kept_as_published(official):
    inspections = official.tables["stg_mi_inspections"]
    concern = dict(
        inspections.filter(pl.col("category_of_concern").is_not_null())
        .select("urn", "category_of_concern")
        .iter_rows()
    )
    assert concern == {100003: "NTI", 100004: "XYZ"}
    kept = official.rejects.filter(pl.col("action") == "value kept as published")
    assert kept.select("column_name", "value", "count_rows").rows() == [
        ("Category of concern", "XYZ", 1)
    ]


def test_grade_codes_off_the_scale_are_one_line_per_column_and_value(official):
    codes = official.rejects.filter(pl.col("column_name") == "Quality of education").sort("value")
    assert codes.select("value", "count_rows", "line").rows() == [("0", 1, 11), ("8", 5, 6)]
    assert "5 rows; first at line 6" in codes["reason"][1]
    judgements = official.tables["stg_mi_judgements"]
    quality = judgements.filter(pl.col("area") == "quality_of_education")
    assert quality.height == 4  # the six 8s and 0s are not grades
    # 9 means not applicable: no judgement, recorded once per column with its count
    assert not judgements.filter(pl.col("area") == "early_years").height
    recorded = official.rejects.filter(pl.col("action") == "recorded, not a grade")
    assert recorded.select("column_name", "value", "count_rows").sort("column_name").rows() == [
        ("Early years provision (where applicable)", "9", 10),
        ("Sixth form provision (where applicable)", "9", 10),
    ]
    assert recorded["reason"][0] == (
        "Ofsted's code 9: not applicable, so not a grade (10 rows; first at line 2)"
    )
    assert official.values_dropped == 6


OLD_HEADER = [
    "URN",
    "LAESTAB",
    "School name",
    "Phase",
    "Local authority",
    "Inspection number",
    "Inspection start date",
    "First published date",
    "Overall effectiveness",
    "Leadership and management",
    "Inspection number of the previous inspection",
    "Inspection end date of the previous inspection",
    "Previous inspection - Overall effectiveness",
    "Previous inspection - Category",
]


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig"])
def test_older_mi_with_a_title_line_and_satisfactory(tmp_path, encoding):
    rows = [
        {
            "URN": "107000",
            "LAESTAB": "3832100",
            "School name": "St Ch\u00e9rie's Primary",
            "Phase": "Primary",
            "Local authority": "Leeds",
            "Inspection number": "350001",
            "Inspection start date": "12/05/2010",
            "First published date": "10/06/2010",
            "Overall effectiveness": "Satisfactory",
            "Leadership and management": "2",
            "Inspection number of the previous inspection": "280001",
            "Inspection end date of the previous inspection": "20/01/2007",
            "Previous inspection - Overall effectiveness": "4",
            "Previous inspection - Category": "Special measures",
        }
    ]
    title = "Maintained school inspections and outcomes as at 31 August 2010"
    path = tmp_path / "school_inspections_2010.csv"
    path.write_bytes(_csv(OLD_HEADER, rows, title=title).encode(encoding))
    result = _read(path)
    assert result.as_at == date(2010, 8, 31)  # from the title line above the header
    schools = result.tables["stg_mi_schools"]
    assert schools["school_name"].to_list() == ["St Ch\u00e9rie's Primary"]
    judgements = result.tables["stg_mi_judgements"].sort("judged_on")
    assert judgements.select("area", "scale_id", "grade_rank", "grade_label").rows() == [
        ("overall_effectiveness", "oe4_satisfactory", 4, "Inadequate"),
        ("overall_effectiveness", "oe4_satisfactory", 3, "Satisfactory"),
        ("leadership_and_management", "oe4_satisfactory", 2, "Good"),
    ]
    inspections = result.tables["stg_mi_inspections"].sort("started_on")
    assert inspections["category_of_concern"].to_list() == ["SM", None]
    assert inspections["started_on"].to_list() == [date(2007, 1, 20), date(2010, 5, 12)]


def test_the_2024_mi_names_its_blocks_full_inspection(tmp_path):
    header = [
        "URN",
        "LAESTAB",
        "School name",
        "Local authority",
        "Inspection number of latest full inspection",
        "Inspection start date",
        "Publication date",
        "Overall effectiveness",
        "Quality of education",
        "Previous full inspection number",
        "Previous inspection start date",
        "Previous full inspection overall effectiveness",
    ]
    row = dict(
        zip(
            header,
            [
                "108000",
                "3832200",
                "A School",
                "Leeds",
                "10300001",
                "01/10/2024",
                "05/11/2024",
                "Not judged",
                "2",
                "10100001",
                "01/02/2020",
                "1",
            ],
            strict=True,
        )
    )
    name = "Management_information_-_state-funded_schools_-_latest_inspections_as_at_31_Mar_2025"
    path = tmp_path / f"{name}.csv"
    path.write_text(_csv(header, [row]))
    result = _read(path)
    assert result.as_at == date(2025, 3, 31)
    judgements = result.tables["stg_mi_judgements"].sort("judged_on")
    assert judgements.select("framework_id", "area", "grade_rank").rows() == [
        ("eif_2019", "overall_effectiveness", 1),
        ("eif_2024", "quality_of_education", 2),
    ]
    assert result.rejects.filter(pl.col("action") != "recorded, not a grade").is_empty()


def test_a_truly_missing_column_still_fails_naming_the_nearest_header(tmp_path):
    header = [h for h in OFFICIAL_HEADER if h != "Inspection number"]
    path = tmp_path / "outcomes as at 31 August 2023.csv"
    path.write_text(_csv(header, [_official_row(100001)]).replace("\r\n", "\n"))
    with pytest.raises(FileProblem) as problem:
        _read(path)
    message = str(problem.value)
    assert "Inspection number of latest graded inspection" in message
    assert "nearest header in the file" in message


def test_an_mi_file_dated_nowhere_asks_for_a_date_naming_the_forms(tmp_path):
    path = tmp_path / "latest_inspections.csv"
    path.write_text(_csv(OFFICIAL_HEADER, [_official_row(100001)]))
    with pytest.raises(FileProblem) as problem:
        _read(path)
    message = str(problem.value)
    assert "latest_inspections.csv" in message
    assert "no 'as at' date found anywhere" in message
    for form in ("as_at_28_Feb_2026", "as at 31 August 2023", "20230831", "Period covered"):
        assert form in message


def test_an_mi_workbook_with_a_title_row_and_a_notes_sheet(tmp_path):
    """Older MI came as XLSX too: a title on row 1, the header on row 2, beside a notes sheet."""
    import xlsxwriter

    path = tmp_path / "School_inspections_as_at_31_August_2023.xlsx"
    book = xlsxwriter.Workbook(str(path))
    notes = book.add_worksheet("Notes")
    notes.write(0, 0, "Grades: 1 Outstanding, 2 Good, 3 Requires improvement, 4 Inadequate")
    sheet = book.add_worksheet("Most recent inspections")
    sheet.write(0, 0, "State-funded schools inspections and outcomes as at 31 August 2023")
    header = [h for h in OFFICIAL_HEADER if h != "Current school type used for chart C6"]
    for column, name in enumerate(header):
        sheet.write(1, column, name)
    for line, urn in enumerate((100001, 100002), start=2):
        row = _official_row(urn)
        for column, name in enumerate(header):
            value = row[name]
            if value.isdigit():
                sheet.write_number(line, column, int(value))
            else:
                sheet.write(line, column, value)
    book.close()
    result = _read(path)
    assert result.layout_id == "ofsted_mi_2019"
    assert result.as_at == date(2023, 8, 31)
    latest = result.tables["stg_mi_inspections"].filter(pl.col("block_id") == "latest_graded")
    assert sorted(latest["urn"].to_list()) == [100001, 100002]
    assert latest["line"].to_list() == [3, 4]  # the spreadsheet's own row numbers
    assert result.rejects.filter(pl.col("action") != "recorded, not a grade").is_empty()


def test_a_two_digit_year_is_not_a_date(tmp_path):
    rows = [_official_row(100001, **{"Publication date": "20/04/23"})]
    path = tmp_path / "Inspections and outcomes as at 31 August 2023.csv"
    path.write_text(_csv(OFFICIAL_HEADER, rows))
    result = _read(path)
    latest = result.tables["stg_mi_inspections"].filter(pl.col("block_id") == "latest_graded")
    assert latest["published_on"].to_list() == [None]
    problem = result.rejects.filter(pl.col("column_name") == "Publication date")
    assert problem.select("value", "action").rows() == [("20/04/23", "value dropped")]
    assert "four-digit year" in problem["reason"][0]
