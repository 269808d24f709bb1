"""How well the report coder labels sentences it has never seen, and the error rates the
Engagement page allows for.

`python -m etl.coding.evaluate` prints every figure the README's coder section gives and writes
etl/coding/measured_errors.csv from the frozen real test splits (all together). Figures, in the
order the README gives them:

- the four **real test splits** (tests/fixtures/coder_corpus/real_test.csv: 215 sentences from
  149 published reports; real_test_2.csv: 157 from 121 more, from a later harvest;
  real_test_3.csv: 299 from 239 more, from a fourth harvest; real_test_4.csv: 92 from 72 more,
  from a fifth), each frozen before the coder was
  changed or retrained on its harvest, their SHA-256 checked against the corpus README before
  anything is scored; for each and for all together: precision, recall and F1 per label,
  macro-F1, the confusion matrix, the share marked uncertain and the error rate inside and outside
  it, and a Wilson 95% interval for engagement recall;
- the **written test set** (test.csv, frozen too) with its frozen labels, and again with the
  units LABELLING.md now settles differently relabelled (test_guide_changes.csv);
- **cross-validation** on the training side (training.csv), grouped by report, the classifier
  retrained on each fold's other groups (the phrase rules are fixed), with the fourth and fifth
  harvests' units apart (no rule was written from them: the settings are chosen on them), and
  how much of each part's engagement the phrase rules alone find;
- **leave one source out**: for each source group of the real training side, the classifier is
  trained without that group's sentences and scored on them;
- the **sixth harvest** (real_sixth_harvest.csv: 214 units from 162 reports), kept out of
  training, scored like a split but not frozen or hashed;
- **agreement** between the two labellings of real_second_labelling.csv (Cohen's kappa).

Only aggregate figures are printed for the real test splits: their sentences and per-sentence
errors are not shown, so that nothing is tuned to them.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from etl.coding import corpus, measured
from etl.coding.coder import Coded, apply_rules_many, code_many
from schemas.report_codes import CODES

REAL_TEST = corpus.CORPUS / "real_test.csv"
REAL_TEST_2 = corpus.CORPUS / "real_test_2.csv"
REAL_TEST_3 = corpus.CORPUS / "real_test_3.csv"
REAL_TEST_4 = corpus.CORPUS / "real_test_4.csv"
# each frozen on its own; figures for each and pooled
REAL_TESTS = (REAL_TEST, REAL_TEST_2, REAL_TEST_3, REAL_TEST_4)
WRITTEN_TEST = corpus.CORPUS / "test.csv"
SECOND_LABELLING = corpus.CORPUS / "real_second_labelling.csv"
# a sixth harvest (seventh session): labelled, scored once unread, kept out of training because
# training on it gained nothing in cross-validation (README, "The sixth harvest")
SIXTH_HARVEST_FILE = corpus.CORPUS / "real_sixth_harvest.csv"
MEASURED_ERRORS = measured.MEASURED_ERRORS
MEASURED_COLUMNS = measured.COLUMNS
FOLDS = 5
CV_SEEDS = (0, 1, 2, 3, 4)  # repeated, reshuffled grouped folds: the spread says how much is noise


def recorded_hash(name: str) -> str:
    """A frozen file's SHA-256 as the corpus README records it."""
    text = (corpus.CORPUS / "README.md").read_text(encoding="utf-8")
    found = re.search(rf"\b([0-9a-f]{{64}})\s+{re.escape(name)}\b", text)
    if not found:
        raise ValueError(f"the corpus README records no SHA-256 for {name}")
    return found[1]


def frozen_rows(path: Path) -> list[dict[str, str]]:
    """A frozen file's rows, after checking it is the file the README recorded."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != recorded_hash(path.name):
        raise ValueError(
            f"{path.name} has SHA-256 {digest}, not the one its README records: it was changed "
            "after it was frozen, and scores on it are no longer held out"
        )
    return corpus.read(path)


@dataclass(frozen=True)
class Scored:
    """True and coded labels of a set of units, and what follows from them."""

    truth: list[str]
    said: list[str]
    uncertain: list[bool]

    def per_label(self) -> dict[str, tuple[float, float, float, int]]:
        """Precision, recall, F1 and units, per label."""
        result = {}
        for label in CODES:
            hits = sum(t == s == label for t, s in zip(self.truth, self.said, strict=True))
            predicted, actual = self.said.count(label), self.truth.count(label)
            precision = hits / predicted if predicted else 0.0
            recall = hits / actual if actual else 0.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            result[label] = (precision, recall, f1, actual)
        return result

    @property
    def macro_f1(self) -> float:
        """The mean F1 of the labels among the true or coded labels (all five, on a test set)."""
        present = set(self.truth) | set(self.said)
        f1s = [f1 for label, (_, _, f1, _) in self.per_label().items() if label in present]
        return sum(f1s) / len(f1s)

    @property
    def accuracy(self) -> float:
        return sum(t == s for t, s in zip(self.truth, self.said, strict=True)) / len(self.truth)

    def confusion(self) -> Counter:
        """(true label, coded label) -> units."""
        return Counter(zip(self.truth, self.said, strict=True))

    def uncertain_split(self) -> tuple[float, float, float, float]:
        """Share marked uncertain, error rate inside and outside it, share of errors inside."""
        wrong = [t != s for t, s in zip(self.truth, self.said, strict=True)]
        inside = [w for w, u in zip(wrong, self.uncertain, strict=True) if u]
        outside = [w for w, u in zip(wrong, self.uncertain, strict=True) if not u]
        return (
            len(inside) / len(wrong),
            sum(inside) / len(inside) if inside else 0.0,
            sum(outside) / len(outside) if outside else 0.0,
            sum(inside) / sum(wrong) if any(wrong) else 0.0,
        )


def scored(rows: list[dict[str, str]], coded: list[Coded]) -> Scored:
    return Scored(
        [r["label"] for r in rows], [c.label for c in coded], [c.uncertain for c in coded]
    )


def wilson(hits: int, units: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson's score interval for a proportion (Wilson 1927), 95% by default."""
    if not units:
        return 0.0, 1.0
    share = hits / units
    centre = (share + z * z / (2 * units)) / (1 + z * z / units)
    half = z * math.sqrt(share * (1 - share) / units + z * z / (4 * units * units))
    half /= 1 + z * z / units
    return max(0.0, centre - half), min(1.0, centre + half)


def cohen_kappa(first: list[str], second: list[str]) -> float:
    """Cohen's kappa (1960): agreement beyond what the two labellers' label shares give."""
    units = len(first)
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / units
    a, b = Counter(first), Counter(second)
    expected = sum(a[label] * b[label] for label in set(a) | set(b)) / (units * units)
    return (observed - expected) / (1 - expected)


def agreement() -> tuple[float, int, int]:
    """Kappa between the second labelling and the first labels, agreeing units, units."""
    first = {r["id"]: r["label"] for r in corpus.read(corpus.CORPUS / "real_train.csv")}
    first |= {r["id"]: r["label"] for r in corpus.read(SIXTH_HARVEST_FILE)}
    for path in REAL_TESTS:
        first |= {r["id"]: r["label"] for r in frozen_rows(path)}
    second = corpus.read(SECOND_LABELLING)
    a = [first[r["id"]] for r in second]
    b = [r["label"] for r in second]
    return cohen_kappa(a, b), sum(x == y for x, y in zip(a, b, strict=True)), len(second)


def written_test(with_guide_changes: bool) -> Scored:
    """The written test set, with its frozen labels or with the guide's changes applied."""
    rows = frozen_rows(WRITTEN_TEST)
    if with_guide_changes:
        rows = corpus.relabelled(
            rows, corpus.guide_changes("test_guide_changes.csv"), lambda r: r["id"]
        )
    return scored(rows, code_many([r["text"] for r in rows]))


def real_test(paths: tuple[Path, ...] = REAL_TESTS) -> tuple[list[dict[str, str]], list[Coded]]:
    """The frozen real test splits' units (all, pooled, unless `paths` names one) and their
    codes."""
    rows = [row for path in paths for row in frozen_rows(path)]
    return rows, code_many([r["text"] for r in rows])


# --- the training side: cross-validation and leave one source out ----------------------------


def _fit(units: list[dict[str, str]]):  # noqa: ANN202 - model.Trained
    from etl.coding import model

    texts = [u["text"] for u in units]
    found = [r.found for r in apply_rules_many(texts)]
    return model.fit(texts, [u["label"] for u in units], found)


def _is_real(unit: dict[str, str]) -> bool:
    return "real_train.csv" in unit["source"]


LATER_HARVESTS = "nmpqh"  # the id letters of the harvests after the first corpus
FOURTH_HARVEST = "pq"  # the id letters of the fourth harvest
FIFTH_HARVEST = "h"  # and of the fifth
NO_RULE_HARVESTS = FOURTH_HARVEST + FIFTH_HARVEST  # no rule was written from their units
SECOND_HARVEST = (
    "real, later harvests"  # the real units collected after the rules were first written
)
FOURTH = "real, fourth and fifth harvests"  # where settings are chosen (README, "Today's settings")
# what the phrase rules were written from, by the id letters of the real training units
RULE_SOURCES = (
    ("the written units (the rules were written from them)", None),
    ("the first harvest's training units (written from them)", "r"),
    ("the second and third harvests' (partly written from them)", "nm"),
    ("the fourth harvest's (no rule written from them)", FOURTH_HARVEST),
    ("the fifth harvest's training units (none written from them)", FIFTH_HARVEST),
)


def cross_validate(seed: int, folds: int = FOLDS) -> dict[str, Scored]:
    """Grouped, stratified k-fold cross-validation of the whole coder on training.csv (real
    sentences grouped by report, each written unit its own group): the pooled out-of-fold scores
    of the real units, of the written units, of the real units of the later harvests (collected
    after the phrase rules were first written) and of the fourth and fifth harvests' units (no
    rule was written from them)."""
    from sklearn.model_selection import StratifiedGroupKFold

    units = corpus.read(corpus.TRAINING_FILE)
    labels = [u["label"] for u in units]
    splitter = StratifiedGroupKFold(folds, shuffle=True, random_state=seed)
    coded: list[Coded | None] = [None] * len(units)
    for train, test in splitter.split(units, labels, [u["group"] for u in units]):
        classifier = _fit([units[i] for i in train])
        texts = [units[i]["text"] for i in test]
        for i, c in zip(test, code_many(texts, classifier=classifier), strict=True):
            coded[i] = c
    parts = {
        "real": [i for i, u in enumerate(units) if _is_real(u)],
        "written": [i for i, u in enumerate(units) if not _is_real(u)],
        SECOND_HARVEST: [i for i, u in enumerate(units) if _is_second_harvest(u)],
        FOURTH: [i for i, u in enumerate(units) if _harvest(u) in NO_RULE_HARVESTS],
    }
    return {
        name: scored([units[i] for i in part], [coded[i] for i in part])
        for name, part in parts.items()
    }


def _is_second_harvest(unit: dict[str, str]) -> bool:
    return _harvest(unit) in LATER_HARVESTS


def _harvest(unit: dict[str, str]) -> str:
    """A real training unit's harvest (the letter its id starts with); "-" for a written one."""
    return unit["source"].split()[-1][0] if _is_real(unit) else "-"


def rules_engagement_found(
    units: list[dict[str, str]], coded: list[Coded] | None = None
) -> tuple[int, int]:
    """How many of these units' engagement the phrase rules alone find (the highest label
    that matched), and of how many."""
    engaged = [u for u in units if u["label"] == "engagement"]
    if coded is None:
        coded = code_many([u["text"] for u in engaged])
    else:
        coded = [c for u, c in zip(units, coded, strict=True) if u["label"] == "engagement"]
    return sum(c.rule_label == "engagement" for c in coded), len(engaged)


def rules_by_source() -> list[tuple[str, int, int]]:
    """The rules' engagement found on each part of the training side, by what the rules were
    written from: why cross-validation overstates new text, and why their weight is small."""
    units = corpus.read(corpus.TRAINING_FILE)
    result = []
    for name, letters in RULE_SOURCES:
        part = [u for u in units if _harvest(u) in (letters or "-")]
        result.append((name, *rules_engagement_found(part)))
    return result


def leave_one_source_out() -> dict[str, Scored]:
    """For each source group of the real training side: trained on everything else in
    training.csv, scored on that group."""
    units = corpus.read(corpus.TRAINING_FILE)
    group_of = {
        f"coder_corpus/real_train.csv {r['id']}": r["source_group"]
        for r in corpus.read(corpus.CORPUS / "real_train.csv")
    }
    result = {}
    for group in sorted(set(group_of.values())):
        held = [u for u in units if group_of.get(u["source"]) == group]
        rest = [u for u in units if group_of.get(u["source"]) != group]
        coded = code_many([u["text"] for u in held], classifier=_fit(rest))
        result[group] = scored(held, coded)
    return result


# --- the measured errors the Engagement page allows for ---------------------------------------


def measured_errors(rows: list[dict[str, str]], coded: list[Coded]) -> list[dict[str, object]]:
    """The real test splits' cross-tabulation: the coder's label and whether the unit has
    learning words, against the true label and learning link, with the units in each cell."""
    cells = Counter(
        (c.label, c.learning_words, r["label"], r["learning_link"] == "true")
        for r, c in zip(rows, coded, strict=True)
    )
    return [
        dict(zip(MEASURED_COLUMNS, (*key, units), strict=True))
        for key, units in sorted(cells.items(), key=lambda kv: _cell_order(kv[0]))
    ]


def _cell_order(key: tuple) -> tuple:
    coder_label, words, true_label, link = key
    return CODES.index(coder_label), words, CODES.index(true_label), link


def measured_errors_text(cells: list[dict[str, object]]) -> str:
    lines = [",".join(MEASURED_COLUMNS)]
    for cell in cells:
        lines.append(
            ",".join(
                str(v).lower() if isinstance(v, bool) else str(v)
                for v in (cell[c] for c in MEASURED_COLUMNS)
            )
        )
    return "\n".join(lines) + "\n"


def write_measured_errors(path: Path = MEASURED_ERRORS) -> str:
    rows, coded = real_test()
    text = measured_errors_text(measured_errors(rows, coded))
    path.write_text(text, encoding="utf-8")
    return text


# --- the report ----------------------------------------------------------------------------


def table(name: str, result: Scored) -> list[str]:
    lines = [f"{name}: {len(result.truth)} units"]
    for label, (precision, recall, f1, units) in result.per_label().items():
        lines.append(
            f"  {label:<14} precision {precision:.2f}  recall {recall:.2f}  F1 {f1:.2f}  "
            f"units {units}"
        )
    share, inside, outside, caught = result.uncertain_split()
    lines.append(f"  macro-F1 {result.macro_f1:.3f}, accuracy {result.accuracy:.1%}")
    lines.append(
        f"  uncertain {share:.1%}: wrong {inside:.1%} of them, {outside:.1%} of the rest "
        f"({caught:.0%} of the errors are among the uncertain)"
    )
    return lines


def confusion_lines(result: Scored) -> list[str]:
    matrix = result.confusion()
    lines = ["  true \\ coded     " + "".join(f"{label[:11]:>12}" for label in CODES)]
    for true in CODES:
        lines.append(f"  {true:<16}" + "".join(f"{matrix[(true, s)]:>12}" for s in CODES))
    return lines


def training_side() -> list[str]:
    """Cross-validation and leave one source out: the figures for choosing settings."""
    lines = [f"Cross-validation on the training side ({FOLDS} folds grouped by report):"]
    fourth = []
    for seed in CV_SEEDS:
        result = cross_validate(seed)
        real, second = result["real"], result[SECOND_HARVEST]
        fourth.append(result[FOURTH].macro_f1)
        share, _inside, _outside, caught = real.uncertain_split()
        lines.append(
            f"  shuffle {seed}: real macro-F1 {real.macro_f1:.3f} (engagement recall "
            f"{real.per_label()['engagement'][1]:.2f}); of which the later harvests "
            f"({len(second.truth)} units) {second.macro_f1:.3f} (engagement recall "
            f"{second.per_label()['engagement'][1]:.2f}), the fourth and fifth harvests "
            f"({len(result[FOURTH].truth)} units) {result[FOURTH].macro_f1:.3f}; written "
            f"macro-F1 {result['written'].macro_f1:.3f}; real units uncertain {share:.1%}, "
            f"holding {caught:.0%} of the errors"
        )
    lines.append(
        f"  the fourth and fifth harvests' units, where the settings are chosen: mean macro-F1 "
        f"{sum(fourth) / len(fourth):.3f} over {len(fourth)} shuffles"
    )
    lines.append("The phrase rules alone find engagement in:")
    for name, found, units in rules_by_source():
        lines.append(f"  {name}: {found} of {units} ({found / units:.2f})")
    lines.append("Leave one source out (real training side):")
    for group, result in leave_one_source_out().items():
        engagement = result.per_label()["engagement"]
        lines.append(
            f"  {group:<28} units {len(result.truth):>4}  accuracy {result.accuracy:.1%}  "
            f"macro-F1 {result.macro_f1:.3f}  engagement {engagement[1] * engagement[3]:.0f}"
            f"/{engagement[3]}"
        )
    return lines


def real_lines(name: str, rows: list[dict[str, str]], coded: list[Coded]) -> list[str]:
    """One real test split's (or the pooled splits') figures."""
    real = scored(rows, coded)
    lines = table(name, real)
    hits = real.confusion()[("engagement", "engagement")]
    units = real.truth.count("engagement")
    low, high = wilson(hits, units)
    lines.append(f"  engagement recall {hits}/{units}: Wilson 95% interval {low:.2f} to {high:.2f}")
    rules = Scored(real.truth, [c.rule_label for c in coded], real.uncertain)
    found, engaged = rules_engagement_found(rows, coded)
    lines.append(
        f"  the phrase rules alone: macro-F1 {rules.macro_f1:.3f}, engagement found {found} of "
        f"{engaged} ({found / engaged:.2f})"
    )
    links = sum(
        c.learning_link == (r["learning_link"] == "true") for r, c in zip(rows, coded, strict=True)
    )
    lines.append(f"  learning link agrees with the labels on {links} of {len(rows)}")
    return lines + confusion_lines(real)


def era_lines(rows: list[dict[str, str]], coded: list[Coded]) -> list[str]:
    """Accuracy and macro-F1 of the real test units by the era of their report (macro-F1 over
    the labels true or coded in that era: a label with one or two units there swings it)."""
    lines = ["By era (all the real test splits):"]
    for era in sorted({r["era"] for r in rows}):
        part = [i for i, r in enumerate(rows) if r["era"] == era]
        result = scored([rows[i] for i in part], [coded[i] for i in part])
        lines.append(
            f"  {era or 'undated':<8} units {len(part):>4}  accuracy {result.accuracy:.1%}  "
            f"macro-F1 {result.macro_f1:.3f}"
        )
    return lines


def report() -> list[str]:
    rows, coded = real_test()
    lines: list[str] = []
    start = 0
    for path in REAL_TESTS:
        units = len(frozen_rows(path))
        part = slice(start, start + units)
        lines += real_lines(
            f"Real test split {path.name} (frozen, SHA-256 checked)", rows[part], coded[part]
        )
        start += units
    lines += real_lines(f"All {len(REAL_TESTS)} real test splits together", rows, coded)
    lines += era_lines(rows, coded)
    sixth = corpus.read(SIXTH_HARVEST_FILE)
    lines += real_lines(
        "The sixth harvest (never trained on, not a frozen split)",
        sixth,
        code_many([r["text"] for r in sixth]),
    )
    for changed in (False, True):
        name = "Written test set, " + (
            "labels as LABELLING.md settles them" if changed else "frozen labels"
        )
        lines += table(name, written_test(changed))
    kappa, agree, units = agreement()
    lines.append(f"Agreement of two labellings: {agree} of {units}, Cohen's kappa {kappa:.3f}")
    lines += training_side()
    return lines


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m etl.coding.evaluate", description=__doc__)
    parser.add_argument(
        "--training-side",
        action="store_true",
        help="only cross-validation and leave one source out (for choosing settings): "
        "no test set is scored and measured_errors.csv is not written",
    )
    args = parser.parse_args(argv)
    if args.training_side:
        print("\n".join(training_side()))
        return 0
    print("\n".join(report()))
    write_measured_errors()
    print(f"written {MEASURED_ERRORS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
