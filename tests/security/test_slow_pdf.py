"""Attack 8, finding 6: a small PDF report that holds the build for hours.

The tester's PDF has many pages sharing one content stream of 100,000 text runs: 350 KB, about
13 s a page in pypdf, and each further page costs about 80 bytes, so 1,000 pages held the build
about 4 hours, with no cap on pages and no time limit. A report PDF of more pages than
LENS_REPORT_MAX_PAGES is now refused unread, and one whose text is not read within
LENS_REPORT_READ_SECONDS is stopped and refused, the reason naming the page reached; the build
goes on and the reason is in the rejects, as for every bad PDF. Here the file is the tester's
shape made small, the limits low and the clock counted, so the tests take a second.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest

from etl.build import build_warehouse
from etl.errors import FileProblem
from etl.readers import report_pdf
from etl.readers.detect import read_file
from etl.readers.report_pdf import PdfLimits, read_pdf_text
from schemas.settings import Settings
from tests import builders


def shared_stream_pdf(path: Path, pages: int, runs: int = 300) -> Path:
    """The tester's generator (/tmp/attack8/pdf/pages.py): `pages` pages, all drawing one
    content stream of `runs` text runs."""
    ops = (
        b"BT /F1 10 Tf "
        + b"".join(
            b"1 0 0 1 %d %d Tm (w%d) Tj " % (72 + (i % 400), 50 + (i * 7) % 700, i % 97)
            for i in range(runs)
        )
        + b"ET"
    )
    data = zlib.compress(ops, 9)
    kids = b" ".join(b"%d 0 R" % (10 + p) for p in range(pages))
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        4: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        5: b"<< /Filter /FlateDecode /Length %d >>\nstream\n" % len(data) + data + b"\nendstream",
    }
    for p in range(pages):
        objects[10 + p] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R "
            b"/Resources << /Font << /F1 4 0 R >> >> >>"
        )
    body, offsets = b"%PDF-1.4\n", {}
    for key in sorted(objects):
        offsets[key] = len(body)
        body += b"%d 0 obj\n" % key + objects[key] + b"\nendobj\n"
    xref, size = len(body), max(objects) + 1
    body += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for key in range(1, size):
        body += b"%010d 00000 n \n" % offsets[key] if key in offsets else b"0000000000 65535 f \n"
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    path.write_bytes(body)
    return path


@pytest.fixture
def slow_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each page's reading takes 10 seconds by the reader's clock (counted, not waited)."""
    now = [0.0]
    monkeypatch.setattr(report_pdf, "time", SimpleNamespace(monotonic=lambda: now[0]))
    runs = report_pdf._runs

    def ten_seconds_a_page(page, deadline):  # noqa: ANN001, ANN202
        now[0] += 10
        return runs(page, deadline)

    monkeypatch.setattr(report_pdf, "_runs", ten_seconds_a_page)


def test_a_pdf_of_more_pages_than_the_cap_is_refused_unread(tmp_path, monkeypatch):
    path = shared_stream_pdf(tmp_path / "report_900201_2025-01-10.pdf", pages=6)
    monkeypatch.setattr(report_pdf, "_runs", lambda *_: pytest.fail("a page was read"))
    with pytest.raises(FileProblem, match="the PDF has 6 pages, more than the 5 a report is read"):
        read_pdf_text(path, PdfLimits(max_pages=5, seconds=60))
    result = read_file(path, None, report_limits=PdfLimits(max_pages=5, seconds=60))
    assert result.tables == {}
    assert result.rejects.select("file", "column_name", "action").rows() == [
        ("report_900201_2025-01-10.pdf", "whole file", "file rejected")
    ]


def test_a_pdf_whose_text_takes_too_long_is_stopped_naming_the_page(tmp_path, slow_pages):
    path = shared_stream_pdf(tmp_path / "report_900202_2025-01-10.pdf", pages=5)
    result = read_file(path, None, report_limits=PdfLimits(max_pages=200, seconds=25))
    assert result.tables == {}
    (reason,) = result.rejects["reason"].to_list()
    assert reason.startswith("reading its text took longer than the 25 seconds a report is given")
    assert "stopped at page 3 of 5" in reason  # 10 s a page: pages 1 and 2 read, 3 over
    assert result.rejects["file"].to_list() == ["report_900202_2025-01-10.pdf"]


def test_within_its_limits_the_same_pdf_is_read(tmp_path, slow_pages):
    path = shared_stream_pdf(tmp_path / "report_900203_2025-01-10.pdf", pages=5)
    assert read_pdf_text(path, PdfLimits(max_pages=5, seconds=60)).pages == 5


def test_the_build_rejects_both_and_goes_on(tmp_path, slow_pages):
    """The limits come from the settings (LENS_REPORT_MAX_PAGES, LENS_REPORT_READ_SECONDS); the
    build loads the other files, and each PDF's reason is in the rejects beside its load-log
    line, where the Data page shows bad PDFs."""
    raw = tmp_path / "raw"
    (raw / "reports").mkdir(parents=True)
    builders.write(raw / "mi_2026-02-28.csv", builders.mi_2025([{}]))
    builders.write(raw / "gias_20260301.csv", builders.gias([{}]))
    shared_stream_pdf(raw / "reports" / "report_900204_2025-01-10.pdf", pages=9)
    shared_stream_pdf(raw / "reports" / "report_900205_2025-01-10.pdf", pages=4)
    settings = Settings.from_env(report_max_pages=8, report_read_seconds=15)
    target = tmp_path / "wh.duckdb"
    build_warehouse(raw, target, progress=lambda _: None, settings=settings)
    with duckdb.connect(str(target), read_only=True) as con:
        assert con.execute("select count(*) from schools").fetchone()[0] > 0
        reasons = dict(
            con.execute(
                "select l.file, r.reason from rejects as r join load_log as l using (file_id) "
                "where l.file like '%.pdf'"
            ).fetchall()
        )
    too_long = reasons["report_900204_2025-01-10.pdf"]
    assert too_long.startswith("the PDF has 9 pages, more than the 8")
    assert "stopped at page 2 of 4" in reasons["report_900205_2025-01-10.pdf"]
