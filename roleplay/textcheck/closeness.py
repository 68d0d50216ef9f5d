"""How close a reply is to a step's good and poor example replies.

With the packaged embedding model, or character n-grams when it cannot load;
docs/roleplay-text-checks.md explains the measure and what it is worth.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import numpy as np

# A reply leans clearly one way when |leaning| reaches this (see semantic_closeness).
CLEAR_LEANING = 0.1


class Method(StrEnum):
    EMBEDDING = "embedding"
    NGRAM = "ngram"
    NONE = "none"


@dataclass(frozen=True)
class Closeness:
    good: float  # cosine with the nearest good example
    bad: float  # cosine with the nearest bad example
    leaning: float  # -1 (like the bad examples) .. 1 (like the good ones)
    method: Method = Method.NONE
    note: str = ""  # why the fallback was used, when it was


def _ngrams(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    # Runs between spaces and punctuation, so n-grams never span a sentence break.
    for run in re.split(r"[\W_]+", unicodedata.normalize("NFKC", text).casefold()):
        for n in (1, 2, 3):
            for start in range(len(run) - n + 1):
                gram = run[start : start + n]
                counts[gram] = counts.get(gram, 0) + 1
    return counts


def ngram_vectors(texts: Sequence[str]) -> np.ndarray:
    """Character 1-3-gram TF-IDF vectors (L2-normalised), fitted on these texts alone."""
    grams = [_ngrams(text) for text in texts]
    vocabulary = {gram: i for i, gram in enumerate(sorted(set().union(*grams)))}
    matrix = np.zeros((len(texts), max(1, len(vocabulary))))
    document_frequency = np.zeros(max(1, len(vocabulary)))
    for counts in grams:
        for gram in counts:
            document_frequency[vocabulary[gram]] += 1
    idf = np.log((1 + len(texts)) / (1 + document_frequency)) + 1
    for row, counts in enumerate(grams):
        for gram, count in counts.items():
            column = vocabulary[gram]
            matrix[row, column] = (1 + math.log(count)) * idf[column]
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


@lru_cache(maxsize=512)
def _example_vectors(texts: tuple[str, ...]) -> np.ndarray:
    # A step's example replies never change while it is played: encode them once.
    from roleplay import embeddings

    vectors = embeddings.encode(texts)
    vectors.setflags(write=False)
    return vectors


def _embedding_vectors(reply: str, good: list[str], bad: list[str]):
    from roleplay import embeddings

    examples = _example_vectors(tuple(good + bad))
    return embeddings.encode([reply])[0], examples[: len(good)], examples[len(good) :]


def _ngram_split(reply: str, good: list[str], bad: list[str]):
    vectors = ngram_vectors([reply, *good, *bad])
    return vectors[0], vectors[1 : 1 + len(good)], vectors[1 + len(good) :]


def semantic_closeness(reply: str, good: Sequence[str], bad: Sequence[str]) -> Closeness:
    """How much closer the reply is to the good example replies than to the bad ones.

    good/bad: cosine with the nearest example of each kind. leaning: (good - bad) scaled by
    how far apart the two kinds of example are from each other (1 - their mean cosine), so a
    reply equal to a good example leans about 1 and one equal to a bad example about -1,
    whatever the model's range of cosines; clamped to -1..1. Uses the packaged embedding
    model, or character n-grams when it cannot load (method and note say so). With no
    example of one kind there is nothing to lean towards and leaning is 0.
    """
    good = [text for text in good or [] if text and text.strip()]
    bad = [text for text in bad or [] if text and text.strip()]
    if not (reply or "").strip() or not (good or bad):
        return Closeness(good=0.0, bad=0.0, leaning=0.0, method=Method.NONE)

    from roleplay.embeddings import EmbeddingModelUnavailable

    method, note = Method.EMBEDDING, ""
    try:
        vector, good_vectors, bad_vectors = _embedding_vectors(reply, good, bad)
    except EmbeddingModelUnavailable as exc:
        method, note = Method.NGRAM, str(exc)
        vector, good_vectors, bad_vectors = _ngram_split(reply, good, bad)

    good_score = float((good_vectors @ vector).max()) if good else 0.0
    bad_score = float((bad_vectors @ vector).max()) if bad else 0.0
    leaning = 0.0
    if good and bad:
        between = float((good_vectors @ bad_vectors.T).mean())
        leaning = (good_score - bad_score) / max(1e-6, 1.0 - between)
        leaning = max(-1.0, min(1.0, leaning))
    return Closeness(
        good=round(good_score, 4),
        bad=round(bad_score, 4),
        leaning=round(leaning, 4),
        method=method,
        note=note,
    )
