"""A small classifier for report sentences, trained when the ETL first codes a unit.

Logistic regression on words, word pairs and the first five letters of longer words (so that
"volunteer", "volunteers" and "volunteering" share "volun..."), weighted by tf-idf, trained from
training.csv: the development set of the coder corpus and the 66 sentences written from the
definitions, never the held-out test set. Word prefixes stand in for character n-grams: they
scored the same in cross-validation on the training data and code five times faster. Nothing is
downloaded; the same data give the same model on every build. Each decision names the n-grams
that weighed most for it, so a reader can see why.
"""

from __future__ import annotations

import csv
import re
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from schemas.report_codes import CODE_WORDS, CODES

TRAINING_FILE = Path(__file__).with_name("training.csv")
STRENGTH = 10.0  # inverse regularisation (C), chosen by cross-validation on the training data
SHOWN_NGRAMS = 4


def training_rows(path: Path = TRAINING_FILE) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


TOKEN = re.compile(r"\b\w[\w']*\b")
PREFIX = 5  # letters kept of a longer word


def ngrams(text: str) -> list[str]:
    """The features of one text: words, word pairs, and 'volun...' for each longer word."""
    from etl.coding.coder import normalise

    words = TOKEN.findall(normalise(text).lower())
    grams = words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    grams += [w[:PREFIX] + "..." for w in words if len(w) > PREFIX]
    return grams


def make_pipeline(strength: float = STRENGTH):  # noqa: ANN201 - a scikit-learn pipeline
    """The untrained classifier: tf-idf weighted n-grams, logistic regression."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline as pipeline

    return pipeline(
        TfidfVectorizer(analyzer=ngrams, sublinear_tf=True),
        LogisticRegression(C=strength, max_iter=5000),
    )


@dataclass(frozen=True)
class Trained:
    pipeline: object
    names: np.ndarray  # the n-gram of each feature
    classes: tuple[str, ...]


_training = threading.Lock()  # the build reads files in two threads: train once, not twice


def trained(path: Path = TRAINING_FILE) -> Trained:
    """The classifier fitted to the training data (once per process and file)."""
    with _training:
        return _trained(Path(path).resolve())


def warm_up() -> None:
    """Import scikit-learn and train in a thread of its own, ahead of the first report (about
    1.5 s, most of it the import, that would otherwise wait in line behind that report)."""
    threading.Thread(target=trained, name="train-coder", daemon=True).start()


@cache
def _trained(path: Path) -> Trained:
    rows = training_rows(path)
    unknown = {row["label"] for row in rows} - set(CODES)
    if unknown:
        raise ValueError(f"{path.name}: unknown labels {sorted(unknown)}")
    # One BLAS thread: OpenBLAS's threads spin while they wait, and on a busy 2-core machine
    # that made this fit of a few hundred sentences take 2-8 s instead of 0.3 s (README,
    # Performance). It also makes the model the same whatever the machine's number of cores
    # (summing in threads changes the last bits of the weights).
    with threadpool_limits(limits=1, user_api="blas"):
        fitted = make_pipeline().fit([r["text"] for r in rows], [r["label"] for r in rows])
    names = fitted.steps[0][1].get_feature_names_out()
    return Trained(fitted, names, tuple(fitted.classes_))


class Scores:
    """The classifier's label and probability for each of a batch of texts; the n-grams that
    weighed most are worked out only for the decisions a reader will see."""

    def __init__(self, model: Trained, features, probabilities: np.ndarray) -> None:  # noqa: ANN001
        self.model = model
        self.features = features.tocsr()
        self.best = probabilities.argmax(axis=1)
        self.shares = probabilities[np.arange(len(self.best)), self.best]

    def __len__(self) -> int:
        return len(self.best)

    def label(self, row: int) -> str:
        return self.model.classes[self.best[row]]

    def share(self, row: int) -> float:
        return float(self.shares[row])

    def explanations(self, rows: list[int]) -> dict[int, str]:
        """For each of these texts, the n-grams that pushed hardest towards its label (worked
        out for all of them at once: a loop per text would cost more than the classifier)."""
        if not rows:
            return {}
        regression = self.model.pipeline.steps[1][1]
        chosen = self.features[rows]
        owner = np.repeat(np.arange(len(rows)), np.diff(chosen.indptr))
        weights = chosen.data * regression.coef_[self.best[rows][owner], chosen.indices]
        order = np.lexsort((-weights, owner))
        grams: dict[int, list[str]] = {row: [] for row in rows}
        for position in order:
            if weights[position] <= 0:
                continue
            kept = grams[rows[owner[position]]]
            gram = str(self.model.names[chosen.indices[position]])
            if len(kept) < SHOWN_NGRAMS and not any(gram.rstrip(".") in g for g in kept):
                kept.append(gram)
        return {
            row: f"Classifier, {CODE_WORDS[self.label(row)]} {self.share(row):.0%}: "
            + (", ".join(f"'{gram}'" for gram in kept) or "no known words")
            for row, kept in grams.items()
        }


def score(texts: list[str], path: Path = TRAINING_FILE) -> Scores:
    """The classifier's view of each text."""
    model = trained(path)
    vectoriser, regression = model.pipeline.steps[0][1], model.pipeline.steps[1][1]
    features = vectoriser.transform(texts)
    return Scores(model, features, regression.predict_proba(features))
