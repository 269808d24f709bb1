"""Generate the demonstration data set and load it through the real ETL.

Deterministic: the same seed and school count give byte-identical files. The files are written to
a fresh folder and renamed into place, so a half-written demo is never loaded.
"""

from __future__ import annotations

import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from etl.build import DEMO_MARKER, BuildReport, Progress, build_warehouse
from etl.demo import regional
from etl.demo.engagement import write_engagement_judgements, write_reports
from etl.demo.histories import build_histories
from etl.demo.parents import (
    SNAPSHOTS,
    ParentPlan,
    happy_logit,
    make_plan,
    parent_view_frame,
    write_inspection_questionnaires,
    write_own_survey,
    write_parent_view,
)
from etl.demo.population import build_population
from etl.demo.published import write_gias, write_mi_2019_layout, write_mi_report_card_layout

AS_AT = {
    "mi_2016": date(2016, 8, 31),
    "mi_2023": date(2023, 8, 31),
    "mi_2026": date(2026, 10, 31),
    "gias": date(2026, 11, 1),
    "questionnaire": date(2012, 8, 31),
    "own_survey": date(2026, 3, 31),
}
SURVEY_ANSWERS_PER_21000_SCHOOLS = 1_000_000


def write_demo_files(
    out_dir: Path, *, schools: int, seed: int, progress: Progress, region: str | None = None
) -> list[Path]:
    """Write the demo's published-format files into out_dir (replacing what was there); with
    `region`, a regional copy of them too (etl/demo/regional.py)."""
    return write_demo(out_dir, schools=schools, seed=seed, progress=progress, region=region)[0]


def write_demo(
    out_dir: Path, *, schools: int, seed: int, progress: Progress, region: str | None = None
) -> tuple[list[Path], ParentPlan]:
    """The demo's files, and the plan of what was planted in them (for the trust-flag tests);
    with `region`, also the region's rows of every file in regional_folder(out_dir)."""
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    progress(f"generating {schools:,} fictional schools (seed {seed})")
    population = build_population(rng, schools)
    history = build_histories(rng, population.schools)
    progress(f"  {history.height:,} fictional inspections across five frameworks")
    staging = out_dir.with_name(f".{out_dir.name}.writing")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    urns = regional.region_urns(population.schools, region) if region else frozenset()
    in_region = pl.col("urn").is_in(list(urns))
    regional_staging = staging / ".regional"  # renamed beside out_dir when complete
    if region:
        regional_staging.mkdir()
    files = {
        "gias": staging / f"edubasealldata{AS_AT['gias']:%Y%m%d}.csv",
        "mi_2016": staging / f"ofsted_mi_latest_inspections_as_at_{AS_AT['mi_2016']}.csv",
        "mi_2023": staging / f"ofsted_mi_latest_inspections_{AS_AT['mi_2023']}.csv",
        "mi_2026": staging / f"ofsted_mi_latest_inspections_{AS_AT['mi_2026']}.csv",
    }
    progress("  writing the register (GIAS) extract")
    write_gias(files["gias"], population.schools, rng, AS_AT["gias"])
    # Files whose writing draws nothing at random are written by a second thread while this one
    # goes on drawing (most of the writing waits on polars and zlib, which let other threads run);
    # the draws, and so the files, are the same as one thread's.
    with ThreadPoolExecutor(1, thread_name_prefix="write") as writer:
        written = []
        progress("  writing Ofsted management information as at 31 August 2016")
        written.append(
            writer.submit(
                write_mi_2019_layout,
                files["mi_2016"],
                population.schools,
                history,
                AS_AT["mi_2016"],
                title="Management information - state-funded schools - latest inspections as at "
                "31 August 2016 (DEMONSTRATION DATA: fictional schools)",
                encoding="cp1252",
                bom=False,
                plant=False,
            )
        )
        progress("  writing Ofsted management information as at 31 August 2023")
        written.append(
            writer.submit(
                write_mi_2019_layout,
                files["mi_2023"],
                population.schools,
                history,
                AS_AT["mi_2023"],
                title=None,
                encoding="utf-8",
                bom=True,
                plant=True,
            )
        )
        progress("  writing Ofsted management information as at 31 October 2026")
        written.append(
            writer.submit(
                write_mi_report_card_layout,
                files["mi_2026"],
                population.schools,
                history,
                AS_AT["mi_2026"],
            )
        )
        open_schools = population.schools.filter("is_open")
        logits = happy_logit(
            rng, open_schools["quality"].to_numpy(), open_schools["ofsted_phase"].to_numpy()
        )
        plan = make_plan(rng, open_schools, logits)
        for snapshot in SNAPSHOTS:
            suffix = {"csv_percent": "csv", "xlsx_short": "xlsx"}.get(snapshot.style, "ods")
            path = staging / f"parent_view_school_level_{snapshot.as_at}.{suffix}"
            progress(f"  writing Parent View results as at {snapshot.as_at:%-d %B %Y}")
            frame = parent_view_frame(rng, open_schools, plan, snapshot)
            written.append(writer.submit(write_parent_view, path, frame, snapshot))
            if region:  # the same rows, written again: a workbook cannot be cut line by line
                regional_path = regional_staging / path.name
                regional_rows = frame.filter(in_region)
                written.append(
                    writer.submit(write_parent_view, regional_path, regional_rows, snapshot)
                )
            files[f"pv_{snapshot.as_at}"] = path
        progress("  writing parental questionnaires (at inspection, 2009-2012)")
        files["questionnaire"] = (
            staging / f"questionnaire_at_inspection_{AS_AT['questionnaire']}.csv"
        )
        write_inspection_questionnaires(
            files["questionnaire"],
            rng,
            open_schools,
            history,
            dict(zip(open_schools["urn"].to_list(), logits.tolist(), strict=True)),
        )
        files["own_survey"] = staging / f"la_parent_survey_{AS_AT['own_survey']}.csv"
        answers = write_own_survey(
            files["own_survey"],
            rng,
            open_schools,
            logits,
            SURVEY_ANSWERS_PER_21000_SCHOOLS * schools // 21000,
            plan.survey_takers,
        )
        progress(f"  wrote {answers:,} individual survey answers")
        sample_size = max(20, schools // 70)
        files["engagement"] = staging / f"engagement_judgements_{AS_AT['mi_2026']}.csv"
        write_engagement_judgements(files["engagement"], rng, open_schools, sample_size)
        reports = write_reports(staging / "reports", rng, history, open_schools, sample_size)
        progress(
            f"  wrote {sample_size:,} engagement judgements and {reports:,} inspection reports"
        )
        for done in written:
            done.result()  # the second thread's files written (or its error raised here)
    marker = (
        "These files are demonstration data generated by Partnership Lens: the schools, URNs and "
        f"every figure are fictional (seed {seed}). Any warehouse built from this folder is "
        "labelled as demonstration data.\n"
    )
    (staging / DEMO_MARKER).write_text(marker)
    if region:
        progress(f"  copying the rows of {region}'s schools, to load first")
        for path in files.values():
            if path.suffix == ".csv":
                regional.copy_rows(path, regional_staging / path.name, urns)
        regional.copy_reports(staging / "reports", regional_staging / "reports", urns)
        (regional_staging / DEMO_MARKER).write_text(marker)
    shutil.rmtree(regional.regional_folder(out_dir), ignore_errors=True)
    if region:
        regional_staging.rename(regional.regional_folder(out_dir))
    shutil.rmtree(out_dir, ignore_errors=True)
    staging.rename(out_dir)
    progress(f"  demo files written in {time.perf_counter() - started:.1f} s")
    return sorted(out_dir / p.name for p in files.values()) + sorted(
        (out_dir / "reports").glob("*.txt")
    ), plan


def build_demo_warehouse(
    out_dir: Path, warehouse: Path, *, schools: int, seed: int, progress: Progress
) -> BuildReport:
    """Write the demo files, then load them exactly as real files are loaded, as the
    demonstration (the one way a build is marked so: etl/build.py DEMO_MARKER)."""
    write_demo_files(out_dir, schools=schools, seed=seed, progress=progress)
    return build_warehouse(out_dir, warehouse, is_demo=True, progress=progress)
