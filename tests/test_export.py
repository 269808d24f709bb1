"""Exports: values round-trip, and spreadsheet formulas are neutralised."""

from __future__ import annotations

import io

import polars as pl
from python_calamine import CalamineWorkbook

from lens.export import neutralise, to_csv_bytes, to_excel_bytes

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
    assert rows[0] == ["school_name", "urn", "pct"]
    assert rows[1] == ["'" + HOSTILE, 900001, 91.5]
    assert book.get_sheet_by_name("About").to_python() == [["LA", "Leeds"]]
