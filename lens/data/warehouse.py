"""The dashboard's only way to the data: a read-only DuckDB connection and named, bound queries.

Queries live in lens/data/sql/<name>.sql and take `$name` parameters; user input is only ever bound
as a value, never pasted into SQL. External file access is disabled and locked after opening, so
even a query that got through could not read a file.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import duckdb
import polars as pl

SQL_DIR = Path(__file__).parent / "sql"


class WarehouseMissing(Exception):
    """No warehouse file where the settings say it is."""


def current_file(path: Path) -> tuple[str, int]:
    """The build the warehouse link points at now, and its modification time.

    Each build has its own file name, so the name itself says when the ETL has swapped a new one
    in; opening that name (never the link's) keeps DuckDB from handing back the old database it
    still has open under the link's path.
    """
    try:
        real = path.resolve(strict=True)
    except FileNotFoundError as missing:
        raise WarehouseMissing(str(path)) from missing
    return str(real), real.stat().st_mtime_ns


def open_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(
        str(path),
        read_only=True,
        config={"enable_external_access": False, "lock_configuration": True},
    )


@cache
def sql_text(name: str) -> str:
    path = SQL_DIR / f"{name}.sql"
    if not path.is_file():
        raise KeyError(f"no query named {name!r}")
    return path.read_text()


@cache
def parameter_names(name: str) -> frozenset[str]:
    """The $names a query binds (comments excluded)."""
    code = "\n".join(line.split("--", 1)[0] for line in sql_text(name).splitlines())
    return frozenset(re.findall(r"\$([a-z_][a-z0-9_]*)", code))


def missing_parts(
    con: duckdb.DuckDBPyConnection, tables: tuple[str, ...], macros: list[str]
) -> list[str]:
    """The tables (or `table.column`s) and macros this version of the dashboard needs that a
    warehouse lacks (one built by an older version)."""
    have = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    have |= {
        f"{table}.{column}"
        for table, column in con.execute(
            "select table_name, column_name from duckdb_columns() where not internal"
        ).fetchall()
    }
    have |= {
        r[0]
        for r in con.execute(
            "select function_name from duckdb_functions() "
            "where function_type in ('macro', 'table_macro')"
        ).fetchall()
    }
    return [name for name in (*tables, *macros) if name not in have]


def run(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> pl.DataFrame:
    """Run a named query on its own cursor (safe across threads), binding the values it names.

    Pages pass their whole filter selection; each query binds just the names it declares, and a
    name it declares but was not given is an error, never a silent NULL.
    """
    wanted = parameter_names(name)
    missing = wanted - params.keys()
    if missing:
        raise KeyError(f"query {name!r} needs parameter(s) {sorted(missing)}")
    cursor = con.cursor()
    try:
        return cursor.sql(sql_text(name), params={k: params[k] for k in wanted}).pl()
    finally:
        cursor.close()
