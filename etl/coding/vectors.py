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
_loading = threading.Lock()


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


def embed(texts: list[str], batch: int = 1024) -> np.ndarray:
    """One row per text: the mean of its tokens' vectors (a row of zeros for an empty text)."""
    embedding, tokenizer = loaded()
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    for first in range(0, len(texts), batch):
        encoded = tokenizer.encode_batch(texts[first : first + batch], add_special_tokens=False)
        lengths = np.array([len(e.ids) for e in encoded])
        filled = np.flatnonzero(lengths)
        if not filled.size:
            continue
        ids = np.concatenate([e.ids for e in encoded if e.ids]).clip(0, len(embedding) - 1)
        starts = np.concatenate([[0], np.cumsum(lengths[filled])[:-1]])
        sums = np.add.reduceat(embedding[ids], starts, axis=0)
        out[first + filled] = sums / lengths[filled, None].astype(np.float32)
    return out
