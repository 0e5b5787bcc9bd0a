"""Helpers shared by the benchmark scripts (not part of the product)."""

from __future__ import annotations

import os
import random
import statistics
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from bot.domain import Document
from bot.ingest.corpus import load_corpus
from bot.search.chunking import split_sentences
from bot.search.embedding import Vectors

REPO = Path(__file__).resolve().parent.parent
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def rss_mb() -> float:
    """Resident memory of this process, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentiles(values: Sequence[float]) -> tuple[float, float]:
    """p50 and p95 of a list of numbers."""
    qs = statistics.quantiles(values, n=100, method="inclusive")
    return qs[49], qs[94]


def synthetic_corpus(documents: int, seed: int = 0) -> list[Document]:
    """Posts made of seed-corpus sentences shuffled together (about 2,400 characters each)."""
    rng = random.Random(seed)
    sentences = [
        doc.text[s.start : s.end] for doc in load_corpus(REPO / "corpus") for s in split_sentences(doc.text)
    ]
    out = []
    for i in range(documents):
        body, size = [], 0
        while size < 2400:
            sentence = rng.choice(sentences)
            body.append(sentence)
            size += len(sentence) + 1
        paragraphs = [" ".join(body[j : j + 4]) for j in range(0, len(body), 4)]
        out.append(Document(f"synth-{i}", f"Post synthétique {i}", "\n\n".join(paragraphs)))
    return out


class RandomPassages:
    """Random unit vectors for passages (large synthetic corpora), the real model for queries."""

    def __init__(self, real: object, dimension: int, seed: int = 0) -> None:
        self.real = real
        self.name = real.name  # type: ignore[attr-defined]
        self.dimension = dimension
        self.rng = np.random.default_rng(seed)

    def embed_passages(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> Vectors:
        vectors = self.rng.standard_normal((len(texts), self.dimension)).astype(np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    def embed_query(self, text: str) -> Vectors:
        return self.real.embed_query(text)  # type: ignore[attr-defined, no-any-return]
