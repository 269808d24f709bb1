"""Build the warehouse from a folder of published files: read, validate, stage, model, swap.

Progress goes to a callback (the command prints it; the dashboard's first run shows it), so a long
build is never silent.
"""

from __future__ import annotations

import errno
import hashlib
import os
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl

from etl.checks import REJECT_SCHEMA, combine_rejects
from etl.coding import model
from etl.errors import FileProblem
from etl.readers.detect import READABLE_SUFFIXES, REFUSED_UNREAD, REPORT_SUFFIXES, read_file
from etl.readers.report_pdf import PdfLimits
from etl.readers.result import FILE_REJECTED, ReadResult
from etl.warehouse import SCHEMA_VERSION, build_lock, write_warehouse
from schemas.settings import Settings
from schemas.sources import as_at_from_name

# Written by etl.demo beside the files it generates, for people reading the folder. It never makes
# a build the demonstration: only etl.demo's builds say so (build_warehouse(is_demo=True)), since
# anyone who can put a file in data/raw could otherwise have a real build's every LA's non-public
# rows shown to anyone, labelled fictional (an external security test, attack 8).
DEMO_MARKER = "DEMONSTRATION_DATA.txt"

Progress = Callable[[str], None]


@dataclass
class FileReport:
    file: str
    layout_id: str
    rows_read: int
    rows_loaded: int
    rows_rejected: int
    rows_out_of_scope: int
    values_dropped: int
    seconds: float


@dataclass
class BuildReport:
    warehouse: Path
    files: list[FileReport] = field(default_factory=list)
    table_counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def _sha256(path: Path) -> str | None:
    """The file's SHA-256; None for a symbolic link, which is never opened (O_NOFOLLOW)."""
    try:
        opened = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return None
        raise
    digest = hashlib.sha256()
    with os.fdopen(opened, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def discover(raw_dir: Path) -> tuple[list[Path], list[Path]]:
    """The files the ETL reads, and the ones it leaves (said out loud, never silently). A symbolic
    link is listed to be read, whatever its name, and refused unread there (LINK_REFUSED); a
    `reports` folder that is one is not looked into."""
    if not raw_dir.is_dir():
        raise FileProblem(str(raw_dir), "the folder of published files does not exist")
    reports = raw_dir / "reports"  # inspection report texts may sit in their own folder
    folders = [raw_dir, reports] if reports.is_dir() and not reports.is_symlink() else [raw_dir]
    entries = sorted(
        p
        for folder in folders
        for p in folder.iterdir()
        if (p.is_symlink() or p.is_file()) and not p.name.startswith(".")
    )
    readable = [
        p
        for p in entries
        if (p.is_symlink() or p.suffix.lower() in READABLE_SUFFIXES) and p.name != DEMO_MARKER
    ]
    if not readable:
        raise FileProblem(str(raw_dir), "no published files (CSV, XLSX, ODS or report text) found")
    return readable, [p for p in entries if p not in readable]


def _check_reject_share(result: ReadResult, settings: Settings) -> None:
    if result.count(FILE_REJECTED):  # a report rejected as a whole: recorded, the build goes on
        return
    in_scope = result.rows_read - result.rows_out_of_scope
    if in_scope and result.rows_rejected / in_scope > settings.max_reject_share:
        top = (
            result.rejects.group_by("column_name", "reason")
            .len()
            .sort("len", descending=True)
            .head(3)
        )
        reasons = "; ".join(
            f"{r['column_name']}: {r['reason']} ({r['len']} rows)"
            for r in top.iter_rows(named=True)
        )
        raise FileProblem(
            result.file,
            f"{result.rows_rejected} of {in_scope} rows were rejected, more than the "
            f"{settings.max_reject_share:.0%} allowed: probably the wrong file or a broken "
            f"export. Main reasons: {reasons}",
        )


def _with_source(frame: pl.DataFrame, file: str, as_at: date | None) -> pl.DataFrame:
    return frame.with_columns(
        pl.lit(file).alias("source_file"), pl.lit(as_at, pl.Date).alias("as_at_date")
    )


# Every file read gets a number, its file_id, carried by its load-log line and by each of its
# rejects: one key, where names differ (a reject names the workbook's sheet, 'survey.xlsx
# [Sheet1]', the load log the file). lens/data/scoping.py decides by it which rejects may be shown.
FILE_ID = pl.Int64


def _rejects_of(result: ReadResult, file_id: int) -> pl.DataFrame:
    return combine_rejects([result.rejects]).select(
        pl.lit(file_id, FILE_ID).alias("file_id"), *REJECT_SCHEMA
    )


def _schools_of(result: ReadResult, file_id: int) -> pl.DataFrame:
    """The URNs a file's loaded rows are about, so the warehouse can say which LAs a file
    covers (load_log.la_codes)."""
    urns = [
        frame.select(pl.col("urn").cast(pl.Int64))
        for frame in result.tables.values()
        if "urn" in frame.columns
    ]
    found = pl.concat(urns).unique() if urns else pl.DataFrame(schema={"urn": pl.Int64})
    return found.select(pl.lit(file_id, FILE_ID).alias("file_id"), "urn")


READERS = 2  # files read at once: reading a file waits on native code (parsers, polars) much of
# the time, so two threads keep a 2-core machine busy; results are used in file order


def _read_timed(path: Path, limits: PdfLimits) -> tuple[ReadResult, float]:
    started = time.perf_counter()
    result = read_file(path, as_at_from_name(path.name), report_limits=limits)
    return result, time.perf_counter() - started


@contextmanager
def _reading_ahead(
    files: list[Path], limits: PdfLimits
) -> Iterator[Iterator[Future[tuple[ReadResult, float]]]]:
    """Each file's reading, in order, as a future: up to READERS files are read at once, in
    threads, a file being started only once the one READERS before it is taken; leaving early
    (a bad file) cancels the reads not yet started."""
    with ThreadPoolExecutor(READERS, thread_name_prefix="read") as pool:
        started: deque[Future[tuple[ReadResult, float]]] = deque()
        waiting = iter(files)

        def top_up() -> None:
            while len(started) < READERS and (path := next(waiting, None)) is not None:
                started.append(pool.submit(_read_timed, path, limits))

        def in_order() -> Iterator[Future[tuple[ReadResult, float]]]:
            top_up()
            while started:
                read = started.popleft()
                yield read
                top_up()

        try:
            yield in_order()
        finally:
            for read in started:
                read.cancel()


def build_warehouse(
    raw_dir: Path,
    warehouse_path: Path,
    *,
    is_demo: bool = False,
    progress: Progress = print,
    settings: Settings | None = None,
    partial_region: str | None = None,
) -> BuildReport:
    """Load every published file in raw_dir into a new warehouse; FileProblem on a bad file.
    `is_demo` is given only by etl.demo's builds of the files it generated (never read from the
    folder: see DEMO_MARKER). `partial_region` marks a warehouse of one region's schools only,
    which a first run shows while the national one is built (etl/demo/first_run.py); the pages
    say so."""
    settings = settings or Settings.from_env()
    started = time.perf_counter()
    report = BuildReport(warehouse_path)
    files, left = discover(raw_dir)
    for path in left:
        if path.name != DEMO_MARKER:
            progress(f"  skipped {path.name}: only CSV, XLSX, ODS and report text are read")
        elif not is_demo:
            progress(
                f"  ignored {path.name}: a build of a folder is real data, whatever it holds "
                "(only `python -m etl demo` builds the demonstration)"
            )
    staging: dict[str, list[pl.DataFrame]] = {}
    rejects, log_rows, file_schools = [], [], []
    reports_seen = False
    if any(path.suffix.lower() in REPORT_SUFFIXES for path in files):
        model.warm_up()  # the classifier is ready by the time the reports come
    with build_lock(warehouse_path), _reading_ahead(files, PdfLimits.of(settings)) as reads:
        for number, (path, read) in enumerate(zip(files, reads, strict=True), start=1):
            # hundreds of report texts: say so for the first, every 50th and the last, not line
            # by line
            is_report = path.suffix.lower() in REPORT_SUFFIXES
            quiet = is_report and reports_seen and number % 50 and number != len(files)
            reports_seen = reports_seen or is_report
            if not quiet:
                progress(f"[{number}/{len(files)}] reading {path.name}")
            result, seconds = read.result()
            as_at = result.as_at
            _check_reject_share(result, settings)
            for table, frame in result.tables.items():
                staging.setdefault(table, []).append(_with_source(frame, path.name, as_at))
            rejects.append(_rejects_of(result, number))
            file_schools.append(_schools_of(result, number))
            loaded = result.rows_read - result.rows_rejected - result.rows_out_of_scope
            file_report = FileReport(
                path.name,
                result.layout_id,
                result.rows_read,
                loaded,
                result.rows_rejected,
                result.rows_out_of_scope,
                result.values_dropped,
                seconds,
            )
            report.files.append(file_report)
            log_rows.append(
                {
                    "file_id": number,
                    **file_report.__dict__,
                    "sha256": _sha256(path),
                    "as_at_date": as_at,
                    "loaded_at": datetime.now(UTC).replace(tzinfo=None),
                    "notes": "; ".join(result.notes),
                }
            )
            notes = f" ({'; '.join(result.notes)})" if result.notes else ""
            if result.layout_id == REFUSED_UNREAD:  # a workbook asking too much, or a link
                for reason in result.rejects["reason"].unique(maintain_order=True):
                    progress(f"      rejected as a whole, the build going on without it: {reason}")
            if quiet:
                continue
            progress(
                f"      {result.layout_id}: {result.rows_read:,} rows read, {loaded:,} loaded, "
                f"{result.rows_rejected:,} rejected, {result.rows_out_of_scope:,} out of scope, "
                f"{result.values_dropped:,} values dropped in {seconds:.1f} s{notes}"
            )
        progress("building the warehouse tables and checking their contracts")
        build_info = pl.DataFrame(
            {
                "built_at": [datetime.now(UTC).replace(tzinfo=None)],
                "is_demo": [is_demo],
                "raw_dir": [str(raw_dir)],
                "file_count": [len(files)],
                "partial_region": pl.Series([partial_region], dtype=pl.String),
                "schema_version": [SCHEMA_VERSION],
            }
        )
        report.table_counts = write_warehouse(
            warehouse_path,
            staging,
            pl.concat(rejects),
            pl.DataFrame(log_rows, schema_overrides={"sha256": pl.String}),
            build_info,
            progress,
            min_reference_schools=settings.min_reference_schools,
            file_schools=pl.concat(file_schools),
            min_responses=settings.gap_min_responses,
            memory_limit_mb=settings.build_memory_limit_mb,
        )
    report.seconds = time.perf_counter() - started
    return report


def summary_lines(report: BuildReport) -> list[str]:
    """The closing summary the command prints: per file, then per table."""
    lines = [f"{'file':<58} {'read':>8} {'loaded':>8} {'rejected':>8} {'scope':>7} {'dropped':>8}"]
    for f in report.files:
        lines.append(
            f"{f.file[:58]:<58} {f.rows_read:>8,} {f.rows_loaded:>8,} {f.rows_rejected:>8,} "
            f"{f.rows_out_of_scope:>7,} {f.values_dropped:>8,}"
        )
    lines.append("tables: " + ", ".join(f"{k} {v:,}" for k, v in report.table_counts.items()))
    lines.append(f"warehouse {report.warehouse} swapped in after {report.seconds:.1f} s")
    return lines
