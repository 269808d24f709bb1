"""`python -m etl build` run as an operator runs it, in its own process, on a raw folder holding
the demonstration's register and inspection files beside whatever a test puts there: a build
that dies (an allocation failure, a crash) shows as its exit code, not as the test's."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

PUBLISHED = ("edubasealldata*.csv", "ofsted_mi_latest_inspections_2026-10-31.csv")


def with_published_files(raw: Path, demo_warehouse: Path) -> Path:
    """`raw` (made if missing) with the demo's register and latest inspections copied in."""
    raw.mkdir(parents=True, exist_ok=True)
    for name in PUBLISHED:
        for path in (demo_warehouse.parent / "files").glob(name):
            shutil.copy(path, raw / path.name)
    return raw


def _at_most_6_gb() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (6 << 30, 6 << 30))


def etl_build(raw: Path, target: Path, *, capped: bool = False) -> subprocess.CompletedProcess:
    """The build's process, finished; `capped` limits its memory to 6 GB, as an external tester
    did, so a file asking for more fails cleanly instead of taking the machine."""
    return subprocess.run(
        [sys.executable, "-m", "etl", "build", "--raw", str(raw), "--warehouse", str(target)],
        cwd=ROOT,
        env={**os.environ, "LENS_BUILD_MEMORY_LIMIT_MB": "1024"},
        capture_output=True,
        text=True,
        timeout=600,
        preexec_fn=_at_most_6_gb if capped else None,
    )
