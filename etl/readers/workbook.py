"""Turn each school-level table in an XLSX or ODS workbook into the same RawTable a CSV gives.

The header row is the one holding a `URN` cell, wherever it sits. Question text in merged cells
over a row of answer labels is combined with them into one header ("Q1. My child is happy at this
school.: Strongly agree"), whether the question row is above the URN row or the URN row itself
(its labels then sit on the row below). A title above the table is never mistaken for question
text. Every sheet with a URN header is a table; line numbers are the spreadsheet's row numbers.
Sheets without one (a cover, notes, the question wording) are kept as text for the readers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import polars as pl
from python_calamine import CalamineWorkbook

from etl.errors import FileProblem
from etl.readers.ods_size import check_ods_sizes
from etl.readers.sheet_size import check_sheet_sizes
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


def _as_text(column: pl.Series) -> pl.Expr:
    """A column of cells as text, the way the cell reads: 123456.0 as '123456', blanks as null.

    Done per column in polars rather than per cell in Python (a national workbook has over a
    million cells), all columns in one select, so polars converts them side by side.
    """
    cells = pl.col(column.name)
    if column.dtype == pl.String:
        text = cells.str.strip_chars().str.replace(r"^(-?\d+)\.0$", "${1}")
    elif column.dtype.is_float():
        whole = cells.is_not_null() & (cells == cells.round(0))
        text = (
            pl.when(whole)
            .then(cells.cast(pl.Int64, strict=False).cast(pl.String))
            .otherwise(cells.cast(pl.String))
        )
    elif column.dtype in (pl.Date, pl.Datetime):
        text = cells.dt.strftime("%d/%m/%Y")
    else:
        text = cells.cast(pl.String)
    return text.replace("", None).alias(column.name)


# A question's text over its answer columns: "Q1. My child is happy ...", "1. My child is ...",
# "Q7a Does your child have ..."; a title ("Table 3: school level results") is not one.
_QUESTION_CELL = re.compile(
    r"^\s*(?:q\s*(?P<qid>\d{1,2}[a-z]?)\b\s*[.:)\-\u2013]?|(?P<bare>\d{1,2}[a-z]?)\s*[.:)])\s*(?P<text>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)


def _question_text(cell: object) -> str | None:
    """A merged question cell as 'Q<n>. <text>', or None when the cell is not a question."""
    text = _text(cell)
    match = _QUESTION_CELL.match(text or "")
    if not match:
        return None
    qid = match["qid"] or match["bare"]
    return f"Q{qid}. {' '.join(match['text'].split())}"


def _combined_header(top: list[object], bottom: list[object], *, top_alone: bool) -> list[str]:
    """One header from two rows: question text in merged cells on `top` over a row of answer
    labels on `bottom` gives 'Q1. <text>: <label>'. A top cell that is not a question (a title)
    ends the question it follows and is otherwise ignored, unless `top_alone` (the top row is the
    URN row) says a cell with nothing below it is a header in its own right."""
    cells, current = [], None
    for index in range(max(len(top), len(bottom))):
        over = _text(top[index]) if index < len(top) else None
        if over:
            current = _question_text(over)
        label = _text(bottom[index]) if index < len(bottom) else None
        if label and current and normalise_header(label) != "urn" and not label.startswith("Q"):
            cells.append(f"{current}: {label}")
        elif label:
            cells.append(label)
        else:
            cells.append((over or "") if top_alone else "")
    return cells


def _header_rows(rows: list[list[object]], header_index: int) -> tuple[list[str], int]:
    """The table's header and the index of its first data row. The URN row is the header; the
    question text may sit on the row above it (over answer labels on the URN row), or on the URN
    row itself over a row of answer labels below it, which has no URN."""
    header = rows[header_index]
    urn_column = next(i for i, c in enumerate(header) if normalise_header(_text(c) or "") == "urn")
    below = rows[header_index + 1] if header_index + 1 < len(rows) else []
    if below and not _text(below[urn_column] if urn_column < len(below) else None):
        carried, labels_under_questions = None, False
        for index, cell in enumerate(header):
            if _text(cell):
                carried = _question_text(cell)
            label = _text(below[index]) if index < len(below) else None
            if carried and label and not re.fullmatch(r"[\d.,%\s]+", label):
                labels_under_questions = True
        if labels_under_questions:
            return _combined_header(header, below, top_alone=True), header_index + 2
    above = rows[header_index - 1] if header_index else []
    return _combined_header(above, header, top_alone=False), header_index + 1


COVER_LINES = 40  # how far down a cover sheet the 'Period covered' / 'Published on' rows sit
OTHER_SHEET_ROWS = 300  # rows kept of a sheet without a URN table (question wording, notes)


@dataclass
class WorkbookTables:
    """What a workbook holds: its URN-headed tables; the text above them and on cover sheets,
    where the 'as at' date is stated; and the rows of every other sheet, as text (a Parent View
    workbook's question wording sits on such a sheet)."""

    tables: list[RawTable]
    titles: list[str]
    other_sheets: dict[str, list[list[str | None]]] = field(default_factory=dict)


def read_workbook_tables(path: Path) -> WorkbookTables:
    """Every URN-headed table in the workbook, with the text around them (see WorkbookTables).
    A sheet reaching too far is refused before the reader makes its grid (SheetTooLarge:
    etl/readers/sheet_size.py for an .xlsx, etl/readers/ods_size.py for an .ods)."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        check_sheet_sizes(path)
    elif path.suffix.lower() == ".ods":
        check_ods_sizes(path)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises its own types for damaged files
        raise FileProblem(path.name, f"could not be opened as a workbook: {error}") from error
    found = WorkbookTables([], [])
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
        if header_index is None:  # a cover, notes or wording sheet: text that may say the date
            found.titles += [t for row in rows[:COVER_LINES] for c in row if (t := _text(c))]
            found.other_sheets[sheet_name] = [
                [_text(c) for c in row] for row in rows[:OTHER_SHEET_ROWS]
            ]
            continue
        found.titles += [t for row in rows[:header_index] for c in row if (t := _text(c))]
        header, first_data = _header_rows(rows, header_index)
        width = len(header)
        kept = [  # rows with a cell that is not blank, padded or cut to the header's width
            (
                first_data + 1 + offset,
                row if len(row) == width else (list(row) + [""] * width)[:width],
            )
            for offset, row in enumerate(rows[first_data:])
            if row.count("") + row.count(None) < len(row)
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
        cells = pl.DataFrame(
            [pl.Series(k, list(c), strict=False) for k, c in zip(keys, columns, strict=True)]
        )
        frame = cells.select(_as_text(column) for column in cells.iter_columns())
        frame = frame.with_columns(pl.Series(LINE_COLUMN, line_numbers, dtype=pl.Int64))
        name = f"{path.name} [{sheet_name}]"
        if frame.height == 0:
            raise FileProblem(name, "the table has a header but no data rows", line=first_data)
        found.tables.append(RawTable(name, frame, published, first_data, "workbook", None))
    if not found.tables:
        raise FileProblem(
            path.name,
            f"no sheet has a header row with a 'URN' column in its first "
            f"{HEADER_SEARCH_LINES} rows",
        )
    return found
