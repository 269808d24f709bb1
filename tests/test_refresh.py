"""`python -m etl refresh`: fetch, then build, one summary and one exit code; against the local
server of tests/test_fetch.py playing GOV.UK, its asset host and GIAS."""

from __future__ import annotations

import socket
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from etl.__main__ import main
from tests import test_fetch as fetch_tests
from tests.test_fetch import (
    ALL_KEPT,
    FIXTURES,
    GIAS_KEPT,
    GIAS_PATH,
    MI_FILE,
    MI_KEPT,
    PV_2019_KEPT,
    FixtureServer,
    Route,
    route_of,
)

# the local server and the proxy isolation, shared with the fetch's tests
server = fetch_tests.server
no_proxy_from_outside = fetch_tests.no_proxy_from_outside


def _with_gias_for_today(server: FixtureServer) -> str:
    """The command asks GIAS for today's London date first: serve the extract under that name."""
    name = f"edubasealldata{datetime.now(ZoneInfo('Europe/London')):%Y%m%d}.csv"
    server.routes[GIAS_PATH + name] = Route((FIXTURES / GIAS_KEPT).read_bytes(), "text/csv")
    return name


def refresh(server: FixtureServer, raw: Path, warehouse: Path, *extra: str) -> int:
    return main(
        [
            "refresh",
            "--raw",
            str(raw),
            "--warehouse",
            str(warehouse),
            "--govuk-api",
            f"{server.origin}/api/content",
            "--gias-url",
            server.origin + GIAS_PATH,
            "--timeout",
            "5",
            *extra,
        ]
    )


def _summary(text: str) -> list[str]:
    return text[text.index("refresh summary:") :].splitlines()


def test_fetches_then_builds_with_one_summary_and_exit_code_0(server, tmp_path, capsys):
    gias = _with_gias_for_today(server)
    raw, warehouse = tmp_path / "raw", tmp_path / "warehouse.duckdb"
    code = refresh(server, raw, warehouse)
    out = capsys.readouterr().out
    assert code == 0, out
    summary = _summary(out)
    assert summary[0] == "refresh summary:"
    assert summary[1] == f"  fetch: {len(ALL_KEPT)} new, 0 already here, 0 failed (into {raw})"
    assert f"    new: {MI_KEPT} (Ofsted monthly MI, as at 2026-02-28)" in summary
    day = datetime.strptime(gias[14:22], "%Y%m%d").date()
    assert f"    new: {gias} (GIAS edubasealldata, as at {day})" in summary
    # the choice between files of one date is said where it is read
    at = summary.index(f"    new: {PV_2019_KEPT} (Parent View MI, as at 2019-09-02)")
    assert summary[at + 1].startswith("      chosen of 2 files dated 2 September 2019: not ")
    [built] = [line for line in summary if line.startswith("  build: ")]
    assert built.startswith(f"  build: {len(ALL_KEPT)} files, ")
    assert f"{warehouse} swapped in after" in built
    assert summary[-1] == "  result: complete (exit code 0)"
    assert warehouse.is_symlink() and warehouse.resolve().exists()
    assert out.index("refresh summary:") > out.index("building the warehouse tables")


def test_an_incomplete_fetch_still_builds_what_arrived_and_exits_1(server, tmp_path, capsys):
    _with_gias_for_today(server)
    route_of(server, MI_FILE).status = 404  # the MI file is gone from the asset host
    raw, warehouse = tmp_path / "raw", tmp_path / "warehouse.duckdb"
    code = refresh(server, raw, warehouse)
    captured = capsys.readouterr()
    assert code == 1
    summary = _summary(captured.err)  # a summary that is not "complete" goes to stderr
    assert summary[1] == f"  fetch: {len(ALL_KEPT) - 1} new, 0 already here, 1 failed (into {raw})"
    [failed] = [line for line in summary if line.startswith("    failed: ")]
    assert failed.startswith("    failed: Ofsted monthly MI: ") and "HTTP 404" in failed
    assert any(line.startswith(f"  build: {len(ALL_KEPT) - 1} files, ") for line in summary)
    assert summary[-1] == (
        "  result: the fetch was incomplete; run it again (downloads resume) (exit code 1)"
    )
    assert warehouse.is_symlink()


def test_a_failed_fetch_or_build_leaves_the_warehouse_in_use_and_says_so(server, tmp_path, capsys):
    _with_gias_for_today(server)
    raw, warehouse = tmp_path / "raw", tmp_path / "warehouse.duckdb"
    assert refresh(server, raw, warehouse) == 0
    in_use = warehouse.readlink()
    capsys.readouterr()

    # offline: nothing new arrives, so nothing is built
    live, closed = server.origin, socket.socket()
    closed.bind(("127.0.0.1", 0))
    server.origin = f"http://127.0.0.1:{closed.getsockname()[1]}"
    closed.close()  # nothing listens there now: connection refused
    assert refresh(server, raw, warehouse) == 1
    summary = _summary(capsys.readouterr().err)
    # today's GIAS extract is here already (no need to ask); the two GOV.UK pages cannot be read
    assert summary[1] == f"  fetch: 0 new, 1 already here, 2 failed (into {raw})"
    assert sum("could not connect" in line for line in summary) == 2
    assert summary[-3:] == [
        "  build: not run: the fetch failed and nothing new arrived, so the warehouse in use "
        "already holds what the raw folder holds",
        f"  the previous warehouse is still in use ({warehouse} -> {in_use})",
        "  result: the fetch was incomplete; run it again (downloads resume) (exit code 1)",
    ]
    assert warehouse.readlink() == in_use

    # back online, with a file the build cannot use: exit 2, and the same warehouse stays in use
    server.origin = live
    (raw / "notes from the team.csv").write_text("Name,Comment,When\nAnn,Call the school,Monday\n")
    assert refresh(server, raw, warehouse, "--source", "ofsted-mi") == 2
    summary = _summary(capsys.readouterr().err)
    [failed] = [line for line in summary if line.startswith("  build: failed: ")]
    assert "notes from the team.csv" in failed
    assert summary[-2:] == [
        f"  nothing was replaced: the previous warehouse is still in use ({warehouse} -> {in_use})",
        "  result: the build failed, for the reason above (exit code 2)",
    ]
    assert warehouse.readlink() == in_use
