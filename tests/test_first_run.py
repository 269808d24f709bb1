"""A fresh deployment opened by several people at once builds the demo once, in a process of its
own, and shows it to all, with the build's progress in an adviser's words; a warehouse that cannot
be read, or an error on a page, gives a plain message saying what to do. (The build supervisor's
rules are in tests/test_demo_build.py; a closed tab in tests/browser/test_first_run.py.)"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap

import pytest

from etl.demo.first_run import KNOWN_LINES, output_path, read_progress
from etl.demo.generate import write_demo_files
from etl.demo.regional import regional_folder
from lens.data.warehouse import open_read_only
from schemas.settings import Settings
from tests.conftest import ROOT, first_run_ended, start

ONE_SESSION = textwrap.dedent(
    """
    import sys
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(sys.argv[1], default_timeout=300).run()
    shown = [w.value for w in at.warning]
    ok = not at.exception and any("Demonstration data: fictional schools" in w for w in shown)
    print("SHOWN" if ok else f"FAILED {at.exception} {[e.value for e in at.error]}")
    """
)
DATABASE_NAME = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")  # as tests/browser checks pages
REGION = "Yorkshire and the Humber"  # Leeds's, the default LA's
INTERNAL_WORDS = re.compile(r"\b(seed|warehouse|ETL|contracts?|staging|model|GIAS)\b", re.I)


@pytest.fixture(scope="module")
def three_first_sessions(tmp_path_factory):
    """Three sessions opening a fresh deployment at once (each an AppTest in its own process, as
    three server processes would be): what each showed, and the data folder once the one build
    started has ended."""
    warehouse = tmp_path_factory.mktemp("fresh") / "data" / "warehouse.duckdb"
    env = {
        **os.environ,
        "LENS_WAREHOUSE_PATH": str(warehouse),
        "LENS_DEMO_DIR": str(warehouse.parent / "demo"),
        "LENS_DEMO_SCHOOL_COUNT": "300",
        "LENS_RAISE_PAGE_ERRORS": "1",
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    }
    sessions = [
        subprocess.Popen(
            [sys.executable, "-c", ONE_SESSION, str(ROOT / "dashboard.py")],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(3)
    ]
    outputs = [session.communicate(timeout=600)[0] for session in sessions]
    return outputs, warehouse, first_run_ended(warehouse)


def test_three_simultaneous_first_sessions_all_see_the_demo_of_one_build(three_first_sessions):
    outputs, warehouse, ended = three_first_sessions
    assert all(out.strip().endswith("SHOWN") for out in outputs), outputs
    assert "".join(outputs).count("started the demonstration build") == 1, outputs
    assert (ended.phase, ended.attempt) == ("done", 1)
    lines = read_progress(warehouse)
    assert sum("Making up 300 fictional schools" in line.words for line in lines) == 1
    info = open_read_only(warehouse.resolve()).execute("select partial_region from build_info")
    assert info.fetchone()[0] is None  # the national warehouse is in once the build has ended


def test_the_regional_warehouse_gave_each_school_its_national_figures(three_first_sessions):
    """The region shown first (the build before the national one, kept beside it) holds only
    the region's schools, each with the same rows as in the national warehouse but for the line
    of the file a row came from (the regional copy of a file has fewer lines)."""
    _outputs, warehouse, _ended = three_first_sessions
    national_file = warehouse.resolve()
    (regional_file,) = [
        p for p in warehouse.parent.glob("warehouse-*.duckdb") if p != national_file
    ]
    regional, national = open_read_only(regional_file), open_read_only(national_file)
    assert regional.execute("select partial_region from build_info").fetchall() == [(REGION,)]
    assert regional.execute("select distinct region from schools").fetchall() == [(REGION,)]
    for table in ("schools", "school_satisfaction", "parent_view_answers", "inspections"):
        kept = ", ".join(c for c in national.table(table).columns if c != "line")
        here = regional.sql(f"select {kept} from {table} order by all").pl()  # noqa: S608
        there = national.sql(
            f"select {kept} from {table} where urn in (select urn from schools "  # noqa: S608
            f"where region = '{REGION}') order by all"
        ).pl()
        assert here.height > 0 and here.equals(there), table


def test_copying_a_region_left_the_national_files_as_they_are_without(three_first_sessions):
    _outputs, warehouse, _ended = three_first_sessions
    demo = warehouse.parent / "demo"
    seed = Settings.from_env().demo_seed
    plain = write_demo_files(
        warehouse.parent / "without", schools=300, seed=seed, progress=lambda _: None
    )
    for path in plain:
        twin = demo / path.relative_to(warehouse.parent / "without")
        assert twin.read_bytes() == path.read_bytes(), path.name
    assert not regional_folder(demo).exists()  # gone once the national data is in


def test_every_line_of_the_build_reaches_visitors_in_their_words(three_first_sessions):
    _outputs, warehouse, _ended = three_first_sessions
    said = [
        line
        for line in output_path(warehouse).read_text().splitlines()
        if not line.startswith("waiting for")
    ]
    unknown = [line for line in said if not any(p.fullmatch(line.strip()) for p in KNOWN_LINES)]
    assert not unknown, unknown  # a new progress line needs its words in etl/demo/first_run.py
    lines = read_progress(warehouse)
    words = " ".join(line.words for line in lines)
    assert not DATABASE_NAME.findall(words) and not INTERNAL_WORDS.findall(words), words
    assert "Yorkshire and the Humber is ready to show" in words  # the region came first
    fractions = [line.fraction for line in lines]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0


def test_a_broken_warehouse_link_says_what_to_run(app_env, tmp_path, monkeypatch):
    import lens.data.queries

    link = tmp_path / "warehouse.duckdb"
    link.symlink_to(tmp_path / "warehouse-20260101T000000.duckdb")  # its build was deleted
    monkeypatch.setattr(lens.data.queries.SETTINGS, "warehouse_path", link)
    at = start()
    assert not at.exception
    (message,) = [e.value for e in at.error]
    assert "is missing" in message and "python -m etl build" in message
    assert not link.resolve().exists()  # nothing was built over a real deployment's link


def test_an_unreadable_warehouse_says_what_to_run(app_env, tmp_path, monkeypatch):
    import lens.data.queries

    broken = tmp_path / "warehouse.duckdb"
    broken.write_bytes(b"not a database" * 100)
    monkeypatch.setattr(lens.data.queries.SETTINGS, "warehouse_path", broken)
    at = start()
    assert not at.exception
    (message,) = [e.value for e in at.error]
    assert "cannot be read" in message and "python -m etl build" in message


def test_an_error_on_a_page_gives_a_plain_message_and_a_log_reference(app_env, monkeypatch, caplog):
    import lens.data.queries

    monkeypatch.delenv("LENS_RAISE_PAGE_ERRORS")

    def broken(name, build, **params):  # noqa: ANN001, ANN202
        raise RuntimeError("a query failed")

    monkeypatch.setattr(lens.data.queries, "query", broken)
    at = start()
    assert not at.exception  # no traceback, no "ask Google" on an LA's screen
    (message,) = [e.value for e in at.error]
    assert "Something went wrong" in message
    reference = message.split("**")[-2]
    assert reference.startswith("LENS-")
    assert any(reference in record.getMessage() for record in caplog.records)


def test_a_region_shown_first_is_labelled_and_the_national_build_followed(
    app_env, tmp_path, monkeypatch
):
    """While a first run's regional warehouse is in and its national build runs (its lock held
    here, as the build process holds it), every page says what it shows and how far the build is."""
    import fcntl
    import shutil
    import time

    import duckdb

    import lens.data.queries
    from etl.demo.first_run import BuildState, ProgressLine, lock_path, write_state

    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(app_env.resolve(), warehouse)
    con = duckdb.connect(str(warehouse))
    con.execute("update build_info set partial_region = ?", [REGION])
    con.close()
    monkeypatch.setattr(lens.data.queries.SETTINGS, "warehouse_path", warehouse)
    write_state(warehouse, BuildState(1, "building", os.getpid(), time.time()))
    line = ProgressLine(20.0, 0.8, "Working out the national figures: step 3 of 23")
    warehouse.with_name(".warehouse.duckdb.first-run.log").write_text(json.dumps(line.__dict__))
    with lock_path(warehouse).open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        at = start()
    assert not at.exception
    (note,) = [i.value for i in at.info if "while the national demonstration data" in i.value]
    assert f"Leeds and its neighbouring local authorities ({REGION})" in note.replace("\\", "")
    shown = [p.text.replace("\\", "") for p in at.get("progress")]  # Markdown escapes
    assert "80%: Working out the national figures: step 3 of 23" in shown


def test_a_visitor_is_told_why_a_killed_build_was_started_again(app_env, tmp_path, monkeypatch):
    """A first-run build that was killed (its state still 'building', its lock free) is started
    once more by the next visitor's page, which says why. The build here is a stand-in that puts
    the test warehouse in place, as a finished build would."""
    import time

    import lens.data.queries
    from etl.demo.first_run import BuildState, write_state
    from lens.app import demo_build

    warehouse = tmp_path / "data" / "warehouse.duckdb"
    warehouse.parent.mkdir()
    monkeypatch.setattr(lens.data.queries.SETTINGS, "warehouse_path", warehouse)
    write_state(warehouse, BuildState(1, "building", None, time.time()))  # killed: lock free
    finishes = textwrap.dedent(
        f"""
        import os
        os.symlink({str(app_env.resolve())!r}, {str(warehouse)!r})
        """
    )
    monkeypatch.setattr(
        demo_build, "demo_command", lambda *_: lambda need, fd: [sys.executable, "-c", finishes]
    )
    at = start()
    assert not at.exception
    (why,) = [w.value for w in at.warning if "did not finish" in w.value]
    assert "started once more" in why
    assert any("Demonstration data: fictional schools" in w.value for w in at.warning)
    assert first_run_ended(warehouse).attempt == 2
