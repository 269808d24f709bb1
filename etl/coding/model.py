"""The classifier that labels report sentences, trained when the ETL first codes a unit.

Logistic regression on words, word pairs and the first five letters of longer words (so that
"volunteer", "volunteers" and "volunteering" share "volun..."), weighted by tf-idf, together with
what the phrase rules found (one feature per label whose phrases matched, and one for learning
words, each worth RULE_WEIGHT) and the sentence's meaning as word vectors (etl/coding/vectors.py,
the 256 numbers scaled by VECTOR_WEIGHT). It is trained from training.csv (etl/coding/corpus.py
writes it): real report sentences from the training side of the corpus, the written development set
and the 66 sentences written from the definitions, never a test set. The settings were chosen by
cross-validation on the training side, grouped by report (tests/test_coder_evaluation.py and the
README give the figures): word prefixes scored as well as character n-grams and code five times
faster; the rules as features scored better than the rules deciding with the classifier filling
their gaps, and better than one feature per rule; the word vectors scored better on the units of
the fourth harvest (which no rule was written from) than the words and rules alone; and a small
rule weight (0.1) scored better there than 0.25, because the rules find far more on the sentences
they were written from than on new text, so a classifier trained on those sentences trusts them too
much. Nothing is downloaded; the same data give the same model on every build. Each decision names
the features that weighed most for it, the vectors' share summed into one ("Sentence meaning").
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

from etl.coding import vectors
from schemas.report_codes import CODE_WORDS, CODES

TRAINING_FILE = Path(__file__).with_name("training.csv")
STRENGTH = 20.0  # inverse regularisation (C), chosen by cross-validation on the training side
RULE_WEIGHT = 0.1  # the value of a rule feature beside the tf-idf weights of the n-grams
VECTOR_WEIGHT = 0.15  # the scale of the sentence's word vector beside them (chosen the same way)
# the labels whose phrases matched, an opening with parents' views, and learning words
RULE_FEATURES = (*CODES, "views_opening", "learning_link")
SHOWN_NGRAMS = 4
EXPLAINED_BY = "Automatic coding"  # how a reader knows the classifier (a word they do not use)
RULE_FEATURE_WORDS = {
    **{label: f"{CODE_WORDS[label]} phrase" for label in CODES},
    "none": "'None of these' phrase",
    "views_opening": "Opens with parents' views",
    "learning_link": "Learning words",
}
MEANING = "Sentence meaning"  # the word vectors' summed share in a decision, as a reader sees it


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


def rule_features(found: list[dict]):  # noqa: ANN201 - a scipy sparse matrix
    """One row per unit, one column per RULE_FEATURES: RULE_WEIGHT where that label's phrases
    matched (`found` is each unit's RuleResult.found)."""
    from scipy import sparse

    rows, columns = [], []
    for row, words in enumerate(found):
        for column, label in enumerate(RULE_FEATURES):
            if label in words:
                rows.append(row)
                columns.append(column)
    values = np.full(len(rows), RULE_WEIGHT)
    return sparse.csr_matrix((values, (rows, columns)), shape=(len(found), len(RULE_FEATURES)))


def make_vectoriser():  # noqa: ANN201 - a scikit-learn vectoriser
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer=ngrams, sublinear_tf=True)


def make_regression(strength: float = STRENGTH):  # noqa: ANN201 - a scikit-learn estimator
    """Multinomial logistic regression, each label weighted by the inverse of its frequency (so
    the rarer labels, engagement first, count as much as parents' views), solved by Newton's
    method (the same optimum as L-BFGS, about ten times faster here)."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(
        C=strength, class_weight="balanced", solver="newton-cg", max_iter=1000
    )


@dataclass(frozen=True)
class Trained:
    vectoriser: object
    regression: object
    names: np.ndarray  # the name of each sparse feature: its n-gram, or the rule feature's words
    classes: tuple[str, ...]
    # each token's vector times the classifier's weights for the vectors: one row per token, one
    # column per label, so a sentence's share is the mean of its tokens' rows (vectors.pooled)
    token_scores: np.ndarray

    def features(self, texts: list[str], found: list[dict]):  # noqa: ANN201
        """The sparse features: n-grams and what the rules found."""
        from scipy import sparse

        grams = self.vectoriser.transform(texts)
        return sparse.hstack([grams, rule_features(found)], format="csr")

    def meaning(self, texts: list[str]) -> np.ndarray:
        """The word vectors' share in each label's score, one row per text."""
        return vectors.pooled(_normalised(texts), self.token_scores)

    def probabilities(self, features, meaning: np.ndarray) -> np.ndarray:  # noqa: ANN001
        """The regression's probabilities, the vectors' share added as `meaning` (the same as
        predict_proba on all the features, without a column per vector number)."""
        coef = self.regression.coef_
        logits = features @ coef[:, : features.shape[1]].T + meaning + self.regression.intercept_
        logits -= logits.max(axis=1, keepdims=True)
        odds = np.exp(logits)
        return odds / odds.sum(axis=1, keepdims=True)


def _normalised(texts: list[str]) -> list[str]:
    from etl.coding.coder import normalise

    return [normalise(t) for t in texts]


def fit(texts: list[str], labels: list[str], found: list[dict]) -> Trained:
    """The classifier fitted to these units (`found`: what the rules found in each)."""
    from scipy import sparse

    vectoriser = make_vectoriser()
    grams = vectoriser.fit_transform(texts)
    meaning = vectors.embed(_normalised(texts)).astype(np.float64) * VECTOR_WEIGHT
    features = sparse.hstack([grams, rule_features(found), meaning], format="csr")
    regression = make_regression().fit(features, labels)
    names = np.concatenate(
        [
            vectoriser.get_feature_names_out().astype(object),
            np.array([RULE_FEATURE_WORDS[f] for f in RULE_FEATURES], dtype=object),
        ]
    )
    embedding, _ = vectors.loaded()
    weights = regression.coef_[:, len(names) :]
    token_scores = VECTOR_WEIGHT * (embedding.astype(np.float64) @ weights.T)
    return Trained(
        vectoriser, regression, names, tuple(str(c) for c in regression.classes_), token_scores
    )


_training = threading.Lock()  # the build reads files in two threads: train once, not twice


def trained(path: Path = TRAINING_FILE, rules_path: Path | None = None) -> Trained:
    """The classifier fitted to the training data (once per process, training file and rules)."""
    from etl.coding.coder import RULES_FILE

    with _training:
        return _trained(Path(path).resolve(), Path(rules_path or RULES_FILE).resolve())


def warm_up() -> None:
    """Import scikit-learn and train in a thread of its own, ahead of the first report (about
    1.5 s, most of it the import, that would otherwise wait in line behind that report)."""
    threading.Thread(target=trained, name="train-coder", daemon=True).start()


@cache
def _trained(path: Path, rules_path: Path) -> Trained:
    from etl.coding.coder import apply_rules_many

    rows = training_rows(path)
    unknown = {row["label"] for row in rows} - set(CODES)
    if unknown:
        raise ValueError(f"{path.name}: unknown labels {sorted(unknown)}")
    texts = [r["text"] for r in rows]
    found = [r.found for r in apply_rules_many(texts, rules_path)]
    # One BLAS thread: OpenBLAS's threads spin while they wait, and on a busy 2-core machine
    # that made a fit of a few hundred sentences take 2-8 s instead of 0.3 s (README,
    # Performance). It also makes the model the same whatever the machine's number of cores
    # (summing in threads changes the last bits of the weights).
    with threadpool_limits(limits=1, user_api="blas"):
        return fit(texts, [r["label"] for r in rows], found)


class Scores:
    """The classifier's label and probability for each of a batch of texts; the features that
    weighed most are worked out only for the decisions a reader will see."""

    def __init__(self, model: Trained, features, meaning: np.ndarray) -> None:  # noqa: ANN001
        self.model = model
        self.features = features.tocsr()
        probabilities = model.probabilities(self.features, meaning)
        self.best = probabilities.argmax(axis=1)
        self.shares = probabilities[np.arange(len(self.best)), self.best]
        self.meaning = meaning[np.arange(len(self.best)), self.best]  # the vectors' push

    def __len__(self) -> int:
        return len(self.best)

    def label(self, row: int) -> str:
        return str(self.model.classes[self.best[row]])

    def share(self, row: int) -> float:
        return float(self.shares[row])

    def explanations(self, rows: list[int]) -> dict[int, str]:
        """For each of these texts, the features that pushed hardest towards its label, worked
        out for all of them at once (a loop per text would cost more than the classifier)."""
        if not rows:
            return {}
        rows_array = np.asarray(rows)
        chosen = self.features[rows_array]
        owner = np.repeat(np.arange(len(rows)), np.diff(chosen.indptr))
        coef = self.model.regression.coef_
        weights = chosen.data * coef[self.best[rows_array][owner], chosen.indices]
        # the word vectors count as one feature, named after the last sparse feature
        owner = np.concatenate([owner, np.arange(len(rows))])
        indices = np.concatenate([chosen.indices, np.full(len(rows), len(self.model.names))])
        weights = np.concatenate([weights, self.meaning[rows_array]])
        keep = weights > 0
        owner, indices, weights = owner[keep], indices[keep], weights[keep]
        order = np.lexsort((-weights, owner))
        owner, indices = owner[order], indices[order]
        starts = np.searchsorted(owner, np.arange(len(rows)))
        rank = np.arange(len(owner)) - starts[owner]
        keep = rank < 2 * SHOWN_NGRAMS  # enough to fill SHOWN_NGRAMS after overlaps are dropped
        owner, indices = owner[keep], indices[keep]
        grams: list[list[str]] = [[] for _ in rows]
        for who, index in zip(owner.tolist(), indices.tolist(), strict=True):
            kept = grams[who]
            gram = self.model.names[index] if index < len(self.model.names) else MEANING
            stem = gram.rstrip(".")
            if len(kept) < SHOWN_NGRAMS and not any(
                stem in k or k.rstrip(".") in gram for k in kept
            ):
                kept.append(gram)
        return {
            row: f"{EXPLAINED_BY}, {CODE_WORDS[self.label(row)]} {self.share(row):.0%}: "
            + (", ".join(_shown(gram) for gram in kept) or "no known words")
            for row, kept in zip(rows, grams, strict=True)
        }


def _shown(name: str) -> str:
    """An n-gram in quotes; a rule feature or the word vectors in words."""
    return name if name in (*RULE_FEATURE_WORDS.values(), MEANING) else f"'{name}'"


def score(
    texts: list[str],
    found: list[dict],
    path: Path = TRAINING_FILE,
    rules_path: Path | None = None,
    classifier: Trained | None = None,
) -> Scores:
    """The classifier's view of each text (`found`: what the rules found in each): the build's
    classifier, trained from `path`, unless another is given."""
    model = classifier or trained(path, rules_path)
    return Scores(model, model.features(texts, found), model.meaning(texts))
