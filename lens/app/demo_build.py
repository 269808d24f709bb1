"""Start the first run's demonstration build as a process of its own, or join the one running;
notice one that was killed and start it once more. No Streamlit here: lens/app/first_run.py shows
visitors what this finds.

The first-run lock (etl/demo/first_run.py) is free exactly when no build runs. A visitor's page
that finds the demonstration data still needed tries to take it: if another holds it, a build is
running and the visitor joins it (watches its progress file). If the lock is taken here, the need
is checked again and the build started, with the lock handed to it still taken, so it stays
taken for the life of the build process, whatever becomes of the session or the server that
started it (a closed tab, a reload, a crashed page script, a server stopped). The process is in a
session of its own, so a Ctrl-C in the server's terminal does not reach it either.

A build whose lock is free but whose state still says "building" was killed outright; one that
says "failed" stopped with an error. Either is started once more, with the reason kept in the
state for every visitor to see; after a second such end the visitors are told what to run.
"""

from __future__ import annotations

import fcntl
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from etl.demo.first_run import (
    MAX_ATTEMPTS,
    BuildState,
    ProgressLine,
    lock_path,
    output_path,
    progress_path,
    read_progress,
    read_state,
    write_state,
)
from schemas.settings import PROJECT_ROOT, Settings

# "first": no warehouse the dashboard can show (a region may be swapped in first);
# "national": a regional warehouse is shown and the national one is still to come.
Need = Literal["first", "national"]
Command = Callable[[Need, int], list[str]]  # the build's command line, given the lock's fd


class CannotStart(Exception):
    """The build cannot be started here (the data folder cannot be written); says what to run."""


@dataclass(frozen=True)
class Seen:
    """What a visitor's look found: the data ready, a build running (maybe just started by this
    look), or a build that ended twice without finishing."""

    state: Literal["ready", "building", "failed"]
    attempt: int = 0
    restart_reason: str | None = None  # why the build running was started again
    error: str | None = None  # when failed: what happened and what to run
    progress: tuple[ProgressLine, ...] = ()
    started_here: bool = False

    @property
    def fraction(self) -> float:
        return self.progress[-1].fraction if self.progress else 0.0


_started: dict[int, subprocess.Popen] = {}  # builds this server started, by process id
_ended: dict[int, int] = {}  # their exit codes once ended (negative: ended by a signal)
_last_started: dict[Path, int] = {}  # the last build started here for each warehouse
_guard = threading.Lock()


def _reap() -> None:
    """Collect the builds this server started that have ended (no zombie processes left)."""
    with _guard:
        for pid, process in list(_started.items()):
            if process.poll() is not None:
                _ended[pid] = process.returncode
                del _started[pid]


def demo_command(settings: Settings, warehouse: Path) -> Command:
    """`python -m etl demo --first-run` for these settings (the demo's folder, size and its
    generator's starting number; the default LA's region first when nothing can be shown yet)."""

    def command(need: Need, lock_fd: int) -> list[str]:
        line = [
            sys.executable,
            "-m",
            "etl",
            "demo",
            "--first-run",
            "--out",
            str(settings.demo_dir),
            "--warehouse",
            str(warehouse),
            "--schools",
            str(settings.demo_school_count),
            "--generator-start",
            str(settings.demo_seed),
            "--lock-fd",
            str(lock_fd),
        ]
        return line + (
            ["--regional-first", str(settings.default_la_code)] if need == "first" else []
        )

    return command


def _why_it_ended(warehouse: Path, state: BuildState) -> str:
    """Why the last attempt did not finish, in an adviser's words (how its process ended is
    known when this server started it)."""
    if state.phase == "failed":
        return f"it stopped with an error: {state.error}"
    code = _ended.get(state.pid or _last_started.get(warehouse, -1))
    if code is not None and code < 0:  # this server saw it ended by a signal
        return (
            "its process was ended from outside before it finished (as the system does when "
            "memory runs short, for example)"
        )
    return (
        "its process ended before it finished, without an error of its own (as when the system "
        "ends a process for lack of memory)"
    )


def _joined(warehouse: Path, state: BuildState | None, *, started_here: bool = False) -> Seen:
    return Seen(
        "building",
        attempt=state.attempt if state else 0,
        restart_reason=state.restart_reason if state else None,
        progress=tuple(read_progress(warehouse)),
        started_here=started_here,
    )


def watch(warehouse: Path, needed: Callable[[], Need | None], command: Command) -> Seen:
    """One look: ready when nothing is needed; else join the build running, or start one (a
    second attempt, with its reason, when the last one ended unfinished; none after that)."""
    _reap()
    if needed() is None:
        return Seen("ready")
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    try:
        handle = lock_path(warehouse).open("a")
    except OSError as problem:
        raise CannotStart(
            "There is no data yet, and the demonstration data cannot be built from here: the "
            f"folder {warehouse.parent} cannot be written ({problem.strerror}). If the "
            "deployment's own build (`python -m etl demo` or `python -m etl build`) is running, "
            "reload this page when it has finished; otherwise run it where the folder can be "
            "written."
        ) from problem
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return _joined(warehouse, read_state(warehouse))
        # Held here: no build is running. Closing the file (leaving `with`) lets go of it here;
        # a build started below keeps it, having its own copy.
        need = needed()
        if need is None:
            return Seen("ready")  # a build finished between the two looks
        earlier = read_state(warehouse)
        attempt, reason = 1, None
        if earlier is not None and earlier.phase in ("building", "failed"):
            why = _why_it_ended(warehouse, earlier)
            if earlier.attempt >= MAX_ATTEMPTS:
                return Seen(
                    "failed",
                    attempt=earlier.attempt,
                    error=(
                        f"The demonstration data could not be built: the build was started "
                        f"{earlier.attempt} times and ended unfinished each time; the last time "
                        f"{why}. Run `python -m etl demo` in the dashboard's folder to build it "
                        "and see what goes wrong, then reload this page. (The build's own output "
                        f"is in {output_path(warehouse)}.)"
                    ),
                )
            attempt = earlier.attempt + 1
            reason = f"The first attempt to build the demonstration data did not finish: {why}."
        _start(warehouse, handle.fileno(), need, command, attempt, reason)
        return _joined(warehouse, read_state(warehouse), started_here=True)


def _start(
    warehouse: Path, lock_fd: int, need: Need, command: Command, attempt: int, reason: str | None
) -> None:
    """Start the build process with the lock handed over, and record its attempt."""
    progress_path(warehouse).write_text("")
    state = BuildState(attempt, "building", None, time.time(), reason)
    write_state(warehouse, state)
    with output_path(warehouse).open("ab") as output:
        process = subprocess.Popen(
            command(need, lock_fd),
            cwd=PROJECT_ROOT,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            pass_fds=(lock_fd,),
            start_new_session=True,
        )
    with _guard:
        _started[process.pid] = process
        _last_started[warehouse] = process.pid  # the build writes its own id into the state
    print(
        f"Partnership Lens: started the demonstration build, attempt {attempt} of "
        f"{MAX_ATTEMPTS} ({'region first' if need == 'first' else 'national only'}), process "
        f"{process.pid}; its output goes to {output_path(warehouse)}",
        file=sys.stderr,
        flush=True,
    )
    if reason:
        print(f"Partnership Lens: {reason}", file=sys.stderr, flush=True)
