"""A fresh deployment opened by several people at once builds the demo once and shows it to all;
a warehouse that cannot be read, or an error on a page, gives a plain message saying what to do."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from tests.conftest import ROOT, start

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


def test_three_simultaneous_first_sessions_all_see_the_demo(tmp_path):
    warehouse = tmp_path / "data" / "warehouse.duckdb"
    env = {
        **os.environ,
        "LENS_WAREHOUSE_PATH": str(warehouse),
        "LENS_DEMO_DIR": str(tmp_path / "data" / "demo"),
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
    assert all(out.strip().endswith("SHOWN") for out in outputs), outputs
    builds = list(warehouse.parent.glob("warehouse-*.duckdb"))
    assert len(builds) == 1, builds  # one build, seen by all three
    log = warehouse.with_name(f".{warehouse.name}.first-run.log").read_text()
    assert log.count("generating 300 fictional schools") == 1


def test_a_broken_warehouse_link_says_what_to_run(app_env, tmp_path, monkeypatch):
    import lens.queries

    link = tmp_path / "warehouse.duckdb"
    link.symlink_to(tmp_path / "warehouse-20260101T000000.duckdb")  # its build was deleted
    monkeypatch.setattr(lens.queries.SETTINGS, "warehouse_path", link)
    at = start()
    assert not at.exception
    (message,) = [e.value for e in at.error]
    assert "is missing" in message and "python -m etl build" in message
    assert not link.resolve().exists()  # nothing was built over a real deployment's link


def test_an_unreadable_warehouse_says_what_to_run(app_env, tmp_path, monkeypatch):
    import lens.queries

    broken = tmp_path / "warehouse.duckdb"
    broken.write_bytes(b"not a database" * 100)
    monkeypatch.setattr(lens.queries.SETTINGS, "warehouse_path", broken)
    at = start()
    assert not at.exception
    (message,) = [e.value for e in at.error]
    assert "cannot be read" in message and "python -m etl build" in message


def test_an_error_on_a_page_gives_a_plain_message_and_a_log_reference(app_env, monkeypatch, caplog):
    import lens.queries

    monkeypatch.delenv("LENS_RAISE_PAGE_ERRORS")

    def broken(name, build, **params):  # noqa: ANN001, ANN202
        raise RuntimeError("a query failed")

    monkeypatch.setattr(lens.queries, "query", broken)
    at = start()
    assert not at.exception  # no traceback, no "ask Google" on an LA's screen
    (message,) = [e.value for e in at.error]
    assert "Something went wrong" in message
    reference = message.split("**")[-2]
    assert reference.startswith("LENS-")
    assert any(reference in record.getMessage() for record in caplog.records)
