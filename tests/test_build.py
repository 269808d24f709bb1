"""The whole build: counts, contracts, and the guarantee that nothing loaded is ever lost."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from etl.__main__ import main as etl_main
from etl.build import build_warehouse
from etl.errors import FileProblem
from lens.data.warehouse import open_read_only
from tests import builders
from tests.conftest import ROOT, sample


def quiet(_: str) -> None:
    pass


def school_count(path: Path) -> int:
    con = open_read_only(path)
    try:
        return con.execute("select count(*) from schools").fetchone()[0]
    finally:
        con.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def raw_dir(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    builders.write(
        raw / "mi_2026-02-28.csv",
        builders.mi_2025(
            [
                {},
                {
                    "URN": "900102",
                    "Inspection number of latest OEIF graded inspection": "1",
                    "Inspection start date of latest OEIF graded inspection": "10/10/2022",
                    "Latest OEIF overall effectiveness": "4",
                    "Latest OEIF category of concern": "SM",
                },
            ]
        ),
    )
    builders.write(raw / "gias_20260301.csv", builders.gias([{}, {"URN": "900103"}]))
    return raw


def test_build_loads_schools_from_register_and_mi(raw_dir, tmp_path):
    target = tmp_path / "wh.duckdb"
    report = build_warehouse(raw_dir, target, progress=quiet)
    assert report.table_counts["schools"] == 3
    con = open_read_only(target)
    facts = dict(con.execute("select urn, facts_from from schools").fetchall())
    assert facts == {900101: "GIAS and Ofsted MI", 900102: "Ofsted MI", 900103: "GIAS"}
    row = con.execute(
        "select overall_grade_label, overall_scale_id, category_of_concern from inspections"
    ).fetchone()
    assert row == ("Inadequate", "oe4_requires_improvement", "SM")
    log = con.execute("select file, as_at_date::varchar, rows_loaded from load_log order by 1")
    assert log.fetchall() == [
        ("gias_20260301.csv", "2026-03-01", 2),
        ("mi_2026-02-28.csv", "2026-02-28", 2),
    ]


def test_real_samples_build_with_every_reject_explained(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in (
        "ofsted_mi_latest_inspections_2026-02-28_leeds.csv",
        "gias_establishments_surrey_open_2021-05.csv",
    ):
        (raw / name).write_bytes(sample(name).read_bytes())
    report = build_warehouse(raw, tmp_path / "wh.duckdb", progress=quiet)
    assert report.table_counts["schools"] == 279 + 413
    con = open_read_only(tmp_path / "wh.duckdb")
    unexplained = con.execute(
        "select count(*) from rejects where reason is null or line is null or column_name is null"
    ).fetchone()[0]
    assert unexplained == 0


def test_bad_file_stops_the_build_and_keeps_the_old_warehouse(raw_dir, tmp_path, capsys):
    target = tmp_path / "wh.duckdb"
    build_warehouse(raw_dir, target, progress=quiet)
    before = digest(target)
    (raw_dir / "junk.csv").write_bytes(os.urandom(4096).replace(b"\x00", b"\x01") + b"\x00")
    code = etl_main(["build", "--raw", str(raw_dir), "--warehouse", str(target)])
    assert code == 2
    err = capsys.readouterr().err
    assert "junk.csv" in err and "nothing was replaced" in err
    assert digest(target) == before
    assert not list(tmp_path.glob(".wh.duckdb.building-*"))


def test_file_with_mostly_bad_rows_is_refused_as_a_whole(raw_dir, tmp_path):
    rows = [{"URN": f"12{i}"} for i in range(8)] + [{"URN": "900150"}]
    builders.write(raw_dir / "mi_2026-03-31.csv", builders.mi_2025(rows))
    with pytest.raises(FileProblem, match="8 of 9 rows were rejected"):
        build_warehouse(raw_dir, tmp_path / "wh.duckdb", progress=quiet)


def test_readers_see_the_old_warehouse_until_they_reopen(raw_dir, tmp_path):
    target = tmp_path / "wh.duckdb"
    build_warehouse(raw_dir, target, progress=quiet)
    reader = open_read_only(target)
    builders.write(
        raw_dir / "gias_20260301.csv", builders.gias([{}, {"URN": "900103"}, {"URN": "900104"}])
    )
    build_warehouse(raw_dir, target, progress=quiet)
    assert reader.execute("select count(*) from schools").fetchone()[0] == 3
    reader.close()
    assert school_count(target) == 4


KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    import etl.warehouse as wh
    from etl.build import build_warehouse

    point = sys.argv[3]
    def die(*_a, **_k):
        os.kill(os.getpid(), signal.SIGKILL)
    def progress(message):
        if point == "reading" and message.startswith("[2/"):
            die()
    if point == "modelling":
        wh._reference_tables = die
    if point == "swapping":
        wh.os.replace = die
    build_warehouse(Path(sys.argv[1]), Path(sys.argv[2]), progress=progress)
    """
)


@pytest.mark.parametrize("point", ["reading", "modelling", "swapping"])
def test_a_killed_build_leaves_the_old_warehouse_readable(raw_dir, tmp_path, point):
    target = tmp_path / "wh.duckdb"
    build_warehouse(raw_dir, target, progress=quiet)
    before = digest(target)
    builders.write(raw_dir / "gias_20260301.csv", builders.gias([{"URN": "900199"}]))
    killed = subprocess.run(
        [sys.executable, "-c", KILLER, str(raw_dir), str(target), point],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
    )
    assert killed.returncode == -9, killed.stderr.decode()
    assert digest(target) == before
    assert school_count(target) == 3
    report = build_warehouse(raw_dir, target, progress=quiet)  # the next build succeeds
    assert report.table_counts["schools"] == 3  # 900101 and 900102 from MI, 900199 from GIAS
    assert not list(tmp_path.glob(".wh.duckdb.building-*"))


def test_command_prints_progress_and_summary(raw_dir, tmp_path, capsys):
    code = etl_main(["build", "--raw", str(raw_dir), "--warehouse", str(tmp_path / "w.duckdb")])
    out = capsys.readouterr().out
    assert code == 0
    assert "[1/2] reading gias_20260301.csv" in out
    assert "swapped in after" in out


def test_demo_is_deterministic_and_labelled(tmp_path):
    from etl.demo.generate import build_demo_warehouse, write_demo_files

    first = write_demo_files(tmp_path / "a", schools=300, seed=3, progress=quiet)
    second = write_demo_files(tmp_path / "b", schools=300, seed=3, progress=quiet)
    assert [digest(p) for p in first] == [digest(p) for p in second]
    # the demo's builder labels it (the marker file beside the files never does:
    # tests/security/test_demo_marker.py)
    report = build_demo_warehouse(
        tmp_path / "a", tmp_path / "wh.duckdb", schools=300, seed=3, progress=quiet
    )
    assert [digest(p) for p in sorted((tmp_path / "a").rglob("*.*"))] == [
        digest(p) for p in sorted((tmp_path / "b").rglob("*.*"))
    ]  # the same files written again
    con = open_read_only(tmp_path / "wh.duckdb")
    assert con.execute("select is_demo from build_info").fetchone()[0] is True
    frameworks = {
        r[0] for r in con.execute("select distinct framework_id from inspections").fetchall()
    }
    assert frameworks == {"s5_2005", "cif_2012", "eif_2019", "eif_2024", "report_card_2025"}
    assert report.table_counts["local_authorities"] > 100


def test_contract_breaches_are_counted_query_by_query_across_batches():
    import duckdb

    from etl.warehouse import CONTRACTS_AT_ONCE, _breaches

    con = duckdb.connect()
    count = 2 * CONTRACTS_AT_ONCE + 3
    queries = [f"select count(*) from range({n % 7})" for n in range(count)]  # noqa: S608
    assert _breaches(con, queries) == [n % 7 for n in range(count)]
