"""Word vectors for the report coder: what a sentence means, beyond the words it uses.

The vectors are WordLlama's (Lee Miller, MIT licence, https://github.com/dleemiller/WordLlama):
a 256-number vector for each of the 32,000 tokens of Llama 2's tokenizer, trained to place
words of like meaning together. They ship inside the wordllama wheel (16 MB of weights and the
tokenizer's file); this module reads those two files straight from the installed package and
never calls wordllama's loader, which would try to download the tokenizer from the internet.
Nothing is downloaded, at build or at run time.

A sentence's vector is the mean of its tokens' vectors (WordLlama's own pooling, not
normalised), so "families share books with their child" sits near "parents read with their
children at home" though they share no word. The classifier weighs the vector beside the words
and the phrase rules (etl/coding/model.py).
"""

from __future__ import annotations

import importlib.util
import threading
from functools import cache
from pathlib import Path

import numpy as np

WEIGHTS = ("weights", "l2_supercat_256.safetensors")
TOKENIZER = ("tokenizers", "l2_supercat_tokenizer_config.json")
DIMENSIONS = 256
WORDS_KEPT = 200_000  # the tokens of this many different words are remembered
_loading = threading.Lock()
_words: dict[str, list[int]] = {}  # a word's tokens (the tokenizer splits no token across words)


def package_files() -> tuple[Path, Path]:
    """The weights and tokenizer files inside the installed wordllama package."""
    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            "the report coder needs the wordllama package for its word vectors: "
            "pip install -r requirements.txt"
        )
    root = Path(next(iter(spec.submodule_search_locations)))
    files = (root.joinpath(*WEIGHTS), root.joinpath(*TOKENIZER))
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise RuntimeError(f"wordllama is installed without its word vectors: {missing}")
    return files


@cache
def _loaded():  # noqa: ANN202 - (embedding matrix, tokenizer)
    from safetensors import safe_open
    from tokenizers import Tokenizer

    weights, tokenizer_file = package_files()
    with safe_open(str(weights), framework="np", device="cpu") as handle:
        embedding = np.ascontiguousarray(handle.get_tensor("embedding.weight"), dtype=np.float32)
    tokenizer = Tokenizer.from_file(str(tokenizer_file))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return embedding, tokenizer


def loaded():  # noqa: ANN201 - (embedding matrix, tokenizer)
    """The vectors and the tokenizer, read once per process."""
    with _loading:
        return _loaded()


def _word_tokens(words: list[str]) -> list[list[int]]:
    """Each word's token ids: each different word is tokenized once and remembered."""
    _, tokenizer = loaded()
    with _loading:
        new = list(set(words) - _words.keys())
        if len(_words) + len(new) > WORDS_KEPT:
            _words.clear()
            new = list(set(words))
        for word, encoded in zip(
            new, tokenizer.encode_batch(new, add_special_tokens=False), strict=True
        ):
            _words[word] = encoded.ids if word else []
        return [_words[word] for word in words]


def tokens(texts: list[str]) -> list[list[int]]:
    """Each text's token ids, as pooled() reads them: its words' tokens one after another. The
    tokenizer marks each space as a word's start and no token spans two words, so these are the
    tokenizer's own for the whole text (a test checks this on every training sentence)."""
    return [[i for ids in _word_tokens(text.split(" ")) for i in ids] for text in texts]


def pooled(texts: list[str], table: np.ndarray) -> np.ndarray:
    """One row per text: the mean, over its tokens, of their rows of `table` (one row per token:
    the vectors themselves, or anything worked out from them, such as the classifier's weight of
    each token's vector for each label); a row of zeros for an empty text. Summed word by word,
    each different word once, which is what keeps 100,000 sentences quick."""
    from scipy import sparse

    if not texts:
        return np.zeros((0, table.shape[1]))
    split = [text.split(" ") for text in texts]
    words = list({word for row in split for word in row})
    index = {word: i for i, word in enumerate(words)}
    per_word = _word_tokens(words)
    lengths = np.array([len(ids) for ids in per_word], dtype=np.int64)
    columns = np.fromiter(
        (i for ids in per_word for i in ids), dtype=np.int64, count=int(lengths.sum())
    ).clip(0, len(table) - 1)
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    counts = sparse.csr_matrix(
        (np.ones(len(columns)), columns, indptr), shape=(len(words), len(table))
    )
    word_sums = np.asarray(counts @ table, dtype=np.float64)
    occurrences = np.fromiter((index[word] for row in split for word in row), dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum([len(row) for row in split])[:-1]]).astype(np.int64)
    sums = np.add.reduceat(word_sums[occurrences], starts, axis=0)
    count = np.add.reduceat(lengths[occurrences], starts)
    return sums / np.maximum(count, 1)[:, None]


def embed(texts: list[str]) -> np.ndarray:
    """One row per text: the mean of its tokens' vectors (a row of zeros for an empty text)."""
    embedding, _ = loaded()
    return pooled(texts, embedding).astype(np.float32)
