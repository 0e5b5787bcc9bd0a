"""The operations the CLI and the bot share: build the index, open a retriever."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot import indexing
from bot.corpus import corpus_files, fingerprint, load_corpus
from bot.embedding import Embedder
from bot.matching import MatchParams
from bot.retrieval import Retriever, SearchParams
from bot.settings import Settings
from bot.store import Store


@dataclass(frozen=True)
class BuildReport:
    """What a build did."""

    path: Path
    manifest: indexing.Manifest
    seconds: float


def search_params(settings: Settings) -> SearchParams:
    """Search parameters from the settings."""
    return SearchParams(
        lexical_weight=settings.fusion_lexical_weight,
        dense_weight=settings.fusion_dense_weight,
        relevance_floor=settings.relevance_floor,
        relevance_floor_english=settings.relevance_floor_english,
        confident_floor=settings.confident_floor,
        passage_max_chars=settings.passage_max_chars,
    )


def match_params(settings: Settings) -> MatchParams:
    """Alert matching parameters from the settings."""
    return MatchParams(
        threshold=settings.alerts_threshold,
        min_coverage=settings.alerts_min_coverage,
        dense_weight=settings.alerts_dense_weight,
    )


def build_index(
    settings: Settings,
    embedder_factory: Callable[[], Embedder],
    progress: indexing.ProgressFactory | None = None,
) -> BuildReport:
    """Read the corpus, embed what is new, and make a new index version current."""
    started = time.perf_counter()
    files = corpus_files(settings.corpus_dir)
    documents = load_corpus(settings.corpus_dir)
    # The model loads only once the corpus is known to be usable: errors come fast.
    embedder = embedder_factory()
    with indexing.build_lock(settings.index_dir):
        cache = indexing.vector_cache(settings.index_dir, embedder.name)
        result = indexing.build(
            documents,
            embedder,
            chunk_size=settings.chunk_size,
            chunk_overlap=settings.chunk_overlap,
            cache=cache,
            progress=progress,
        )
        path = indexing.save(
            result,
            settings.index_dir,
            model=embedder.name,
            fingerprint=fingerprint(files),
            chunk_size=settings.chunk_size,
            chunk_overlap=settings.chunk_overlap,
            hnsw_threshold=settings.hnsw_threshold,
            keep_versions=settings.index_keep_versions,
        )
    manifest = indexing.read_manifest(path)
    return BuildReport(path, manifest, time.perf_counter() - started)


def open_store(settings: Settings) -> Store:
    """The state database, migrated to the newest schema."""
    return Store(settings.database_url, settings.digest_hour, settings.timezone, settings.alerts_max_attempts)


def check_index(settings: Settings) -> indexing.Manifest:
    """The current manifest, refused when it was built with another model than configured."""
    manifest = indexing.read_manifest(indexing.locate(settings.index_dir))
    indexing.check_model(manifest, settings.embedding_model)
    return manifest


def open_retriever(settings: Settings, embedder_factory: Callable[[], Embedder]) -> Retriever:
    """Load the current index (checked before the model is loaded) and a retriever on it."""
    check_index(settings)
    loaded = indexing.load(indexing.locate(settings.index_dir))
    retriever = Retriever(loaded, embedder_factory(), search_params(settings))
    retriever.warm_up()
    return retriever
