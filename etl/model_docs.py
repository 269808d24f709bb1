"""Models that document and check themselves: a YAML file beside each kept mart
(`etl/sql/marts/<model>.yml`) says what a row is, what every column holds and in what unit, and
which tests hold. The build turns each test into a contract query that counts violations, run with
the hand-written ones (etl/contracts.py) before a new warehouse is swapped in, and stores the docs
as the `model_docs` table, which the data page shows.

A file looks like this (one model per file):

    model: school_satisfaction
    description: What a row is and what the table is for.
    grain: [urn, family, data_date]      # the columns that make a row unique (tested)
    columns:
      - name: share_satisfied
        description: ...
        unit: share                      # see Unit
        tests: [not_null, {range: [0, 1]}]

Tests: `not_null`, `unique`, `{accepted_values: [...]}`, `{range: [low, high]}` (either end may be
null: unbounded) and `{relationship: table.column}` (every value is in that table's column). Null
values pass every test but `not_null`, as in dbt. A build runs the tests its warehouse can run;
docs and SQL that disagree (an undocumented column, a documented one the model lacks) fail
tests/test_model_docs.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from string import Template
from typing import Annotated, Literal

import duckdb
import polars as pl
import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from schemas import gap_method

DOCS_DIR = Path(__file__).parent / "sql" / "marts"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10 times faster

# code, text, count, share (0-1), pct (0-100), date, datetime, flag, number, z (standard
# errors), months
Unit = Literal[
    "code", "text", "count", "share", "pct", "date", "datetime", "flag", "number", "z", "months"
]
Name = Annotated[str, StringConstraints(pattern=r"^[a-z_][a-z0-9_]*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class ModelDocError(ValueError):
    """A model's YAML file cannot be read or is not valid; the message names the file and line."""


def _plain(number: float) -> str:
    """A bound as written, never in exponent form: -0.000001, not -1e-06."""
    return f"{number:f}".rstrip("0").rstrip(".") if isinstance(number, float) else str(number)


# --- tests ------------------------------------------------------------------------------------


class ColumnTest(BaseModel):
    """One test on one column; `kind` says which, `value` carries its argument."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["not_null", "unique", "accepted_values", "range", "relationship"]
    value: object = None

    @model_validator(mode="before")
    @classmethod
    def _from_yaml(cls, data: object) -> object:
        """`not_null` or `{range: [0, 1]}` as written in the file -> kind and value."""
        if isinstance(data, str):
            return {"kind": data}
        if isinstance(data, dict) and "kind" in data:
            return data  # already in this form
        if isinstance(data, dict) and len(data) == 1:
            ((kind, value),) = data.items()
            return {"kind": kind, "value": value}
        if isinstance(data, dict):
            raise ValueError(f"a test is one name or a dict with one key, not {sorted(data)}")
        return data

    @model_validator(mode="after")
    def _check_value(self) -> ColumnTest:
        value = self.value
        if self.kind in ("not_null", "unique"):
            if value is not None:
                raise ValueError(f"{self.kind} takes no value")
        elif self.kind == "accepted_values":
            if not isinstance(value, list) or not value:
                raise ValueError("accepted_values needs a non-empty list of values")
            if any(isinstance(v, bool) or not isinstance(v, str | int | float) for v in value):
                raise ValueError("accepted_values may hold only text and numbers (quote yes/no)")
        elif self.kind == "range":
            if not (isinstance(value, list) and len(value) == 2):
                raise ValueError("range needs [low, high] (null for no bound)")
            low, high = value
            for end in value:
                if end is not None and (isinstance(end, bool) or not isinstance(end, int | float)):
                    raise ValueError(f"range bound {end!r} is not a number")
            if low is None and high is None:
                raise ValueError("range needs at least one bound")
            if low is not None and high is not None and low > high:
                raise ValueError(f"range low {low} is above high {high}")
        elif self.kind == "relationship":
            if not (isinstance(value, str) and value.count(".") == 1):
                raise ValueError("relationship needs table.column, e.g. schools.urn")
            for part in value.split("."):
                if not part.isidentifier() or part != part.lower():
                    raise ValueError(f"relationship {value!r} is not table.column")
        return self

    def words(self) -> str:
        """The test as a reader would say it, for the data page."""
        if self.kind == "not_null":
            return "never empty"
        if self.kind == "unique":
            return "unique"
        if self.kind == "accepted_values":
            return "one of " + ", ".join(str(v) for v in self.value)
        if self.kind == "range":
            low, high = (None if v is None else _plain(v) for v in self.value)
            if low is None:
                return f"at most {high}"
            if high is None:
                return f"at least {low}"
            return f"from {low} to {high}"
        return f"found in {self.value}"


class ColumnDoc(BaseModel):
    """One column: what it holds, its unit, and the tests that must hold of it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Name
    description: Text
    unit: Unit
    tests: tuple[ColumnTest, ...] = ()
    # false: an LA's own data, shown to a signed-in user only for their own LAs' schools (the
    # dashboard's scoped connection, lens/data/scoping.py, derives its views from these marks)
    public: bool = True


class ModelDoc(BaseModel):
    """One model's documentation, as in its YAML file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: Name
    description: Text
    grain: tuple[Name, ...] = Field(min_length=1)
    columns: tuple[ColumnDoc, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> ModelDoc:
        names = [c.name for c in self.columns]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ValueError(f"columns documented twice: {', '.join(repeated)}")
        unknown = [g for g in self.grain if g not in names]
        if unknown:
            raise ValueError(f"grain names undocumented column(s): {', '.join(unknown)}")
        return self


# --- loading ----------------------------------------------------------------------------------


def _line_of(node: yaml.Node | None, loc: Iterable[object]) -> int | None:
    """The 1-based line of the YAML node a validation error's location points at (or the
    nearest node above it that exists)."""
    line = None if node is None else node.start_mark.line + 1
    for part in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            child = node.value[part] if part < len(node.value) else None
        if child is None:
            break
        node, line = child, child.start_mark.line + 1
    return line


def method_words() -> dict[str, str]:
    """The gap list's limits as a description names them (`$limit_percent`, `$limit_z`), from
    their one declaration (schemas/gap_method.py), read when the docs are."""
    return {
        "limit_percent": gap_method.percent(gap_method.LIMIT_COVERAGE),
        "limit_z": f"{gap_method.LIMIT_Z:.3f}",
    }


def load(path: Path) -> ModelDoc:
    """Read and validate one model's YAML file; ModelDocError names the file, line and field.
    `$limit_percent` and `$limit_z` in the text are the method's own figures (method_words)."""
    text = Template(path.read_text()).safe_substitute(method_words())
    try:
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as problem:
        mark = getattr(problem, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise ModelDocError(f"{where}: not valid YAML: {problem}") from problem
    if not isinstance(data, dict):
        raise ModelDocError(f"{path}:1: expected a mapping with model, description, grain, columns")
    try:
        doc = ModelDoc.model_validate(data)
    except ValidationError as invalid:
        root = yaml.compose(text, Loader=_LOADER)  # only now: the nodes know their lines
        problems = []
        for error in invalid.errors():
            loc = [p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function"))]
            field = ".".join(str(p) for p in loc) or "(file)"
            problems.append(f"{path}:{_line_of(root, loc) or 1}: {field}: {error['msg']}")
        raise ModelDocError("\n".join(problems)) from invalid
    if doc.model != path.stem:
        raise ModelDocError(f"{path}:1: model: {doc.model!r} does not match the file name")
    return doc


def load_all(directory: Path = DOCS_DIR) -> dict[str, ModelDoc]:
    """Every model's documentation, by model name."""
    return {path.stem: load(path) for path in sorted(directory.glob("*.yml"))}


def non_public_columns(directory: Path = DOCS_DIR) -> dict[str, tuple[str, ...]]:
    """The columns marked `public: false`, by model, in their files' order: declared once, here,
    beside each column's meaning."""
    marked = {
        model: tuple(c.name for c in doc.columns if not c.public)
        for model, doc in load_all(directory).items()
    }
    return {model: columns for model, columns in marked.items() if columns}


# --- contracts --------------------------------------------------------------------------------


def _literal(value: object) -> str:
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return repr(value)


def violations_sql(model: str, column: str, test: ColumnTest) -> str:
    """A query counting the rows of `model` that break `test` on `column` (0: it holds)."""
    table, col = f'"{model}"', f'"{column}"'
    if test.kind == "not_null":
        return f"select count(*) from {table} where {col} is null"  # noqa: S608 - checked names
    if test.kind == "unique":
        return f"select count({col}) - count(distinct {col}) from {table}"  # noqa: S608
    if test.kind == "accepted_values":
        values = ", ".join(_literal(v) for v in test.value)
        return f"select count(*) from {table} where {col} not in ({values})"  # noqa: S608
    if test.kind == "range":
        low, high = test.value
        outside = " or ".join(
            part
            for part in (
                None if low is None else f"{col} < {low!r}",
                None if high is None else f"{col} > {high!r}",
            )
            if part
        )
        return f"select count(*) from {table} where {outside}"  # noqa: S608
    parent, parent_col = test.value.split(".")
    return (
        f"select count(*) from (select {col} as v from {table} where {col} is not null) as child "  # noqa: S608
        f'anti join "{parent}" as parent on parent."{parent_col}" = child.v'
    )


def grain_sql(model: str, grain: Iterable[str]) -> str:
    """A query counting the rows beyond the first for each value of the grain (0: unique)."""
    columns = ", ".join(f'"{c}"' for c in grain)
    return (
        "select coalesce(sum(rows_here - 1), 0) from "  # noqa: S608 - checked names
        f'(select count(*) as rows_here from "{model}" group by {columns} having count(*) > 1)'
    )


def contracts(
    docs: dict[str, ModelDoc], present: dict[str, set[str]] | None = None
) -> list[tuple[str, str]]:
    """Every documented test as (name, query counting violations), as in etl/contracts.py. Given
    the tables and columns `present`, a test that names a missing one is left out."""

    def runs(*names: str) -> bool:
        return present is None or all(
            column in present.get(table, ()) for table, column in (n.split(".") for n in names)
        )

    found = []
    for model, doc in docs.items():
        if runs(*(f"{model}.{c}" for c in doc.grain)):
            grain = (f"{model} is unique on ({', '.join(doc.grain)})", grain_sql(model, doc.grain))
            found.append(grain)
        for column in doc.columns:
            for test in column.tests:
                related = (test.value,) if test.kind == "relationship" else ()
                if runs(f"{model}.{column.name}", *related):
                    name = f"{model}.{column.name} {test.words()}"
                    found.append((name, violations_sql(model, column.name, test)))
    return found


def _present_columns(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    present: dict[str, set[str]] = {}
    for table, column in con.execute(
        "select table_name, column_name from duckdb_columns() where not internal"
    ).fetchall():
        present.setdefault(table, set()).add(column)
    return present


def warehouse_contracts(
    con: duckdb.DuckDBPyConnection, docs: dict[str, ModelDoc]
) -> list[tuple[str, str]]:
    """The contracts a built warehouse can run. Tests on a model, column or related table the
    warehouse lacks are left out rather than failing the build: docs and SQL drifting apart is
    for tests/test_model_docs.py (coverage_problems) to catch, not every build and every test
    that builds a warehouse."""
    return contracts(docs, _present_columns(con))


def coverage_problems(
    con: duckdb.DuckDBPyConnection, docs: dict[str, ModelDoc], models: Iterable[str]
) -> list[str]:
    """What the docs and a built warehouse disagree on, for `models` (the kept marts): a model
    without docs, docs for a model that is not kept, an undocumented column, a documented column
    the model lacks."""
    models = list(models)
    present = _present_columns(con)
    problems = [f"{m}: no {m}.yml" for m in models if m not in docs]
    problems += [f"{m}.yml: not a kept mart" for m in docs if m not in models]
    for model in models:
        if model not in docs:
            continue
        documented = {c.name for c in docs[model].columns}
        have = present.get(model, set())
        problems += [f"{model}.{c}: not documented" for c in sorted(have - documented)]
        problems += [
            f"{model}.{c}: documented but not in the model" for c in sorted(documented - have)
        ]
        problems += [
            f"{model}.{column.name}: relationship to {test.value}, which the warehouse lacks"
            for column in docs[model].columns
            for test in column.tests
            if test.kind == "relationship"
            and test.value.split(".")[1] not in present.get(test.value.split(".")[0], ())
        ]
    return problems


# --- the docs as a table ----------------------------------------------------------------------

DOCS_SCHEMA = {
    "model": pl.String,
    "column_name": pl.String,
    "position": pl.Int32,
    "description": pl.String,
    "unit": pl.String,
    "checks": pl.String,
}


def docs_frame(docs: dict[str, ModelDoc]) -> pl.DataFrame:
    """The docs as rows: one per model (column_name null: the model's description, its grain as
    its check) and one per column, in the files' order."""
    rows = []
    for model, doc in docs.items():
        rows.append((model, None, 0, doc.description, None, f"one row per {', '.join(doc.grain)}"))
        for position, column in enumerate(doc.columns, start=1):
            checks = "; ".join(t.words() for t in column.tests) or None
            rows.append((model, column.name, position, column.description, column.unit, checks))
    return pl.DataFrame(rows, schema=DOCS_SCHEMA, orient="row")
