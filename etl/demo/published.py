"""Write the fictional population as the files Ofsted and the DfE publish, quirks included.

So the demonstration goes through the same readers as real data: a GIAS extract in Windows-1252
with CRLF, dd-mm-yyyy, 01-01-1900 placeholders and ragged rows; Ofsted MI in the 2019-2024 layout
(one with a title line above the header, one with a BOM) and in the report-card layout with the
May 2026 header rename and NULL / blank mixed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from schemas.sources import GIAS_LAYOUT, MI_2019_LAYOUT, MI_REPORT_CARD_LAYOUT

REPORT_CARD_WORDS = {
    1: "Exceptional",
    2: "Strong standard",
    3: "Expected standard",
    4: "Needs attention",
    5: "Urgent improvement",
}
PRE_2019 = ("s5_2005", "cif_2012")
OEIF_ONLY_AREAS = ("quality_of_education", "behaviour_and_attitudes", "personal_development")

# Problems planted on purpose so the demo shows how rejects are reported (file, line, reason).
PLANTED = {
    "gias_duplicate_urn_rows": 1,
    "gias_fsm_out_of_range": 1,
    "mi_2023_undefined_grade_8": 2,
    "mi_2023_impossible_date": 1,
}


def _date_text(column: str, fmt: str = "%d/%m/%Y") -> pl.Expr:
    return pl.col(column).dt.strftime(fmt)


def _grade_text(column: str) -> pl.Expr:
    return pl.when(pl.col(column) > 0).then(pl.col(column).cast(pl.String))


def _rows_at(schools: pl.DataFrame, as_at: date) -> pl.DataFrame:
    """Schools a file as at `as_at` lists: academies not yet open appear as their predecessor."""
    current = schools.filter(pl.col("is_open"))
    predecessors = schools.filter(~pl.col("is_open")).select(
        pl.col("urn").alias("predecessor_urn"),
        pl.col("school_type").alias("predecessor_type"),
        pl.col("opened_on").alias("predecessor_opened_on"),
    )
    return (
        current.join(predecessors, on="predecessor_urn", how="left")
        .with_columns(
            (pl.col("opened_on") > pl.lit(as_at)).alias("_not_yet"),
        )
        .filter(~pl.col("_not_yet") | pl.col("predecessor_urn").is_not_null())
        .with_columns(
            pl.when(pl.col("_not_yet"))
            .then(pl.col("predecessor_urn"))
            .otherwise(pl.col("urn"))
            .alias("row_urn"),
            pl.when(pl.col("_not_yet"))
            .then(pl.col("predecessor_type"))
            .otherwise(pl.col("school_type"))
            .alias("row_type"),
            pl.when(pl.col("_not_yet"))
            .then(None)
            .otherwise(pl.col("trust_name"))
            .alias("row_trust"),
            pl.when(pl.col("_not_yet"))
            .then(pl.col("predecessor_opened_on"))
            .otherwise(pl.col("opened_on"))
            .alias("row_opened_on"),
        )
    )


def _nth_latest(
    history: pl.DataFrame, kinds: tuple[str, ...], as_at: date, nth: int
) -> pl.DataFrame:
    """Each school's nth latest published inspection of the given kinds (0 = latest)."""
    return (
        history.filter(pl.col("kind").is_in(kinds) & (pl.col("published_on") <= pl.lit(as_at)))
        .sort("started_on", descending=True)
        .with_columns(pl.int_range(pl.len()).over("urn").alias("_n"))
        .filter(pl.col("_n") == nth)
        .drop("_n")
    )


def _prefixed(frame: pl.DataFrame, prefix: str) -> pl.DataFrame:
    return frame.rename({c: f"{prefix}{c}" for c in frame.columns if c != "urn"})


def _school_columns(rows: pl.DataFrame) -> dict[str, pl.Expr]:
    h = MI_2019_LAYOUT.columns
    return {
        "Web Link (opens in new window)": pl.format(
            "https://example.invalid/demo/provider/{}", pl.col("row_urn")
        ),
        h["urn"]: pl.col("row_urn").cast(pl.String),
        h["laestab"]: (pl.col("la_code") * 10000 + pl.col("establishment_number")).cast(pl.String),
        h["school_name"]: pl.col("school_name"),
        h["ofsted_phase"]: pl.col("ofsted_phase"),
        h["school_type"]: pl.col("row_type").str.replace("schools", "school").str.to_titlecase(),
        h["opened_on"]: _date_text("row_opened_on"),
        "Ofsted region": pl.col("region"),
        h["region"]: pl.col("region"),
        h["la_name"]: pl.col("la_name"),
        h["postcode"]: pl.lit(None, pl.String),
        h["trust_name"]: pl.col("row_trust"),
        h["idaci_quintile"]: pl.col("idaci_quintile").cast(pl.String),
        h["pupils"]: pl.col("pupils").cast(pl.String),
    }


def _block_columns(block, prefix: str, report_card: bool) -> dict[str, pl.Expr]:  # noqa: ANN001
    """The published columns of one inspection block, from an inspection joined with `prefix`."""
    p = prefix
    fw = pl.col(f"{p}framework_id")
    exists = pl.col(f"{p}inspection_number").is_not_null()
    columns: dict[str, pl.Expr] = {
        block.number: pl.col(f"{p}inspection_number").cast(pl.String),
        block.started_on: _date_text(f"{p}started_on"),
    }
    if block.published_on:
        columns[block.published_on] = _date_text(f"{p}published_on")
    if block.inspection_type:
        columns[block.inspection_type] = pl.col(f"{p}inspection_type")
    if block.urn_at_inspection:
        columns[block.urn_at_inspection] = pl.col(f"{p}urn_at_inspection").cast(pl.String)
    if block.category_of_concern:
        # Published files leave this blank (not NULL) when an inspection found no concern.
        columns[block.category_of_concern] = pl.when(exists).then(
            pl.coalesce(pl.col(f"{p}category_of_concern"), pl.lit(""))
        )
    if block.outcome:
        columns[block.outcome] = pl.col(f"{p}outcome")
    for area, header in block.areas.items():
        rank = (
            pl.col(f"{p}area.{area}") if area != "overall_effectiveness" else pl.col(f"{p}overall")
        )
        if report_card:
            if area == "safeguarding_standards":
                text = (
                    pl.when(rank == 1).then(pl.lit("Met")).when(rank == 2).then(pl.lit("Not met"))
                )
            else:
                text = (
                    pl.when(rank == 9)
                    .then(pl.lit("Not applicable"))
                    .otherwise(
                        rank.replace_strict(REPORT_CARD_WORDS, default=None, return_dtype=pl.String)
                    )
                )
        elif area == "safeguarding_effective":
            text = pl.when(rank == 1).then(pl.lit("Yes")).when(rank == 2).then(pl.lit("No"))
        elif area == "overall_effectiveness":
            text = (
                pl.when(fw == "eif_2024")
                .then(pl.lit("Not judged"))
                .otherwise(_grade_text(f"{p}overall"))
            )
        elif area in OEIF_ONLY_AREAS:
            text = pl.when(~fw.is_in(PRE_2019)).then(_grade_text(f"{p}area.{area}"))
        else:
            text = _grade_text(f"{p}area.{area}")
        columns[header] = pl.when(exists).then(text)
    for area, header in block.area_dates.items():
        columns[header.replace("date of judgement", "date of grade")] = pl.when(
            pl.col(f"{p}area.{area}").is_between(1, 5)
        ).then(_date_text(f"{p}started_on"))
    return columns


def _write_csv(
    frame: pl.DataFrame,
    path: Path,
    *,
    encoding: str = "utf-8",
    title: str | None = None,
    bom: bool = False,
    crlf: bool = False,
    null_value: str = "NULL",
) -> None:
    text = frame.write_csv(null_value=null_value, line_terminator="\r\n" if crlf else "\n")
    if title:
        text = f"{title}{chr(13) if crlf else ''}\n{text}"
    data = text.encode(encoding, errors="replace")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


def write_mi_2019_layout(
    path: Path,
    schools: pl.DataFrame,
    history: pl.DataFrame,
    as_at: date,
    *,
    title: str | None,
    encoding: str,
    bom: bool,
    plant: bool,
) -> None:
    """Ofsted MI as published 2019-2024: latest and previous graded, latest ungraded."""
    rows = _rows_at(schools, as_at)
    latest = _prefixed(_nth_latest(history, ("graded",), as_at, 0), "l.")
    previous = _prefixed(_nth_latest(history, ("graded",), as_at, 1), "p.")
    ungraded = _prefixed(_nth_latest(history, ("ungraded",), as_at, 0), "u.")
    joined = (
        rows.join(latest, on="urn", how="left")
        .join(previous, on="urn", how="left")
        .join(ungraded, on="urn", how="left")
        .with_columns(  # an ungraded visit is listed only if it came after the latest graded one
            pl.when(pl.col("u.started_on") > pl.coalesce(pl.col("l.started_on"), pl.lit(date.min)))
            .then(pl.col(f"u.{c}"))
            .alias(f"u.{c}")
            for c in (
                "inspection_number",
                "started_on",
                "published_on",
                "urn_at_inspection",
                "outcome",
            )
        )
        .sort("row_urn")
    )
    blocks = {b.block_id: b for b in MI_2019_LAYOUT.blocks}
    columns = {
        **_school_columns(joined),
        **_block_columns(blocks["latest_ungraded"], "u.", False),
        **_block_columns(blocks["latest_graded"], "l.", False),
        **_block_columns(blocks["previous_graded"], "p.", False),
    }
    frame = joined.select(**columns)
    if plant:
        qoe = "Quality of education"
        frame = frame.with_columns(
            pl.when(pl.col(qoe).is_not_null() & (pl.col(qoe).is_not_null().cum_sum() <= 2))
            .then(pl.lit("8"))
            .otherwise(pl.col(qoe))
            .alias(qoe),
            pl.when(pl.int_range(pl.len()) == 101)
            .then(pl.lit("31/02/2017"))
            .otherwise(pl.col("Previous inspection start date"))
            .alias("Previous inspection start date"),
        )
    _write_csv(frame, path, encoding=encoding, title=title, bom=bom)


def write_mi_report_card_layout(
    path: Path, schools: pl.DataFrame, history: pl.DataFrame, as_at: date
) -> None:
    """Ofsted MI as published from 2026: report card, latest OEIF graded, latest ungraded."""
    _write_csv(mi_report_card_frame(schools, history, as_at), path)


def mi_report_card_frame(schools: pl.DataFrame, history: pl.DataFrame, as_at: date) -> pl.DataFrame:
    """The published columns of a report-card-era MI file as at `as_at`, as text (null = NULL)."""
    rows = _rows_at(schools, as_at)
    card = _prefixed(_nth_latest(history, ("report_card",), as_at, 0), "r.")
    graded = _prefixed(_nth_latest(history, ("graded",), as_at, 0), "l.")
    ungraded = _prefixed(_nth_latest(history, ("ungraded",), as_at, 0), "u.")
    joined = (
        rows.join(card, on="urn", how="left")
        .join(graded, on="urn", how="left")
        .join(ungraded, on="urn", how="left")
        .sort("row_urn")
    )
    blocks = {b.block_id: b for b in MI_REPORT_CARD_LAYOUT.blocks}
    columns = {
        **_school_columns(joined),
        **_block_columns(blocks["latest_full"], "r.", True),
        **_block_columns(blocks["latest_oeif"], "l.", False),
        **_block_columns(blocks["latest_ungraded"], "u.", False),
    }
    return joined.select(**columns)


def write_gias(path: Path, schools: pl.DataFrame, rng: np.random.Generator, as_at: date) -> None:
    """A GIAS 'all establishments' extract: Windows-1252, CRLF, dd-mm-yyyy, ragged rows."""
    h = GIAS_LAYOUT.columns
    successors = schools.filter(pl.col("predecessor_urn").is_not_null()).select(
        pl.col("predecessor_urn").alias("urn"),
        (pl.col("opened_on") - pl.duration(days=1)).alias("closed_on"),
        pl.col("urn").alias("successor_urn"),
    )
    register = schools.join(successors, on="urn", how="left")
    unknown_open = rng.random(register.height) < 0.02
    frame = register.select(
        pl.col("urn").cast(pl.String).alias(h["urn"]),
        pl.col("la_code").alias(h["la_code"]),
        pl.col("la_name").alias(h["la_name"]),
        pl.col("establishment_number").alias(h["establishment_number"]),
        pl.col("school_name").alias(h["school_name"]),
        pl.col("school_type").alias(h["school_type"]),
        pl.col("type_group").alias(h["type_group"]),
        pl.when(pl.col("is_open"))
        .then(pl.lit("Open"))
        .otherwise(pl.lit("Closed"))
        .alias(h["status"]),
        pl.when(pl.Series(unknown_open))
        .then(pl.lit("01-01-1900"))
        .otherwise(_date_text("opened_on", "%d-%m-%Y"))
        .alias(h["opened_on"]),
        _date_text("closed_on", "%d-%m-%Y").alias(h["closed_on"]),
        pl.col("gias_phase").alias(h["phase"]),
        pl.when(pl.col("is_open")).then(pl.col("pupils")).alias(h["pupils"]),
        pl.when(pl.col("is_open")).then(pl.col("fsm_pct")).alias(h["fsm_pct"]),
        pl.col("trust_name").alias(h["trust_name"]),
        pl.col("region").alias(h["region"]),
        pl.lit(None, pl.String).alias(h["postcode"]),
        pl.when(pl.col("successor_urn").is_not_null())
        .then(pl.format("Successor - {}", pl.col("successor_urn")))
        .alias("Linked establishments"),
    )
    out_of_scope = _out_of_scope_rows(rng, frame, schools)
    duplicate = frame.slice(5, 1)
    bad_fsm = frame.slice(7, 1).with_columns(pl.lit(105.0).alias(h["fsm_pct"]))
    frame = pl.concat(
        [frame.slice(0, 7), bad_fsm, frame.slice(8), duplicate, out_of_scope],
        how="vertical_relaxed",
    )
    text = frame.write_csv(null_value="", quote_style="non_numeric", line_terminator="\r\n")
    lines = text.split("\r\n")
    # Ragged rows: a few establishments list extra linked establishments past the last column.
    for index in range(3, len(lines) - 1, 997):
        lines[index] += ',"Sibling - 100000","Federation - 100001"'
    path.write_bytes("\r\n".join(lines).encode("cp1252", errors="replace"))


def _out_of_scope_rows(rng: np.random.Generator, frame: pl.DataFrame, schools: pl.DataFrame):  # noqa: ANN202
    """Independent schools and children's centres: in the register, never in the dashboard."""
    h = GIAS_LAYOUT.columns
    count = max(20, schools.height // 10)
    sample = frame.sample(count, seed=int(rng.integers(1 << 31)))
    kinds = np.where(rng.random(count) < 0.85, "Other independent school", "Children's centre")
    return sample.with_columns(
        pl.Series(
            h["urn"],
            [
                str(980001 + i) if k != "Children's centre" else str(20001 + i)
                for i, k in enumerate(kinds)
            ],
        ),
        pl.Series(h["school_type"], kinds),
        pl.Series(
            h["type_group"],
            np.where(kinds == "Children's centre", "Children's Centres", "Independent schools"),
        ),
        pl.Series(
            h["school_name"], [n.replace("Academy", "School") for n in sample[h["school_name"]]]
        ),
        pl.lit(None, pl.String).alias(h["trust_name"]),
        pl.lit(None, pl.String).alias("Linked establishments"),
    )
