"""The parent coder against 66 sentences labelled by hand from the three definitions, including
hard negatives ("parents are happy with the school", "parents' views were sought").

Precision and recall per label are printed (run with -s) and kept in the README.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from etl.coding.coder import code, rules

LABELLED = Path(__file__).parent / "fixtures" / "coder_labelled.csv"
LABELS = ("engagement", "involvement", "informing", "none")


def labelled() -> list[dict[str, str]]:
    with LABELLED.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def scores() -> dict[str, tuple[float, float, int]]:
    rows = labelled()
    predicted = [code(row["text"]).label for row in rows]
    result = {}
    for label in LABELS:
        tp = sum(p == label and r["label"] == label for p, r in zip(predicted, rows, strict=True))
        said = sum(p == label for p in predicted)
        truth = sum(r["label"] == label for r in rows)
        result[label] = (tp / said if said else 0.0, tp / truth if truth else 0.0, truth)
    return result


def test_labelled_set_is_large_enough_and_covers_every_label():
    rows = labelled()
    assert len(rows) >= 60
    assert {r["label"] for r in rows} == set(LABELS)


@pytest.mark.parametrize("label", LABELS)
def test_precision_and_recall_per_label(label):
    precision, recall, support = scores()[label]
    print(f"{label}: precision {precision:.2f}, recall {recall:.2f} ({support} sentences)")
    assert precision >= 0.85 and recall >= 0.85


def test_learning_link_agrees_with_the_labels():
    rows = labelled()
    agree = sum(code(r["text"]).learning_link == (r["learning_link"] == "true") for r in rows)
    print(f"learning link: {agree} of {len(rows)} agree")
    assert agree / len(rows) >= 0.9


@pytest.mark.parametrize(
    "text",
    ["Parents are happy with the school.", "Parents' views were sought through a questionnaire."],
)
def test_hard_negatives_are_not_engagement(text):
    assert code(text).label != "engagement"


def test_every_label_shows_the_words_that_triggered_it():
    coded = code("Keep parents informed so that they know how to support their children at home.")
    assert coded.label == "engagement"
    assert any(t.startswith("engagement: ") for t in coded.triggers)
    assert any(t.startswith("informing: ") for t in coded.triggers)


def test_a_bad_rule_is_reported_with_file_line_and_column(tmp_path):
    bad = tmp_path / "rules.csv"
    bad.write_text("label,pattern,why\nengagement,(unclosed,oops\n")
    with pytest.raises(ValueError, match=r"rules.csv, line 2, column 'pattern'"):
        rules(bad)
