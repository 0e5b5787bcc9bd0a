"""The operations the CLI and the bot share: build the index, open a retriever."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import version as package_version
from pathlib import Path
from typing import TypeVar

from bot.alerts.matching import MatchParams
from bot.errors import CorpusError, InnobotError
from bot.ingest.corpus import corpus_files, file_digests, fingerprint, read_corpus, write_text_atomic
from bot.ingest.fetching import FetchReport, feed_sources, fetch
from bot.ingest.sources import Source, with_sources
from bot.search import indexing
from bot.search.calibration import calibration
from bot.search.embedding import Embedder
from bot.search.evaluation import EvalQuestion, evaluate, load_questions
from bot.search.retrieval import Retriever, SearchParams
from bot.settings import Settings
from bot.store import Store
from bot.synthesis.reranking import Reranker

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class QualityCheck:
    """Passage recall@5 of the new version against the one it replaces."""

    new: float
    previous: float | None
    max_drop: float

    @property
    def passed(self) -> bool:
        return self.previous is None or self.previous - self.new <= self.max_drop


@dataclass(frozen=True)
class BuildReport:
    """What a build or an update did; `loaded` is the validated new version, ready to serve."""

    path: Path
    manifest: indexing.Manifest
    seconds: float
    changes: indexing.DocumentChanges = field(default_factory=indexing.DocumentChanges)
    unchanged: bool = False
    quality: QualityCheck | None = None
    loaded: indexing.LoadedIndex | None = None


class IndexRejectedError(InnobotError):
    """A new version failed its checks; the previous one stays current."""


def _given(value: T | None, default: T) -> T:
    return default if value is None else value


def search_params(settings: Settings) -> SearchParams:
    """Search parameters: the model's calibrated values, each overridden by a setting when given."""
    tuned = calibration(settings.embedding_model)
    return SearchParams(
        lexical_weight=_given(settings.fusion_lexical_weight, tuned.lexical_weight),
        dense_weight=_given(settings.fusion_dense_weight, tuned.dense_weight),
        coverage_exponent=_given(settings.fusion_coverage_exponent, tuned.coverage_exponent),
        semantic_floor=_given(settings.semantic_floor, tuned.semantic_floor),
        semantic_floor_english=_given(settings.semantic_floor_english, tuned.semantic_floor_english),
        semantic_floor_long=tuned.semantic_floor_long,
        long_question_terms=tuned.long_question_terms,
        long_question_step=tuned.long_question_step,
        relevance_floor=_given(settings.relevance_floor, tuned.relevance_floor),
        relevance_floor_english=_given(settings.relevance_floor_english, tuned.relevance_floor_english),
        confident_margin=_given(settings.confident_margin, tuned.confident_margin),
        english_affinity=_given(settings.english_affinity, tuned.english_affinity),
        passage_max_chars=settings.passage_max_chars,
        rerank_candidates=settings.rerank_candidates,
    )


def match_params(settings: Settings) -> MatchParams:
    """Alert matching parameters from the settings."""
    tuned = calibration(settings.embedding_model)
    return MatchParams(
        threshold=_given(settings.alerts_threshold, tuned.alerts_threshold),
        min_coverage=_given(settings.alerts_min_coverage, tuned.alerts_min_coverage),
        dense_weight=_given(settings.alerts_dense_weight, tuned.alerts_dense_weight),
        max_age_days=settings.alerts_max_age_days,
        backfill_min=settings.alerts_backfill_min,
        max_rank=settings.alerts_max_rank,
        crowd_ratio=settings.alerts_crowd_ratio if settings.alerts_crowd_ratio <= 1 else None,
        exact_min_cosine=_given(settings.alerts_exact_min_cosine, tuned.alerts_exact_min_cosine),
        opening_margin=_given(settings.alerts_opening_margin, tuned.alerts_opening_margin),
        lead_min_cosine=_given(settings.alerts_lead_min_cosine, tuned.alerts_lead_min_cosine),
        lead_max_rank=settings.alerts_lead_max_rank,
        lead_ratio=settings.alerts_lead_ratio,
        english_lead_min_cosine=_given(
            settings.alerts_english_lead_min_cosine, tuned.alerts_english_lead_min_cosine
        ),
        sibling_min_cosine=_given(settings.alerts_sibling_min_cosine, tuned.alerts_sibling_min_cosine),
        sibling_max_rank=settings.alerts_sibling_max_rank,
        liked_min_cosine=tuned.alerts_liked_min_cosine,
        disliked_min_cosine=tuned.alerts_disliked_min_cosine,
    )


def build_index(
    settings: Settings,
    embedder_factory: Callable[[], Embedder],
    progress: indexing.ProgressFactory | None = None,
) -> BuildReport:
    """Make a new index version from the corpus even when nothing changed."""
    return update_index(settings, embedder_factory, progress, force=True)


def _unchanged(settings: Settings, model: str, corpus_print: str) -> indexing.Manifest | None:
    """The current manifest when it was built from this very corpus with these settings."""
    try:
        manifest = indexing.read_manifest(indexing.locate(settings.index_dir))
    except InnobotError:
        return None
    same = (
        manifest.corpus_fingerprint == corpus_print
        and manifest.model == model
        and (manifest.chunk_size, manifest.chunk_overlap) == (settings.chunk_size, settings.chunk_overlap)
    )
    return manifest if same else None


def index_is_current(settings: Settings) -> bool:
    """Whether the current index was built from the corpus as it is now, with these settings and
    this version's word analysis (what `index update` would leave as it is). True when the corpus
    cannot be read: the corpus check says so."""
    try:
        files = corpus_files(settings.corpus_dir)
        corpus_print, _ = _fingerprints(settings, files, file_digests(files), _named_sources(settings))
    except (InnobotError, OSError):
        return True
    return _unchanged(settings, settings.embedding_model, corpus_print) is not None


def _named_sources(settings: Settings) -> list[Source]:
    """The sources with a short name; a broken sources file is logged, never stops a build."""
    try:
        return [s for s in feed_sources(settings.feeds_file) if s.name]
    except (CorpusError, OSError) as exc:
        log.warning("sources file not used for source names: %s", exc)
        return []


def _fingerprints(
    settings: Settings, files: list[Path], digests: dict[str, str], sources: list[Source]
) -> tuple[str, str]:
    """The corpus fingerprint (a new version when it changes: posts, reports, source names) and
    the key under which a version's reads of unchanged files may be reused."""
    names = "\n".join(f"{s.location} {s.name}" for s in sources)
    # Renaming a source changes what "sur transfo" finds, and a new analysis (ANALYSIS_VERSION)
    # the terms a question must meet: either makes a new version.
    built_from = f"{fingerprint(files, digests)}\n{names}\nanalysis {indexing.ANALYSIS_VERSION}"
    corpus_print = hashlib.sha256(built_from.encode()).hexdigest()[:16]
    reads = f"{package_version('innobot')}\n{settings.chunk_size}\n{settings.chunk_overlap}\n{names}"
    return corpus_print, hashlib.sha256(reads.encode()).hexdigest()[:16]


def update_index(
    settings: Settings,
    embedder_factory: Callable[[], Embedder],
    progress: indexing.ProgressFactory | None = None,
    *,
    force: bool = False,
) -> BuildReport:
    """Embed what is new, write a version, check it, and only then make it current."""
    started = time.perf_counter()
    files = corpus_files(settings.corpus_dir)
    digests = file_digests(files)
    sources = _named_sources(settings)
    corpus_print, reads_key = _fingerprints(settings, files, digests, sources)
    if not force and (manifest := _unchanged(settings, settings.embedding_model, corpus_print)):
        path = indexing.locate(settings.index_dir)
        return BuildReport(path, manifest, time.perf_counter() - started, unchanged=True)
    # Posts whose file did not change are taken as the last version read and chunked them.
    last = None if force else indexing.current_version(settings.index_dir)
    known, known_chunks = indexing.known_reads(last, reads_key, digests)
    read = read_corpus(settings.corpus_dir, known)
    stems = {path.stem: path.name for path in files}
    reads = indexing.Reads(reads_key, {stems[d.id]: digests[stems[d.id]] for d in read.documents})
    documents = with_sources(read.documents, sources)
    # The model loads only once the corpus is known to be usable: errors come fast.
    embedder = embedder_factory()
    with indexing.build_lock(settings.index_dir):
        previous = indexing.current_version(settings.index_dir)
        cache = indexing.vector_cache(settings.index_dir, embedder.name)
        result = indexing.build(
            documents,
            embedder,
            chunk_size=settings.chunk_size,
            chunk_overlap=settings.chunk_overlap,
            cache=cache,
            progress=progress,
            term_cache=indexing.term_cache(settings.index_dir),
            known_chunks=known_chunks,
        )
        path = indexing.write_version(
            result,
            settings.index_dir,
            model=embedder.name,
            fingerprint=corpus_print,
            chunk_size=settings.chunk_size,
            chunk_overlap=settings.chunk_overlap,
            hnsw_threshold=settings.hnsw_threshold,
            unreadable=read.unreadable,
            files=reads,
        )
        try:
            loaded = indexing.load(path)
            indexing.check_model(loaded.manifest, embedder.name, embedder.dimension)
            quality = _quality_gate(settings, embedder, loaded, previous)
        except BaseException:
            indexing.discard(path)
            raise
        # Compared before publishing: publishing prunes, and may delete the previous version.
        changes = indexing.compare(
            indexing.version_digests(previous), indexing.document_digests(result.documents)
        )
        indexing.publish(settings.index_dir, path, settings.index_keep_versions)
    return BuildReport(
        path, loaded.manifest, time.perf_counter() - started, changes, quality=quality, loaded=loaded
    )


QUALITY_FILE = "quality.json"  # in a version's directory: its recall, the yardstick for the next one


def _yardstick(settings: Settings, embedder: Embedder) -> str:
    """What a recall figure depends on besides the index: the questions, the model, the search."""
    assert settings.eval_file is not None
    digest = hashlib.sha256(settings.eval_file.read_bytes())
    digest.update(f"{embedder.name}|{search_params(settings)!r}".encode())
    return digest.hexdigest()


def _stored_recall(version: Path, yardstick: str) -> float | None:
    try:
        stored = json.loads((version / QUALITY_FILE).read_text(encoding="utf-8"))
        return float(stored["passage_recall"]) if stored.get("yardstick") == yardstick else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _recall(
    settings: Settings, loaded: indexing.LoadedIndex, embedder: Embedder, items: list[EvalQuestion]
) -> float:
    """Passage recall@5 of a version, remembered beside its files so the next update need not
    evaluate it again (best effort: a read-only version is simply evaluated each time)."""
    recall = evaluate(Retriever(loaded, embedder, search_params(settings)).search, items, 5).passage_recall
    remembered = {"yardstick": _yardstick(settings, embedder), "passage_recall": recall}
    with contextlib.suppress(OSError):
        write_text_atomic(loaded.path / QUALITY_FILE, json.dumps(remembered))
    return recall


def _quality_gate(
    settings: Settings, embedder: Embedder, loaded: indexing.LoadedIndex, previous: Path | None
) -> QualityCheck | None:
    """With INNOBOT_EVAL_FILE set, refuse a version whose passage recall@5 falls too far."""
    if settings.eval_file is None:
        return None
    items = load_questions(settings.eval_file)
    before: float | None = None
    if previous is not None:
        before = _stored_recall(previous, _yardstick(settings, embedder))
        try:
            if before is None:
                before = _recall(settings, indexing.load(previous), embedder, items)
        except InnobotError:
            before = None  # a damaged or foreign previous version is no yardstick
    check = QualityCheck(_recall(settings, loaded, embedder, items), before, settings.eval_max_drop)
    if not check.passed:
        raise IndexRejectedError(
            f"passage recall@5 would fall from {before:.3f} to {check.new:.3f} "
            f"(INNOBOT_EVAL_MAX_DROP={settings.eval_max_drop}): the new version was not made current"
        )
    return check


def rollback(settings: Settings, to: str | None = None) -> tuple[str, indexing.Manifest]:
    """Make an older version current again (the one before the current by default), once checked."""
    with indexing.build_lock(settings.index_dir):
        versions = indexing.list_versions(settings.index_dir)
        current = indexing.current_version(settings.index_dir)
        if to is not None:
            target = settings.index_dir / "versions" / to
            if target not in versions:
                names = ", ".join(v.name for v in versions) or "—"
                raise InnobotError(key="error_no_such_version", version=to, kept=names)
        else:
            older = [v for v in versions if current is None or v.name < current.name]
            if not older:
                raise InnobotError(key="error_nothing_to_roll_back")
            target = older[-1]
        loaded = indexing.load(target)
        indexing.check_model(loaded.manifest, settings.embedding_model)
        indexing.set_current(settings.index_dir, target.name)
    return target.name, loaded.manifest


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
    reranker = Reranker.from_settings(settings)
    retriever = Retriever(loaded, embedder_factory(), search_params(settings), reranker)
    retriever.warm_up()
    return retriever


@dataclass(frozen=True)
class RefreshReport:
    """A refresh: the feeds fetched (None when no feed is listed), then the index update."""

    fetched: FetchReport | None
    update: BuildReport


def refresh(
    settings: Settings,
    embedder_factory: Callable[[], Embedder],
    progress: indexing.ProgressFactory | None = None,
    stage: Callable[[str], None] | None = None,
) -> RefreshReport:
    """Fetch the listed feeds into the corpus, then update the index (what /reindex and the timer do)."""
    with indexing.refresh_lock(settings.index_dir):
        sources = feed_sources(settings.feeds_file)
        fetched = None
        if sources:
            if stage:
                stage("fetch")
            fetched = fetch(settings, sources, progress=progress)
        if stage:
            stage("update")
        return RefreshReport(fetched, update_index(settings, embedder_factory, progress))
