"""`python -m etl fetch` (download published files), `python -m etl build` (load them),
`python -m etl refresh` (both, for a schedule) and `python -m etl demo` (demonstration data)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from etl import refresh
from etl.build import build_warehouse, summary_lines
from etl.errors import FileProblem
from etl.fetch import cli as fetch_cli
from etl.warehouse import ContractBroken
from schemas.settings import Settings


def main(argv: list[str] | None = None) -> int:
    settings = Settings.from_env()
    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="load the published files in a folder")
    build.add_argument("--raw", type=Path, default=settings.raw_dir, help="folder of files")
    build.add_argument(
        "--warehouse", type=Path, default=settings.warehouse_path, help="DuckDB file to replace"
    )
    demo = commands.add_parser("demo", help="write the demonstration files and load them")
    demo.add_argument("--out", type=Path, default=settings.demo_dir, help="folder for the files")
    demo.add_argument("--warehouse", type=Path, default=settings.warehouse_path)
    demo.add_argument("--schools", type=int, default=settings.demo_school_count)
    # the generator's starting number (LENS_DEMO_SEED); --seed still read, for older scripts
    demo.add_argument(
        "--generator-start", "--seed", dest="seed", type=int, default=settings.demo_seed
    )
    demo.add_argument(
        "--first-run",
        action="store_true",
        help="as the dashboard's first run starts it: progress and state files beside the "
        "warehouse, for the dashboard to show (etl/demo/first_run.py)",
    )
    demo.add_argument(
        "--regional-first",
        type=int,
        metavar="LA_CODE",
        help="with --first-run: swap in this LA's region first, then the national warehouse",
    )
    demo.add_argument("--lock-fd", type=int, help=argparse.SUPPRESS)  # the dashboard's lock
    fetch_cli.add_parser(commands, settings.raw_dir)
    refresh.add_parser(commands, settings)
    args = parser.parse_args(argv)
    if args.command == "fetch":
        return fetch_cli.run(args)
    if args.command == "refresh":
        return refresh.run(args, settings)

    try:
        if args.command == "build":
            report = build_warehouse(args.raw, args.warehouse, settings=settings)
        elif args.first_run:
            from etl.demo import first_run

            return first_run.run(
                args.out,
                args.warehouse,
                schools=args.schools,
                seed=args.seed,
                regional_first=args.regional_first,
                lock_fd=args.lock_fd,
            )
        else:
            from etl.demo import first_run
            from etl.demo.generate import build_demo_warehouse

            # never beside a build the dashboard's first run started: the same files are written
            with first_run.held_lock(args.warehouse, None, wait=True):
                report = build_demo_warehouse(
                    args.out, args.warehouse, schools=args.schools, seed=args.seed, progress=print
                )
                first_run.forget(args.warehouse)  # a failed first run is mended
    except (FileProblem, ContractBroken) as problem:
        print(f"error: {problem}", file=sys.stderr)
        print("nothing was replaced: the previous warehouse is still in use", file=sys.stderr)
        return 2
    for line in summary_lines(report):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
