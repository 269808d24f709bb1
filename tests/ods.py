"""A tiny OpenDocument spreadsheet writer for test fixtures (no office suite needed).

An ODS is a zip whose first entry is an uncompressed `mimetype`, then `content.xml` holding
`table:table` / `table:table-row` / `table:table-cell` elements, and `META-INF/manifest.xml`.
Cells are written the way LibreOffice and Ofsted's publishing tools write them:

- str                -> office:value-type="string"
- int / float        -> office:value-type="float"
- Percent(0.46)      -> office:value-type="percentage" (shown as 46%, stored as 0.46)
- date               -> office:value-type="date"
- None               -> an empty cell
- Merge(text, span)  -> a cell spanning `span` columns, followed by covered cells
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from etl.demo.ods import MANIFEST, MIMETYPE, NAMESPACES, Merged, head_cell


@dataclass(frozen=True)
class Percent:
    """A percentage-formatted cell: the stored value is the proportion (0.46 for 46%)."""

    value: float


Merge = Merged  # text in a cell merged across `span` columns, its covered cells after it

Cell = str | int | float | date | Percent | Merge | None
Sheet = tuple[str, list[list[Cell]]]


def _p(text: str) -> str:
    return f"<text:p>{escape(text)}</text:p>"


def _cell(value: Cell) -> str:
    if value is None or isinstance(value, Merge | str):  # as the demo's writer writes them
        return head_cell(value)
    if isinstance(value, Percent):
        return (
            f'<table:table-cell office:value-type="percentage" office:value="{value.value!r}">'
            f"{_p(f'{value.value * 100:g}%')}</table:table-cell>"
        )
    if isinstance(value, bool):  # not a published cell type: refuse rather than guess
        raise TypeError("booleans are not written")
    if isinstance(value, int | float):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value!r}">'
            f"{_p(f'{value:g}')}</table:table-cell>"
        )
    if isinstance(value, date):
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
            f"{_p(value.strftime('%d/%m/%Y'))}</table:table-cell>"
        )
    raise TypeError(f"not a cell this writer knows: {value!r}")


# A LibreOffice sheet's last row and column: it saves the empty rows and cells after the last value
# as runs repeated to them (`padded` below)
LAST_ROW, LAST_COLUMN = 1_048_576, 16_384
_PAD_COLUMNS = (
    '<table:table-column table:style-name="co1" table:number-columns-repeated="{}" '
    'table:default-cell-style-name="Default"/>'
)
_PAD_CELLS = '<table:table-cell table:style-name="ce1" table:number-columns-repeated="{}"/>'
_PAD_ROWS = (
    '<table:table-row table:style-name="ro1" table:number-rows-repeated="{}">'
    '<table:table-cell table:number-columns-repeated="{}"/></table:table-row>'
)


def _width(row: list[Cell]) -> int:
    return sum(c.span if isinstance(c, Merge) else 1 for c in row)


def _table(name: str, rows: list[list[Cell]], padded: bool) -> str:
    cells = [  # padded: every row's empty cells to the last column, its empty rows to the last row
        "".join(_cell(c) for c in row) + (_PAD_CELLS.format(LAST_COLUMN - _width(row)) * padded)
        for row in rows
    ]
    return (
        f"<table:table table:name={quoteattr(name)}>"
        + (_PAD_COLUMNS.format(LAST_COLUMN) if padded else "")
        + "".join(f"<table:table-row>{c}</table:table-row>" for c in cells)
        + (_PAD_ROWS.format(LAST_ROW - len(rows), LAST_COLUMN) if padded else "")
        + "</table:table>"
    )


def content_xml(sheets: list[Sheet], *, padded: bool = False) -> str:
    """The sheets as `content.xml`; `padded`, as LibreOffice saves them (LAST_ROW)."""
    return tables_xml(*(_table(name, rows, padded) for name, rows in sheets))


def tables_xml(*tables: str) -> str:
    """`content.xml` of tables given as XML (`<table:table ...>...</table:table>`)."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<office:document-content {NAMESPACES}><office:body><office:spreadsheet>"
        f"{''.join(tables)}</office:spreadsheet></office:body></office:document-content>"
    )


def write_content(path: Path, content: str | bytes) -> Path:
    """An ODS file at `path` holding `content` as its `content.xml` (a crafted one, say)."""
    with zipfile.ZipFile(path, "w") as book:
        book.writestr(zipfile.ZipInfo("mimetype"), MIMETYPE, compress_type=zipfile.ZIP_STORED)
        book.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        book.writestr("META-INF/manifest.xml", MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
    return path


def write_ods(path: Path, sheets: list[Sheet], *, padded: bool = False) -> Path:
    """Write the sheets, in order, as an ODS file at `path`; `padded`, as LibreOffice saves them."""
    return write_content(path, content_xml(sheets, padded=padded))
