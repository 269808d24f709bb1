"""Attack 8, finding 2: a file named DEMONSTRATION_DATA.txt made a real build the demonstration.

The build took any file of that name in the folder as the demo generator's marker, so a real build
beside one (a folder seeded from data/demo, LENS_DEMO_DIR and LENS_RAW_DIR the same folder, or
anyone who can drop a file into data/raw) was labelled 'fictional', and a deployment that had not
declared non-public data then showed every LA's engagement judgements and own surveys to anyone.
Only the demo's own builder marks a build now (build_warehouse(is_demo=True)); a build of a folder
is real data whatever it holds.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from etl.build import DEMO_MARKER
from lens.app import sign_in
from tests.conftest import shared_build
from tests.security.test_fail_open import NON_PUBLIC_QUESTIONS

REAL_FILES = (
    "edubasealldata*.csv",
    "ofsted_mi_latest_inspections_2026-10-31.csv",
    "parent_view_school_level_2019-07-31.csv",
    "la_parent_survey_*.csv",
    "engagement_judgements_*.csv",
    DEMO_MARKER,  # the generator's own marker, word for word
)


@pytest.fixture(scope="session")
def marked_real_build(demo_warehouse: Path, tmp_path_factory) -> tuple[Path, str]:
    """Published files with non-public ones beside them and the marker, built as an operator
    builds real data (`python -m etl build`): the warehouse and what the command printed."""

    def make(base: Path) -> tuple[Path, str]:
        import contextlib
        import io

        from etl.__main__ import main

        files = base / "raw"
        files.mkdir()
        for pattern in REAL_FILES:
            for path in (demo_warehouse.parent / "files").glob(pattern):
                shutil.copy(path, files / path.name)
        assert (files / DEMO_MARKER).is_file()
        target = base / "warehouse.duckdb"
        said = io.StringIO()
        with contextlib.redirect_stdout(said):
            code = main(["build", "--raw", str(files), "--warehouse", str(target)])
        assert code == 0
        return target, said.getvalue()

    return shared_build(tmp_path_factory, "demo-marker", make)


def test_a_marker_file_does_not_make_a_real_build_the_demonstration(marked_real_build):
    warehouse, said = marked_real_build
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select is_demo from build_info").fetchone() == (False,)
        # the non-public rows are in the warehouse: it is the scope that must hide them
        assert con.execute("select count(*) from engagement_judgements").fetchone()[0] > 0
    assert f"ignored {DEMO_MARKER}: a build of a folder is real data" in said


def test_an_undeclared_deployment_hides_its_non_public_rows(
    marked_real_build, app_env, monkeypatch, dashboard
):
    """Without LENS_SERVES_NON_PUBLIC and sign-in: no engagement judgement or own-survey row, no
    such file in the load log, and no 'fictional' label on the real figures."""
    import lens.data.queries
    from lens.data.queries import ask

    monkeypatch.setattr(lens.data.queries.SETTINGS, "warehouse_path", marked_real_build[0])
    for name, params in NON_PUBLIC_QUESTIONS.items():
        assert ask(name, **params).is_empty(), name
    layouts = ask("load_log")["layout_id"].to_list()
    assert "questionnaire_own_survey" not in layouts and "engagement_judgements" not in layouts
    at = dashboard(None, None, "pages/engagement.py")
    assert not at.exception
    assert sign_in.NOT_SERVED in [c.value for c in at.sidebar.caption]
    assert not any("fictional" in str(w.value).lower() for w in [*at.warning, *at.info])
