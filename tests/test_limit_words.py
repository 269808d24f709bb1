"""Words from constants: the gap list's limits (schemas/gap_method.py LIMIT_COVERAGE) and the
Parent View "happy" question (schemas/parent_view.py happy_question_id) are declared once, and
every page, chart legend, column tooltip, table doc and query derives its words and names from
them. Changing the limit is one constant: a build made with another limit shows that limit
everywhere and the old one nowhere."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import duckdb

from etl.warehouse import happy_question_macro
from schemas import gap_method
from schemas.parent_view import PARENT_VIEW_SETS
from tests.conftest import ROOT

OLD_WORDS = re.compile(r"99\.8|3\.09|\b998\b|_998_|0\.2%")  # the limit as it is today, written out
CODE = [
    *(ROOT / "lens").rglob("*.py"),
    *(ROOT / "lens").rglob("*.sql"),
    *(ROOT / "pages").glob("*.py"),
    *(ROOT / "etl").rglob("*.py"),
    *(ROOT / "etl" / "sql").rglob("*.sql"),
    *(ROOT / "etl" / "sql").rglob("*.yml"),
]


def test_no_file_but_the_declaration_writes_the_limit_out():
    copies = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()[:80]}"
        for path in CODE
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if OLD_WORDS.search(line)
    ]
    assert copies == [], "\n".join(copies)


def test_the_limits_words_are_the_constants():
    from lens.rules import gaps

    assert gap_method.percent(0.998) == "99.8%" and gap_method.percent(0.002) == "0.2%"
    assert gaps.LIMIT_PERCENT == gap_method.percent(gap_method.LIMIT_COVERAGE)
    assert gaps.LIMIT_Z_WORDS == f"{gap_method.LIMIT_Z:.2f}"
    assert gaps.LIMIT_PERCENT in gaps.rule_words.__globals__["RULE_WORDS"]


ANOTHER_LIMIT = r"""
import json, os, sys
from pathlib import Path
from schemas import gap_method
gap_method.LIMIT_COVERAGE = 0.99  # the one constant changed, before anything reads it
gap_method.LIMIT_Z = gap_method.two_sided_z(0.99)
from etl.build import build_warehouse
files, target = Path(sys.argv[1]), Path(sys.argv[2])
build_warehouse(files, target, is_demo=True, progress=lambda _: None)  # the demo, as built
os.environ["LENS_WAREHOUSE_PATH"] = str(target)
os.environ["LENS_RAISE_PAGE_ERRORS"] = "1"
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest
at = AppTest.from_file("dashboard.py", default_timeout=120)
at.query_params["la"] = "England (all local authorities)"
at.run()
at.switch_page("pages/satisfaction.py").run()
assert not at.exception, at.exception
seen = [json.dumps(MessageToDict(node.proto)) for node in at.main if getattr(node, "proto", None)]
from lens.data.warehouse import open_read_only
con = open_read_only(target)
docs = con.execute("select description from model_docs where model = 'satisfaction_gaps'")
docs = docs.fetchall()
stored = con.execute("select limit_coverage, limit_z from gap_method").fetchall()[0]
print(json.dumps({"page": seen, "docs": [d[0] for d in docs], "stored": stored}))
"""


def test_a_build_with_another_limit_says_that_limit_everywhere(demo_warehouse, tmp_path):
    """The limit changed to 99% in one place (a new process, so every module reads it afresh):
    the warehouse stores it, the Satisfaction page, its chart legends and data, its column
    tooltips and the table docs say 99% and 2.58, and nothing says 99.8% or 3.09."""
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    done = subprocess.run(
        [sys.executable, "-c", ANOTHER_LIMIT, str(demo_warehouse.parent / "files"),
         str(tmp_path / "warehouse.duckdb")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["stored"] == [0.99, gap_method.two_sided_z(0.99)]
    page = "\n".join(seen["page"])
    assert "99% limits (gap list)" in page  # a chart's legend and its lines' labels
    assert "\\u00b12.58, the 99% limits" in page or "\u00b12.58, the 99% limits" in page
    assert "beyond +/-2.58 is on the gap list" in page  # the column's tooltip
    assert "If schools differed only as much as schools usually do, about 1% of" in page
    assert not OLD_WORDS.search(page), OLD_WORDS.search(page)
    docs = "\n".join(seen["docs"])
    assert "beyond the 99% limit (2.576)" in docs and not OLD_WORDS.search(docs)


def test_the_happy_question_is_each_sets_declared_one():
    con = duckdb.connect()
    con.execute(happy_question_macro())
    for qs in PARENT_VIEW_SETS:
        ask = "select is_happy_question(?, ?)"
        assert con.execute(ask, [qs.question_set, qs.happy_question_id]).fetchone()[0]
        other = "2" if qs.happy_question_id != "2" else "1"
        assert not con.execute(ask, [qs.question_set, other]).fetchone()[0]
    assert not con.execute("select is_happy_question('pv_1990', '1')").fetchone()[0]
    # a set declaring another id is followed
    moved = tuple(qs.model_copy(update={"happy_question_id": "7"}) for qs in PARENT_VIEW_SETS)
    con.execute(happy_question_macro(moved))
    first = PARENT_VIEW_SETS[0].question_set
    assert con.execute("select is_happy_question(?, '7')", [first]).fetchone()[0]
    assert not con.execute("select is_happy_question(?, '1')", [first]).fetchone()[0]


def test_no_query_writes_a_question_id_out():
    sql = [*(ROOT / "etl" / "sql").rglob("*.sql"), *(ROOT / "lens").rglob("*.sql")]
    written = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sql
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"question_id\s*=\s*'\d+'", line.split("--", 1)[0])
    ]
    assert written == []


def test_the_readme_states_the_limit_the_code_uses():
    """The README is prose, so it writes the limit out: when the constant changes, this fails
    until the method's description says the new one."""
    readme = (ROOT / "README.md").read_text()
    method = readme.split("\n## The gap list: method", 1)[1].split("\n## ", 1)[0]
    assert f"the {gap_method.percent(gap_method.LIMIT_COVERAGE)} limits" in method
    assert f"{gap_method.LIMIT_Z:.3f}" in method
    assert gap_method.percent(1 - gap_method.LIMIT_COVERAGE) in method
