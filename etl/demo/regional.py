"""A regional copy of the demonstration files, for a first run to load and show first.

Every row of the schools in one region (the region of the dashboard's default LA: Leeds, so
Yorkshire and the Humber), in files of the same names and layouts, with each kept line's bytes as
the national file has them; the Parent View workbooks are written again from the same rows.
Loading this tenth of the data takes a tenth of the time, so a first run shows the region while
the national files are loaded (etl/demo/first_run.py). Each school's own figures are the same as
in the national warehouse; what compares a school with others (England, similar schools) differs
until the national data is in, and the page says so.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import polars as pl

from etl.demo.population import load_local_authorities
from schemas.sources import normalise_header

HEADER_SEARCH_LINES = 5  # the demo's header is on the first line or under one title line
BYTE_ORDER_MARK = "\xef\xbb\xbf"  # UTF-8's, as Latin-1 reads it


def regional_folder(out_dir: Path) -> Path:
    """Where the regional copy of the files in out_dir is written."""
    return out_dir.with_name(f"{out_dir.name}-regional")


def region_of(la_code: int) -> str | None:
    """The region of an English LA by its code; None for a code that is not one."""
    las = load_local_authorities().filter(pl.col("la_code") == la_code)
    return las["region"][0] if las.height else None


def region_urns(schools: pl.DataFrame, region: str) -> frozenset[int]:
    """The URNs of every school in the region's LAs, open or closed, and of their predecessors
    (whose URNs Parent View rows published before an academy opened carry)."""
    inside = schools.filter(pl.col("region") == region)
    urns = pl.concat([inside["urn"], inside["predecessor_urn"].drop_nulls()])
    return frozenset(urns.cast(pl.Int64).to_list())


def _urn_position(line: str) -> int | None:
    """Which field of a header line is the URN (None: not the header)."""
    fields = next(csv.reader([line.lstrip(BYTE_ORDER_MARK).rstrip("\r")]), [])
    return next((i for i, f in enumerate(fields) if normalise_header(f) == "urn"), None)


def _urn_pattern(position: int) -> re.Pattern[str]:
    """A line's URN, the `position`-th field: the fields before it are plain or quoted text
    without commas inside quotes (as every demo file writes them)."""
    before = r'(?:"[^"]*"|[^,"]*),' * position
    return re.compile(rf'^{before}"?(\d+)"?(?:,|\r?$)')


def copy_rows(source: Path, target: Path, urns: frozenset[int]) -> int:
    """Copy a demo CSV keeping its lines up to the header and the rows of `urns`, byte for byte
    (read as Latin-1, which maps every byte to one character and back); returns rows kept."""
    lines = source.read_bytes().decode("latin-1").split("\n")
    header = next(
        i for i, line in enumerate(lines[:HEADER_SEARCH_LINES]) if _urn_position(line) is not None
    )
    body = pl.Series("line", lines[header + 1 :], dtype=pl.String)
    pattern = _urn_pattern(_urn_position(lines[header]) or 0)
    kept = body.filter(
        body.str.extract(pattern.pattern, 1).cast(pl.Int64, strict=False).is_in(list(urns))
    )
    ending = [""] if lines[-1] == "" else []  # a file ending with a line break keeps it
    target.write_bytes(
        "\n".join([*lines[: header + 1], *kept.to_list(), *ending]).encode("latin-1")
    )
    return kept.len()


def copy_reports(source: Path, target: Path, urns: frozenset[int]) -> int:
    """Copy the report texts whose file name carries one of `urns`; returns how many."""
    target.mkdir(parents=True, exist_ok=True)
    copied = 0
    for path in sorted(source.glob("report_*.txt")):
        if int(path.name.split("_")[1]) in urns:
            shutil.copyfile(path, target / path.name)
            copied += 1
    return copied
