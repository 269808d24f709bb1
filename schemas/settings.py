"""One typed settings object, every field documented, each overridable as LENS_<NAME>.

Declared once here so the ETL, the dashboard and the README agree (a test checks the README lists
every setting).
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, Field, field_validator

from schemas.gap_method import WINDOWS_MONTHS

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseModel):
    """Paths, thresholds and cache limits; defaults suit a fresh clone."""

    raw_dir: Path = Field(
        PROJECT_ROOT / "data" / "raw",
        description="Folder the ETL reads published files from.",
    )
    warehouse_path: Path = Field(
        PROJECT_ROOT / "data" / "warehouse.duckdb",
        description="The DuckDB file the dashboard reads and the ETL swaps in.",
    )
    demo_dir: Path = Field(
        PROJECT_ROOT / "data" / "demo",
        description="Where the demonstration files (fictional schools) are written.",
    )
    demo_seed: int = Field(20261123, description="Seed of the demonstration data generator.")
    demo_school_count: int = Field(
        21000, description="Number of fictional state-funded schools in the demonstration data."
    )
    build_memory_limit_mb: int = Field(
        1536,
        ge=256,
        description="Memory the warehouse's database may use while a build makes its tables "
        "(beyond it, it works on disk): with the files read, the build's peak stays under 2 GB. "
        "Raise it on a larger machine; lower it if a build runs out of memory.",
    )
    max_reject_share: float = Field(
        0.5,
        description="A file with a larger share of its rows rejected stops the build: it is "
        "probably the wrong file, and loading the rest would silently lose schools.",
    )
    report_max_pages: int = Field(
        200,
        ge=1,
        description="An inspection report PDF of more pages is rejected unread (an Ofsted report "
        "has fewer than 40): pages can share one long drawing, each costing seconds to read.",
    )
    report_read_seconds: float = Field(
        60,
        gt=0,
        description="Time an inspection report PDF's text may take to read; one taking longer is "
        "rejected, naming the page reached, and the build goes on with the other files.",
    )
    default_la_code: int = Field(
        383, description="Local authority shown first (Leeds); the first LA if it is not loaded."
    )
    gap_window_months: int = Field(
        36,
        description="The gap list's default time window: parents' views are set against a "
        "judgement made at most this many calendar months before they answered (one of "
        + ", ".join(str(m) for m in WINDOWS_MONTHS)
        + "), counted from month to month whatever the day, so 36 may be 35 months and a day "
        "or 36 months and 30 days; older pairs may describe different schools in all but name.",
    )
    min_reference_schools: int = Field(
        30,
        description="Smallest reference group the gap list compares a school with; smaller "
        "phase groups and grades are pooled (README, the gap list: method).",
    )
    gap_min_responses: int = Field(
        10,
        ge=1,
        description="The gap list compares a school only from this many responses giving a view "
        "(fewer: 'too few responses to compare'), and leaves smaller ones out of its reference "
        "groups; 10 is where Parent View itself starts publishing a school's results.",
    )
    low_base_responses: int = Field(
        30,
        description="A caution below this many: a school's Parent View submissions (every "
        "parent who took part, 'don't know' included: the profile's and pack's small base "
        "point), or a gap-list school's responses giving a view.",
    )
    serves_non_public: bool = Field(
        False,
        description="This deployment serves LAs' own parent surveys and advisers' engagement "
        "judgements of a real warehouse: sign-in must then be configured correctly, or the "
        "dashboard refuses to start. Unset, those two sources are never served from a real "
        "warehouse (the demonstration's fictional ones are shown).",
    )
    organisation: str | None = Field(
        None,
        description='The body that runs this deployment ("Leeds City Council"), named in the '
        "accessibility statement.",
    )
    accessibility_contact: str | None = Field(
        None,
        description="Where a person tells the organisation running this deployment of an "
        "accessibility problem, or asks for content in another format: an https:// address of "
        "a contact form or page, or a mailto: address. The public-sector accessibility "
        "regulations require one in the accessibility statement; until it is set, the statement "
        "says none has been given.",
    )
    cache_ttl_seconds: int = Field(600, description="How long the dashboard caches a query result.")
    cache_max_entries: int = Field(256, description="How many results each cached query keeps.")

    @field_validator("accessibility_contact")
    @classmethod
    def _contact_is_a_link(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip()
        if not value.startswith(("https://", "mailto:")) or any(c in value for c in " <>()[]"):
            raise ValueError(
                "must be an https:// address of a contact form or page, or a mailto: address"
            )
        return value

    @field_validator("gap_window_months")
    @classmethod
    def _window_is_built(cls, value: int) -> int:
        if value not in WINDOWS_MONTHS:
            raise ValueError(f"must be one of {WINDOWS_MONTHS} (the windows the warehouse holds)")
        return value

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Defaults, then LENS_<NAME> environment variables, then explicit overrides."""
        values: dict[str, object] = {}
        for name in cls.model_fields:
            env_value = os.environ.get(f"LENS_{name.upper()}")
            if env_value is not None:
                values[name] = env_value
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)
