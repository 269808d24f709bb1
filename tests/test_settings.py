"""Every setting is documented in the README and can be set from the environment."""

from __future__ import annotations

from schemas.settings import Settings
from tests.conftest import ROOT


def test_readme_documents_every_setting():
    readme = (ROOT / "README.md").read_text()
    missing = [name for name in Settings.model_fields if f"LENS_{name.upper()}" not in readme]
    assert not missing, f"README does not document: {missing}"


def test_environment_overrides_defaults(monkeypatch):
    monkeypatch.setenv("LENS_MAX_REJECT_SHARE", "0.25")
    assert Settings.from_env().max_reject_share == 0.25
    assert Settings.from_env(max_reject_share=0.1).max_reject_share == 0.1


def test_the_build_works_within_its_memory_limit(tmp_path, monkeypatch):
    """LENS_BUILD_MEMORY_LIMIT_MB reaches the database the build makes its tables in (what keeps
    the national build's peak under 2 GB, README Performance)."""
    import duckdb

    import etl.warehouse

    seen = []
    connect = duckdb.connect

    def spy(path, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        seen.append(kwargs.get("config", {}).get("memory_limit"))
        return connect(path, *args, **kwargs)

    monkeypatch.setenv("LENS_BUILD_MEMORY_LIMIT_MB", "700")
    monkeypatch.setattr(etl.warehouse.duckdb, "connect", spy)
    from etl.build import build_warehouse
    from tests import builders

    raw = tmp_path / "raw"
    raw.mkdir()
    builders.write(
        raw / "Management_information_latest_inspections_as_at_28_Feb_2026.csv",
        builders.mi_2025([{}]),
    )
    build_warehouse(raw, tmp_path / "warehouse.duckdb", progress=lambda _: None)
    assert seen and seen[0] == "700MB"
