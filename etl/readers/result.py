"""What every reader returns: staging frames, rejects, and the counts the load log keeps."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import polars as pl

from etl.checks import OUT_OF_SCOPE, ROW_REJECTED, VALUE_DROPPED

FILE_REJECTED = "file rejected"


@dataclass
class ReadResult:
    file: str
    layout_id: str
    rows_read: int
    tables: dict[str, pl.DataFrame]
    rejects: pl.DataFrame
    notes: list[str] = field(default_factory=list)
    as_at: date | None = None  # the date the file says its figures are as at (name or inside)

    def count(self, action: str) -> int:
        """Rows with at least one reject of this action."""
        chosen = self.rejects.filter(pl.col("action") == action)
        if "count_rows" not in chosen.columns:
            return chosen["line"].n_unique()
        # a line folded from many rows (one_line_per_value) stands for count_rows of them
        return int(chosen.group_by("line").agg(pl.col("count_rows").max())["count_rows"].sum())

    @property
    def rows_rejected(self) -> int:
        """Rows rejected, or the one 'row' of a report file rejected as a whole."""
        return self.count(ROW_REJECTED) + self.count(FILE_REJECTED)

    @property
    def rows_out_of_scope(self) -> int:
        return self.count(OUT_OF_SCOPE)

    @property
    def values_dropped(self) -> int:
        dropped = self.rejects.filter(pl.col("action") == VALUE_DROPPED)
        if "count_rows" not in dropped.columns:  # a reader's own frame, one line per value
            return dropped.height
        return int(dropped["count_rows"].sum())
