"""Non-public rows filtered in one place: the connection a signed-in user's queries run on.

Two sources are not public: an LA's own parent surveys and its advisers' engagement judgements.
With sign-in on (lens/auth/access.py), a user sees those only for the LAs their address is given.
Rather than trust every query in lens/data/sql/ to remember that, the connection itself is scoped:
temporary views with the stored tables' names shadow them (DuckDB looks an unqualified name up in
the temp catalog before the database's own), keeping the user's LAs' non-public rows and every
public row. A query, an export or a PDF pack reads the same names and so gets the same rows, and an
England figure from those two sources covers only the user's LAs.

DuckDB keeps temporary objects per connection, and `con.cursor()` opens a new connection to the
same database, so views made on the connection are invisible to its cursors (lens/data/warehouse.run
queries on a cursor, for threads). A scoped connection therefore makes the views on every cursor
it hands out, and keeps finished cursors for reuse: making them costs several milliseconds, a
cached cursor nothing. The warehouse stays read-only; nothing here writes to it.

What is not public, row by row (tests/test_access.py checks every table of a built warehouse
is either listed here or known to be public):
- engagement_judgements: every row (the school's LA, from schools, decides);
- questionnaire_counts: rows not from questionnaires returned at inspection (own surveys);
- school_satisfaction, satisfaction_pairs, satisfaction_gaps, gap_every_school: rows of families
  other than Parent View and the at-inspection questionnaires (own surveys); the macro gap_rows
  reads these names, so it sees the same rows;
- gap_references: a group of a non-public family is drawn from one LA's schools only (its
  reference_scope is that LA's code: etl/sql/marts/satisfaction_pairs.sql), so the groups kept
  are those of the user's LAs, every figure of them (share, spread, size, reachable range) made
  of the user's own schools. A non-public group whose scope is anything else (a national one,
  were a build ever to make it) is dropped;
- parent_view_flags: 'disagrees_with_survey' (its reason quotes the survey's figures);
- school_summaries: its columns marked `public: false` in etl/sql/marts/school_summaries.yml
  (the engagement judgement's), and that flag in its list of Parent View flags;
- load_log and rejects: a file of a layout not known to be public (own surveys, engagement
  judgements, and anything new) is the LAs' whose schools its loaded rows are about
  (load_log.la_codes, from the build): its load-log line (name, counts, dates) and its rejects
  (survey answers and judgements, which carry no school to scope them by) are kept only when the
  user's LAs include every one of those LAs and there is at least one. A reject belongs to its
  file by file_id, one key given by the build, never by comparing names (a workbook's rejects
  name its sheet). A reject whose file is not in the load log is dropped. A workbook whose sheets
  are of different layouts is 'mixed layouts: ...' (etl/readers/detect.py), never public: a
  public sheet first does not make another LA's own survey on the next one public.
Each filter keeps what is known to be public and the user's LAs' rows, so a source added later
is hidden until it is classified here.
"""

from __future__ import annotations

import queue
from collections.abc import Iterable

import duckdb

from etl.model_docs import non_public_columns

# What is public, named so that anything new is treated as non-public until listed.
PUBLIC_QUESTIONNAIRE_SOURCES = ("at_inspection",)
PUBLIC_FAMILY_PREFIXES = ("parent_view_",)
PUBLIC_FAMILIES = ("questionnaire_at_inspection",)
PUBLIC_FLAGS = ("over_roll", "surge", "uniform", "inconsistent")
# Layouts of published files (lens/data/sql names them too): a file of any other layout is
# non-public.
PUBLIC_LAYOUT_PREFIXES = ("ofsted_mi_", "gias_", "parent_view_")
PUBLIC_LAYOUTS = ("questionnaire_at_inspection", "inspection_report_text", "report_corrections")
NON_PUBLIC_LAYOUTS = ("questionnaire_own_survey", "engagement_judgements")  # for the tests
# Columns that are an LA's own data in an otherwise public table, declared once beside their
# meaning (`public: false` in etl/sql/marts/<model>.yml); each such model's view below keeps them
# only for the user's LAs.
NON_PUBLIC_COLUMNS = non_public_columns()
# Tables with no non-public rows: every source here is published, or is the warehouse's own
# bookkeeping. report_corrections are advisers' relabellings of published report text.
PUBLIC_TABLES = frozenset(
    {
        "build_info",
        "coder_measured_errors",  # the report coder's errors on published report sentences
        "coverage",  # counts of schools and regions from published files only
        "coverage_rule",
        "english_regions",
        "frameworks",
        "gap_method",
        "gap_windows",
        "grade_scales",
        "inspection_judgements",
        "inspections",
        "judgement_areas",
        "local_authorities",
        "model_docs",
        "parent_view_answers",
        "parent_view_positive",
        "questionnaire_owners",  # questionnaires returned at inspection only (published)
        "questionnaires_at_inspection",
        "report_codes",
        "report_corrections",
        "report_parent_sentences",
        "report_points",
        "school_latest_inspections",
        "school_predecessors",
        "schools",
    }
)
KEPT_CURSORS = 8  # about the number of sessions that query at one moment on one process


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _text_list(values: Iterable[str]) -> str:
    return ", ".join("'" + value.replace("'", "''") + "'" for value in values)


# Each shadowing view's SELECT. {stored} is the database's own schema, named in full: inside a
# temporary view `main` alone would name the temp catalog's schema, and the view would read itself.
VIEWS = {
    "engagement_judgements": "select * from {stored}.engagement_judgements where {in_scope}",
    "questionnaire_counts": (
        "select * from {stored}.questionnaire_counts where source in ({public_sources}) "
        "or {in_scope}"
    ),
    "school_satisfaction": (
        "select * from {stored}.school_satisfaction where ({public_family}) or {in_scope}"
    ),
    "satisfaction_pairs": (
        "select * from {stored}.satisfaction_pairs where ({public_family}) or {in_scope}"
    ),
    "satisfaction_gaps": (
        "select * from {stored}.satisfaction_gaps where ({public_family}) or {in_scope}"
    ),
    "gap_every_school": (
        "select * from {stored}.gap_every_school where ({public_family}) or {in_scope}"
    ),
    "gap_references": (
        "select * from {stored}.gap_references where ({public_family}) or {own_scope}"
    ),
    "parent_view_flags": (
        "select * from {stored}.parent_view_flags where flag in ({public_flags}) or {in_scope}"
    ),
    "school_summaries": "select * replace ({summaries_replaced}) from {stored}.school_summaries",
    "load_log": "select * from {stored}.load_log where {file_shown}",
    "rejects": (
        "select r.* from {stored}.rejects as r where r.file_id in "
        "(select file_id from {stored}.load_log where {file_shown})"
    ),
}
NON_PUBLIC_TABLES = frozenset(VIEWS)
COLUMN_VIEWS = ("school_summaries",)  # the views that keep marked columns for the user's LAs


def check_marks(marks: dict[str, tuple[str, ...]]) -> None:
    """Refuse to run when a column is marked non-public in a model no view hides it in: such a
    column would otherwise reach every user."""
    unscoped = sorted(set(marks) - set(COLUMN_VIEWS))
    if unscoped:
        raise RuntimeError(f"columns marked non-public with no scoping view: {unscoped}")


check_marks(NON_PUBLIC_COLUMNS)
IN_SCOPE = "urn in (select urn from {stored}.schools where {own_la})"  # a school in the user's LAs


def _public_family(column: str) -> str:
    return " or ".join(
        [f"starts_with({column}, {_text_list([p])})" for p in PUBLIC_FAMILY_PREFIXES]
        + [f"{column} in ({_text_list(PUBLIC_FAMILIES)})"]
    )


def _file_shown(codes: str) -> str:
    """A load-log line (and its rejects) shown: a public layout's, or a file whose LAs are all
    the user's."""
    public = " or ".join(
        [f"starts_with(layout_id, {_text_list([p])})" for p in PUBLIC_LAYOUT_PREFIXES]
        + [f"layout_id in ({_text_list(PUBLIC_LAYOUTS)})"]
    )
    if not codes:
        return f"({public})"
    return f"({public}) or (len(la_codes) > 0 and list_has_all([{codes}], la_codes))"


def view_definitions(database: str, la_codes: Iterable[int]) -> dict[str, str]:
    """The SELECT behind each shadowing view, for a user limited to `la_codes`."""
    chosen = sorted({int(code) for code in la_codes})
    codes = ", ".join(str(code) for code in chosen)
    own_la = f"la_code in ({codes})" if codes else "false"
    scopes = [str(code) for code in chosen]  # an own-survey group's reference_scope: its LA
    public_flags = _text_list(PUBLIC_FLAGS)
    parts = {
        "stored": f"{_quoted(database)}.main",
        "in_scope": IN_SCOPE.format(stored=f"{_quoted(database)}.main", own_la=own_la),
        "public_sources": _text_list(PUBLIC_QUESTIONNAIRE_SOURCES),
        "public_family": _public_family("family"),
        "own_scope": f"reference_scope in ({_text_list(scopes)})" if scopes else "false",
        "public_flags": public_flags,
        "file_shown": _file_shown(codes),
        "summaries_replaced": ", ".join(
            [
                f"case when {own_la} then {column} end as {column}"
                for column in NON_PUBLIC_COLUMNS["school_summaries"]
            ]
            + [
                f"case when {own_la} then parent_view_flags else nullif(array_to_string("
                f"list_filter(string_split(parent_view_flags, ', '), lambda f: f in "
                f"({public_flags})), ', '), '') end as parent_view_flags"
            ]
        ),
    }
    # Only the database's quoted name, validated LA codes (ints) and this module's constants
    # are put into the SQL: nothing a user types.
    return {name: select.format(**parts) for name, select in VIEWS.items()}  # noqa: S608


def views_script(con: duckdb.DuckDBPyConnection, la_codes: Iterable[int]) -> str:
    """One script that makes every shadowing view on whichever connection runs it."""
    database = con.execute("select current_database()").fetchone()[0]
    return ";\n".join(
        f"create or replace temp view {name} as {select}"
        for name, select in view_definitions(database, la_codes).items()
    )


class ScopedConnection:
    """A read-only warehouse connection whose cursors see only `la_codes`' non-public rows.

    Stands in for the DuckDB connection lens/data/warehouse.run takes: `cursor()` hands out a cursor
    with the views made (a kept one when there is one), and the views are made on the connection
    itself too, so a caller that queries it directly is scoped the same way. Anything else is
    passed to the connection.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, la_codes: Iterable[int]) -> None:
        self.la_codes = tuple(sorted({int(code) for code in la_codes}))
        self._con = con
        self._script = views_script(con, self.la_codes)
        con.execute(self._script).fetchall()  # to its end: DuckDB 2.0 wants results finished
        self._kept: queue.SimpleQueue[duckdb.DuckDBPyConnection] = queue.SimpleQueue()

    def cursor(self) -> _KeptCursor:
        try:
            cursor = self._kept.get_nowait()
        except queue.Empty:
            cursor = self._con.cursor()
            cursor.execute(self._script).fetchall()
        return _KeptCursor(cursor, self._kept)

    def __getattr__(self, name: str):  # noqa: ANN204 - whatever the connection has
        return getattr(self._con, name)


class _KeptCursor:
    """A scoped cursor that goes back to its connection's store when closed, views and all."""

    def __init__(self, cursor: duckdb.DuckDBPyConnection, kept: queue.SimpleQueue) -> None:
        self._cursor = cursor
        self._kept = kept

    def close(self) -> None:
        if self._kept.qsize() < KEPT_CURSORS:
            self._kept.put(self._cursor)
        else:
            self._cursor.close()

    def __getattr__(self, name: str):  # noqa: ANN204 - whatever the cursor has
        return getattr(self._cursor, name)
