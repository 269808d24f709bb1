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


def content_xml(sheets: list[Sheet]) -> str:
    tables = "".join(
        f"<table:table table:name={quoteattr(name)}>"
        + "".join(
            "<table:table-row>" + "".join(_cell(c) for c in row) + "</table:table-row>"
            for row in rows
        )
        + "</table:table>"
        for name, rows in sheets
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<office:document-content {NAMESPACES}><office:body><office:spreadsheet>"
        f"{tables}</office:spreadsheet></office:body></office:document-content>"
    )


def write_ods(path: Path, sheets: list[Sheet]) -> Path:
    """Write the sheets, in order, as an ODS file at `path`."""
    with zipfile.ZipFile(path, "w") as book:
        book.writestr(zipfile.ZipInfo("mimetype"), MIMETYPE, compress_type=zipfile.ZIP_STORED)
        book.writestr("content.xml", content_xml(sheets), compress_type=zipfile.ZIP_DEFLATED)
        book.writestr("META-INF/manifest.xml", MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
    return path
