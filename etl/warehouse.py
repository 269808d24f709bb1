"""Write a complete warehouse beside the live one and swap it in only when it is valid.

Each build is written to its own file (`warehouse-<UTC time>.duckdb`) and `warehouse.duckdb`
is a symbolic link swapped to it with one `os.replace`. Readers either keep the file they have
open or resolve the link to the new one; a distinct name per build matters because DuckDB shares
an open database between connections to the same path in one process, so re-opening the old
name would silently keep serving the old data. A build that fails or is killed leaves the link
and the live file untouched; its half-written file is removed by the next build.
"""

from __future__ import annotations

import fcntl
import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from etl import dispersion, model_docs
from etl.coding import measured
from etl.contracts import CONTRACTS
from schemas import coverage, gap_method
from schemas.parent_view import PARENT_VIEW_SETS, QuestionSet
from schemas.scales import FRAMEWORKS, OEIF_AREAS, REPORT_CARD_AREAS, SCALES

SQL_DIR = Path(__file__).parent / "sql"
STAGING_TABLES = (
    "stg_gias_establishments",
    "stg_mi_schools",
    "stg_mi_inspections",
    "stg_mi_judgements",
    "stg_parent_view_answers",
    "stg_questionnaire_counts",
    "stg_engagement_judgements",
    "stg_report_points",
    "stg_report_sentences",
    "stg_report_files",
    "stg_report_corrections",
)
# The version of the warehouse's tables, recorded in build_info.schema_version by every build:
# raise it whenever a build would make a table, a column or a stored value differ from what the
# previous version made (a new model or column, a changed rule or wording), so that a dashboard
# knows a warehouse built by an older pipeline even when no table is missing
# (lens/app/first_run.py: the demonstration data is rebuilt, real data is left as it is with a
# message to run the build again). 1: the first recorded, December 2026; 2: rejects.lines;
# 3: the clustered interval macros; 4: plain words in the table documentation and flag
# reasons, and the spread_about macro; 5: no name made of a code in the table documentation;
# 6: Parent View shares of whole parents everywhere (the approx_count macro); 7: the clustered
# interval with Student's t on k - 1 degrees of freedom (student_t_975), the interval macros NULL
# without a share or anyone answering; 8: the 2019-2025 question set's name counts its 15 figures
# (the load notes); 9: build_info.is_demo only from etl.demo's own builds, never from a
# DEMONSTRATION_DATA.txt in the folder (a real build beside one was marked the demo, showing every
# LA's non-public rows undeclared), and a workbook of mixed layouts is 'mixed layouts: ...', not
# its first sheet's; 10: one-word codes in the table documentation marked (`surge`), so they
# are shown in words; 11: each Parent View file's precision kept with its rows
# (published_decimal_places, rounding_half_points) and its rounding range made from it, half a
# unit of its last decimal place, where every file was read as whole percentages (gap_method's
# rounding_half_points gone).
SCHEMA_VERSION = 11
# Built in this order: each model reads only staging tables and the models before it.
MARTS = (
    "schools",
    "inspections",
    "school_predecessors",  # read by questionnaire_owners: a predecessor's questionnaire
    "inspection_judgements",
    "school_latest_inspections",
    "local_authorities",
    "parent_view_answers",
    "questionnaire_counts",
    "school_satisfaction",
    "questionnaire_owners",  # whose parents answered a questionnaire at inspection: read by two
    "parent_view_positive",
    "parent_view_flags",  # the gap list leaves trust-flagged schools out of its reference groups
    "satisfaction_pairs",
    "gap_reference_members",
    "gap_references",
    "satisfaction_gaps",
    "gap_every_school",
    "questionnaires_at_inspection",
    "engagement_judgements",
    "report_points",
    "report_parent_sentences",
    "report_codes",
    "report_corrections",
    "coder_measured_errors",
    "school_summaries",
    "coverage",
)


# Models that are built for the next ones and dropped before the warehouse is kept.
TEMPORARY_MODELS = frozenset({"gap_reference_members"})
# Models built in Python because SQL cannot express them (an iterative estimate).
PYTHON_MODELS: dict[str, Callable[[duckdb.DuckDBPyConnection], None]] = {
    "gap_references": dispersion.build,
}
KEPT_MARTS = tuple(m for m in MARTS if m not in TEMPORARY_MODELS)


def happy_question_macro(sets: tuple[QuestionSet, ...] = PARENT_VIEW_SETS) -> str:
    """is_happy_question(question_set, question_id): whether a Parent View question is its set's
    "My child is happy at this school" (QuestionSet.happy_question_id), so the models and the
    dashboard's queries never write a question id out; false for a set not declared."""
    cases = " ".join(
        f"when '{qs.question_set}' then '{qs.happy_question_id}'" for qs in sets
    )  # names from schemas/parent_view.py, not from any file read
    return (
        "create or replace macro is_happy_question(question_set, question_id) as "
        f"coalesce(question_id = (case question_set {cases} end), false)"
    )


def phase_group_macro(groups: dict[str, str] = gap_method.PHASE_GROUPS) -> str:
    """phase_group_of(phase): the phase group a school's reference group is drawn by
    (schemas/gap_method.py PHASE_GROUPS; every other phase is 'other')."""
    cases = " ".join(f"when '{phase}' then '{group}'" for phase, group in groups.items())
    return (
        "create or replace macro phase_group_of(phase) as "
        f"coalesce(case phase {cases} end, 'other')"
    )


GENERATED_MACROS = ("is_happy_question", "phase_group_of")  # made by define_macros


def define_macros(con: duckdb.DuckDBPyConnection, folder: str = "macros") -> None:
    """Store the shared formulas (etl/sql/macros, and those made from declarations) in the
    warehouse; `macros/late` holds those that read marts, made once the marts are built (a macro
    is bound when it is made)."""
    if folder == "macros":
        con.execute(happy_question_macro())
        con.execute(phase_group_macro())
    for macro in sorted((SQL_DIR / folder).glob("*.sql")):
        con.execute(macro.read_text())


def build_model(con: duckdb.DuckDBPyConnection, mart: str) -> None:
    """Create one model: its SQL file (etl/sql/marts/<mart>.sql) or its Python builder."""
    if mart in PYTHON_MODELS:
        PYTHON_MODELS[mart](con)
        return
    sql = (SQL_DIR / "marts" / f"{mart}.sql").read_text()
    kind = "temp table" if mart in TEMPORARY_MODELS else "table"
    con.execute(f"create {kind} {mart} as {sql}")


def macro_names() -> list[str]:
    """The macros every warehouse defines (etl/sql/macros), for the dashboard's version check."""
    return sorted(
        [
            name
            for path in (SQL_DIR / "macros").rglob("*.sql")
            for name in re.findall(r"create macro (\w+)", path.read_text(), flags=re.IGNORECASE)
        ]
        + list(GENERATED_MACROS)
    )


class ContractBroken(Exception):
    """The new warehouse failed a contract; it is not swapped in."""


def building_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.building-{os.getpid()}")


def versioned_path(target: Path) -> Path:
    """A new, unique name for a completed build, beside the link."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    return target.with_name(f"{target.stem}-{stamp}{target.suffix}")


def _fsync_directory(directory: Path) -> None:
    handle = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def swap_in(built: Path, target: Path) -> Path:
    """Give a complete build its own name and point the warehouse link at it, atomically."""
    previous = target.resolve() if target.is_symlink() else None
    final = versioned_path(target)
    os.replace(built, final)
    link = target.with_name(f".{target.name}.link-{os.getpid()}")
    link.unlink(missing_ok=True)
    os.symlink(final.name, link)
    os.replace(link, target)
    _fsync_directory(target.parent)
    # Keep the build just replaced (a session may be mid-query on it); older ones go. An open
    # file stays readable after it is unlinked, so no reader loses data.
    for old in target.parent.glob(f"{target.stem}-*{target.suffix}"):
        if old not in (final, previous):
            old.unlink(missing_ok=True)
    return final


@contextmanager
def build_lock(target: Path) -> Iterator[None]:
    """One build at a time per warehouse; stale half-built files are cleared under the lock."""
    target.parent.mkdir(parents=True, exist_ok=True)
    lock_path = target.with_name(f".{target.name}.lock")
    with lock_path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        for stale in target.parent.glob(f".{target.name}.building-*"):
            stale.unlink(missing_ok=True)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def gap_method_tables(
    con: duckdb.DuckDBPyConnection, min_reference_schools: int, min_responses: int = 10
) -> None:
    """The gap list's method as data (schemas/gap_method.py and the two settings), read by the
    models and the pages."""
    method = pl.DataFrame(
        {
            "limit_coverage": [gap_method.LIMIT_COVERAGE],
            "limit_z": [gap_method.LIMIT_Z],
            "warn_coverage": [gap_method.WARN_COVERAGE],
            "warn_z": [gap_method.WARN_Z],
            "winsor_share": [gap_method.WINSOR_SHARE],
            "winsor_consistency": [gap_method.WINSOR_CONSISTENCY],
            "min_reference_schools": [min_reference_schools],
            "min_responses": [min_responses],
            "reference_excluding_flags": [list(gap_method.REFERENCE_EXCLUDING_FLAGS)],
            "reach_max_responses": [gap_method.REACH_MAX_RESPONSES],
        }
    )
    windows = pl.DataFrame({"window_months": list(gap_method.WINDOWS_MONTHS)})
    _frame_table(con, "gap_method", method)
    _frame_table(con, "gap_windows", windows)


def _reference_tables(con: duckdb.DuckDBPyConnection) -> None:
    frameworks = pl.DataFrame([f.model_dump() for f in FRAMEWORKS])
    levels = pl.DataFrame(
        [
            {"scale_id": s.scale_id, "scale_name": s.name, "grade_rank": lv.rank, "label": lv.label}
            for s in SCALES.values()
            for lv in s.levels
        ]
    )
    areas = pl.DataFrame(
        [
            {"area": area, "area_label": label, "is_report_card": is_rc}
            for is_rc, table in ((False, OEIF_AREAS), (True, REPORT_CARD_AREAS))
            for area, (label, _) in table.items()
        ]
    )
    regions = pl.DataFrame({"region": list(coverage.ENGLISH_REGIONS)})
    rule = pl.DataFrame({"min_register_share": [coverage.MIN_REGISTER_SHARE]})
    # the report coder's errors measured on the frozen real test splits (etl/coding/measured.py),
    # staged in memory for the coder_measured_errors model
    con.register("measured_df", measured.load())
    con.execute("create temp table stg_coder_measured_errors as select * from measured_df")
    con.unregister("measured_df")
    _frame_table(con, "english_regions", regions)
    _frame_table(con, "coverage_rule", rule)
    con.register("frameworks_df", frameworks)
    con.register("levels_df", levels)
    con.register("areas_df", areas)
    con.execute("create table frameworks as select * from frameworks_df")
    con.execute("create table grade_scales as select * from levels_df")
    con.execute("create table judgement_areas as select * from areas_df")


CONTRACTS_AT_ONCE = 50  # contract queries run as one statement: a national build has ~450


def _breaches(con: duckdb.DuckDBPyConnection, queries: list[str]) -> list[int]:
    """Each contract query's count of breaches, the queries run 50 at a time as one UNION ALL
    statement (one plan and one round trip instead of 50: the contracts took 1.1 s of CPU one
    by one, 0.8 s so; a single statement of all 450 plans slower again)."""
    counts: list[int] = []
    for first in range(0, len(queries), CONTRACTS_AT_ONCE):
        batch = queries[first : first + CONTRACTS_AT_ONCE]
        union = " union all ".join(
            f"select {number} as number, * from ({query})"  # noqa: S608 - the build's own queries
            for number, query in enumerate(batch)
        )
        found = dict(con.execute(union).fetchall())
        counts += [found[number] for number in range(len(batch))]
    return counts


def _runs_of_one_shape(frames: list[pl.DataFrame]) -> Iterator[pl.DataFrame]:
    """Consecutive frames with the same columns and types, each run as one frame: one insert
    for a run instead of one per file (each costs a few milliseconds, and a national build
    has hundreds of report texts). Rows keep their order."""
    run: list[pl.DataFrame] = []
    for frame in frames:
        if run and frame.schema != run[0].schema:
            yield pl.concat(run, how="vertical", rechunk=False)
            run = []
        run.append(frame)
    if run:
        yield pl.concat(run, how="vertical", rechunk=False)


def _frame_table(con: duckdb.DuckDBPyConnection, name: str, frame: pl.DataFrame) -> None:
    con.register("incoming_df", frame)
    con.execute(f"create table {name} as select * from incoming_df")  # noqa: S608 - fixed names
    con.unregister("incoming_df")


def _load_log_table(
    con: duckdb.DuckDBPyConnection, load_log: pl.DataFrame, file_schools: pl.DataFrame | None
) -> None:
    """load_log with la_codes: the LA codes of the schools each file's loaded rows are about
    (empty when none is a known school)."""
    if file_schools is None:
        file_schools = pl.DataFrame(schema={"file_id": pl.Int64, "urn": pl.Int64})
    con.register("incoming_df", load_log)
    con.register("file_schools_df", file_schools)
    con.execute(
        "create table load_log as select l.*, coalesce(("
        "select list(distinct s.la_code order by s.la_code) from file_schools_df as f "
        "inner join schools as s on s.urn = f.urn where f.file_id = l.file_id"
        "), []::integer[]) as la_codes from incoming_df as l"
    )
    con.unregister("incoming_df")
    con.unregister("file_schools_df")


def write_warehouse(
    target: Path,
    staging: dict[str, list[pl.DataFrame]],
    rejects: pl.DataFrame,
    load_log: pl.DataFrame,
    build_info: pl.DataFrame,
    progress: Callable[[str], None] = lambda _: None,
    *,
    min_reference_schools: int = 30,
    file_schools: pl.DataFrame | None = None,
    min_responses: int = 10,
    memory_limit_mb: int = 1536,
) -> dict[str, int]:
    """Build the whole warehouse in a new file, check its contracts, then swap it in.

    `file_schools` (file_id, urn) says which schools each file's loaded rows are about; the load
    log keeps, per file, the LAs of those schools (la_codes), by which lens/data/scoping.py shows a
    non-public file's line and rejects only to people who may see every one of those LAs. DuckDB
    works within `memory_limit_mb` (beyond it, on disk), so the build's peak stays under 2 GB."""
    new_path = building_path(target)
    docs = model_docs.load_all()  # a bad YAML file stops the build before any work
    try:
        con = duckdb.connect(str(new_path), config={"memory_limit": f"{memory_limit_mb}MB"})
        try:
            for table in STAGING_TABLES:
                con.execute((SQL_DIR / "staging" / f"{table}.sql").read_text())
                for frame in _runs_of_one_shape(staging.get(table, [])):
                    con.register("incoming_df", frame)
                    con.execute(f"insert into {table} by name select * from incoming_df")  # noqa: S608
                    con.unregister("incoming_df")
            _reference_tables(con)
            gap_method_tables(con, min_reference_schools, min_responses)
            define_macros(con)
            for mart in MARTS:
                started = time.perf_counter()
                build_model(con, mart)
                progress(f"      model {mart}: {time.perf_counter() - started:.1f} s")
            define_macros(con, "macros/late")
            _frame_table(con, "rejects", rejects)
            _load_log_table(con, load_log, file_schools)
            _frame_table(con, "build_info", build_info)
            _frame_table(con, "model_docs", model_docs.docs_frame(docs))
            contracts = [*CONTRACTS, *model_docs.warehouse_contracts(con, docs)]
            broken = [
                f"{name}: {count} violation(s)"
                for (name, _query), count in zip(
                    contracts, _breaches(con, [q for _, q in contracts]), strict=True
                )
                if count
            ]
            if broken:
                raise ContractBroken("; ".join(broken))
            counts = {
                table: con.execute(f"select count(*) from {table}").fetchone()[0]  # noqa: S608
                for table in (*KEPT_MARTS, "rejects")
            }
            con.execute("checkpoint")
        finally:
            con.close()
        with new_path.open("rb") as handle:
            os.fsync(handle.fileno())
        swap_in(new_path, target)
        return counts
    finally:
        new_path.unlink(missing_ok=True)
        Path(f"{new_path}.wal").unlink(missing_ok=True)
