"""The first run's build supervisor (lens/app/demo_build.py) with stand-in builds: real processes
that hold the handed-over lock while they sleep, finish, or stop with an error, so the lock, state
and restart rules are tested as a deployment meets them (a second caller, a second server process, a
build killed outright, twice)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from etl.demo.first_run import BuildState, read_state, write_state
from lens.app import demo_build
from tests.conftest import ROOT

SLEEPS = [sys.executable, "-c", "import time; time.sleep(120)"]  # holds the lock it was handed


def fails_saying(error: str, warehouse):  # noqa: ANN001, ANN201 - a Command
    """A build that records an error of its own in the state file, then ends with exit code 2."""
    script = textwrap.dedent(
        f"""
        import sys
        from dataclasses import replace
        from pathlib import Path
        from etl.demo.first_run import read_state, write_state
        warehouse = Path(sys.argv[1])
        write_state(warehouse, replace(read_state(warehouse), phase="failed", error={error!r}))
        sys.exit(2)
        """
    )
    return lambda need, lock_fd: [sys.executable, "-c", script, str(warehouse)]


def sleeping(need, lock_fd):  # noqa: ANN001, ANN201
    return SLEEPS


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "data" / "warehouse.duckdb"
    yield path
    for pid, process in list(demo_build._started.items()):  # the stand-ins this test started
        process.kill()
        process.wait()
        demo_build._started.pop(pid, None)


def needed():  # noqa: ANN201
    return "first"


def _end(pid: int, how: int = signal.SIGKILL) -> None:
    """End a stand-in build this test started, as the system would, and wait for its end."""
    os.kill(pid, how)
    demo_build._started[pid].wait(timeout=30)


def test_nothing_is_started_when_nothing_is_needed(warehouse):
    seen = demo_build.watch(warehouse, lambda: None, sleeping)
    assert seen.state == "ready"
    assert not demo_build._started and read_state(warehouse) is None


def test_a_second_caller_joins_the_build_rather_than_starting_another(warehouse):
    first = demo_build.watch(warehouse, needed, sleeping)
    assert (first.state, first.started_here, first.attempt) == ("building", True, 1)
    second = demo_build.watch(warehouse, needed, sleeping)
    assert (second.state, second.started_here) == ("building", False)
    # a second server process looking at the same folder joins it too
    other = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from lens.app.demo_build import watch;"
            "seen = watch(Path(sys.argv[1]), lambda: 'first', lambda n, fd: ['false']);"
            "print(seen.state, seen.started_here)",
            str(warehouse),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert other.stdout.split() == ["building", "False"]
    assert len(demo_build._started) == 1
    assert read_state(warehouse).attempt == 1


def test_the_lock_stays_with_the_build_whatever_becomes_of_its_starter(warehouse):
    """The starter lets go of its own hold at once: only the build process keeps the lock, so
    the lock is free exactly when the build has ended."""
    demo_build.watch(warehouse, needed, sleeping)
    (pid,) = demo_build._started
    assert demo_build.watch(warehouse, needed, sleeping).state == "building"
    os.kill(pid, signal.SIGTERM)
    demo_build._started[pid].wait(timeout=30)
    seen = demo_build.watch(warehouse, needed, sleeping)
    assert seen.started_here and seen.attempt == 2  # the lock was free once the build ended


def test_a_build_killed_outright_is_started_once_more_with_the_reason(warehouse):
    demo_build.watch(warehouse, needed, sleeping)
    (pid,) = demo_build._started
    _end(pid)
    seen = demo_build.watch(warehouse, needed, sleeping)
    assert (seen.state, seen.started_here, seen.attempt) == ("building", True, 2)
    assert "did not finish" in seen.restart_reason
    assert "ended from outside" in seen.restart_reason
    # every other visitor is told the same reason while the second attempt runs
    joined = demo_build.watch(warehouse, needed, sleeping)
    assert not joined.started_here and joined.restart_reason == seen.restart_reason


def test_a_second_death_gives_an_error_saying_what_to_run(warehouse):
    demo_build.watch(warehouse, needed, sleeping)
    _end(next(iter(demo_build._started)))
    demo_build.watch(warehouse, needed, sleeping)
    second = next(pid for pid in demo_build._started if demo_build._started[pid].poll() is None)
    _end(second)
    seen = demo_build.watch(warehouse, needed, sleeping)
    assert seen.state == "failed" and seen.attempt == 2
    assert "python -m etl demo" in seen.error and "reload this page" in seen.error
    assert not demo_build._started  # no third build
    assert demo_build.watch(warehouse, needed, sleeping).state == "failed"  # and stays so


def test_a_build_that_stopped_with_an_error_is_retried_and_the_error_shown(warehouse):
    command = fails_saying("the disk is full", warehouse)
    demo_build.watch(warehouse, needed, command)
    (pid,) = demo_build._started
    demo_build._started[pid].wait(timeout=60)
    seen = demo_build.watch(warehouse, needed, command)
    assert seen.attempt == 2 and "stopped with an error: the disk is full" in seen.restart_reason
    next(p for p in demo_build._started.values() if p.pid != pid).wait(timeout=60)
    failed = demo_build.watch(warehouse, needed, command)
    assert failed.state == "failed" and "the disk is full" in failed.error


def test_a_finished_first_run_leaves_a_fresh_start_for_a_later_need(warehouse):
    """A warehouse deleted after a first run that finished is built again from attempt 1."""
    warehouse.parent.mkdir(parents=True)
    write_state(warehouse, BuildState(2, "done", 12345, time.time(), "an earlier reason"))
    seen = demo_build.watch(warehouse, needed, sleeping)
    assert seen.started_here and seen.attempt == 1 and seen.restart_reason is None
