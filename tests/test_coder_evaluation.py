"""The report coder on sentences it has never seen (etl/coding/evaluate.py computes every figure).

- The four **real test splits** (tests/fixtures/coder_corpus/real_test.csv: 215 sentences from
  149 published Ofsted reports; real_test_2.csv: 157 from 121 more; real_test_3.csv: 299 from 239
  more; real_test_4.csv: 92 from 72 more), each frozen (SHA-256 in the corpus README, checked
  before scoring) before its harvest trained the coder or chose a setting; figures for each and
  for all together (the measured errors and the issue's targets use all four). Only aggregate
  figures are printed.
- The **written test set** (test.csv), with its frozen labels and with the units LABELLING.md now
  settles differently relabelled (test_guide_changes.csv).
- Cross-validation grouped by report, and leave one source out, on the training side.
- The agreement of the two labellings (Cohen's kappa) and the measured errors the Engagement page
  allows for (etl/coding/measured_errors.csv, which must be the file the evaluation writes).

Run with -s to see the figures; the README's coder section records them.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

from etl.coding import corpus, evaluate, measured
from schemas.report_codes import CODES

README = Path(__file__).parents[1] / "README.md"

# issue 18's targets, not met yet (README, "How well it codes sentences it has never seen"):
# test_issue_18_targets is marked as an expected failure that must fail loudly once they are met
TARGET_REAL_MACRO_F1 = 0.85
TARGET_ENGAGEMENT_RECALL = 0.85
TARGET_WRITTEN_MACRO_F1 = 0.90
# floors under the figures the coder has (first split 0.907, second 0.854, third 0.828, fourth
# 0.735, all four 0.845, engagement 44 of 59, written 0.924 on 2026-12-02, fifth session), so
# that a change that makes it worse on text it has never seen fails
FLOOR_REAL_MACRO_F1 = 0.88
FLOOR_REAL_2_MACRO_F1 = 0.83
FLOOR_REAL_3_MACRO_F1 = 0.80
FLOOR_REAL_4_MACRO_F1 = 0.70
FLOOR_ALL_MACRO_F1 = 0.83
FLOOR_ENGAGEMENT_RECALL = 0.65
FLOOR_WRITTEN_MACRO_F1 = 0.90


@pytest.fixture(scope="module")
def real() -> tuple[list[dict[str, str]], list]:
    return evaluate.real_test()


def test_the_frozen_files_are_the_frozen_ones():
    for path in (*evaluate.REAL_TESTS, evaluate.WRITTEN_TEST):
        evaluate.frozen_rows(path)  # raises if the file is not the one its README records
    assert evaluate.recorded_hash("real_test.csv") == (
        "ef67de22b9d04e1b7c9b23ca386344a50da974ad25409e5ffbb836f9ceda19be"
    )
    assert evaluate.recorded_hash("real_test_2.csv") == (
        "e8def2f8bad49e4c355fed598b7fb72fd5295e0a7a37d28e1f53eb8769c29587"
    )
    assert evaluate.recorded_hash("real_test_3.csv") == (
        "57452ae368bc646076dd68ca02645613c20d53bf2dd654db0cf4b682d6ddbf48"
    )
    assert evaluate.recorded_hash("real_test_4.csv") == (
        "deaee23a730c1146444bdce34ce7883be96af1370cf023a83e2c452925f11eaf"
    )


def test_a_changed_test_file_is_refused_before_scoring(tmp_path, monkeypatch):
    copy = tmp_path / "real_test.csv"
    shutil.copy(evaluate.REAL_TEST, copy)
    copy.write_bytes(copy.read_bytes().replace(b"parents", b"Parents", 1))
    with pytest.raises(ValueError, match="changed after it was frozen"):
        evaluate.frozen_rows(copy)


@pytest.mark.parametrize(
    ("paths", "units", "floor"),
    [
        ((evaluate.REAL_TEST,), 215, FLOOR_REAL_MACRO_F1),
        ((evaluate.REAL_TEST_2,), 157, FLOOR_REAL_2_MACRO_F1),
        ((evaluate.REAL_TEST_3,), 299, FLOOR_REAL_3_MACRO_F1),
        ((evaluate.REAL_TEST_4,), 92, FLOOR_REAL_4_MACRO_F1),
        (evaluate.REAL_TESTS, 763, FLOOR_ALL_MACRO_F1),
    ],
    ids=["first split", "second split", "third split", "fourth split", "all four"],
)
def test_real_test_split(paths, units, floor):
    rows, coded = evaluate.real_test(paths)
    result = evaluate.scored(rows, coded)
    print("\n" + "\n".join(evaluate.table("Real test split", result)))
    print("\n".join(evaluate.confusion_lines(result)))
    per_label = result.per_label()
    hits = round(per_label["engagement"][1] * per_label["engagement"][3])
    low, high = evaluate.wilson(hits, per_label["engagement"][3])
    print(
        f"  engagement recall {hits}/{per_label['engagement'][3]}, Wilson 95% {low:.2f}-{high:.2f}"
    )
    assert len(rows) == units and set(result.truth) == set(CODES)
    assert result.macro_f1 >= floor
    assert per_label["engagement"][1] >= FLOOR_ENGAGEMENT_RECALL


@pytest.mark.xfail(
    strict=True,
    reason="issue 18's targets are not met yet: when they are, this passes, fails as an "
    "unexpected pass, and its mark must go",
)
def test_issue_18_targets(real):
    result = evaluate.scored(*real)
    assert result.macro_f1 >= TARGET_REAL_MACRO_F1
    assert result.per_label()["engagement"][1] >= TARGET_ENGAGEMENT_RECALL
    assert evaluate.written_test(with_guide_changes=False).macro_f1 >= TARGET_WRITTEN_MACRO_F1


def test_the_uncertain_units_hold_the_errors(real):
    share, inside, outside, caught = evaluate.scored(*real).uncertain_split()
    print(f"\nuncertain {share:.1%}, wrong inside {inside:.1%}, outside {outside:.1%}")
    assert 0.05 <= share <= 0.35
    assert inside > 2 * outside and caught >= 0.4


def test_the_learning_link_on_real_text(real):
    rows, coded = real
    agree = sum(
        c.learning_link == (r["learning_link"] == "true") for r, c in zip(rows, coded, strict=True)
    )
    print(f"\nlearning link agrees on {agree} of {len(rows)}")
    assert not any(c.learning_link for c in coded if c.label != "engagement")
    assert agree / len(rows) >= 0.9


@pytest.mark.parametrize("with_guide_changes", [False, True])
def test_written_test_set(with_guide_changes):
    result = evaluate.written_test(with_guide_changes)
    name = "guide's labels" if with_guide_changes else "frozen labels"
    print("\n" + "\n".join(evaluate.table(f"Written test set, {name}", result)))
    assert len(result.truth) == 231
    assert result.macro_f1 >= FLOOR_WRITTEN_MACRO_F1


def test_the_guide_changes_name_test_units_and_their_frozen_labels():
    frozen = {r["id"]: r["label"] for r in evaluate.frozen_rows(evaluate.WRITTEN_TEST)}
    changes = corpus.guide_changes("test_guide_changes.csv")
    assert changes
    for unit, change in changes.items():
        assert frozen[unit] == change["old"] != change["new"] in CODES
        assert change["case"] and change["reason"]


def test_agreement_of_the_two_labellings():
    kappa, agree, units = evaluate.agreement()
    print(f"\nagreement {agree} of {units}, Cohen's kappa {kappa:.3f}")
    assert (agree, units) == (484, 490)
    assert round(kappa, 3) == 0.981  # the corpus README's figure


def test_cohen_kappa_and_wilson_against_hand_worked_values():
    # 10 units, agreeing on 8; each labeller says x 6 times and y 4 times, so chance agreement
    # is 0.6 * 0.6 + 0.4 * 0.4 = 0.52 and kappa (0.8 - 0.52) / (1 - 0.52) = 0.28 / 0.48
    first = ["x"] * 6 + ["y"] * 4
    second = ["x"] * 5 + ["y"] + ["y"] * 3 + ["x"]
    assert evaluate.cohen_kappa(first, second) == pytest.approx(0.28 / 0.48)
    # Wilson's interval for 8 of 10 at z = 1.96, by hand: centre (0.8 + 1.96^2/20) / (1 +
    # 1.96^2/10) = 0.7168, half-width 1.96 * sqrt(0.016 + 0.009604) / 1.38416 = 0.2266
    low, high = evaluate.wilson(8, 10)
    assert (round(low, 3), round(high, 3)) == (0.490, 0.943)
    assert evaluate.wilson(0, 0) == (0.0, 1.0)


def test_cross_validation_on_the_training_side():
    result = evaluate.cross_validate(seed=0)
    real_cv, written_cv = result["real"], result["written"]
    second = result[evaluate.SECOND_HARVEST]
    print(
        f"\ncross-validated, grouped by report: real {real_cv.macro_f1:.3f} "
        f"({len(real_cv.truth)} units; second harvest {second.macro_f1:.3f}, "
        f"{len(second.truth)} units), written {written_cv.macro_f1:.3f}"
    )
    real_train = corpus.read(corpus.CORPUS / "real_train.csv")
    assert len(real_cv.truth) == len(real_train)
    assert len(second.truth) == sum(r["id"][0] in evaluate.LATER_HARVESTS for r in real_train) > 0
    assert real_cv.macro_f1 >= 0.8 and written_cv.macro_f1 >= 0.9


def test_leave_one_source_out():
    result = evaluate.leave_one_source_out()
    for group, scored in result.items():
        print(f"\n  {group}: {len(scored.truth)} units, accuracy {scored.accuracy:.1%}", end="")
    groups = {r["source_group"] for r in corpus.read(corpus.CORPUS / "real_train.csv")}
    assert set(result) == groups
    assert sum(len(s.truth) for s in result.values()) == len(
        corpus.read(corpus.CORPUS / "real_train.csv")
    )
    assert all(s.accuracy >= 0.6 for s in result.values())


def test_measured_errors_are_the_evaluations(real):
    """The Engagement page allows for the error rates measured on the real test split: the file
    the ETL loads must be the one the current coder gives (python -m etl.coding.evaluate)."""
    rows, coded = real
    expected = evaluate.measured_errors_text(evaluate.measured_errors(rows, coded))
    assert evaluate.MEASURED_ERRORS.read_text(encoding="utf-8") == expected, (
        "etl/coding/measured_errors.csv is stale: run python -m etl.coding.evaluate"
    )
    with evaluate.MEASURED_ERRORS.open(newline="", encoding="utf-8") as handle:
        cells = list(csv.DictReader(handle))
    assert sum(int(c["count_units"]) for c in cells) == len(rows)
    assert measured.load()["count_units"].sum() == len(rows)  # as the build reads it


def test_measured_errors_are_a_cross_tabulation():
    class Unit:
        def __init__(self, label: str, words: bool) -> None:
            self.label, self.learning_words = label, words

    rows = [
        {"label": "engagement", "learning_link": "true"},
        {"label": "engagement", "learning_link": "true"},
        {"label": "involvement", "learning_link": "false"},
    ]
    coded = [Unit("engagement", True), Unit("engagement", True), Unit("engagement", False)]
    text = evaluate.measured_errors_text(evaluate.measured_errors(rows, coded))
    assert text == (
        "coder_label,has_learning_words,true_label,is_true_learning_link,count_units\n"
        "engagement,false,involvement,false,1\n"
        "engagement,true,engagement,true,2\n"
    )


def test_the_evaluation_command_runs_on_the_training_side_alone(capsys):
    assert evaluate.main(["--training-side"]) == 0
    out = capsys.readouterr().out
    assert "Cross-validation" in out and "Leave one source out" in out
    assert "Real test split" not in out
    # the figure the settings were chosen on is the one the README gives
    mean = re.search(r"where the settings are chosen: mean macro-F1 (0\.\d{3})", out)[1]
    assert f"(mean **{mean}**)" in README.read_text(encoding="utf-8")


def test_the_rules_find_less_on_text_they_were_not_written_from(real):
    """Why the rule weight is small (README, "Today's settings"): the rules find nearly all the
    engagement of the units they were written from and little more than half of new text's; the
    README quotes these counts, so they are checked against the corpus here."""
    found = evaluate.rules_by_source()
    shares = [hits / units for _, hits, units in found]
    assert shares[0] > shares[1] > shares[2] > shares[3]  # written, first, second/third, fourth
    assert shares[4] < shares[1]  # the fifth harvest's: less than on the units they came from
    hits, units = evaluate.rules_engagement_found(*real)
    readme = " ".join(README.read_text(encoding="utf-8").split())
    settings = readme[readme.index("**Today's settings**") : readme.index("**How well it codes")]
    for _, hits_part, units_part in found:
        assert f"{hits_part} of {units_part}" in settings
    assert f"the four test splits' engagement, {hits} of {units} ({hits / units:.2f})" in settings


def test_corpus_paths_exist():
    for path in (*evaluate.REAL_TESTS, evaluate.WRITTEN_TEST, evaluate.SECOND_LABELLING):
        assert Path(path).exists()


def test_sixth_harvest_is_new_text_kept_out_of_training():
    """The sixth harvest's units are in no frozen split and never train the coder (by text or
    report), and the coder scores them as the README says (0.806 when first scored, unread)."""
    from etl.coding import corpus
    from etl.coding.coder import code_many

    sixth = corpus.read(evaluate.SIXTH_HARVEST_FILE)
    assert len(sixth) == 214 and len({r["report_key"] for r in sixth}) == 162
    assert all(r["id"].startswith("k") for r in sixth)
    training = {u["text"] for u in corpus.read(corpus.TRAINING_FILE)}
    assert not training & {r["text"] for r in sixth}
    elsewhere = {r["report_key"] for r in corpus.read(corpus.CORPUS / "real_train.csv")}
    for path in evaluate.REAL_TESTS:
        elsewhere |= {r["report_key"] for r in evaluate.frozen_rows(path)}
    assert not elsewhere & {r["report_key"] for r in sixth}
    result = evaluate.scored(sixth, code_many([r["text"] for r in sixth]))
    assert result.macro_f1 >= 0.78  # a floor under 0.806: a coder that gets worse fails
