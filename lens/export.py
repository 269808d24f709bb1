"""Downloads of any table as CSV or Excel, safe to open in a spreadsheet.

A cell starting with = + - @ tab or carriage return can run as a formula when the file is opened
(CSV injection); such text cells are prefixed with an apostrophe so they show as typed.
"""

from __future__ import annotations

import io

import polars as pl

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(frame: pl.DataFrame) -> pl.DataFrame:
    """Prefix text cells that a spreadsheet would read as a formula."""
    pattern = "^[=+\\-@\t\r]"
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(pattern)).then("'" + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c, dtype in frame.schema.items()
        if dtype == pl.String
    )


def to_csv_bytes(frame: pl.DataFrame) -> bytes:
    """UTF-8 with BOM so Excel opens accents correctly."""
    return b"\xef\xbb\xbf" + neutralise(frame).write_csv().encode("utf-8")


def to_excel_bytes(frame: pl.DataFrame, about: dict[str, str]) -> bytes:
    """An .xlsx with the data (typed, header row, filters) and a sheet saying what it holds."""
    buffer = io.BytesIO()
    import xlsxwriter

    with xlsxwriter.Workbook(buffer, {"strings_to_formulas": False}) as workbook:
        neutralise(frame).write_excel(workbook, worksheet="Data", autofilter=True, autofit=True)
        sheet = workbook.add_worksheet("About")
        for row, (key, value) in enumerate(about.items()):
            sheet.write_string(row, 0, key)
            sheet.write_string(row, 1, value)
    return buffer.getvalue()
