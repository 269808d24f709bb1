"""Exports: values round-trip, and spreadsheet formulas are neutralised."""

from __future__ import annotations

import io

import polars as pl
from python_calamine import CalamineWorkbook

from lens.present.export import neutralise, to_csv_bytes, to_excel_bytes

HOSTILE = '=HYPERLINK("http://x","y")'
FRAME = pl.DataFrame(
    {
        "school_name": [HOSTILE, "+cmd", "-2+3", "@SUM(A1)", "\tTab", "Plain School"],
        "urn": [900001, 900002, 900003, 900004, 900005, 900006],
        "pct": [91.5, 80.0, 70.25, 60.0, 50.0, 40.0],
    }
)


def test_formula_cells_are_prefixed_and_others_untouched():
    names = neutralise(FRAME)["school_name"].to_list()
    assert names[:5] == ["'" + v for v in FRAME["school_name"].to_list()[:5]]
    assert names[5] == "Plain School"


def test_csv_round_trips_values_with_formulas_disarmed():
    data = to_csv_bytes(FRAME)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pl.read_csv(io.BytesIO(data[3:]))
    assert back["urn"].to_list() == FRAME["urn"].to_list()
    assert back["pct"].to_list() == FRAME["pct"].to_list()
    assert back["school_name"][0] == "'" + HOSTILE


def test_excel_has_typed_data_and_an_about_sheet():
    book = CalamineWorkbook.from_filelike(io.BytesIO(to_excel_bytes(FRAME, {"LA": "Leeds"})))
    assert book.sheet_names == ["Data", "About"]
    rows = book.get_sheet_by_name("Data").to_python()
    assert rows[0][0] == "Partnership Lens"  # a title row
    assert rows[1] == ["school_name", "urn", "pct"]
    assert rows[2] == ["'" + HOSTILE, 900001, 91.5]
    assert book.get_sheet_by_name("About").to_python() == [["LA", "Leeds"]]


def _sheet_xml(made: bytes, name: str = "sheet1") -> str:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(made)) as book:
        return book.read(f"xl/worksheets/{name}.xml").decode() + book.read("xl/styles.xml").decode()


def test_excel_percentages_are_real_numbers_formatted_as_percentages():
    """27.3 (a percentage as shown) is stored as 0.273 with the number format 0.0%: "27.000" no
    more, and a formula on the cell works."""
    made = to_excel_bytes(FRAME, {}, ("pct",))
    rows = CalamineWorkbook.from_filelike(io.BytesIO(made)).get_sheet_by_name("Data").to_python()
    assert rows[2][2] == 0.915
    assert 'formatCode="0.0%"' in _sheet_xml(made)


def test_excel_header_is_frozen_with_a_filter_row():
    import zipfile

    made = to_excel_bytes(FRAME, {})
    xml = _sheet_xml(made)
    assert 'ySplit="2"' in xml and 'state="frozen"' in xml  # the title and the header
    with zipfile.ZipFile(io.BytesIO(made)) as book:  # the data are an Excel table: its filter
        table = book.read("xl/tables/table1.xml").decode()
    assert 'ref="A2:C8"' in table and '<autoFilter ref="A2:C8"' in table


def test_csv_percentages_carry_their_sign():
    """Decided: the CSV writes "91.5%": read as a percentage by a person and by Excel."""
    text = to_csv_bytes(FRAME, ("pct",)).decode("utf-8-sig")
    assert text.splitlines()[1].endswith(",91.5%")


def test_demonstration_data_are_labelled_in_every_file():
    csv_text = to_csv_bytes(FRAME, is_demo=True).decode("utf-8-sig").splitlines()
    assert csv_text[0].startswith("Data,school_name")
    assert all(line.startswith("Demonstration: fictional schools,") for line in csv_text[1:])
    made = to_excel_bytes(FRAME, {"LA": "Leeds"}, is_demo=True, title="Partnership Lens: list")
    book = CalamineWorkbook.from_filelike(io.BytesIO(made))
    rows = book.get_sheet_by_name("Data").to_python()
    assert "DEMONSTRATION DATA" in rows[0][0] and rows[0][0].startswith("Partnership Lens: list")
    assert rows[1][0] == "Data" and rows[2][0] == "Demonstration: fictional schools"
    about = dict(book.get_sheet_by_name("About").to_python())
    assert "DEMONSTRATION DATA" in about["Demonstration data"]
    plain = to_csv_bytes(FRAME).decode("utf-8-sig")
    assert "Demonstration" not in plain
