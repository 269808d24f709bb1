"""Symbolic links in the folder of published files were followed: anyone able to put a file in
`data/raw/` could link to any file the server can read (a secrets file, another deployment's
surveys), and the build read it as a published file, showing its rows on the rejects page. A link
there or in `data/raw/reports/`, wherever it points (outside, inside, nowhere, to a folder), is now
listed and refused unread, named in the load log and rejects, and the build goes on; a `reports`
folder that is a link is not looked into.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from etl.build import discover
from etl.readers.detect import read_file
from schemas.parent_view import OVERALL_STATEMENT, QUESTIONNAIRE_STATEMENTS
from tests import builders
from tests.security.builds import etl_build, with_published_files

SECRET = "a secret held outside the folder"
LINK = "a link to another file (a symbolic link), not a file itself: links in the folder of"
REFUSED = "refused_unread"  # of no known layout: its load-log line and reject are shown to no one
SURVEY = "la_parent_survey_2026-06-30.csv"


def secret_survey(path: Path) -> Path:
    """An own survey the server holds elsewhere: 20 answers and one whose answer, rejected,
    would be shown on the rejects page."""
    statement = QUESTIONNAIRE_STATEMENTS[OVERALL_STATEMENT]
    rows = [(f"r{n}", "900101", "15/03/2026", statement, "Agree") for n in range(20)]
    rows.append(("r20", "900101", "15/03/2026", statement, SECRET))
    path.parent.mkdir(parents=True, exist_ok=True)
    return builders.write(path, builders.own_survey(rows))


def links(raw: Path, outside: Path) -> dict[str, Path]:
    """Every kind of link, each named as a file the build reads."""
    (raw / "reports").mkdir(parents=True)
    secret = secret_survey(outside / "surveys" / "their_survey.csv")
    inside = secret_survey(raw / "our_survey.dat")  # a name the build does not read
    made = {
        SURVEY: secret,  # outside the folder
        "la_parent_survey_2026-05-31.csv": inside,  # inside it: harmless, refused all the same
        "la_parent_survey_2026-04-30.csv": outside / "gone.csv",  # to nothing
        "reports/report_100001_2026-01-15.txt": secret,  # in the reports folder
        "ofsted_mi_latest_inspections_2026-09-30.csv": outside / "surveys",  # to a folder
    }
    for name, target in made.items():
        (raw / name).symlink_to(target)
    return {name: raw / name for name in made}


def test_the_secret_is_a_file_the_reader_would_show(tmp_path):
    """What a link would have shown: the file read as it is, its rejected answer on the page."""
    result = read_file(secret_survey(tmp_path / SURVEY), date(2026, 6, 30))
    assert SECRET in result.rejects["value"].to_list()


@pytest.mark.parametrize(
    "name",
    [
        SURVEY,
        "la_parent_survey_2026-05-31.csv",
        "la_parent_survey_2026-04-30.csv",
        "reports/report_100001_2026-01-15.txt",
        "ofsted_mi_latest_inspections_2026-09-30.csv",
    ],
)
def test_every_link_is_listed_and_refused_unread(tmp_path, name):
    raw = tmp_path / "raw"
    made = links(raw, tmp_path / "outside")
    readable, _ = discover(raw)
    assert made[name] in readable
    result = read_file(made[name], date(2026, 6, 30))
    assert result.tables == {}
    assert result.layout_id == REFUSED
    assert result.rejects["file"].to_list() == [made[name].name]
    (reason,) = result.rejects["reason"].to_list()
    assert reason.startswith(LINK) and "refused unread" in reason
    assert result.rejects["action"].to_list() == ["file rejected"]
    assert SECRET not in str(result.rejects.rows())


def test_a_reports_folder_that_is_a_link_is_not_looked_into(tmp_path):
    raw, elsewhere = tmp_path / "raw", tmp_path / "elsewhere"
    raw.mkdir()
    secret_survey(elsewhere / "report_100001_2026-01-15.txt")
    (raw / "reports").symlink_to(elsewhere)
    secret_survey(raw / SURVEY)
    readable, _ = discover(raw)
    assert readable == [raw / SURVEY, raw / "reports"]  # the link itself, refused when read
    assert read_file(raw / "reports", None).rejects["reason"][0].startswith(LINK)


def test_the_build_refuses_them_and_goes_on(demo_warehouse, tmp_path):
    """`python -m etl build` with every kind of link beside the published files: exit 0, the
    other files loaded, each link named in the build's output, the load log and the rejects, and
    nothing of the files they point at anywhere in the warehouse."""
    raw = tmp_path / "raw"
    made = links(raw, tmp_path / "outside")
    with_published_files(raw, demo_warehouse)
    target = tmp_path / "warehouse.duckdb"
    done = etl_build(raw, target)
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"rejected as a whole, the build going on without it: {LINK}" in done.stdout
    with duckdb.connect(str(target), read_only=True) as con:
        assert con.execute("select count(*) from schools").fetchone()[0] > 0
        refused = con.execute(
            "select l.file, l.layout_id, l.sha256, r.reason from load_log as l "
            "join rejects as r using (file_id) where starts_with(r.reason, ?)",
            [LINK],
        ).fetchall()
        values = con.execute("select string_agg(coalesce(value, ''), ' ') from rejects").fetchone()
    assert sorted(file for file, *_ in refused) == sorted(path.name for path in made.values())
    assert {(layout, sha) for _, layout, sha, _ in refused} == {(REFUSED, None)}
    assert SECRET not in (values[0] or "")
