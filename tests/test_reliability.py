"""Bad files never cost what was loaded, a build never hangs on junk, and a rebuild while the
dashboard serves is picked up without an error in any session."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import pytest

from etl.__main__ import main as etl_main
from etl.build import build_warehouse
from lens.data.warehouse import open_read_only
from tests import builders
from tests.conftest import start


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _truncated_mid_quote() -> bytes:
    text = builders.mi_2025([{}, {"URN": "900102", "School name": "Half, written"}])
    return text.encode()[: text.rindex("Half") + 3]


def _huge_garbage(path: Path) -> None:
    """100 MB of text with no header: the reader must give up after the first lines."""
    line = b"lorem,ipsum,dolor,sit,amet,consectetur,adipiscing,elit\n"
    with path.open("wb") as handle:
        for _ in range(100 * 1024 * 1024 // (len(line) * 1024)):
            handle.write(line * 1024)


CORPUS = {
    "empty": (lambda p: p.write_bytes(b""), "the file is empty"),
    "header only": (
        lambda p: p.write_text(builders.mi_2025([]).splitlines()[0] + "\n"),
        "header but no data rows",
    ),
    "binary junk": (lambda p: p.write_bytes(os.urandom(2048) + b"\x00"), "binary data"),
    "UTF-16 text": (
        lambda p: p.write_bytes(builders.mi_2025([{}]).encode("utf-16")),
        "binary data",
    ),
    "zipped workbook saved as csv": (
        lambda p: p.write_bytes(b"PK\x03\x04" + os.urandom(64)),
        "zipped workbook",
    ),
    "a different CSV": (
        lambda p: p.write_text("URN,Colour\n900101,red\n"),
        "does not match any known layout",
    ),
    "required column missing": (
        lambda p: p.write_text(builders.mi_2025([{}], drop=("School name",))),
        "required column is missing",
    ),
    "mostly bad rows": (
        lambda p: p.write_text(builders.mi_2025([{"URN": f"1{i}"} for i in range(5)])),
        "rows were rejected",
    ),
    "100 MB of garbage": (_huge_garbage, "no header row with a 'URN' column"),
}


@pytest.fixture
def loaded(tmp_path: Path) -> tuple[Path, Path]:
    raw = tmp_path / "raw"
    raw.mkdir()
    builders.write(raw / "mi_2026-02-28.csv", builders.mi_2025([{}, {"URN": "900102"}]))
    target = tmp_path / "warehouse.duckdb"
    build_warehouse(raw, target, progress=lambda _: None)
    return raw, target


@pytest.mark.parametrize("kind", list(CORPUS))
def test_bad_file_gives_a_clear_error_and_loses_nothing(loaded, kind, capsys):
    raw, target = loaded
    before = digest(target)
    make, message = CORPUS[kind]
    make(raw / "incoming_2026-03-31.csv")
    result: list[int] = []
    worker = threading.Thread(
        target=lambda: result.append(
            etl_main(["build", "--raw", str(raw), "--warehouse", str(target)])
        )
    )
    worker.start()
    worker.join(timeout=120)
    assert not worker.is_alive(), "the build hung"
    assert result == [2]
    error = capsys.readouterr().err
    assert "incoming_2026-03-31.csv" in error and message in error
    assert digest(target) == before
    assert open_read_only(target).execute("select count(*) from schools").fetchone()[0] == 2


def test_truncated_file_rejects_its_broken_row_or_refuses_the_file(loaded, capsys):
    raw, target = loaded
    (raw / "mi_2026-03-31.csv").write_bytes(_truncated_mid_quote())
    code = etl_main(["build", "--raw", str(raw), "--warehouse", str(target)])
    if code == 0:
        con = open_read_only(target)
        rejected = con.execute(
            "select count(*) from rejects where file = 'mi_2026-03-31.csv'"
        ).fetchone()[0]
        assert rejected >= 1  # the half-written row is named, not silently loaded
    else:
        assert "mi_2026-03-31.csv" in capsys.readouterr().err


def test_formulas_in_names_load_as_text(loaded):
    raw, target = loaded
    name = '=HYPERLINK("http://x","y")'
    builders.write(raw / "mi_2026-02-28.csv", builders.mi_2025([{"School name": name}]))
    build_warehouse(raw, target, progress=lambda _: None)
    stored = open_read_only(target).execute("select school_name from schools").fetchone()[0]
    assert stored == name  # kept exactly; exports neutralise it (tests/test_export.py)


def test_rebuild_while_the_dashboard_serves(app_env, tmp_path, monkeypatch):
    """Sessions keep answering during a build and show the new warehouse once it is swapped in."""
    import lens.data.queries

    raw = tmp_path / "raw"
    raw.mkdir()
    builders.write(raw / "mi_2026-02-28.csv", builders.mi_2025([{}, {"URN": "900102"}]))
    target = tmp_path / "live.duckdb"
    build_warehouse(raw, target, progress=lambda _: None)
    monkeypatch.setattr(lens.data.queries.SETTINGS, "warehouse_path", target)
    everywhere = "All loaded schools \\(1 local authority\\)"  # one LA is not England
    at = start(la="All loaded schools (1 local authority)")
    assert {m.label: m.value for m in at.metric}[f"Open schools, {everywhere}"] == "2"

    builders.write(
        raw / "mi_2026-02-28.csv", builders.mi_2025([{"URN": f"9002{i:02d}"} for i in range(30)])
    )
    builder = threading.Thread(
        target=build_warehouse, args=(raw, target), kwargs={"progress": lambda _: None}
    )
    builder.start()
    while builder.is_alive():
        at.run()
        assert not at.exception
    builder.join()
    at.run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}[f"Open schools, {everywhere}"] == "30"
