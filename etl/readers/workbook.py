"""Turn each school-level table in an XLSX or ODS workbook into the same RawTable a CSV gives.

The header row is the one holding a `URN` cell, wherever it sits. When the row above it holds
question text in merged cells over a row of option labels, the two rows are combined into one
header ("Q1. My child is happy at this school.: Strongly agree"). Every sheet with a URN header is
a table; line numbers are the spreadsheet's row numbers.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import polars as pl
from python_calamine import CalamineWorkbook

from etl.errors import FileProblem
from etl.readers.text_csv import HEADER_SEARCH_LINES, LINE_COLUMN, RawTable
from schemas.sources import normalise_header

WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".ods"})


def _text(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip() or None


def _as_text(name: str, values: list[object]) -> pl.Series:
    """A column of cells as text, the way the cell reads: 123456.0 as '123456', blanks as null.

    Done per column in polars rather than per cell in Python: a national workbook has over a
    million cells.
    """
    series = pl.Series(name, values, strict=False)
    if series.dtype == pl.String:
        text = series.str.strip_chars().str.replace(r"^(-?\d+)\.0$", "${1}")
    elif series.dtype.is_float():
        whole = series.is_not_null() & (series == series.round(0))
        text = pl.select(
            pl.when(whole)
            .then(series.cast(pl.Int64, strict=False).cast(pl.String))
            .otherwise(series.cast(pl.String))
        ).to_series()
    elif series.dtype in (pl.Date, pl.Datetime):
        text = series.dt.strftime("%d/%m/%Y")
    else:
        text = series.cast(pl.String)
    return text.replace("", None).alias(name)


def _combined_header(above: list[object], header: list[object]) -> list[str]:
    """Header cells, prefixed by the merged question text above them where there is any."""
    cells, current = [], None
    for index, cell in enumerate(header):
        over = _text(above[index]) if index < len(above) else None
        if over:
            current = over
        text = _text(cell) or ""
        if current and text and normalise_header(text) != "urn" and not text.startswith("Q"):
            cells.append(f"{current}: {text}")
        else:
            cells.append(text)
    return cells


COVER_LINES = 40  # how far down a cover sheet the 'Period covered' / 'Published on' rows sit


def read_workbook_tables(path: Path) -> tuple[list[RawTable], list[str]]:
    """Every URN-headed table in the workbook, and the text seen above them and on sheets
    without one (a cover sheet), where the 'as at' date is stated."""
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises its own types for damaged files
        raise FileProblem(path.name, f"could not be opened as a workbook: {error}") from error
    tables, titles = [], []
    for sheet_name in book.sheet_names:
        rows = book.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
        header_index = next(
            (
                i
                for i, row in enumerate(rows[:HEADER_SEARCH_LINES])
                if any(normalise_header(_text(c) or "") == "urn" for c in row)
            ),
            None,
        )
        if header_index is None:  # a cover or notes sheet: its text may say the 'as at' date
            titles += [t for row in rows[:COVER_LINES] for c in row if (t := _text(c))]
            continue
        titles += [t for row in rows[:header_index] for c in row if (t := _text(c))]
        above = rows[header_index - 1] if header_index else []
        header = _combined_header(above, rows[header_index])
        width = len(header)
        kept = [
            (header_index + 2 + offset, (row + [""] * width)[:width])
            for offset, row in enumerate(rows[header_index + 1 :])
            if any(cell not in ("", None) for cell in row)
        ]
        line_numbers = [line for line, _ in kept]
        columns = list(zip(*(cells for _, cells in kept), strict=True)) if kept else [()] * width
        keys, published = [], {}
        for position, cell in enumerate(header):
            key = normalise_header(cell) or f"blank#{position}"
            if key in published:
                key = f"{key}#{position}"
            keys.append(key)
            published[key] = cell
        frame = pl.DataFrame([_as_text(k, list(c)) for k, c in zip(keys, columns, strict=True)])
        frame = frame.with_columns(pl.Series(LINE_COLUMN, line_numbers, dtype=pl.Int64))
        name = f"{path.name} [{sheet_name}]"
        if frame.height == 0:
            raise FileProblem(
                name, "the table has a header but no data rows", line=header_index + 1
            )
        tables.append(RawTable(name, frame, published, header_index + 1, "workbook", None))
    if not tables:
        raise FileProblem(
            path.name,
            f"no sheet has a header row with a 'URN' column in its first "
            f"{HEADER_SEARCH_LINES} rows",
        )
    return tables, titles
