"""The report coder's measured errors: how the coder's labels compare with the true labels on the
frozen real test splits (all together), as `python -m etl.coding.evaluate` writes them to
measured_errors.csv (tests/test_coder_evaluation.py fails when the file is not what the current
coder gives).

Each row is one cell of the cross-tabulation: the coder's label and whether the unit has learning
words (which the learning link needs), against the true label and learning link, with the number
of test units in it. The build loads the file into the warehouse (coder_measured_errors), and the
Engagement page and the LA pack use it to say how far the report-level shares could move
(lens/rules/coder_errors.py).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Literal

import polars as pl
from pydantic import BaseModel, ConfigDict, Field, ValidationError

MEASURED_ERRORS = Path(__file__).with_name("measured_errors.csv")
COLUMNS = (
    "coder_label",
    "has_learning_words",
    "true_label",
    "is_true_learning_link",
    "count_units",
)
Label = Literal["engagement", "involvement", "informing", "parents_views", "none"]


class Cell(BaseModel):
    """One cell of the cross-tabulation."""

    model_config = ConfigDict(extra="forbid", strict=False)

    coder_label: Label
    has_learning_words: bool
    true_label: Label
    is_true_learning_link: bool
    count_units: int = Field(ge=1)


def load(path: Path = MEASURED_ERRORS) -> pl.DataFrame:
    """The cells, checked: a bad file fails naming its line and field."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ValueError(f"{path.name}, line 1: the columns must be {', '.join(COLUMNS)}")
        cells = []
        for line, row in enumerate(reader, start=2):
            try:
                cells.append(Cell.model_validate(row))
            except ValidationError as error:
                first = error.errors()[0]
                field = ".".join(str(part) for part in first["loc"])
                raise ValueError(
                    f"{path.name}, line {line}, column '{field}': {first['msg']}"
                ) from None
    keys = [
        (c.coder_label, c.has_learning_words, c.true_label, c.is_true_learning_link) for c in cells
    ]
    if len(set(keys)) != len(keys):
        raise ValueError(f"{path.name}: a cell is given twice")
    missing = set(Label.__args__) - {c.coder_label for c in cells}
    if missing:  # a rate with no units to measure it would be a guess
        raise ValueError(f"{path.name}: no test unit has the coder's label {sorted(missing)}")
    schema = {
        "coder_label": pl.String,
        "has_learning_words": pl.Boolean,
        "true_label": pl.String,
        "is_true_learning_link": pl.Boolean,
        "count_units": pl.Int64,
    }
    return pl.DataFrame([c.model_dump() for c in cells], schema=schema, orient="row")
