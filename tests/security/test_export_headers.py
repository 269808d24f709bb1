"""Attack 8, finding 4: formula injection through the column names of pivoted downloads.

A pivot's columns are places or answers (lens/present/ui.py show_pivot: the LA's and region's
names, from GIAS), so an LA named '=HYPERLINK(...)' became the CSV's first row unescaped, where
Excel and LibreOffice evaluate it. Column names now go through the same rule as cells.
"""

from __future__ import annotations

import csv
import io
import zipfile

import polars as pl
import pytest
from python_calamine import CalamineWorkbook

from lens.present.export import neutralise, to_csv_bytes, to_excel_bytes

HOSTILE_LA = '=HYPERLINK("http://x","y")'
STARTS = [
    HOSTILE_LA,
    "+SUM(1)",
    "-2+3",
    "@cmd",
    "\uff1dHYPERLINK(1)",
    "\uff0b1",
    "\uff0d1",
    "\uff20x",
]


def pivoted(la_name: str) -> pl.DataFrame:
    """As show_pivot makes the Overview's schools-by-phase table: a column per place."""
    long = pl.DataFrame(
        {
            "Phase": ["Primary", "Primary", "Primary", "Secondary", "Secondary", "Secondary"],
            "geography": ["England", "Yorkshire", la_name] * 2,
            "pct": [80.0, 81.0, 82.5, 60.0, 61.0, 62.5],
        }
    )
    return long.pivot(on="geography", index="Phase", values="pct")


@pytest.mark.parametrize("name", STARTS)
def test_a_place_named_as_a_formula_is_escaped_in_the_csv_header(name):
    frame = pivoted(name)
    text = to_csv_bytes(frame, (name, "England")).decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    assert header == ["Phase", "England", "Yorkshire", "'" + name]
    assert text.splitlines()[1].endswith(",82.5%")  # the renamed column is still a percentage


@pytest.mark.parametrize("name", [HOSTILE_LA, "\uff1dHYPERLINK(1)"])
def test_a_place_named_as_a_formula_is_escaped_in_the_excel_header(name):
    made = to_excel_bytes(pivoted(name), {"LA": name}, (name,))
    rows = CalamineWorkbook.from_filelike(io.BytesIO(made)).get_sheet_by_name("Data").to_python()
    assert rows[1] == ["Phase", "England", "Yorkshire", "'" + name]
    assert rows[2][3] == pytest.approx(0.825)  # formatted as a percentage, under its escaped name
    with zipfile.ZipFile(io.BytesIO(made)) as book:
        assert "<f>" not in book.read("xl/worksheets/sheet1.xml").decode()


def test_cells_and_names_follow_one_rule():
    frame = pl.DataFrame({name: [name] for name in [*STARTS, "Leeds", "'=quoted"]})
    safe = neutralise(frame)
    assert tuple(safe.columns) == safe.row(0)
    assert safe.columns[-2:] == ["Leeds", "'=quoted"]
