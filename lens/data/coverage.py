"""What the national figures are called: "England" only when the loaded data covers England.

The rule lives in schemas/coverage.py and the warehouse's `coverage` model; this module gives the
pages its words, so a view of two regions never says "England".
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from lens.data.queries import ask, per_run
from lens.data.warehouse import WarehouseMissing


@dataclass(frozen=True)
class Coverage:
    is_england: bool
    label: str  # a row, option or metric: "England" / "All loaded schools (12 local authorities)"
    place: str  # after "in": "England" / "the loaded data (12 local authorities)"
    count_local_authorities: int
    count_regions: int
    count_register_schools: int
    register_share_inspected: float | None

    def words(self) -> str:
        """One sentence on how far the loaded data reaches, for the data page and the packs."""
        reach = f"{self.count_regions} of 9 English regions"
        register = (
            f"; {self.register_share_inspected:.1%} of the {self.count_register_schools:,} open "
            "schools in the loaded register have inspection data"
            if self.count_register_schools and self.register_share_inspected is not None
            else "; no register of schools is loaded"
        )
        verdict = (
            "so national figures are England's."
            if self.is_england
            else "so national figures are called "
            f"'{self.label}', not England (England needs every region and, with a register, "
            "at least 95% of its open schools)."
        )
        return f"Inspection data from {reach}{register}: {verdict}"


def national() -> Coverage:
    """The loaded data's coverage, from the warehouse (once per page run)."""
    return per_run("coverage", _national)


def _national() -> Coverage:
    row = ask("coverage").row(0, named=True)
    la_count = row["count_local_authorities"]
    return Coverage(
        is_england=bool(row["is_england"]),
        label=row["national_name"],
        place="England"
        if row["is_england"]
        else f"the loaded data ({la_count} local authorit{'y' if la_count == 1 else 'ies'})",
        count_local_authorities=la_count,
        count_regions=row["count_regions"],
        count_register_schools=row["count_register_schools"],
        register_share_inspected=row["register_share_inspected"],
    )


def _or_england(part: str) -> str:
    try:
        return getattr(national(), part)
    except (duckdb.Error, WarehouseMissing):  # built before coverage was recorded, or none yet
        return "England"


def label() -> str:
    """What the national figures are called, as a row, option or metric label."""
    return _or_england("label")


def place() -> str:
    """Where the national figures come from, after "in": "England" or "the loaded data (...)"."""
    return _or_england("place")
