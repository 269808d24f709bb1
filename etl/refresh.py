"""`python -m etl refresh`: fetch the latest published files, then build from the raw folder; one
exit code and one summary, for a schedule (deploy/OPERATIONS.md).

Exit codes, the worst that happened: 0 every file fetched (or already here) and the warehouse
built; 1 the fetch was incomplete (a page, file or day could not be had; what did arrive was still
built); 2 the build failed (nothing was replaced: the previous warehouse is still in use). When
the fetch failed and brought nothing new, nothing is built: the warehouse in use already holds
what the raw folder holds.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from etl.build import BuildReport, build_warehouse
from etl.errors import FileProblem
from etl.fetch import cli as fetch_cli
from etl.fetch.sources import SOURCE_LABELS
from etl.warehouse import ContractBroken
from schemas.settings import Settings

if TYPE_CHECKING:
    from etl.fetch.run import FetchReport

EXIT_OK = 0
EXIT_FETCH_INCOMPLETE = fetch_cli.EXIT_INCOMPLETE  # 1, as `fetch` says it
EXIT_BUILD_FAILED = 2  # as `build` says it


@dataclass
class Refresh:
    """What one refresh did: the fetch's report, the build's (or why there was none)."""

    warehouse: Path
    fetched: FetchReport | None = None
    fetch_crash: str = ""  # an unexpected error that stopped the fetch
    built: BuildReport | None = None
    build_problem: str = ""  # why the build failed, or "" when it did not
    not_built: str = ""  # why the build was not run, or ""
    lines: list[str] = field(default_factory=list)

    @property
    def code(self) -> int:
        if self.build_problem:
            return EXIT_BUILD_FAILED
        if self.fetch_crash or (self.fetched and not self.fetched.ok):
            return EXIT_FETCH_INCOMPLETE
        return EXIT_OK


def add_parser(commands: argparse._SubParsersAction, settings: Settings) -> None:
    refresh = commands.add_parser(
        "refresh",
        help="fetch the latest published files, then build: for a schedule",
        description="Fetch (as `fetch`), then build the warehouse from the raw folder (as "
        "`build`), with one summary. Exit 0: all fetched and built; 1: the fetch was incomplete "
        "(what arrived was built); 2: the build failed and the previous warehouse is still in use.",
    )
    fetch_cli.add_options(refresh, settings.raw_dir)
    refresh.add_argument(
        "--warehouse", type=Path, default=settings.warehouse_path, help="DuckDB file to replace"
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    result = refresh(args, settings)
    out = sys.stdout if result.code == EXIT_OK else sys.stderr
    print("\n".join(result.lines), file=out)
    return result.code


def refresh(args: argparse.Namespace, settings: Settings) -> Refresh:
    """Fetch, then build unless the fetch failed and brought nothing; the summary in `lines`."""
    result = Refresh(args.warehouse)
    try:
        result.fetched = fetch_cli.fetch_with(args)
    except Exception as error:  # a bug or a full disk: still one summary and one exit code
        traceback.print_exc()
        result.fetch_crash = f"{type(error).__name__}: {error}"
    fetched = result.fetched
    if result.fetch_crash or not (fetched and (fetched.ok or fetched.fetched)):
        result.not_built = (
            "not run: the fetch failed and nothing new arrived, so the warehouse in use "
            "already holds what the raw folder holds"
        )
    else:
        print("building the warehouse from", args.raw)
        try:
            result.built = build_warehouse(args.raw, args.warehouse, settings=settings)
        except (FileProblem, ContractBroken) as problem:
            result.build_problem = str(problem)
        except Exception as error:  # as above: said, and the previous warehouse kept
            traceback.print_exc()
            result.build_problem = f"{type(error).__name__}: {error}"
    result.lines = summary(result, args.raw)
    return result


def summary(result: Refresh, raw: Path) -> list[str]:
    """The closing summary: what was fetched, what was built, or what failed and which warehouse
    is still in use."""
    lines = ["refresh summary:"]
    fetched = result.fetched
    if result.fetch_crash:
        lines.append(f"  fetch: stopped by an unexpected error: {result.fetch_crash}")
    elif fetched is not None:
        lines.append(
            f"  fetch: {len(fetched.fetched)} new, {len(fetched.skipped)} already here, "
            f"{len(fetched.failures)} failed (into {raw})"
        )
        for entry in fetched.fetched:
            label = SOURCE_LABELS.get(entry.source, entry.source)
            lines.append(f"    new: {entry.file} ({label}, as at {entry.as_at})")
            if entry.why_chosen:
                lines.append(f"      {entry.why_chosen}")
        for name in fetched.replaced:
            lines.append(f"    replaced {name}: its contents differed from the published file")
        for failure in fetched.failures:
            lines.append(f"    failed: {fetch_cli.said(failure)}")
    if result.built is not None:
        built = result.built
        loaded = sum(f.rows_loaded for f in built.files)
        rejected = sum(f.rows_rejected for f in built.files)
        lines.append(
            f"  build: {len(built.files)} files, {loaded:,} rows loaded, {rejected:,} rejected; "
            f"{built.warehouse} swapped in after {built.seconds:.1f} s"
        )
    elif result.build_problem:
        lines.append(f"  build: failed: {result.build_problem}")
        lines.append(f"  nothing was replaced: {_in_use(result.warehouse)}")
    else:
        lines.append(f"  build: {result.not_built}")
        lines.append(f"  {_in_use(result.warehouse)}")
    said = {
        EXIT_OK: "complete",
        EXIT_FETCH_INCOMPLETE: "the fetch was incomplete; run it again (downloads resume)",
        EXIT_BUILD_FAILED: "the build failed, for the reason above",
    }[result.code]
    lines.append(f"  result: {said} (exit code {result.code})")
    return lines


def _in_use(warehouse: Path) -> str:
    """Which warehouse people are using now, as the link says."""
    if warehouse.is_symlink():
        return f"the previous warehouse is still in use ({warehouse} -> {warehouse.readlink()})"
    if warehouse.exists():
        return f"the previous warehouse is still in use ({warehouse})"
    return f"no warehouse exists yet at {warehouse}"
