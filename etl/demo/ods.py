"""A small, fast OpenDocument spreadsheet writer for the demonstration files: Parent View has
published its workbooks as ODS since 2025, so the demo's releases from November 2025 are ODS too.

An ODS is a zip whose first entry is an uncompressed `mimetype`, then `content.xml` with
`table:table` / `table:table-row` / `table:table-cell` elements, and `META-INF/manifest.xml`. Each
data row's XML is built in polars, as in etl/demo/xlsx.py. Header rows hold text cells, a cell
merged across columns (followed by its covered cells, as LibreOffice writes them) or a date (the
cover sheet's "Published on"); data cells are strings, numbers or empty. Read back by the same
calamine reader that reads Ofsted's files.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import polars as pl

from etl.demo.xlsx import COMPRESS_LEVEL, FIXED_TIME, cell_xml

MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"'
)
MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    'manifest:version="1.2">'
    f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{MIMETYPE}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


@dataclass(frozen=True)
class Merged:
    """Text in a header cell merged across `span` columns."""

    text: str
    span: int


HeadCell = str | date | Merged | None


_STRING = '<table:table-cell office:value-type="string">'
_CLOSE = "</text:p></table:table-cell>"


def _text(value: str) -> str:
    return f"{_STRING}<text:p>{escape(value)}{_CLOSE}"


def head_cell(value: HeadCell) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, Merged):
        return (
            f'<table:table-cell office:value-type="string" table:number-columns-spanned='
            f'"{value.span}" table:number-rows-spanned="1"><text:p>{escape(value.text)}</text:p>'
            "</table:table-cell>" + "<table:covered-table-cell/>" * (value.span - 1)
        )
    if isinstance(value, date):
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
            f"<text:p>{value:%-d %B %Y}</text:p></table:table-cell>"
        )
    return _text(value)


def _head_rows(rows: list[list[HeadCell]]) -> str:
    return "".join(
        "<table:table-row>" + "".join(head_cell(c) for c in row) + "</table:table-row>"
        for row in rows
    )


def _body_rows(frame: pl.DataFrame) -> str:
    """Each frame row as one table row: strings as text, numbers as floats, nulls empty."""
    cells = cell_xml(
        frame,
        lambda text: [pl.lit(f"{_STRING}<text:p>"), text, pl.lit(_CLOSE)],
        lambda value: [
            pl.lit('<table:table-cell office:value-type="float" office:value="'),
            value,
            pl.lit('"><text:p>'),
            value,
            pl.lit(_CLOSE),
        ],
        "<table:table-cell/>",
    )
    rows = frame.select(
        pl.concat_str(pl.lit("<table:table-row>"), *cells, pl.lit("</table:table-row>"))
    )
    return "".join(rows.to_series().to_list())


def write_ods(
    path: Path, sheets: list[tuple[str, list[list[HeadCell]], pl.DataFrame | None]]
) -> None:
    """Write sheets of (name, header rows, data frame or None for a sheet of header rows only)."""
    tables = "".join(
        f"<table:table table:name={quoteattr(name)}>"
        + _head_rows(head)
        + (_body_rows(frame) if frame is not None else "")
        + "</table:table>"
        for name, head, frame in sheets
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f"<office:document-content {NAMESPACES}><office:body><office:spreadsheet>{tables}"
        "</office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as book:
        book.writestr(
            zipfile.ZipInfo("mimetype", date_time=FIXED_TIME),
            MIMETYPE,
            compress_type=zipfile.ZIP_STORED,
        )
        for name, text in (("content.xml", content), ("META-INF/manifest.xml", MANIFEST)):
            book.writestr(
                zipfile.ZipInfo(name, date_time=FIXED_TIME),
                text,
                compress_type=zipfile.ZIP_DEFLATED,
                compresslevel=COMPRESS_LEVEL,
            )
