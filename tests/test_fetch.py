"""`python -m etl fetch` against a local server playing GOV.UK, its asset host and GIAS.

The Content API answers are recorded pages in tests/fixtures/fetch/ (in the API's own shape); the
files are small real-shaped ones. The server rewrites the asset host to itself, so every download
really happens over HTTP, and can misbehave on purpose: 404s, truncated bodies, HTML error pages,
no Range support, or acting as the proxy the environment names. No test needs the internet.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import pytest

from etl.__main__ import main
from etl.build import build_warehouse, discover
from etl.fetch import fetch
from etl.fetch.http import make_session
from etl.fetch.manifest import MANIFEST_NAME
from etl.fetch.sources import MI_PAGE, PARENT_VIEW_PAGE
from schemas.parent_view import question_set_for, release_counts_as
from schemas.sources import as_at_from_name
from tests.ods import Percent, Sheet, write_ods

FIXTURES = Path(__file__).parent / "fixtures" / "fetch"
ASSETS = "https://assets.publishing.service.gov.uk"
TODAY = date(2026, 11, 24)  # GIAS has no file for the 24th or 23rd; the 22nd's is there
GIAS_PATH = "/edubase/downloads/public/"
MI_FILE = "Management_information_-_state-funded_schools_-_latest_inspections_as_at_28_Feb_2026.csv"
MI_KEPT = "ofsted_mi_state_funded_schools_latest_inspections_as_at_28_Feb_2026.csv"
PV_KEPT = {
    "parent_view_management_information_as_at_6_April_2026.ods": date(2026, 4, 6),
    "parent_view_management_information_as_at_1_September_2025.ods": date(2025, 9, 1),
    # the last release on the 2011-2019 questions: labelled 2018-19, though dated in September
    "parent_view_management_information_as_at_2_September_2019.csv": date(2019, 9, 2),
}
PV_2019_FILE = "Parent_View_School_Level_Data_as_at_2_September_2019.csv"
PV_2019_KEPT = "parent_view_management_information_as_at_2_September_2019.csv"
GIAS_KEPT = "edubasealldata20261122.csv"
ALL_KEPT = {MI_KEPT: date(2026, 2, 28), **PV_KEPT, GIAS_KEPT: date(2026, 11, 22)}


# --- small real-shaped Parent View workbooks ------------------------------------------------


SCHOOLS = [  # the Leeds schools of the MI fixture
    (107809, "Guiseley Primary School", "Primary", 112),
    (107810, "Rawdon Littlemoor Primary School", "Primary", 230),
    (107813, "Scholes (Elmet) Primary School", "Primary", 31),
]


def _ods(folder: Path, name: str, sheets: list[Sheet]) -> bytes:
    return write_ods(folder / name, sheets).read_bytes()


def _parent_view_2026(folder: Path) -> bytes:
    """The new question set: cover sheet, question wording, school-level table."""
    options = [
        "Strongly agree",
        "Agree",
        "Neither agree nor disagree",
        "Disagree",
        "Strongly disagree",
        "Don't know",
    ]
    questions = [("1", "My child is happy at this school"), ("2", "My child feels safe")]
    header = ["URN", "School Name", "Local Authority", "Ofsted Phase or Type of Education"]
    header += ["Submissions", "Response Rate"]
    header += [f"Q{q}. {text}: {option} %" for q, text in questions for option in options]
    shares = [48, 38, 6, 4, 2, 2]
    return _ods(
        folder,
        "2026.ods",
        [
            (
                "Cover",
                [
                    ["Ofsted Parent View: management information"],
                    ["Period covered:", "between 10 November 2025 and 6 April 2026"],
                    ["Published on:", "16 April 2026"],
                ],
            ),
            ("Table_1", [["Question", "Wording"]] + [[f"Q{q}", t] for q, t in questions]),
            (
                "Table_3",
                [header]
                + [
                    [u, name, "Leeds", phase, n, None] + shares * 2 for u, name, phase, n in SCHOOLS
                ],
            ),
        ],
    )


def _parent_view_2025(folder: Path) -> bytes:
    """The last release of the 2019-2025 questions, also ODS: headers like 'Q1 Strongly Agree %'."""
    options = ["Strongly Agree", "Agree", "Disagree", "Strongly Disagree", "Don't Know"]
    header = ["URN", "School Name", "Local Authority", "Ofsted Phase or Type of Education"]
    header += ["Submissions", "Response Rate"]
    header += [f"Q{q} {option} %" for q in ("1", "2") for option in options]
    shares = [Percent(p) for p in (0.5, 0.4, 0.05, 0.03, 0.02)]
    return _ods(
        folder,
        "2025.ods",
        [
            (
                "Cover",
                [
                    ["Ofsted Parent View: management information"],
                    ["Period covered:", "between 1 September 2024 and 1 September 2025"],
                ],
            ),
            (
                "Table_1",
                [
                    ["Question", "Wording"],
                    ["Q1", "My child is happy at this school."],
                    ["Q2", "My child feels safe at this school."],
                ],
            ),
            (
                "Table_3",
                [header]
                + [
                    [u, name, "Leeds", phase, n, None] + shares * 2 for u, name, phase, n in SCHOOLS
                ],
            ),
        ],
    )


NATIONAL_2019 = (  # national level: one row per question, no schools (never what is wanted)
    b"Question,Strongly agree,Agree,Disagree,Strongly disagree,Don't know,Submissions\n"
    b"Q1. My child is happy at this school.,45%,45%,6%,2%,2%,301234\n"
    b"Q2. My child feels safe at this school.,47%,45%,5%,1%,2%,301234\n"
)


def _published_files(folder: Path) -> dict[str, bytes]:
    """Each data file the fixture pages link to and the server holds, by published name."""
    april = _parent_view_2026(folder)
    return {
        MI_FILE: (FIXTURES / MI_FILE).read_bytes(),
        "Parent_View_management_information_as_at_6_April_2026.ods": april,
        "Parent_View_management_information_as_at_6_April_2026_Accessible.ods": april,
        "Parent_View_management_information_as_at_1_September_2025.ods": _parent_view_2025(folder),
        PV_2019_FILE: (FIXTURES / PV_2019_FILE).read_bytes(),
        "Parent_View_National_Level_Data_as_at_2_September_2019.csv": NATIONAL_2019,
        "Parent_View_management_information_as_at_31_May_2019.csv": (
            FIXTURES / PV_2019_FILE
        ).read_bytes(),
    }


# --- the server ------------------------------------------------------------------------------


@dataclass
class Route:
    body: bytes
    content_type: str
    status: int = 200
    send_bytes: int | None = None  # fewer than the body: the connection drops after these
    announce_length: bool = True
    ranges: bool = True
    etag: str = ""

    def __post_init__(self) -> None:
        self.etag = self.etag or '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'


@dataclass
class Seen:
    method: str
    target: str  # as the client sent it: absolute-form when it came through as a proxy
    path: str
    headers: dict[str, str]


@dataclass
class FixtureServer:
    pages: dict[str, dict] = field(default_factory=dict)
    routes: dict[str, Route] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    asset_origin: str = ""  # what the asset host is rewritten to (this server by default)
    origin: str = ""

    def data_requests(self) -> list[Seen]:
        return [s for s in self.seen if not s.path.startswith("/api/content")]


def _handler(server: FixtureServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            path = urlsplit(self.path).path
            server.seen.append(Seen("GET", self.path, path, dict(self.headers.items())))
            if path.startswith("/api/content") and path[len("/api/content") :] in server.pages:
                self._page(server.pages[path[len("/api/content") :]])
            elif path in server.routes:
                self._file(server.routes[path])
            else:
                self._send(404, b"<!DOCTYPE html><html><body>Page not found</body></html>")

        def _send(self, status: int, body: bytes, kind: str = "text/html") -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _page(self, page: dict) -> None:
            page = copy.deepcopy(page)
            origin = server.asset_origin or server.origin
            for item in page["details"].get("attachments", []):
                route = server.routes.get(urlsplit(item["url"]).path)
                if route and "file_size" in item:
                    item["file_size"] = len(route.body)  # as GOV.UK lists it
            text = json.dumps(page).replace(ASSETS, origin)
            self._send(200, text.encode(), "application/json; charset=utf-8")

        def _file(self, route: Route) -> None:
            body, start = route.body, 0
            wanted = re.fullmatch(r"bytes=(\d+)-", self.headers.get("Range", ""))
            if_range = self.headers.get("If-Range")
            if route.status != 200:
                self._send(route.status, body, route.content_type)
                return
            partial = bool(wanted and route.ranges and if_range in (None, route.etag))
            if partial:
                start = int(wanted[1])
                self.send_response(206)
                self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
            else:
                self.send_response(200)
            self.send_header("Content-Type", route.content_type)
            self.send_header("ETag", route.etag)
            self.send_header("Accept-Ranges", "bytes" if route.ranges else "none")
            if route.announce_length:
                self.send_header("Content-Length", str(len(body) - start))
            self.end_headers()
            sent = body[start:] if route.send_bytes is None else body[start : route.send_bytes]
            self.wfile.write(sent)
            self.wfile.flush()

    return Handler


@pytest.fixture
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FixtureServer]:
    state = FixtureServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.origin = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    files = _published_files(tmp_path_factory.mktemp("published"))
    for name, path in (("monthly_mi.json", MI_PAGE), ("parent_view.json", PARENT_VIEW_PAGE)):
        page = json.loads((FIXTURES / name).read_text())
        state.pages[path] = page
        for item in page["details"]["attachments"]:
            if item.get("filename") in files:
                body = files[item["filename"]]
                state.routes[urlsplit(item["url"]).path] = Route(body, item["content_type"])
    gias = (FIXTURES / GIAS_KEPT).read_bytes()
    state.routes[GIAS_PATH + GIAS_KEPT] = Route(gias, "text/csv")
    yield state
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def no_proxy_from_outside(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests decide about proxies; a developer's own settings must not route them."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def run(server: FixtureServer, raw: Path, **options: object):  # noqa: ANN201 - a FetchReport
    lines: list[str] = []
    report = fetch(
        raw,
        govuk_api=f"{server.origin}/api/content",
        gias_url=server.origin + GIAS_PATH,
        today=TODAY,
        timeout=5.0,
        progress=lines.append,
        **options,
    )
    report.lines = lines
    return report


def route_of(server: FixtureServer, name: str) -> Route:
    return next(r for path, r in server.routes.items() if path.endswith("/" + name))


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under the folder, dot-named ones included, with its bytes."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def manifest_of(raw: Path) -> dict:
    return json.loads((raw / MANIFEST_NAME).read_text())["files"]


# --- the tests ------------------------------------------------------------------------------


def test_fetches_all_three_sources_named_with_their_as_at_dates(server, tmp_path):
    raw = tmp_path / "raw"
    report = run(server, raw)

    assert report.ok, [str(f) for f in report.failures]
    assert {p.name for p in raw.iterdir() if p.is_file()} == set(ALL_KEPT) | {MANIFEST_NAME}
    assert not (raw / ".fetch").exists()  # staging is cleared once everything is in place
    for name, as_at in ALL_KEPT.items():
        assert as_at_from_name(name) == as_at
    served = {path.rsplit("/", 1)[1]: route.body for path, route in server.routes.items()}
    assert (raw / MI_KEPT).read_bytes() == served[MI_FILE]
    assert (raw / GIAS_KEPT).read_bytes() == served[GIAS_KEPT]

    files = manifest_of(raw)
    assert set(files) == set(ALL_KEPT)
    mi = files[MI_KEPT]
    assert mi["source"] == "ofsted-mi"
    assert mi["source_page"] == server.origin + MI_PAGE
    assert mi["url"].endswith("/" + MI_FILE) and mi["url"].startswith(server.origin)
    assert mi["title"].startswith("Management information - state-funded schools - latest")
    assert files[GIAS_KEPT]["url"] == server.origin + GIAS_PATH + GIAS_KEPT
    for name, entry in files.items():
        data = (raw / name).read_bytes()
        assert entry["as_at"] == ALL_KEPT[name].isoformat()
        assert entry["bytes"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert datetime.fromisoformat(entry["retrieved_at"]).tzinfo is not None
    assert any(line.endswith("(100%)") for line in report.lines)  # progress per file


def test_the_build_loads_what_was_fetched_and_leaves_the_manifest(server, tmp_path):
    raw = tmp_path / "raw"
    assert run(server, raw).ok
    readable, left = discover(raw)
    assert {p.name for p in readable} == set(ALL_KEPT)
    assert [p.name for p in left] == [MANIFEST_NAME]

    lines: list[str] = []
    built = build_warehouse(raw, tmp_path / "warehouse.duckdb", progress=lines.append)
    assert f"  skipped {MANIFEST_NAME}: only CSV, XLSX, ODS and report text are read" in lines
    files = {f.file: f for f in built.files}
    assert set(files) == set(ALL_KEPT)
    assert files[MI_KEPT].layout_id.startswith("ofsted_mi")
    assert files[GIAS_KEPT].layout_id == "gias_establishments"
    assert all(files[name].layout_id.startswith("parent_view") for name in PV_KEPT)
    assert all(f.rows_loaded == 3 and f.rows_rejected == 0 for f in built.files)
    assert built.table_counts["inspections"] == 3
    # three schools, two questions, in each of the three releases
    assert built.table_counts["parent_view_answers"] == 18
    # its two questions' wording fits every set, so the date decides: 2 September 2019 closes
    # 2018-19, the 2011-2019 questions (by the raw date it would have been the 2019-2025 set)
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as con:
        [(notes,)] = con.execute(
            "select notes from load_log where file = ?", [PV_2019_KEPT]
        ).fetchall()
    assert notes.startswith(
        "Parent View questions 2011-2019 (12 questions): decided by the date (as at 2 September"
    )


def test_earlier_question_sets_come_from_their_last_release(server, tmp_path):
    raw = tmp_path / "raw"
    report = run(server, raw, sources=["parent-view"])
    assert report.ok
    fetched = {e.file: e.title for e in report.fetched}
    assert fetched == {
        "parent_view_management_information_as_at_6_April_2026.ods": (
            "Parent View management information as at 6 April 2026"
        ),
        "parent_view_management_information_as_at_1_September_2025.ods": (
            "Parent View management information as at 1 September 2025"
        ),
        PV_2019_KEPT: "Parent View: school level data as at 2 September 2019",
    }
    asked = sorted(s.path.rsplit("/", 1)[1] for s in server.data_requests())
    assert asked == [  # not the accessible variant, the national level file, nor older releases
        "Parent_View_School_Level_Data_as_at_2_September_2019.csv",
        "Parent_View_management_information_as_at_1_September_2025.ods",
        "Parent_View_management_information_as_at_6_April_2026.ods",
    ]
    assert (raw / PV_2019_KEPT).read_bytes() == (FIXTURES / PV_2019_FILE).read_bytes()


def test_a_release_dated_in_early_september_closes_the_year_before():
    """The rule, on the real year-end releases: 2 September 2019 is the last of the 2011-2019
    questions (Ofsted labels it 2018-19), 1 September 2025 the last of the 2019-2025 ones."""
    assert release_counts_as(date(2019, 9, 2)) == date(2019, 8, 31)
    assert question_set_for(date(2019, 9, 2)).question_set == "pv_2011"
    assert question_set_for(date(2025, 9, 1)).question_set == "pv_2019"
    assert release_counts_as(date(2019, 9, 7)) == date(2019, 8, 31)  # the first week, no more
    assert release_counts_as(date(2019, 9, 8)) == date(2019, 9, 8)
    assert question_set_for(date(2019, 9, 8)).question_set == "pv_2019"
    assert release_counts_as(date(2026, 4, 6)) == date(2026, 4, 6)


def test_the_final_old_set_release_is_chosen_not_an_earlier_one_nor_reported_missing(
    server, tmp_path
):
    attachments = server.pages[PARENT_VIEW_PAGE]["details"]["attachments"]
    # a later release on the 2019-2025 questions beside it, the 2011-2019 set's last one on the page
    later = copy.deepcopy(next(a for a in attachments if a["filename"] == PV_2019_FILE))
    later["title"] = "Parent View: school level data as at 2 March 2020"
    later["url"] = later["url"].replace("2_September_2019", "2_March_2020")
    attachments.append(later)
    raw = tmp_path / "raw"
    report = run(server, raw, sources=["parent-view"])
    assert report.ok, [str(f) for f in report.failures]
    assert PV_2019_KEPT in {e.file for e in report.fetched}
    assert not any("31_May_2019" in s.path for s in server.data_requests())  # not the earlier one

    # with no earlier release to fall back on, it is still found, not reported missing
    attachments[:] = [a for a in attachments if "31_May_2019" not in a["url"]]
    again = run(server, tmp_path / "other", sources=["parent-view"])
    assert again.ok, [str(f) for f in again.failures]
    assert PV_2019_KEPT in {e.file for e in again.fetched}


APRIL_KEPT = "parent_view_management_information_as_at_6_April_2026.ods"
NATIONAL_TITLE = "Parent View: national level data as at 2 September 2019"
ACCESSIBLE_TITLE = "Parent View management information as at 6 April 2026 (Accessible)"


@pytest.mark.parametrize("order", ["as published", "reversed"])
def test_of_files_with_one_date_the_school_level_not_accessible_one_is_chosen_and_said(
    server, tmp_path, order
):
    attachments = server.pages[PARENT_VIEW_PAGE]["details"]["attachments"]
    if order == "reversed":  # list order is not what decides
        attachments.reverse()
    raw = tmp_path / "raw"
    report = run(server, raw, sources=["parent-view"])
    assert report.ok, [str(f) for f in report.failures]
    files = manifest_of(raw)
    assert files[PV_2019_KEPT]["url"].endswith("/" + PV_2019_FILE)
    assert files[PV_2019_KEPT]["why_chosen"] == (
        f"chosen of 2 files dated 2 September 2019: not '{NATIONAL_TITLE}' "
        "(national level data, not school level)"
    )
    assert files[APRIL_KEPT]["url"].endswith(
        "/Parent_View_management_information_as_at_6_April_2026.ods"
    )
    assert files[APRIL_KEPT]["why_chosen"] == (
        f"chosen of 2 files dated 6 April 2026: not '{ACCESSIBLE_TITLE}' (the 'Accessible' version)"
    )
    assert (
        files["parent_view_management_information_as_at_1_September_2025.ods"]["why_chosen"] == ""
    )
    assert f"    {files[APRIL_KEPT]['why_chosen']}" in report.lines  # said as it happens too


@pytest.mark.parametrize("said_by", ["title", "file name"])
def test_an_accessible_variant_is_told_by_its_title_or_its_file_name(server, tmp_path, said_by):
    attachments = server.pages[PARENT_VIEW_PAGE]["details"]["attachments"]
    variant = next(a for a in attachments if a["title"] == ACCESSIBLE_TITLE)
    if said_by == "title":
        variant["filename"] = variant["filename"].replace("_Accessible", "_v2")
    else:
        variant["title"] = variant["title"].removesuffix(" (Accessible)")
    report = run(server, tmp_path / "raw", sources=["parent-view"])
    [april] = [e for e in report.fetched if e.file == APRIL_KEPT]
    assert april.url.endswith("/Parent_View_management_information_as_at_6_April_2026.ods")


def test_a_national_level_file_is_never_taken_even_when_newest(server, tmp_path):
    attachments = server.pages[PARENT_VIEW_PAGE]["details"]["attachments"]
    national = copy.deepcopy(next(a for a in attachments if a["title"] == NATIONAL_TITLE))
    national["title"] = "Parent View: national level data as at 20 April 2026"
    national["url"] = national["url"].replace("2_September_2019", "20_April_2026")
    national["filename"] = national["filename"].replace("2_September_2019", "20_April_2026")
    attachments.insert(0, national)
    report = run(server, tmp_path / "raw", sources=["parent-view"])
    assert report.ok and APRIL_KEPT in {e.file for e in report.fetched}

    # a page of national files only: reported missing, naming what it does list
    attachments[:] = [a for a in attachments if "national" in a["title"]]
    again = run(server, tmp_path / "other", sources=["parent-view"])
    [failure] = again.failures
    assert failure.kind == "missing" and NATIONAL_TITLE in failure.reason
    assert again.fetched == []


def test_attachments_rendered_only_in_a_publications_documents_are_found(server, tmp_path):
    page = json.loads((FIXTURES / "parent_view_publication.json").read_text())
    assert page["schema_name"] == "publication" and "attachments" not in page["details"]
    server.pages[PARENT_VIEW_PAGE] = page
    raw = tmp_path / "raw"
    report = run(server, raw, sources=["parent-view"])
    assert report.ok, [str(f) for f in report.failures]
    assert {e.file for e in report.fetched} == set(PV_KEPT)


def test_files_linked_only_from_the_page_text_are_found_by_heading_and_file_name(server, tmp_path):
    """An older statistical data set: no attachments list, links saying 'Download CSV 1.74KB'
    under a heading, some headings without the words 'Parent View' (then the file name has them)."""
    page = json.loads((FIXTURES / "parent_view_body.json").read_text())
    assert "attachments" not in page["details"] and "Download CSV 1.74KB" in page["details"]["body"]
    server.pages[PARENT_VIEW_PAGE] = page
    raw = tmp_path / "raw"
    report = run(server, raw, sources=["parent-view"])
    assert report.ok, [str(f) for f in report.failures]
    fetched = {e.file: e for e in report.fetched}
    assert set(fetched) == set(PV_KEPT)
    assert fetched[PV_2019_KEPT].url.endswith("/" + PV_2019_FILE)
    assert fetched[PV_2019_KEPT].title == (
        "Parent View 2018 to 2019 School level data as at 2 September 2019"
    )
    assert "national level data, not school level" in fetched[PV_2019_KEPT].why_chosen
    assert any(
        line.endswith("(as at 2 September 2019, linked as 'Download CSV 1.74KB')")
        for line in report.lines
    )
    april = fetched["parent_view_management_information_as_at_6_April_2026.ods"]
    assert not april.url.endswith("_Accessible.ods")
    assert "the 'Accessible' version" in april.why_chosen


@pytest.mark.parametrize(
    "title",
    [
        "Management Information \u2013 State Funded Schools \u2013 Latest Inspections as at 28 "
        "February 2026",
        "management information: latest inspections, state-funded schools (as at 28 Feb 2026)",
        "Latest inspections \u2014 state\u2011funded schools \u2014 management information, "
        "28 February 2026",
        "MANAGEMENT_INFORMATION_STATE-FUNDED_SCHOOL_LATEST_INSPECTION_AS_AT_28_FEB_2026",
    ],
)
def test_a_reworded_attachment_title_still_matches(server, tmp_path, title):
    attachments = server.pages[MI_PAGE]["details"]["attachments"]
    latest = next(a for a in attachments if a["filename"] == MI_FILE)
    latest["title"] = title
    raw = tmp_path / "raw"
    report = run(server, raw, sources=["ofsted-mi"])
    assert report.ok, [str(f) for f in report.failures]
    assert [e.file for e in report.fetched] == [MI_KEPT]
    assert report.fetched[0].title == title


def test_a_missing_attachment_names_the_page_and_what_was_looked_for(server, tmp_path):
    attachments = server.pages[MI_PAGE]["details"]["attachments"]
    attachments[:] = [a for a in attachments if "state-funded_schools_-_latest" not in a["url"]]
    raw = tmp_path / "raw"
    report = run(server, raw)

    assert not report.ok
    [failure] = report.failures
    assert failure.kind == "missing"
    assert failure.where == server.origin + MI_PAGE
    assert "state-funded schools - latest inspections" in failure.reason
    assert "non-association independent schools" in failure.reason  # what the page does list
    assert MI_KEPT not in manifest_of(raw)
    assert set(manifest_of(raw)) == set(PV_KEPT) | {GIAS_KEPT}  # the rest still arrived


def test_a_missing_earlier_question_set_is_reported_and_the_rest_fetched(server, tmp_path):
    attachments = server.pages[PARENT_VIEW_PAGE]["details"]["attachments"]
    attachments[:] = [a for a in attachments if "2019" not in a["title"]]
    raw = tmp_path / "raw"
    report = run(server, raw, sources=["parent-view"])
    [failure] = report.failures
    assert failure.kind == "missing" and failure.where == server.origin + PARENT_VIEW_PAGE
    assert "2011-2019" in failure.reason and "1 September 2019" in failure.reason
    assert {e.file for e in report.fetched} == set(PV_KEPT) - {PV_2019_KEPT}


def test_a_404_is_reported_with_its_url(server, tmp_path):
    route_of(server, MI_FILE).status = 404
    raw = tmp_path / "raw"
    report = run(server, raw, sources=["ofsted-mi"])
    [failure] = report.failures
    assert failure.kind == "not_found"
    assert failure.where.endswith("/" + MI_FILE)
    assert "HTTP 404" in failure.reason
    assert snapshot(raw) == {}


def test_a_truncated_download_is_caught_by_its_content_length(server, tmp_path):
    route = route_of(server, MI_FILE)
    route.send_bytes = len(route.body) // 2
    raw = tmp_path / "raw"
    report = run(server, raw, sources=["ofsted-mi"])
    [failure] = report.failures
    assert failure.kind == "truncated"
    assert f"of {len(route.body):,}" in failure.reason
    assert not (raw / MI_KEPT).exists() and not (raw / MANIFEST_NAME).exists()
    assert (raw / ".fetch" / f"{MI_KEPT}.part").exists()  # kept to be resumed


def test_a_short_file_without_content_length_is_caught_by_the_listed_size(server, tmp_path):
    route = route_of(server, MI_FILE)
    route.announce_length = False
    route.send_bytes = len(route.body) - 100
    raw = tmp_path / "raw"
    report = run(server, raw, sources=["ofsted-mi"])
    [failure] = report.failures
    assert failure.kind == "truncated"
    assert f"{len(route.body):,} bytes" in failure.reason  # the size the page lists
    assert not (raw / MI_KEPT).exists()


@pytest.mark.parametrize(
    ("body", "content_type", "said"),
    [
        (b"<!DOCTYPE html><html><body>Service unavailable</body></html>", "text/html", "text/html"),
        (b"<!DOCTYPE html>\n<html><head><title>Sign in</title></head></html>", "text/csv", "HTML"),
        (b"%PDF-1.7\n...", "application/pdf", "application/pdf"),
        (b"Sorry, this file is not available.\n", "text/csv", "not a CSV table"),
    ],
)
def test_an_answer_that_is_not_a_csv_is_refused(server, tmp_path, body, content_type, said):
    server.routes[GIAS_PATH + GIAS_KEPT] = Route(b"", "text/csv", status=404)
    server.routes[GIAS_PATH + "edubasealldata20261124.csv"] = Route(body, content_type)
    route = route_of(server, MI_FILE)
    route.body, route.content_type = body, content_type
    raw = tmp_path / "raw"
    report = run(server, raw, sources=["ofsted-mi", "gias"], gias_days=1)
    mi, gias = report.failures
    assert mi.kind == "refused" and said in mi.reason and mi.where.endswith(MI_FILE)
    assert gias.kind == "missing" and said in gias.reason  # GIAS's day had no real file
    assert snapshot(raw) == {}


def test_a_damaged_workbook_is_refused(server, tmp_path):
    route = route_of(server, "Parent_View_management_information_as_at_6_April_2026.ods")
    route.body = route.body[:-40]  # the zip's directory is gone
    raw = tmp_path / "raw"
    report = run(server, raw, sources=["parent-view"])
    [failure] = report.failures
    assert failure.kind == "refused" and "ODS" in failure.reason
    assert "parent_view_management_information_as_at_6_April_2026.ods" not in manifest_of(raw)


def test_offline_says_what_it_could_not_reach_and_changes_nothing(server, tmp_path, capsys):
    raw = tmp_path / "raw"
    assert run(server, raw).ok
    before = snapshot(raw)
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    dead = f"http://127.0.0.1:{closed.getsockname()[1]}"
    closed.close()  # nothing listens there now: connection refused, as when offline

    code = main(
        [
            "fetch",
            "--raw",
            str(raw),
            "--govuk-api",
            dead + "/api/content",
            "--gias-url",
            dead + GIAS_PATH,
            "--timeout",
            "2",
        ]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert snapshot(raw) == before
    assert err.count("could not connect") == 3
    assert f"{dead}/api/content{MI_PAGE}" in err
    assert f"{dead}/api/content{PARENT_VIEW_PAGE}" in err
    gias = rf"GIAS edubasealldata: {dead}{GIAS_PATH}edubasealldata\d{{8}}\.csv: could not connect"
    assert re.search(gias, err)
    assert "nothing was changed in the raw folder" in err


def test_no_answer_within_the_timeout_is_reported(tmp_path):
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # accepts connections, never answers
    try:
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        report = fetch(
            tmp_path / "raw",
            sources=["ofsted-mi"],
            govuk_api=url + "/api/content",
            timeout=0.5,
            progress=lambda _: None,
        )
    finally:
        silent.close()
    [failure] = report.failures
    assert failure.kind == "unreachable"
    assert "no answer within 0.5 s" in failure.reason
    assert failure.where == f"the page {url}{MI_PAGE} (Content API {url}/api/content{MI_PAGE})"
    assert not (tmp_path / "raw").exists()


def test_a_second_run_skips_what_it_already_has(server, tmp_path):
    raw = tmp_path / "raw"
    assert run(server, raw).ok
    times = {p.name: p.stat().st_mtime_ns for p in raw.iterdir()}
    downloads = len(server.data_requests())
    server.seen.clear()

    again = run(server, raw)
    assert again.ok and again.fetched == []
    assert sorted(again.skipped) == sorted(ALL_KEPT)
    # only GIAS's newer days were asked after; no file was downloaded again
    assert [s.path for s in server.data_requests()] == [
        GIAS_PATH + "edubasealldata20261124.csv",
        GIAS_PATH + "edubasealldata20261123.csv",
    ]
    assert downloads == len(ALL_KEPT) + 2
    assert {p.name: p.stat().st_mtime_ns for p in raw.iterdir()} == times


def test_a_file_changed_since_it_was_fetched_is_fetched_again(server, tmp_path):
    raw = tmp_path / "raw"
    assert run(server, raw).ok
    (raw / MI_KEPT).write_text("URN,School name\n1,edited by hand\n")
    again = run(server, raw, sources=["ofsted-mi"])
    assert [e.file for e in again.fetched] == [MI_KEPT]
    assert again.replaced == [MI_KEPT]
    assert (raw / MI_KEPT).read_bytes() == route_of(server, MI_FILE).body


def test_an_interrupted_download_resumes_with_a_range_request(server, tmp_path):
    route = route_of(server, MI_FILE)
    half = len(route.body) // 2
    route.send_bytes = half
    raw = tmp_path / "raw"
    assert not run(server, raw, sources=["ofsted-mi"]).ok
    assert (raw / ".fetch" / f"{MI_KEPT}.part").stat().st_size == half

    route.send_bytes = None
    server.seen.clear()
    report = run(server, raw, sources=["ofsted-mi"])
    assert report.ok
    [request] = server.data_requests()
    assert request.headers["Range"] == f"bytes={half}-"
    assert request.headers["If-Range"] == route.etag
    assert (raw / MI_KEPT).read_bytes() == route.body
    assert manifest_of(raw)[MI_KEPT]["sha256"] == hashlib.sha256(route.body).hexdigest()
    assert not (raw / ".fetch").exists()


def test_the_fetch_never_writes_through_a_symbolic_link(server, tmp_path):
    """Anyone able to write to the folder of published files could put a link where the fetch
    keeps an interrupted download: it would have appended the rest of the file to whatever the
    link named (any file the server can write). A linked working file is removed and the download
    starts again; a linked download folder is refused, nothing written into it."""
    route = route_of(server, MI_FILE)
    route.send_bytes = len(route.body) // 2
    raw = tmp_path / "raw"
    assert not run(server, raw, sources=["ofsted-mi"]).ok
    victim = tmp_path / "elsewhere.txt"
    victim.write_bytes(b"not the fetch's to write")
    (raw / ".fetch" / f"{MI_KEPT}.part").unlink()  # its .part.json still says which URL
    (raw / ".fetch" / f"{MI_KEPT}.part").symlink_to(victim)
    route.send_bytes = None
    assert run(server, raw, sources=["ofsted-mi"]).ok
    assert victim.read_bytes() == b"not the fetch's to write"
    assert (raw / MI_KEPT).read_bytes() == route.body

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    other = tmp_path / "other"
    other.mkdir()
    (other / ".fetch").symlink_to(elsewhere)
    report = run(server, other, sources=["ofsted-mi"])
    assert not report.ok
    [failure] = report.failures
    assert failure.kind == "refused" and "is a symbolic link" in failure.reason
    assert list(elsewhere.iterdir()) == []


def test_a_server_without_ranges_restarts_the_download(server, tmp_path):
    route = route_of(server, MI_FILE)
    route.send_bytes = len(route.body) // 3
    raw = tmp_path / "raw"
    assert not run(server, raw, sources=["ofsted-mi"]).ok
    route.send_bytes, route.ranges = None, False
    report = run(server, raw, sources=["ofsted-mi"])
    assert report.ok
    assert (raw / MI_KEPT).read_bytes() == route.body  # whole, not spliced


def test_a_changed_file_is_not_spliced_onto_an_old_partial_one(server, tmp_path):
    route = route_of(server, MI_FILE)
    route.send_bytes = len(route.body) // 2
    raw = tmp_path / "raw"
    assert not run(server, raw, sources=["ofsted-mi"]).ok
    route.body = route.body.replace(b"Primary", b"PRIMARY")  # republished in between
    route.etag, route.send_bytes = '"republished"', None
    assert run(server, raw, sources=["ofsted-mi"]).ok
    assert (raw / MI_KEPT).read_bytes() == route.body


def test_gias_steps_back_a_day_at_a_time_within_its_limit(server, tmp_path):
    raw = tmp_path / "raw"
    report = run(server, raw, sources=["gias"])
    assert report.ok
    assert [s.path.rsplit("/", 1)[1] for s in server.data_requests()] == [
        "edubasealldata20261124.csv",
        "edubasealldata20261123.csv",
        GIAS_KEPT,
    ]
    server.seen.clear()
    too_short = run(server, tmp_path / "other", sources=["gias"], gias_days=2)
    [failure] = too_short.failures
    assert failure.kind == "missing"
    assert failure.where == server.origin + GIAS_PATH + "edubasealldata<YYYYMMDD>.csv"
    assert "24 November 2026 back to 23 November 2026" in failure.reason
    assert len(server.data_requests()) == 2


GIAS_500 = b'{"statusCode":500,"message":"Internal server error","activityId":"7c1e"}'
PAGE = b"<!DOCTYPE html><html><head><title>%s</title></head></html>"
MISSING_DAY_ANSWERS = {
    "404 page": Route(PAGE % b"Not found", "text/html", status=404),
    "410 gone": Route(b"", "text/plain", status=410),
    "500 with a JSON body": Route(GIAS_500, "application/json", status=500),
    "503 page": Route(PAGE % b"Service Unavailable", "text/html", status=503),
    "200 HTML page": Route(PAGE % b"Get Information about Schools", "text/html"),
    "200 JSON as text": Route(b'{"message": "No file for this date"}', "text/plain"),
}


@pytest.mark.parametrize("answer", MISSING_DAY_ANSWERS.values(), ids=MISSING_DAY_ANSWERS)
def test_gias_steps_back_a_day_whatever_a_missing_day_is_answered_with(server, tmp_path, answer):
    for day in ("24", "23"):
        server.routes[f"{GIAS_PATH}edubasealldata202611{day}.csv"] = copy.copy(answer)
    raw = tmp_path / "raw"
    report = run(server, raw, sources=["gias"])
    assert report.ok, [str(f) for f in report.failures]
    assert [e.file for e in report.fetched] == [GIAS_KEPT]
    assert (raw / GIAS_KEPT).read_bytes() == (FIXTURES / GIAS_KEPT).read_bytes()
    assert [s.path.rsplit("/", 1)[1] for s in server.data_requests()] == [
        "edubasealldata20261124.csv",
        "edubasealldata20261123.csv",
        GIAS_KEPT,
    ]
    [stepped, _] = [line for line in report.lines if "trying the day before" in line]
    assert stepped.startswith("  no file for 24 November 2026 (")


def test_a_gias_500_says_what_the_server_answered(server, tmp_path):
    server.routes[GIAS_PATH + "edubasealldata20261124.csv"] = Route(
        GIAS_500, "application/json", status=500
    )
    report = run(server, tmp_path / "raw", sources=["gias"], gias_days=1)
    [failure] = report.failures
    assert failure.kind == "missing"
    assert "HTTP 500 Internal Server Error (a JSON body: {" in failure.reason
    assert "Internal server error" in failure.reason
    # an error on every day looked at may be the server down, not the files missing: said so
    assert "it may be down rather than the files missing" in failure.reason


@pytest.mark.parametrize("failure_kind", ["refused", "no DNS"])
def test_no_answer_from_gias_is_not_a_missing_day(server, tmp_path, failure_kind):
    if failure_kind == "refused":
        closed = socket.socket()
        closed.bind(("127.0.0.1", 0))
        base = f"http://127.0.0.1:{closed.getsockname()[1]}"
        closed.close()  # nothing listens there now: the connection is refused
        said = "could not connect"
    else:
        base, said = "http://ea-edubase.invalid", "the host name could not be resolved"
    report = fetch(
        tmp_path / "raw",
        sources=["gias"],
        gias_url=base + GIAS_PATH,
        today=TODAY,
        timeout=2.0,
        progress=lambda _: None,
    )
    [failure] = report.failures
    assert failure.kind == "unreachable"  # not "missing": no earlier day was asked for
    assert said in failure.reason
    assert failure.where == f"{base}{GIAS_PATH}edubasealldata20261124.csv"


def test_the_proxy_named_in_the_environment_carries_every_request(server, tmp_path, monkeypatch):
    assert make_session().trust_env  # requests reads HTTP(S)_PROXY and NO_PROXY
    monkeypatch.setenv("HTTP_PROXY", server.origin)
    monkeypatch.setenv("http_proxy", server.origin)
    # hosts that cannot resolve: only the proxy can answer for them
    server.asset_origin = "http://assets.publishing.service.gov.uk.invalid"
    gias = "http://ea-edubase.invalid" + GIAS_PATH
    report = fetch(
        tmp_path / "raw",
        govuk_api="http://www.gov.uk.invalid/api/content",
        gias_url=gias,
        today=TODAY,
        timeout=5.0,
        progress=lambda _: None,
    )
    assert report.ok, [str(f) for f in report.failures]
    assert server.seen and all(s.target.startswith("http://") for s in server.seen)
    assert {urlsplit(s.target).hostname for s in server.seen} == {
        "www.gov.uk.invalid",
        "assets.publishing.service.gov.uk.invalid",
        "ea-edubase.invalid",
    }
    assert manifest_of(tmp_path / "raw")[GIAS_KEPT]["url"] == gias + GIAS_KEPT


def test_no_proxy_lets_a_host_bypass_the_proxy(server, tmp_path, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens on the discard port
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    report = run(server, tmp_path / "raw", sources=["gias"])
    assert report.ok, [str(f) for f in report.failures]
    monkeypatch.delenv("NO_PROXY")
    blocked = run(server, tmp_path / "other", sources=["gias"])
    [failure] = blocked.failures
    assert "proxy" in failure.reason and failure.kind == "unreachable"


def test_the_command_prints_progress_and_says_what_to_run_next(server, tmp_path, capsys):
    raw = tmp_path / "raw"
    code = main(
        [
            "fetch",
            "--raw",
            str(raw),
            "--govuk-api",
            f"{server.origin}/api/content",
            "--source",
            "ofsted-mi",
            "--source",
            "parent-view",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "fetched 4, already here 0, failed 0" in out
    assert f"kept {MI_KEPT}" in out
    assert "next: python -m etl build" in out


def test_base_addresses_can_come_from_the_environment(server, tmp_path, monkeypatch):
    monkeypatch.setenv("LENS_FETCH_GOVUK_API", f"{server.origin}/api/content")
    monkeypatch.setenv("LENS_FETCH_GIAS_URL", server.origin + GIAS_PATH)
    report = fetch(tmp_path / "raw", today=TODAY, timeout=5.0, progress=lambda _: None)
    assert report.ok, [str(f) for f in report.failures]
    assert {e.file for e in report.fetched} == set(ALL_KEPT)
