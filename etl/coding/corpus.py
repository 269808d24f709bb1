"""The coder's labelled sentences, read from tests/fixtures/coder_corpus/, and the training file
the build's classifier learns from.

`python -m etl.coding.corpus` writes etl/coding/training.csv: the written development set (with
the labels LABELLING.md now settles differently, training_guide_changes.csv), the 66 sentences
written from the definitions (tests/fixtures/coder_labelled.csv) and the real training side
(real_train.csv). Never the written test set and never a real test split. Each row keeps its
source and its group for cross-validation: a real sentence's report, so that no report has
sentences on both sides of a fold; a written unit is its own group. The build reads only
training.csv (the fixtures do not ship with the dashboard).
"""

from __future__ import annotations

import csv
from pathlib import Path

from schemas.report_codes import CODES

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = FIXTURES / "coder_corpus"
LABELLED = FIXTURES / "coder_labelled.csv"
TRAINING_FILE = Path(__file__).with_name("training.csv")
TRAINING_COLUMNS = ("text", "label", "learning_link", "source", "group")


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def guide_changes(name: str) -> dict[str, dict[str, str]]:
    """A guide-changes file (test_guide_changes.csv or training_guide_changes.csv), by unit."""
    rows = read(CORPUS / name)
    key = "id" if "id" in rows[0] else "unit"
    return {row[key]: row for row in rows}


def relabelled(rows: list[dict[str, str]], changes: dict[str, dict[str, str]], unit) -> list:  # noqa: ANN001
    """The rows with each change applied; a change whose old label is not the row's fails."""
    out = []
    for row in rows:
        change = changes.get(unit(row))
        row = dict(row)
        if change:
            if row["label"] != change["old"]:
                raise ValueError(f"{unit(row)}: labelled {row['label']}, the change says {change}")
            row["label"] = change["new"]
            row["learning_link"] = str(
                change["new"] == "engagement" and row["learning_link"] == "true"
            ).lower()
        out.append(row)
    return out


def training_units() -> list[dict[str, str]]:
    """Every unit the classifier learns from, with its source and cross-validation group."""
    changes = guide_changes("training_guide_changes.csv")
    dev = relabelled(read(CORPUS / "dev.csv"), changes, lambda r: f"dev.csv {r['id']}")
    units = [
        {**r, "source": f"coder_corpus/dev.csv {r['id']}", "group": f"dev.csv {r['id']}"}
        for r in dev
    ]
    labelled = read(LABELLED)
    for line, row in enumerate(labelled, start=2):
        name = f"coder_labelled.csv line {line}"
        if name in changes and row["label"] != changes[name]["new"]:
            raise ValueError(f"{name}: labelled {row['label']}, the change says {changes[name]}")
        units.append({**row, "source": name, "group": name})
    for row in read(CORPUS / "guide_examples.csv"):
        name = f"guide_examples.csv {row['id']}"
        units.append({**row, "source": f"coder_corpus/{name}", "group": name})
    for row in read(CORPUS / "real_train.csv"):
        units.append(
            {
                **row,
                "source": f"coder_corpus/real_train.csv {row['id']}",
                "group": f"report {row['report_key']}",
            }
        )
    unknown = {u["label"] for u in units} - set(CODES)
    if unknown:
        raise ValueError(f"unknown labels {sorted(unknown)}")
    return [{column: u[column] for column in TRAINING_COLUMNS} for u in units]


def write_training(path: Path = TRAINING_FILE) -> int:
    units = training_units()
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, TRAINING_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(units)
    return len(units)


if __name__ == "__main__":
    print(f"{write_training():,} units written to {TRAINING_FILE}")
