"""Downloads of any table as CSV or Excel, safe to open in a spreadsheet.

A cell starting with = + - @ tab or carriage return can run as a formula when the file is opened
(CSV injection); such text cells are prefixed with an apostrophe so they show as typed, and so are
column names, which come from data in a pivot (an LA's or region's name from GIAS, an answer), by
the same rule. The fullwidth ＝ ＋ － ＠ are prefixed too: some spreadsheets may fold them.

What a spreadsheet user gets: percentages as percentages (Excel: real numbers, 0.273 shown as
27.3% by the cell's number format; CSV: the text "27.3%", which Excel and LibreOffice read back as
that same percentage), a frozen header with a filter on it (Excel), and, when the data are the
demonstration set, a first column saying so on every row (so a row copied or filtered elsewhere
keeps its label), a title row and an About sheet line (Excel).
"""

from __future__ import annotations

import io

import polars as pl

DEMO_COLUMN = "Data"
DEMO_VALUE = "Demonstration: fictional schools"
DEMO_TITLE = "DEMONSTRATION DATA: fictional schools; every name and figure is made up."


FORMULA_START = "^[=+\\-@\t\r\uff1d\uff0b\uff0d\uff20]"  # what a formula may start with


def _cells(frame: pl.DataFrame) -> pl.DataFrame:
    """Text cells that a spreadsheet would read as a formula, prefixed with an apostrophe."""
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(FORMULA_START))
        .then("'" + pl.col(c))
        .otherwise(pl.col(c))
        .alias(c)
        for c, dtype in frame.schema.items()
        if dtype == pl.String
    )


def neutralise(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame's text cells and its column names, each prefixed by the one rule (_cells) when
    a spreadsheet would read it as a formula: a pivot's column names are data (an LA's name)."""
    names = _cells(pl.DataFrame({"name": frame.columns}, schema={"name": pl.String}))["name"]
    return _cells(frame).rename(dict(zip(frame.columns, names, strict=True)))


def _labelled(frame: pl.DataFrame, is_demo: bool) -> pl.DataFrame:
    """The demonstration label as the first column, on every row, when the data are the demo."""
    if not is_demo:
        return frame
    return frame.select(pl.lit(DEMO_VALUE).alias(DEMO_COLUMN), pl.all())


def to_csv_bytes(
    frame: pl.DataFrame, percent: tuple[str, ...] = (), *, is_demo: bool = False
) -> bytes:
    """UTF-8 with BOM so Excel opens accents correctly; the `percent` columns (0-100, as shown)
    written as "27.3%"."""
    shown = frame.with_columns(
        pl.when(pl.col(c).is_not_null()).then(pl.format("{}%", pl.col(c).round(1))).alias(c)
        for c in percent
        if c in frame.columns
    )
    return b"\xef\xbb\xbf" + neutralise(_labelled(shown, is_demo)).write_csv().encode("utf-8")


def to_excel_bytes(
    frame: pl.DataFrame,
    about: dict[str, str],
    percent: tuple[str, ...] = (),
    *,
    is_demo: bool = False,
    title: str = "Partnership Lens",
) -> bytes:
    """An .xlsx: a title row, then the data (typed; percentages as real numbers formatted as %)
    under a frozen header with a filter, and a sheet saying what it holds."""
    buffer = io.BytesIO()
    import xlsxwriter

    percent = tuple(c for c in percent if c in frame.columns)
    data = _labelled(frame.with_columns(pl.col(c) / 100 for c in percent), is_demo)
    safe = neutralise(data)
    formats = {safe.columns[data.columns.index(c)]: "0.0%" for c in percent}  # renamed, if so
    with xlsxwriter.Workbook(buffer, {"strings_to_formulas": False}) as workbook:
        safe.write_excel(
            workbook,
            worksheet="Data",
            position="A2",
            autofilter=True,
            autofit=True,
            freeze_panes="A3",  # the title and the header stay in view
            column_formats=formats,
            float_precision=2,
        )
        sheet = workbook.get_worksheet_by_name("Data")
        bold = workbook.add_format({"bold": True})
        sheet.write_string(0, 0, f"{title}. {DEMO_TITLE}" if is_demo else title, bold)
        about_sheet = workbook.add_worksheet("About")
        rows = {"Demonstration data": DEMO_TITLE, **about} if is_demo else about
        for row, (key, value) in enumerate(rows.items()):
            about_sheet.write_string(row, 0, key)
            about_sheet.write_string(row, 1, value)
    return buffer.getvalue()
