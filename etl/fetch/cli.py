"""The `fetch` subcommand: its options, and what it prints and returns."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from etl.fetch.errors import FetchError
from etl.fetch.sources import ENV_GIAS_URL, ENV_GOVUK_API, GIAS_DAYS, SOURCES

if TYPE_CHECKING:
    from etl.fetch.run import FetchReport

EXIT_INCOMPLETE = 1


def add_parser(commands: argparse._SubParsersAction, raw_dir: Path) -> None:
    fetch = commands.add_parser(
        "fetch",
        help="download the latest published files into the raw folder",
        description="Download the latest Ofsted monthly MI, Parent View releases and GIAS "
        "extract into the raw folder, checked, with a manifest (fetch_manifest.json). Files "
        "already here are skipped; an interrupted download is resumed. Proxies are taken from "
        "HTTPS_PROXY / HTTP_PROXY / NO_PROXY.",
    )
    add_options(fetch, raw_dir)


def add_options(fetch: argparse.ArgumentParser, raw_dir: Path) -> None:
    """The fetch's options, shared by `fetch` and `refresh`."""
    fetch.add_argument("--raw", type=Path, default=raw_dir, help="folder to download into")
    fetch.add_argument(
        "--source",
        choices=SOURCES,
        action="append",
        help="only this source (repeat for several); all three by default",
    )
    fetch.add_argument(
        "--govuk-api",
        help=f"GOV.UK Content API base (default ${ENV_GOVUK_API}, else the live one)",
    )
    fetch.add_argument(
        "--gias-url", help=f"GIAS downloads folder (default ${ENV_GIAS_URL}, else the live one)"
    )
    fetch.add_argument(
        "--gias-days",
        type=int,
        default=GIAS_DAYS,
        help="how many days back to look for a GIAS extract (default %(default)s)",
    )
    fetch.add_argument(
        "--timeout", type=float, default=60.0, help="seconds to wait on the network (%(default)s)"
    )


def fetch_with(args: argparse.Namespace) -> FetchReport:
    """The fetch the options ask for, progress printed."""
    from etl.fetch.run import fetch

    return fetch(
        args.raw,
        sources=args.source or SOURCES,
        govuk_api=args.govuk_api,
        gias_url=args.gias_url,
        gias_days=args.gias_days,
        timeout=args.timeout,
        progress=print,
    )


def run(args: argparse.Namespace) -> int:
    """0 when every file is here and current; 1, naming each failure, when anything is not."""
    report = fetch_with(args)
    print(
        f"fetched {len(report.fetched)}, already here {len(report.skipped)}, "
        f"failed {len(report.failures)} (into {report.raw_dir})"
    )
    for name in report.replaced:
        print(f"replaced {name}: its contents differed from the published file")
    if report.ok:
        if report.fetched:
            print("next: python -m etl build")
        return 0
    for failure in report.failures:
        print(f"error: {said(failure)}", file=sys.stderr)
    print(
        "nothing was changed in the raw folder for the files above; run the fetch again "
        "(partial downloads are resumed)",
        file=sys.stderr,
    )
    return EXIT_INCOMPLETE


def said(failure: FetchError) -> str:
    return f"{failure.source}: {failure.where}: {failure.reason}"
