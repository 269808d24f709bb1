"""Models that document and check themselves (etl/model_docs.py): every kept mart has a YAML file
beside its SQL documenting every column; its tests become contracts that hold on the demo and
catch what they are meant to catch; the data page shows the docs."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from etl import model_docs
from etl.model_docs import ModelDocError
from etl.warehouse import KEPT_MARTS
from lens.data.warehouse import open_read_only
from lens.present.ui import md
from tests.conftest import start

DOCS = model_docs.load_all()


@pytest.fixture
def demo_con(demo_warehouse: Path):
    con = open_read_only(demo_warehouse)
    yield con
    con.close()


def _write(folder: Path, text: str, name: str = "things") -> Path:
    path = folder / f"{name}.yml"
    path.write_text(text)
    return path


GOOD = """\
model: things
description: One row per thing.
grain: [id]
columns:
  - name: id
    description: The thing.
    unit: code
    tests: [not_null]
"""


# --- the files match the marts --------------------------------------------------------------


def test_every_kept_mart_has_docs_and_every_doc_is_a_kept_mart():
    assert sorted(DOCS) == sorted(KEPT_MARTS)


def test_every_column_is_documented_and_every_documented_column_exists(demo_con):
    assert model_docs.coverage_problems(demo_con, DOCS, KEPT_MARTS) == []


def test_coverage_names_each_kind_of_mismatch():
    con = duckdb.connect()
    con.execute("create table things (id integer, extra integer)")
    con.execute("create table undocumented (id integer)")
    docs = {
        "things": model_docs.ModelDoc.model_validate(
            {
                "model": "things",
                "description": "d",
                "grain": ["id"],
                "columns": [
                    {"name": "id", "description": "d", "unit": "code"},
                    {"name": "gone", "description": "d", "unit": "code"},
                ],
            }
        ),
        "stray": model_docs.ModelDoc.model_validate(
            {
                "model": "stray",
                "description": "d",
                "grain": ["id"],
                "columns": [{"name": "id", "description": "d", "unit": "code"}],
            }
        ),
    }
    problems = model_docs.coverage_problems(con, docs, ["things", "undocumented"])
    assert problems == [
        "undocumented: no undocumented.yml",
        "stray.yml: not a kept mart",
        "things.extra: not documented",
        "things.gone: documented but not in the model",
    ]
    con.close()


# Being reworked (the report coder): their tests stay minimal, the grain and keys, for now.
MINIMAL_TESTS = {"report_points", "report_parent_sentences", "report_codes", "report_corrections"}


@pytest.mark.parametrize("model", sorted(DOCS))
def test_names_carry_their_units(model):
    """`_share` is a 0-1 share and `_pct` a 0-100 percentage, and both are range-tested."""
    for column in DOCS[model].columns:
        if column.name.endswith("_share"):
            assert column.unit == "share", f"{model}.{column.name}"
        if column.name.endswith("_pct"):
            assert column.unit == "pct", f"{model}.{column.name}"
        if column.unit in ("share", "pct") and model not in MINIMAL_TESTS:
            kinds = {t.kind for t in column.tests}
            assert "range" in kinds, f"{model}.{column.name} has no range test"


# --- bad files fail with file and line -------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "line", "expected"),
    [
        ("tests: [not_null]", 8, "columns.0.tests.0.kind"),  # unknown kind below
        ("unit: code", 7, "columns.0.unit"),
        ("description: The thing.", 6, "columns.0.description"),
    ],
)
def test_a_bad_file_names_the_file_line_and_field(tmp_path, change, line, expected):
    broken = {
        "tests: [not_null]": "tests: [positive]",
        "unit: code": "unit: dollars",
        "description: The thing.": "description: ''",
    }[change]
    path = _write(tmp_path, GOOD.replace(change, broken))
    with pytest.raises(ModelDocError) as error:
        model_docs.load(path)
    assert f"{path}:{line}: {expected}" in str(error.value)


def test_an_unknown_test_kind_is_refused(tmp_path):
    path = _write(tmp_path, GOOD.replace("tests: [not_null]", "tests: [{between: [0, 1]}]"))
    with pytest.raises(ModelDocError, match=r"things\.yml:8: columns\.0\.tests\.0\.kind"):
        model_docs.load(path)


@pytest.mark.parametrize(
    ("test", "message"),
    [
        ("{range: [1, 0]}", "above high"),
        ("{range: [null, null]}", "at least one bound"),
        ("{accepted_values: []}", "non-empty list"),
        ("{accepted_values: [yes, no]}", "quote yes/no"),
        ("{relationship: schools}", "table.column"),
        ("{not_null: true}", "takes no value"),
        ("{range: [0, 1], unique: null}", "one key"),
    ],
)
def test_a_test_with_a_bad_argument_is_refused(tmp_path, test, message):
    path = _write(tmp_path, GOOD.replace("tests: [not_null]", f"tests: [{test}]"))
    with pytest.raises(ModelDocError, match=message):
        model_docs.load(path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GOOD.replace("grain: [id]", "grain: [id, nowhere]"), "grain names undocumented"),
        (GOOD + GOOD[GOOD.index("  - name") :], "documented twice"),
        (GOOD.replace("model: things", "model: other"), "does not match the file name"),
        (GOOD.replace("grain: [id]", "grain: [id]\nowner: me"), "owner"),
        (GOOD.replace("columns:", "columns: [").rstrip() + "\n", ":5: not valid YAML"),
    ],
)
def test_an_inconsistent_file_is_refused(tmp_path, text, expected):
    with pytest.raises(ModelDocError, match=expected):
        model_docs.load(_write(tmp_path, text))


# --- contracts --------------------------------------------------------------------------------


def test_the_generated_contracts_hold_on_the_demo(demo_con):
    contracts = model_docs.warehouse_contracts(demo_con, DOCS)
    assert len(contracts) > len(DOCS) * 3  # a grain and tests per model, not a stub
    broken = {name: n for name, sql in contracts if (n := demo_con.execute(sql).fetchone()[0])}
    assert broken == {}


def test_the_build_stores_the_docs(demo_con):
    rows = demo_con.execute(
        "select model, count(*) filter (where column_name is null), count(column_name) "
        "from model_docs group by model"
    ).fetchall()
    assert {r[0]: (r[1], r[2]) for r in rows} == {
        name: (1, len(doc.columns)) for name, doc in DOCS.items()
    }
    assert (
        demo_con.execute("select count(*) from model_docs where description = ''").fetchone()[0]
        == 0
    )


def _tiny_table() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("create table parents (id integer)")
    con.execute("insert into parents values (1), (2)")
    con.execute("create table things (id integer, code varchar, share double, parent integer)")
    con.execute(
        "insert into things values (1, 'a', 0.5, 1), (2, 'b', 0.0, 2), (3, null, null, null)"
    )
    return con


# (test, the row that breaks it): every kind of test counts the rows that break it, and only those.
BREAKERS = [
    ("not_null", "id", "(null, 'a', 0.5, 1)"),
    ("unique", "id", "(1, 'a', 0.5, 1)"),
    ({"accepted_values": ["a", "b"]}, "code", "(4, 'c', 0.5, 1)"),
    ({"range": [0, 1]}, "share", "(4, 'a', 1.5, 1)"),
    ({"range": [0, 1]}, "share", "(4, 'a', -0.1, 1)"),
    ({"range": [0, None]}, "share", "(4, 'a', -0.1, 1)"),
    ({"range": [None, 1]}, "share", "(4, 'a', 1.5, 1)"),
    ({"relationship": "parents.id"}, "parent", "(4, 'a', 0.5, 3)"),
]


@pytest.mark.parametrize(("test", "column", "row"), BREAKERS)
def test_each_kind_of_test_catches_a_violation(test, column, row):
    con = _tiny_table()
    sql = model_docs.violations_sql("things", column, model_docs.ColumnTest.model_validate(test))
    assert con.execute(sql).fetchone()[0] == 0  # holds on the clean table (nulls pass)
    con.execute(f"insert into things values {row}")  # noqa: S608 - a literal test row
    assert con.execute(sql).fetchone()[0] == 1
    con.close()


def test_the_grain_catches_a_repeated_key():
    con = _tiny_table()
    sql = model_docs.grain_sql("things", ["id", "code"])
    assert con.execute(sql).fetchone()[0] == 0
    con.execute("insert into things values (1, 'a', 0.9, 2), (1, 'a', 0.1, 2)")
    assert con.execute(sql).fetchone()[0] == 2  # the rows beyond the first
    con.close()


def test_a_documented_column_the_warehouse_lacks_is_for_the_coverage_test_not_the_build():
    """Docs and SQL drifting apart fail test_every_column_is_documented..., not every build."""
    con = _tiny_table()
    doc = model_docs.ModelDoc.model_validate(
        {
            "model": "things",
            "description": "d",
            "grain": ["id", "gone"],
            "columns": [
                {"name": "id", "description": "d", "unit": "code", "tests": ["not_null"]},
                {"name": "gone", "description": "d", "unit": "code", "tests": ["not_null"]},
                {
                    "name": "parent",
                    "description": "d",
                    "unit": "code",
                    "tests": [{"relationship": "nowhere.id"}],
                },
                {"name": "code", "description": "d", "unit": "code"},
                {"name": "share", "description": "d", "unit": "share"},
            ],
        }
    )
    contracts = model_docs.warehouse_contracts(con, {"things": doc})
    assert [name for name, _ in contracts] == ["things.id never empty"]
    assert model_docs.coverage_problems(con, {"things": doc}, ["things"]) == [
        "things.gone: documented but not in the model",
        "things.parent: relationship to nowhere.id, which the warehouse lacks",
    ]
    con.close()


# --- the data page ----------------------------------------------------------------------------


def test_data_page_shows_what_each_table_holds(app_env):
    at = start()
    at.switch_page("pages/data_quality.py").run()
    assert not at.exception
    assert any(
        e.label == "What each table of the data holds, column by column" for e in at.expander
    )
    at.selectbox(key="dq_model").set_value("school_satisfaction").run()
    assert not at.exception
    shown = next(df.value for df in at.dataframe if "Checked before each swap" in df.value.columns)
    # in plain words: each column by its label, never by its database name
    from lens.present.vocabulary import plain_name, plain_words

    assert shown["Column"].to_list() == [
        plain_name(c.name) for c in DOCS["school_satisfaction"].columns
    ]
    assert md(plain_words(DOCS["school_satisfaction"].description)) in [
        m.value for m in at.markdown
    ]


def test_the_documentation_names_codes_and_tables_in_the_pages_words(demo_con):
    """The data page's table documentation, as shown and downloaded, reads no code value or
    database name as if it were words ('Cif 2012', 'Predecessors views', 'Model label', 'Gap every
    school'): frameworks, report labels, reasons and flags in the words the pages use for them."""
    from lens.data.warehouse import run
    from lens.present.vocabulary import plain_name, plain_words

    docs = run(demo_con, "model_docs")
    shown = " ".join(
        [plain_words(t) or "" for t in docs["description"].to_list() + docs["checks"].to_list()]
        + [plain_name(c) for c in docs["column_name"].drop_nulls().to_list()]
        + [plain_name(m) for m in set(docs["model"].to_list())]
    )
    for internal in (
        "S5 2005",
        "Cif 2012",
        "Eif 2019",
        "Predecessors views",
        "Parents views",
        "Model label",
        "Model share",
        "hash",
        "Gap every school",
        "Latest oeif",
        "Oe4",
        "Pv 2019",
    ):
        assert internal not in shown, internal
    for words in ("2012-19 framework", "Parents' views", "Only their predecessor's parents' views"):
        assert words in shown, words


# Names whose database name already spells the term an adviser (or Ofsted) uses, so their words
# read like the name with its underscores swapped for spaces: each one checked by a person, not
# made by swapping (lens/present/columns.py names them all).
SAME_AS_THE_NAME = {
    "category_of_concern",
    "engagement_judgements",
    "inspection_judgements",
    "inspection_type",
    "leadership_and_governance",
    "local_authorities",
    "overall_effectiveness",
    "phase_group",
    "question_set",
    "report_card",
    "too_few_responses",
}
_ABBREVIATED = re.compile(
    r"\b(?:Pct|pct|Approx|approx|Num|Cnt|Id|id|Ids|Min|Max|Avg|Ci95|Tau2|tau2)\b"
)
_DOTTED = re.compile(r"\b([a-z][a-z0-9_]*)\.([a-z][a-z0-9_]*)\b")


def _names_in_the_docs() -> set[str]:
    """Every name the table documentation shows: tables, columns, the columns a table's rows are
    unique by, and each name its descriptions and checks mention."""
    from lens.present.vocabulary import _SNAKE

    names = set()
    for row in model_docs.docs_frame(DOCS).iter_rows(named=True):
        names |= {row["model"], row["column_name"]} - {None}
        for text in (row["description"], row["checks"]):
            names |= set(_SNAKE.findall(text or ""))
        if (row["checks"] or "").startswith("one row per "):
            names |= set(row["checks"].removeprefix("one row per ").split(", "))
    return names


def _mechanical(name: str) -> str:
    return name.replace("_", " ").strip().capitalize()


def test_every_name_in_the_documentation_has_words_a_person_chose():
    """A walkthrough found 'Pct agree' and 'Gap arcsine' in the table documentation: names made
    by swapping a database name's underscores for spaces. Every name shown has words of its own,
    none of them that swap (bar the names that already spell the adviser's term) and none
    abbreviated."""
    from lens.present.vocabulary import plain_name

    shown = {name: plain_name(name) for name in sorted(_names_in_the_docs())}
    mechanical = {
        name: words
        for name, words in shown.items()
        if "_" in name and name not in SAME_AS_THE_NAME and words == _mechanical(name)
    }
    assert mechanical == {}
    assert {name: w for name, w in shown.items() if _ABBREVIATED.search(w)} == {}
    assert shown["pct_agree"] == "Share who agree (%)"
    assert shown["gap_arcsine"].startswith("Share on the arcsine scale (")


def test_a_name_without_words_is_refused_not_made_into_words():
    from lens.present.vocabulary import UnknownColumn, plain_name, plain_words

    with pytest.raises(UnknownColumn):
        plain_name("count_new_things")
    with pytest.raises(UnknownColumn):
        plain_words("The sum of count_new_things.")


def test_the_documentation_as_shown_and_downloaded_holds_no_database_name(demo_con):
    """What the data page shows and its download holds, text included: no snake_case name, no
    table.column reference, no file of the project's, no abbreviation ('one row per urn, ...' and
    'found in schools.urn' read in words too)."""
    from lens.data.warehouse import run
    from lens.present.vocabulary import plain_checks, plain_name, plain_words

    docs = run(demo_con, "model_docs")
    texts = (
        [plain_words(t) or "" for t in docs["description"].to_list()]
        + [plain_checks(t) or "" for t in docs["checks"].to_list()]
        + [plain_name(c) for c in docs["column_name"].drop_nulls().to_list()]
        + [plain_name(m) for m in set(docs["model"].to_list())]
    )
    for text in texts:
        assert not re.search(r"\b[a-z][a-z0-9]*_[a-z0-9_]*", text), text
        assert not [m for m in _DOTTED.findall(text) if m != ("e", "g")], text
        assert "etl/" not in text and "schemas/" not in text, text
        assert not _ABBREVIATED.search(text), text
    assert "one row per \u2018URN\u2019, \u2018Parents' views\u2019" in " ".join(texts)
    assert "found in \u2018URN\u2019 of \u2018Schools\u2019" in " ".join(texts)


def test_a_one_word_code_in_the_documentation_reads_in_words():
    """A walkthrough found the trust flags 'surge', 'uniform' and 'inconsistent' left as bare
    words in the table documentation: a code with no underscore reads like a word, so nothing
    caught it. Every code value a column may hold, written in a description, is shown in the words
    the pages use ('‘Sudden rise in submissions’'), and no backtick that marks one is left."""
    from lens.present.columns import DOC_WORDS
    from lens.present.vocabulary import plain_words

    frame = model_docs.docs_frame(DOCS)
    codes = set()
    for checks in frame["checks"].drop_nulls().to_list():
        for part in checks.split("; "):
            if part.startswith("one of "):
                codes |= set(part.removeprefix("one of ").split(", "))
    codes = {c for c in codes if DOC_WORDS.get(c, c).lower() != c.lower()}
    assert {"surge", "uniform", "inconsistent", "engagement4"} <= codes
    for text in frame["description"].drop_nulls().to_list():
        shown = plain_words(text)
        assert "`" not in shown, shown
        for code in codes:
            assert not re.search(rf"(?<![\w‘]){re.escape(code)}(?![\w’])", shown), (code, shown)
    assert "‘Sudden rise in submissions’" in plain_words("flags (over_roll, `surge`)")
