"""Is what arrived the kind of file asked for? An HTML error page served with 200 for a .csv, a
truncated workbook or a PDF must never reach the raw folder, where the build would choke on it."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

_ANY_BINARY = {"application/octet-stream", "binary/octet-stream"}
ACCEPTED_TYPES = {
    ".csv": {
        "text/csv",
        "application/csv",
        "text/x-csv",
        "text/comma-separated-values",
        "text/plain",
        "application/vnd.ms-excel",  # what some servers call a .csv
    }
    | _ANY_BINARY,
    ".ods": {"application/vnd.oasis.opendocument.spreadsheet", "application/zip"} | _ANY_BINARY,
    ".xlsx": {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/zip",
    }
    | _ANY_BINARY,
}
_MARKUP = {"text/html", "text/xml", "application/xhtml+xml"}
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def content_type_problem(suffix: str, content_type: str | None) -> str | None:
    """Why a response's declared type rules it out for a `suffix` file, or None."""
    if not content_type:
        return None  # said nothing: the contents are checked instead
    kind = content_type.split(";")[0].strip().lower()
    if kind in ACCEPTED_TYPES[suffix]:
        return None
    if suffix == ".csv" and ("csv" in kind or kind.startswith("text/")) and kind not in _MARKUP:
        return None  # servers name CSV many ways; the contents are checked too
    return f"the server sent '{kind}', not a {suffix.lstrip('.').upper()} file"


def file_problem(path: Path, suffix: str) -> str | None:
    """Why the downloaded bytes are not a `suffix` file, or None."""
    if path.stat().st_size == 0:
        return "the file is empty"
    if suffix == ".csv":
        return _csv_problem(path)
    return _workbook_problem(path, suffix)


def _csv_problem(path: Path) -> str | None:
    with path.open("rb") as handle:
        head = handle.read(64 * 1024)
    if b"\x00" in head:
        return "binary contents, not a CSV"
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if text[:1] == b"<":
        what = "an HTML page" if b"html" in text[:512].lower() else "markup (HTML or XML)"
        return f"{what}, not a CSV (an error or sign-in page served in its place?)"
    if text[:1] in (b"{", b"["):
        return "a JSON document, not a CSV (an error message served in its place?)"
    lines = head.decode("utf-8", errors="replace").splitlines()
    if len(head) == 64 * 1024 and len(lines) > 1:
        lines = lines[:-1]  # the last line read may be cut
    rows = list(csv.reader(lines[:50]))
    header = rows[0] if rows else []
    if len(header) < 3:
        return "its first line is not a row of column headers: not a CSV table"
    if not any(len(row) == len(header) for row in rows[1:]):
        return f"no row has the {len(header)} columns of its header: not a CSV table"
    return None


def _workbook_problem(path: Path, suffix: str) -> str | None:
    kind = suffix.lstrip(".").upper()
    if not zipfile.is_zipfile(path):
        return f"not a {kind} workbook (it is not a zip archive: an error page, or cut short?)"
    try:
        with zipfile.ZipFile(path) as archive:
            broken = archive.testzip()
            names = set(archive.namelist())
            mimetype = archive.read("mimetype").strip() if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError) as error:
        return f"a damaged {kind} workbook: {error}"
    if broken:
        return f"a damaged {kind} workbook: {broken} fails its checksum"
    if suffix == ".ods" and mimetype != _ODS_MIMETYPE:
        return "a zip archive, but not an OpenDocument spreadsheet"
    if suffix == ".xlsx" and "xl/workbook.xml" not in names:
        return "a zip archive, but not an Excel workbook"
    return None
