"""DfE Get Information about Schools establishments: the register every school hangs from."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import polars as pl

from etl.checks import (
    OUT_OF_SCOPE,
    Check,
    a_date,
    cleaned,
    combine_rejects,
    decimal,
    digits,
    duplicate_keys,
    integer,
    one_line_per_value,
    reject_rows,
    run_checks,
    text,
)
from etl.readers.result import ReadResult
from etl.readers.text_csv import LINE_COLUMN, RawTable
from schemas.sources import GIAS_IN_SCOPE_GROUPS, GIAS_LAYOUT, normalise_header

H = GIAS_LAYOUT.columns


def _scope_reason(raw: RawTable) -> pl.Expr:
    """Why a register row is not a state-funded school (null when it is one)."""

    def raw_col(header: str) -> pl.Expr:
        key = normalise_header(header)
        return cleaned(pl.col(key)) if key in raw.frame.columns else pl.lit(None, pl.String)

    group, type_name, phase = (
        raw_col(H["type_group"]),
        raw_col(H["school_type"]),
        raw_col(H["phase"]),
    )
    return (
        pl.when(group.is_not_null() & ~group.str.to_lowercase().is_in(list(GIAS_IN_SCOPE_GROUPS)))
        .then(pl.format("not a state-funded school ({})", group))
        .when(
            group.is_null()
            & type_name.str.to_lowercase().str.contains(
                "independent|children's centre|college|university|welsh"
            )
        )
        .then(pl.format("not a state-funded school ({})", type_name))
        .when(phase.str.to_lowercase() == "16 plus")
        .then(pl.lit("16 plus provider: not in Ofsted's state-funded schools data"))
    )


def read_gias(raw: RawTable, as_at: date) -> ReadResult:
    """Validate a GIAS download; keep state-funded schools, say why each other row was left."""
    scoped = raw.frame.with_columns(
        _scope_reason(raw).alias("_scope"),
        cleaned(pl.col(normalise_header(H["school_type"]))).alias("_type"),
    )
    out_of_scope = scoped.filter(pl.col("_scope").is_not_null())
    raw = replace(raw, frame=scoped.filter(pl.col("_scope").is_null()).drop("_scope", "_type"))
    checks = [
        Check("urn", H["urn"], digits(6, "URN"), required=True),
        Check("la_code", H["la_code"], digits(3, "LA code"), required=True),
        Check("la_name", H["la_name"], text(), required=True),
        Check("establishment_number", H["establishment_number"], digits(4, "establishment number")),
        Check("school_name", H["school_name"], text(), required=True),
        Check("school_type", H["school_type"], text(), required=True),
        Check("type_group", H["type_group"], text()),
        Check("status", H["status"], text(), required=True),
        Check("opened_on", H["opened_on"], a_date(not_after=as_at)),
        Check("closed_on", H["closed_on"], a_date()),
        Check("phase", H["phase"], text()),
        Check("pupils", H["pupils"], integer(0, 10000)),
        Check("fsm_pct", H["fsm_pct"], decimal(0, 100)),
        Check("trust_name", H["trust_name"], text()),
        Check("region", H["region"], text()),
        Check("postcode", H["postcode"], text()),
    ]
    in_scope, rejects = run_checks(raw, checks)
    duplicates = duplicate_keys(raw.file, in_scope, "urn", H["urn"])
    in_scope = in_scope.unique("urn", keep="first", maintain_order=True)

    schools = in_scope.select(
        pl.col(LINE_COLUMN).alias("line"),
        "urn",
        pl.when(pl.col("establishment_number").is_not_null())
        .then(pl.col("la_code") * 10000 + pl.col("establishment_number"))
        .alias("laestab"),
        "la_code",
        "la_name",
        "school_name",
        "school_type",
        "type_group",
        "phase",
        pl.col("status").str.to_lowercase().str.starts_with("open").alias("is_open"),
        "opened_on",
        "closed_on",
        "pupils",
        "fsm_pct",
        "trust_name",
        "region",
        "postcode",
    )
    all_rejects = combine_rejects(
        [
            rejects,
            one_line_per_value(  # 20,000 independent schools are one line each type, counted
                reject_rows(
                    raw.file,
                    out_of_scope,
                    H["school_type"],
                    pl.col("_type"),
                    pl.col("_scope"),
                    OUT_OF_SCOPE,
                )
            ),
            duplicates,
        ]
    )
    return ReadResult(
        raw.file,
        GIAS_LAYOUT.layout_id,
        scoped.height,
        {"stg_gias_establishments": schools},
        all_rejects,
    )
