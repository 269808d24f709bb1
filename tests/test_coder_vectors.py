"""The coder's word vectors (etl/coding/vectors.py): read from the installed wheel, never
downloaded, and the same for one text as for many."""

from __future__ import annotations

import socket

import numpy as np
import pytest

from etl.coding import model, vectors
from etl.coding.coder import apply_rules_many, code_many, normalise


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_the_vectors_load_with_the_network_shut(monkeypatch):
    def refuse(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("the word vectors tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    vectors._loaded.cache_clear()
    try:
        rows = vectors.embed(["Parents read with their children at home."])
    finally:
        vectors._loaded.cache_clear()
    assert rows.shape == (1, vectors.DIMENSIONS) and np.abs(rows).sum() > 0


def test_sentences_of_like_meaning_lie_closer_than_their_shared_words_say():
    reading, sharing, method = vectors.embed(
        [
            "Parents read with their children at home.",
            "Families share books with their child every week.",
            "Inspectors spoke with parents at the start of the day.",
        ]
    )
    assert cosine(reading, sharing) > cosine(reading, method)


def test_one_text_at_a_time_is_the_same_as_many_and_an_empty_text_is_zeros():
    texts = ["Parents are positive about the school.", "", "Leaders consult parents.", "x"]
    together = vectors.embed(texts)
    alone = np.vstack([vectors.embed([t]) for t in texts])
    np.testing.assert_allclose(together, alone, rtol=1e-6)
    assert not together[1].any()
    assert vectors.embed([]).shape == (0, vectors.DIMENSIONS)


def test_a_missing_package_is_named(monkeypatch):
    monkeypatch.setattr(vectors.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(RuntimeError, match="wordllama"):
        vectors.package_files()


def test_the_vectors_count_as_one_feature_in_an_explanation():
    texts = ["Families share books with their child every week."]
    (coded,) = code_many(texts)
    shown = coded.explanation
    assert shown.count(model.MEANING) == 1
    assert "'" + model.MEANING not in shown  # in words, like a rule, not quoted like an n-gram


def test_a_texts_tokens_are_its_words_tokens_as_the_tokenizer_gives_them():
    _, tokenizer = vectors.loaded()
    texts = [normalise(r["text"]) for r in model.training_rows()] + ["", "x", "Co-op's ‘big’ day."]
    whole = [e.ids for e in tokenizer.encode_batch(texts, add_special_tokens=False)]
    assert vectors.tokens(texts) == whole


def test_the_vectors_share_is_the_regression_on_every_feature():
    """The classifier adds the vectors' share per label instead of a column per vector number:
    the same probabilities as scikit-learn's on all the columns."""
    from scipy import sparse

    texts = ["Parents read to their children.", "Parents help at the summer fair.", ""]
    found = [r.found for r in apply_rules_many(texts)]
    trained = model.trained()
    meaning = vectors.embed([normalise(t) for t in texts]).astype(np.float64)
    every = sparse.hstack(
        [trained.features(texts, found), meaning * model.VECTOR_WEIGHT], format="csr"
    )
    np.testing.assert_allclose(
        trained.probabilities(trained.features(texts, found), trained.meaning(texts)),
        trained.regression.predict_proba(every),
        rtol=1e-6,
        atol=1e-12,
    )


def test_what_the_readme_says_of_the_vectors_is_in_the_package():
    """README: WordLlama's (MIT licence), 256 numbers for each of the 32,000 tokens of Llama 2's
    tokenizer, a 16 MB weights file."""
    from importlib.metadata import metadata

    assert metadata("wordllama")["License"].startswith("MIT License")
    weights, tokenizer_file = vectors.package_files()
    config = (weights.parent.parent / "config" / "models.py").read_text(encoding="utf-8")
    assert 'tokenizer_fallback="meta-llama/Llama-2-70b-hf"' in config  # l2_supercat's tokenizer
    embedding, _ = vectors.loaded()
    assert embedding.shape == (32_000, vectors.DIMENSIONS)
    assert round(weights.stat().st_size / 1e6) == 16
