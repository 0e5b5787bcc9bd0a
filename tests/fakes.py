"""Test doubles: a deterministic embedder that records what it was asked to embed."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import numpy as np

from bot.analysis import analyze
from bot.search.embedding import Vectors


class FakeEmbedder:
    """Hashes stemmed words into a small vector space: similar words, similar vectors."""

    def __init__(self, name: str = "fake-model", dimension: int = 32) -> None:
        self.name = name
        self.dimension = dimension
        self.passage_calls: list[list[str]] = []
        self.query_calls: list[str] = []

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dimension, dtype=np.float32)
        for term in analyze(text) or ["_empty"]:
            slot = int(hashlib.md5(term.encode()).hexdigest(), 16) % self.dimension
            vector[slot] += 1.0
        return vector / np.linalg.norm(vector)

    def embed_passages(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> Vectors:
        self.passage_calls.append(list(texts))
        if progress:
            progress(len(texts))
        return np.vstack([self._vector(t) for t in texts]).astype(np.float32)

    def embed_query(self, text: str) -> Vectors:
        self.query_calls.append(text)
        return self._vector(text)

    @property
    def embedded_count(self) -> int:
        return sum(len(call) for call in self.passage_calls)
