"""The dashboard's first-run build of the demonstration data, as a process of its own.

`python -m etl demo --first-run` is started by the dashboard (lens/app/demo_build.py), detached from
every session, at most one per data folder: it holds the first-run lock beside the warehouse for
its whole life (the lock is handed to it already taken), so the lock is free exactly when no build
is running. Beside the warehouse it keeps two small files that every visitor reads:

- the **state** (`.warehouse.duckdb.first-run.json`): which attempt this is, why an earlier one
  was started again, and whether it finished ("done") or stopped with an error ("failed"). A
  build still "building" while the lock is free was killed outright;
- the **progress** (`.warehouse.duckdb.first-run.log`): one JSON line per step, the build's own
  line in an adviser's words and how far the build has come (0 to 1).

With `--regional-first LA`, the files of the LA's region (etl/demo/regional.py) are loaded and
swapped in first, so the dashboard has something to show in a tenth of the time, then the national
files. Nothing here imports Streamlit.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

Phase = Literal["building", "done", "failed"]
Progress = Callable[[str], None]
MAX_ATTEMPTS = 2  # the first build and one restart
BEHIND_PAGES = 10  # niceness of the national part of a first run, once a region is shown


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(f".{warehouse.name}.first-run.lock")


def progress_path(warehouse: Path) -> Path:
    return warehouse.with_name(f".{warehouse.name}.first-run.log")


def state_path(warehouse: Path) -> Path:
    return warehouse.with_name(f".{warehouse.name}.first-run.json")


def output_path(warehouse: Path) -> Path:
    """The build process's own output (its lines as the command prints them, any traceback)."""
    return warehouse.with_name(f".{warehouse.name}.first-run.out")


@dataclass(frozen=True)
class BuildState:
    attempt: int
    phase: Phase
    pid: int | None = None
    started_at: float = 0.0  # seconds since the epoch
    restart_reason: str | None = None  # why this attempt was started, in an adviser's words
    error: str | None = None  # when failed: what went wrong, in an adviser's words


def read_state(warehouse: Path) -> BuildState | None:
    try:
        return BuildState(**json.loads(state_path(warehouse).read_text()))
    except (OSError, ValueError, TypeError):
        return None


def write_state(warehouse: Path, state: BuildState) -> None:
    """Replace the state file in one step, so a reader never sees half of it."""
    path = state_path(warehouse)
    partial = path.with_name(f"{path.name}.{os.getpid()}")
    partial.write_text(json.dumps(asdict(state)))
    os.replace(partial, path)


def forget(warehouse: Path) -> None:
    """Clear the first run's state (a warehouse built by hand has replaced what it was for)."""
    state_path(warehouse).unlink(missing_ok=True)


@dataclass(frozen=True)
class ProgressLine:
    seconds: float  # since the build started
    fraction: float  # how far the whole build has come, 0 to 1
    words: str


def read_progress(warehouse: Path) -> list[ProgressLine]:
    """The build's progress so far (a line being written is left for the next look)."""
    try:
        text = progress_path(warehouse).read_text()
    except OSError:
        return []
    lines = []
    for raw in text.splitlines():
        try:
            lines.append(ProgressLine(**json.loads(raw)))
        except (ValueError, TypeError):
            continue
    return lines


# How long each kind of file takes to read, relative to its size, for the progress bar only:
# a workbook's XML takes far longer per byte than a CSV; a report is a few milliseconds, and the
# first one trains the report coder's classifier (README, Performance).
_SECONDS_PER_BYTE = {".xlsx": 7e-7, ".ods": 7e-7, ".csv": 2e-8}
_SECONDS_PER_FILE = {".csv": 0.05, ".txt": 0.015, ".pdf": 0.05}
_FIRST_REPORT_SECONDS = 3.0
# Shares of the whole build: writing the files, (loading a region first,) reading the national
# files, the national models and checks.
_SHARES = {"writing": 0.2, "regional": 0.1, "reading": 0.4, "national": 0.3}
_REGIONAL_READING = 0.6  # of the regional share; its models and checks the rest


def _describe_file(name: str) -> str:
    """A published file as an adviser would name it."""
    from schemas.sources import as_at_from_name

    lower = name.lower()
    as_at = as_at_from_name(name)
    when = f" as at {as_at:%-d %B %Y}" if as_at else ""
    for start, words in (
        ("edubasealldata", "the register of schools (Get Information about Schools)"),
        ("ofsted_mi", "Ofsted's inspection outcomes"),
        ("parent_view", "Parent View results"),
        ("questionnaire_at_inspection", "parental questionnaires returned at inspections"),
        ("la_parent_survey", "a local authority's own parent survey"),
        ("engagement_judgements", "judgements of schools' engagement with parents"),
        ("report", "inspection reports"),
    ):
        if lower.startswith(start):
            return words + ("" if start == "report" else when)
    return "a published file"


# The demo generator's lines (etl/demo/generate.py), each with its words; then the build's.
_WRITING: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"generating ([\d,]+) fictional schools\b.*"),
        "Making up {0} fictional schools and their inspection histories",
    ),
    (
        re.compile(r"([\d,]+) fictional inspections across five frameworks"),
        "{0} fictional inspections across five inspection frameworks",
    ),
    (
        re.compile(r"writing the register \(GIAS\) extract"),
        "Writing the fictional register of schools (Get Information about Schools)",
    ),
    (
        re.compile(r"writing Ofsted management information as at (.+)"),
        "Writing the fictional Ofsted inspection outcomes as at {0}",
    ),
    (
        re.compile(r"writing Parent View results as at (.+)"),
        "Writing the fictional Parent View results as at {0}",
    ),
    (
        re.compile(r"writing parental questionnaires \(at inspection, (\d+)-(\d+)\)"),
        "Writing the fictional parental questionnaires returned at inspections, {0} to {1}",
    ),
    (
        re.compile(r"wrote ([\d,]+) individual survey answers"),
        "Wrote {0} fictional answers to a local authority's own parent survey",
    ),
    (
        re.compile(r"wrote ([\d,]+) engagement judgements and ([\d,]+) inspection reports"),
        "Wrote {0} fictional judgements of engagement with parents and {1} fictional inspection "
        "reports",
    ),
    (
        re.compile(r"copying the rows of (.+)'s schools, to load first"),
        "Copying the rows of {0}'s schools from every file, to show them first",
    ),
    (
        re.compile(r"demo files written in ([\d.]+) s"),
        "All the fictional files are written ({0} s)",
    ),
]
_READING = re.compile(r"\[(\d+)/(\d+)\] reading (.+)")
_READ = re.compile(
    r"\w+: ([\d,]+) rows read, ([\d,]+) loaded, ([\d,]+) rejected, [\d,]+ out of scope, "
    r"[\d,]+ values dropped in [\d.]+ s.*"
)
_SKIPPED = re.compile(r"skipped (.+?): only .*")
_REGIONAL = re.compile(r"first, regional warehouse: (.+)")
_REGIONAL_READY = re.compile(r"first, regional warehouse swapped in: (.+)")
_REGIONAL_SKIPPED = re.compile(r"first, regional warehouse skipped: .*")
_NATIONAL = re.compile(r"building the warehouse tables and checking their contracts")
_MODEL = re.compile(r"model \w+: [\d.]+ s")
KNOWN_LINES = (  # every line the build says; tests/test_first_run.py checks none goes unknown
    *(pattern for pattern, _ in _WRITING),
    *(_READING, _READ, _SKIPPED, _REGIONAL, _REGIONAL_READY, _REGIONAL_SKIPPED, _NATIONAL, _MODEL),
)


class ProgressWords:
    """Turns the build's own progress lines into an adviser's words and a share of the whole
    build done. Each national file's reading is weighed by an estimate of its time (its kind and
    size), so the bar moves with the time the reading takes, not with the count of files."""

    def __init__(self, regional: bool) -> None:
        # the build's own modules, imported here: the dashboard imports this file for its paths
        from etl.demo.parents import SNAPSHOTS
        from etl.readers.detect import REPORT_SUFFIXES
        from etl.warehouse import MARTS

        # the lines etl.demo.generate.write_demo says (one more when it copies a region's rows)
        self.generation_steps = 10 + len(SNAPSHOTS) + regional
        self.report_suffixes = REPORT_SUFFIXES
        self.model_count = len(MARTS)
        self.regional = regional
        self.region = ""
        self.fraction = 0.0
        self.generation_step = 0
        self.read_before: list[float] = []  # estimated reading time of the files before each
        self.reading_report = False
        self.model_step = 0
        self.phase = "writing"  # then "regional", "reading" (the national files), "national"

    def plan_reading(self, files: list[Path]) -> None:
        """The national files, in the build's order, to weigh the reading part of the bar by."""
        first_report, total = True, 0.0
        self.read_before = []
        for path in files:
            suffix = path.suffix.lower()
            cost = _SECONDS_PER_FILE.get(suffix, 0.0)
            cost += _SECONDS_PER_BYTE.get(suffix, 0.0) * path.stat().st_size
            if suffix in self.report_suffixes and first_report:
                cost, first_report = cost + _FIRST_REPORT_SECONDS, False
            self.read_before.append(total)
            total += cost
        self.read_before.append(total)
        self.phase = "reading"

    def _move(self, phase: str, within: float) -> None:
        """The fraction done: `within` of `phase`, never going back."""
        order = ["writing", *(["regional"] if self.regional else []), "reading", "national"]
        total = sum(_SHARES[p] for p in order)
        start = sum(_SHARES[p] for p in order[: order.index(phase)]) / total
        done = start + _SHARES[phase] / total * max(0.0, min(1.0, within))
        self.fraction = max(self.fraction, min(1.0, done))

    def words(self, line: str) -> str | None:
        """The line in an adviser's words, or None for a line not worth showing; moves the
        fraction done on."""
        text = line.strip()
        for pattern, words in _WRITING:
            if match := pattern.fullmatch(text):
                self.generation_step += 1
                self._move("writing", self.generation_step / self.generation_steps)
                return words.format(*match.groups())
        regional = self.phase == "regional"
        if match := _READING.fullmatch(text):
            number, count, name = int(match[1]), int(match[2]), match[3]
            if regional:
                self._move("regional", _REGIONAL_READING * (number - 1) / count)
            elif len(self.read_before) == count + 1:
                self._move("reading", self.read_before[number - 1] / (self.read_before[-1] or 1))
            self.reading_report = Path(name).suffix.lower() in self.report_suffixes
            what = f"{_describe_file(name)} (file {number:,} of {count:,})"
            return f"{self.region}: reading {what}" if regional else f"Reading {what}"
        if match := _READ.fullmatch(text):
            if self.reading_report:
                return None  # a report's one row says nothing
            rejected = f", {match[3]} rejected" if match[3] != "0" else ""
            return f"{match[1]} rows read, {match[2]} loaded{rejected}"
        if match := _SKIPPED.fullmatch(text):
            return f"Left out {match[1]}: not a kind of file the dashboard reads"
        if match := _REGIONAL_READY.fullmatch(text):
            self._move("regional", 1.0)
            return f"{match[1]} is ready to show; now reading the national files"
        if _REGIONAL_SKIPPED.fullmatch(text):
            self._move("regional", 1.0)
            return "The first region could not be shown first; the national data is still coming"
        if match := _REGIONAL.fullmatch(text):
            self.phase, self.region, self.model_step = "regional", match[1], 0
            self._move("regional", 0.0)
            return f"Loading {match[1]} first, to show while the national data is loaded"
        if _NATIONAL.fullmatch(text):
            self.model_step = 0
            if regional:
                self._move("regional", _REGIONAL_READING)
                return f"Working out the figures for {self.region} and checking them"
            self.phase = "national"
            self._move("national", 0.0)
            return "Working out the national figures and checking them"
        if _MODEL.fullmatch(text):
            self.model_step += 1
            step = f"step {self.model_step} of {self.model_count}"
            within = self.model_step / (self.model_count + 1)
            if regional:
                self._move("regional", _REGIONAL_READING + (1 - _REGIONAL_READING) * within)
                return f"Working out the figures for {self.region}: {step}"
            self._move("national", within)
            return f"Working out the national figures: {step}"
        return None


class ProgressFile:
    """The build's progress callback: each line to the build's own output as printed, and in an
    adviser's words (with the fraction done) to the progress file the dashboard reads."""

    def __init__(self, warehouse: Path, regional: bool) -> None:
        self.path = progress_path(warehouse)
        self.started = time.monotonic()
        self.words = ProgressWords(regional)
        self.path.write_text("")

    def say(self, words: str, fraction: float | None = None) -> None:
        line = ProgressLine(
            round(time.monotonic() - self.started, 1),
            self.words.fraction if fraction is None else fraction,
            words,
        )
        with self.path.open("a") as out:
            out.write(json.dumps(asdict(line)) + "\n")

    def __call__(self, line: str) -> None:
        print(line, flush=True)
        words = self.words.words(line)
        if words is not None:
            self.say(words)


@contextmanager
def held_lock(warehouse: Path, inherited_fd: int | None, *, wait: bool) -> Iterator[bool]:
    """The first-run lock for this process's life: the one the dashboard handed over already
    taken (`inherited_fd`), or taken here (waiting for it when `wait`, else yielding False
    when another build holds it)."""
    if inherited_fd is not None:
        os.fstat(inherited_fd)  # an OSError here: the dashboard did not hand a lock over
        yield True
        return
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    with lock_path(warehouse).open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                yield False
                return
            print("waiting for the dashboard's first-run build to finish", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield True


def run(
    out_dir: Path,
    warehouse: Path,
    *,
    schools: int,
    seed: int,
    regional_first: int | None,
    lock_fd: int | None,
) -> int:
    """The build process's work: write the demo files and load them (a region first when asked),
    saying each step in the progress file and the outcome in the state file. Exit code 0 when the
    national warehouse is swapped in, 2 when the build stopped with an error, 3 when another
    first-run build holds the lock."""
    from etl.build import build_warehouse, discover
    from etl.coding import model
    from etl.demo import regional
    from etl.demo.generate import write_demo_files

    with held_lock(warehouse, lock_fd, wait=False) as held:
        if not held:
            print("another first-run build of the demonstration data is running", file=sys.stderr)
            return 3
        earlier = read_state(warehouse)
        state = BuildState(
            attempt=earlier.attempt if earlier and earlier.phase == "building" else 1,
            phase="building",
            pid=os.getpid(),
            started_at=time.time(),
            restart_reason=earlier.restart_reason if earlier else None,
        )
        write_state(warehouse, state)
        region = regional.region_of(regional_first) if regional_first is not None else None
        progress = ProgressFile(warehouse, regional=region is not None)
        model.warm_up()  # while the files are written: the demo's reports need the classifier
        try:
            write_demo_files(out_dir, schools=schools, seed=seed, progress=progress, region=region)
            if region is not None:
                _regional_first(out_dir, warehouse, region, progress)
                # The rest is behind what visitors see: let their pages have the processor first.
                os.nice(BEHIND_PAGES)
            progress.words.plan_reading(discover(out_dir)[0])
            report = build_warehouse(out_dir, warehouse, is_demo=True, progress=progress)
        except Exception as problem:  # noqa: BLE001 - every failure is told to the visitors
            traceback.print_exc()
            write_state(
                warehouse,
                BuildState(
                    **{**asdict(state), "phase": "failed", "error": _in_words(problem)},
                ),
            )
            progress.say("The build stopped with an error", progress.words.fraction)
            return 2
        progress.say(f"The national demonstration data is ready ({report.seconds:.0f} s)", 1.0)
        write_state(warehouse, BuildState(**{**asdict(state), "phase": "done"}))
        return 0


def _regional_first(out_dir: Path, warehouse: Path, region: str, progress: Progress) -> None:
    """Load the region's copy of the files and swap it in, marked as one region only. If it
    cannot be loaded, say so and go on: only the national build's failure stops the build."""
    from etl.build import build_warehouse
    from etl.demo.regional import regional_folder
    from etl.errors import FileProblem
    from etl.warehouse import ContractBroken

    folder = regional_folder(out_dir)
    progress(f"first, regional warehouse: {region}")
    try:
        build_warehouse(folder, warehouse, is_demo=True, progress=progress, partial_region=region)
    except (FileProblem, ContractBroken) as problem:
        progress(f"first, regional warehouse skipped: {problem}")
    else:
        progress(f"first, regional warehouse swapped in: {region}")
    shutil.rmtree(folder, ignore_errors=True)


def _in_words(problem: Exception) -> str:
    """An error as a visitor is told it: the problem's own message when it names a file (a
    FileProblem or a broken contract), else its kind; the full traceback is in the build's
    output file."""
    from etl.errors import FileProblem
    from etl.warehouse import ContractBroken

    if isinstance(problem, FileProblem | ContractBroken):
        return str(problem)
    if isinstance(problem, MemoryError):
        return "the computer ran out of memory"
    if isinstance(problem, OSError):
        return f"a file could not be written or read ({problem.strerror or problem})"
    return f"an unexpected error ({type(problem).__name__})"
