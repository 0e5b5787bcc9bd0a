"""Build, save and load the index directory: FAISS + BM25 + documents + a manifest.

Layout: `index/CURRENT` names the live version; `index/versions/<name>/` holds one complete
build. A build is written under a temporary name, fsynced, renamed, and only then does CURRENT
move (os.replace), so a reader never sees a half-written index and a crash leaves the old one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import bm25s
import faiss
import numpy as np

from bot.analysis import analyze
from bot.domain import Chunk, Document, Unreadable
from bot.errors import IndexMismatchError, IndexMissingError, InnobotError
from bot.locks import exclusive
from bot.search.chunking import chunk_document
from bot.search.embedding import Embedder, Vectors

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CURRENT = "CURRENT"
FILES = ("dense.faiss", "vectors.npy", "chunks.jsonl", "documents.jsonl", "terms.jsonl")
# Bump when analysis (stemming, stop words, folding) changes: cached term lists become stale.
ANALYSIS_VERSION = 4
LEXICAL_DIR = "lexical"

ProgressFactory = Callable[[int, str], Callable[[int], None]]


@dataclass(frozen=True)
class Manifest:
    """What an index version is and what it was built from."""

    format_version: int
    model: str
    dimension: int
    document_count: int
    chunk_count: int
    corpus_fingerprint: str
    built_at: str
    dense_index: str
    chunk_size: int
    chunk_overlap: int
    embedded_chunks: int
    reused_chunks: int
    checksums: dict[str, str]
    unreadable: tuple[Unreadable, ...] = ()  # post files left out of this build, and why

    @property
    def built(self) -> str:
        """When the version was built, to the minute, as people read it: 2026-11-22 07:00."""
        return self.built_at[:16].replace("T", " ")

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        values = {field: data[field] for field in cls.__dataclass_fields__ if field != "unreadable"}
        unreadable = tuple(_left_out(u) for u in data.get("unreadable") or ())
        return cls(**values, unreadable=unreadable)


def _left_out(row: list[Any]) -> Unreadable:
    """A manifest's [file, reason], or [file, reason, key, params] since reasons are the catalogue's."""
    key = str(row[2]) if len(row) > 2 and row[2] is not None else None
    params = tuple((str(name), str(value)) for name, value in row[3]) if len(row) > 3 else ()
    return Unreadable(str(row[0]), str(row[1]), key, params)


READS = "reads.json"  # which file each post was read from, to skip unchanged files next time


@dataclass(frozen=True)
class Reads:
    """The post files a version was read from: SHA-256 by file name, valid under `key` (what
    reading depends on besides the bytes: innobot's version, chunk settings, source names)."""

    key: str
    files: dict[str, str]


def known_reads(
    version: Path | None, key: str, digests: Mapping[str, str]
) -> tuple[dict[str, Document], dict[str, list[Chunk]]]:
    """From the previous version: the posts whose file is byte for byte the same (by file name),
    and their chunks (by post id). Empty when anything reading depends on changed."""
    try:
        if version is None:
            return {}, {}
        stored = json.loads((version / READS).read_text(encoding="utf-8"))
        if stored.get("key") != key:
            return {}, {}
        same = {name for name, sha in stored["files"].items() if digests.get(name) == sha}
        wanted = {Path(name).stem: name for name in same}
        documents: dict[str, Document] = {}
        for row in _read_jsonl(version / "documents.jsonl"):
            if row["id"] in wanted:
                documents[wanted[row["id"]]] = _document(row)
        by_id = {doc.id: doc for doc in documents.values()}
        chunks: dict[str, list[Chunk]] = {}
        for r in _read_jsonl(version / "chunks.jsonl"):
            if (doc := by_id.get(r["doc_id"])) is not None:
                text = doc.text[r["start"] : r["end"]]
                chunks.setdefault(doc.id, []).append(
                    Chunk(r["id"], doc.id, r["ordinal"], r["start"], r["end"], text)
                )
    except (OSError, ValueError, KeyError, TypeError):
        return {}, {}
    return documents, chunks


@dataclass(frozen=True)
class IndexBuild:
    """The in-memory result of a build, before it is saved."""

    documents: list[Document]
    chunks: list[Chunk]
    vectors: Vectors
    vector_keys: list[str]
    reused: int
    terms: list[list[str]]
    term_keys: list[str]


@dataclass
class LoadedIndex:
    """A version loaded from disk, ready for searching."""

    path: Path
    manifest: Manifest
    documents: dict[str, Document]
    chunks: list[Chunk]
    dense: faiss.Index
    lexical: bm25s.BM25

    @property
    def version(self) -> str:
        return self.path.name


class IndexLockedError(InnobotError):
    """Another build holds the index lock."""


def embedded_text(document: Document, chunk: Chunk) -> str:
    """The text given to the embedding model: the title gives context to a short chunk."""
    return f"{document.title}\n{chunk.text}"


def lexical_terms(document: Document, chunk: Chunk) -> list[str]:
    """The BM25 terms of a chunk: its words plus the post's title and tags."""
    return analyze(document.title) + analyze(" ".join(document.tags)) + analyze(chunk.text)


def term_key(document: Document, chunk: Chunk) -> str:
    """The cache key of a chunk's BM25 terms: same title, tags and text give the same terms."""
    parts = (str(ANALYSIS_VERSION), document.title, "\x1f".join(document.tags), chunk.text)
    return hashlib.sha1("\x00".join(parts).encode()).hexdigest()


def vector_key(model: str, text: str) -> str:
    """The cache key of an embedding: same model and same text give the same vector."""
    return hashlib.sha1(f"{model}\x00{text}".encode()).hexdigest()


def chunk_corpus(
    documents: Sequence[Document], size: int, overlap: int, known: Mapping[str, list[Chunk]] | None = None
) -> list[Chunk]:
    """All chunks of a corpus, in document order; `known`: chunks of unchanged posts, by id."""
    known = known or {}
    return [chunk for doc in documents for chunk in known.get(doc.id) or chunk_document(doc, size, overlap)]


def build(
    documents: Sequence[Document],
    embedder: Embedder,
    *,
    chunk_size: int,
    chunk_overlap: int,
    cache: dict[str, np.ndarray] | None = None,
    progress: ProgressFactory | None = None,
    term_cache: dict[str, list[str]] | None = None,
    known_chunks: Mapping[str, list[Chunk]] | None = None,
) -> IndexBuild:
    """Chunk, analyse and embed a corpus, reusing cached vectors and terms for text seen before,
    and the chunks of posts whose file did not change (`known_chunks`, by post id)."""
    by_id = {doc.id: doc for doc in documents}
    if len(by_id) != len(documents):
        raise InnobotError(key="error_same_id")
    chunks = chunk_corpus(documents, chunk_size, chunk_overlap, known_chunks)
    if not chunks:
        raise InnobotError(key="error_no_text")
    texts = [embedded_text(by_id[c.doc_id], c) for c in chunks]
    keys = [vector_key(embedder.name, t) for t in texts]
    cache = cache or {}
    missing = sorted({i for i, k in enumerate(keys) if k not in cache})
    step = progress(len(missing), "embedding") if progress and missing else None
    fresh = embedder.embed_passages([texts[i] for i in missing], step) if missing else None
    vectors = np.zeros((len(chunks), embedder.dimension), dtype=np.float32)
    for row, key in enumerate(keys):
        if key in cache:
            vectors[row] = cache[key]
    if fresh is not None:
        vectors[missing] = fresh
    term_cache = term_cache or {}
    term_keys = [term_key(by_id[c.doc_id], c) for c in chunks]
    terms = [
        cached if (cached := term_cache.get(key)) is not None else lexical_terms(by_id[c.doc_id], c)
        for c, key in zip(chunks, term_keys, strict=True)
    ]
    return IndexBuild(list(documents), chunks, vectors, keys, len(chunks) - len(missing), terms, term_keys)


def make_dense_index(vectors: Vectors, hnsw_threshold: int) -> faiss.Index:
    """Exact inner product under the threshold, HNSW above it (vectors are unit length)."""
    dimension = vectors.shape[1]
    if len(vectors) < hnsw_threshold:
        index: faiss.Index = faiss.IndexFlatIP(dimension)
    else:
        index = faiss.IndexHNSWFlat(dimension, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index.hnsw.efSearch = 128
    index.add(vectors)
    return index


def make_lexical_index(terms: Sequence[list[str]]) -> bm25s.BM25:
    """BM25 over the French terms of every chunk."""
    lexical = bm25s.BM25(k1=1.2, b=0.75)
    lexical.index([chunk_terms or ["_"] for chunk_terms in terms], show_progress=False)
    return lexical


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _checksums(directory: Path) -> dict[str, str]:
    files = [directory / name for name in FILES] + sorted((directory / LEXICAL_DIR).iterdir())
    return {str(p.relative_to(directory)): _sha256(p) for p in files}


def _write_jsonl(path: Path, rows: Sequence[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")


def _fsync_tree(directory: Path) -> None:
    for path in [*directory.rglob("*"), directory]:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def build_lock(index_dir: Path) -> contextlib.AbstractContextManager[None]:
    """The lock of one build (write + check + swap)."""
    return exclusive(index_dir / ".lock", IndexLockedError(f"another build of {index_dir} is running"))


def refresh_lock(index_dir: Path) -> contextlib.AbstractContextManager[None]:
    """The lock of a whole refresh (feeds fetched into the corpus, then the build)."""
    return exclusive(
        index_dir / ".refresh.lock", IndexLockedError(f"another refresh of {index_dir} is running")
    )


def write_version(
    result: IndexBuild,
    index_dir: Path,
    *,
    model: str,
    fingerprint: str,
    chunk_size: int,
    chunk_overlap: int,
    hnsw_threshold: int,
    unreadable: Sequence[Unreadable] = (),
    files: Reads | None = None,
) -> Path:
    """Write a complete new version directory (not yet current) and return its path."""
    versions = index_dir / "versions"
    versions.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    name = f"{now:%Y%m%dT%H%M%S%f}-{fingerprint[:8]}"
    tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=versions))
    try:
        dense = make_dense_index(result.vectors, hnsw_threshold)
        faiss.write_index(dense, str(tmp / "dense.faiss"))
        np.save(tmp / "vectors.npy", result.vectors, allow_pickle=False)
        _write_jsonl(
            tmp / "chunks.jsonl",
            [
                {
                    "id": c.id,
                    "doc_id": c.doc_id,
                    "ordinal": c.ordinal,
                    "start": c.start,
                    "end": c.end,
                    "key": key,
                }
                for c, key in zip(result.chunks, result.vector_keys, strict=True)
            ],
        )
        _write_jsonl(tmp / "documents.jsonl", [asdict(doc) for doc in result.documents])
        _write_jsonl(
            tmp / "terms.jsonl",
            [{"key": k, "terms": t} for k, t in zip(result.term_keys, result.terms, strict=True)],
        )
        make_lexical_index(result.terms).save(str(tmp / LEXICAL_DIR), show_progress=False)
        if files is not None:
            (tmp / READS).write_text(json.dumps(asdict(files)), encoding="utf-8")
        manifest = Manifest(
            format_version=FORMAT_VERSION,
            model=model,
            dimension=int(result.vectors.shape[1]),
            document_count=len(result.documents),
            chunk_count=len(result.chunks),
            corpus_fingerprint=fingerprint,
            built_at=now.isoformat(timespec="microseconds"),  # alerts compare it with subscriptions
            dense_index=type(dense).__name__,
            chunk_size=chunk_size,
            chunk_overlap=chunk_overlap,
            embedded_chunks=len(result.chunks) - result.reused,
            reused_chunks=result.reused,
            checksums=_checksums(tmp),
            unreadable=tuple(unreadable),
        )
        (tmp / MANIFEST).write_text(json.dumps(asdict(manifest), indent=2), encoding="utf-8")
        _fsync_tree(tmp)
        final = versions / name
        os.replace(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


def publish(index_dir: Path, version: Path, keep_versions: int) -> None:
    """Make a written and validated version current, then drop the oldest ones."""
    set_current(index_dir, version.name)
    prune(index_dir, keep_versions)


def discard(version: Path) -> None:
    """Delete a version that was refused before it became current."""
    shutil.rmtree(version, ignore_errors=True)


def set_current(index_dir: Path, name: str) -> None:
    """Point CURRENT at a version, atomically."""
    fd, tmp = tempfile.mkstemp(dir=index_dir, prefix=".current-")
    with os.fdopen(fd, "w") as handle:
        handle.write(name + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, index_dir / CURRENT)
    dir_fd = os.open(index_dir, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def list_versions(index_dir: Path) -> list[Path]:
    """Complete version directories, oldest first."""
    versions = index_dir / "versions"
    if not versions.is_dir():
        return []
    return sorted(p for p in versions.iterdir() if p.is_dir() and not p.name.startswith("."))


def prune(index_dir: Path, keep: int) -> None:
    """Delete old versions beyond `keep`, never the current one, and leftover temporary builds."""
    current = current_version(index_dir)
    versions = list_versions(index_dir)
    for old in versions[: max(0, len(versions) - keep)]:
        if old != current:
            shutil.rmtree(old, ignore_errors=True)
    # Leftovers of a build or pointer write killed half-way.
    for leftover in (index_dir / "versions").glob(".build-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in index_dir.glob(".current-*"):
        leftover.unlink(missing_ok=True)


def current_version(index_dir: Path) -> Path | None:
    """The directory CURRENT points at, or None when no index was built."""
    pointer = index_dir / CURRENT
    if not pointer.is_file():
        return None
    name = pointer.read_text(encoding="utf-8").strip()
    return index_dir / "versions" / name if name else None


def read_manifest(version: Path) -> Manifest:
    """The manifest of a version; refuse a missing or unreadable one."""
    try:
        data = json.loads((version / MANIFEST).read_text(encoding="utf-8"))
        manifest = Manifest.from_json(data)
    except FileNotFoundError as exc:
        raise IndexMismatchError(key="error_no_manifest", version=version.name) from exc
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise IndexMismatchError(key="error_bad_manifest", version=version.name) from exc
    if manifest.format_version != FORMAT_VERSION:
        raise IndexMismatchError(
            key="error_index_format", built=manifest.format_version, wanted=FORMAT_VERSION
        )
    return manifest


def locate(index_dir: Path) -> Path:
    """The current version directory; refuse a missing index with the command to build it."""
    version = current_version(index_dir)
    if version is None or not version.is_dir():
        raise IndexMissingError(key="error_index_missing", path=index_dir)
    return version


def check_model(manifest: Manifest, model: str, dimension: int | None = None) -> None:
    """Refuse an index built with another model or dimension than the one configured."""
    if manifest.model != model:
        raise IndexMismatchError(key="error_index_other_model", built=manifest.model, asked=model)
    if dimension is not None and manifest.dimension != dimension:
        raise IndexMismatchError(key="error_index_other_dimension", built=manifest.dimension, given=dimension)


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _document(row: dict[str, Any]) -> Document:
    """A post as saved in documents.jsonl."""
    row["date"] = dt.date.fromisoformat(row["date"]) if row.get("date") else None
    row["tags"] = tuple(row.get("tags") or ())
    row["page_starts"] = tuple(row.get("page_starts") or ())
    return Document(**row)


def load(version: Path, *, verify: bool = True) -> LoadedIndex:
    """Load one version directory, checking its files against the manifest."""
    manifest = read_manifest(version)
    if verify:
        for name, expected in manifest.checksums.items():
            path = version / name
            if not path.is_file() or _sha256(path) != expected:
                raise IndexMismatchError(key="error_index_file_damaged", file=name)
    try:
        documents = {}
        for row in _read_jsonl(version / "documents.jsonl"):
            documents[row["id"]] = _document(row)
        chunks = [
            Chunk(
                r["id"],
                r["doc_id"],
                r["ordinal"],
                r["start"],
                r["end"],
                documents[r["doc_id"]].text[r["start"] : r["end"]],
            )
            for r in _read_jsonl(version / "chunks.jsonl")
        ]
        dense = faiss.read_index(str(version / "dense.faiss"))
        lexical = bm25s.BM25.load(str(version / LEXICAL_DIR), show_progress=False)
    except (OSError, RuntimeError, KeyError, ValueError) as exc:
        raise IndexMismatchError(key="error_index_unreadable", version=version.name, reason=exc) from exc
    if dense.ntotal != manifest.chunk_count or len(chunks) != manifest.chunk_count:
        raise IndexMismatchError(
            key="error_index_count", version=version.name, vectors=dense.ntotal, chunks=manifest.chunk_count
        )
    if dense.d != manifest.dimension:
        raise IndexMismatchError(key="error_index_vectors", built=dense.d, said=manifest.dimension)
    return LoadedIndex(version, manifest, documents, chunks, dense, lexical)


def vector_cache(index_dir: Path, model: str) -> dict[str, np.ndarray]:
    """Embeddings of the current version keyed by content, to skip re-embedding unchanged text."""
    try:
        version = locate(index_dir)
        manifest = read_manifest(version)
        if manifest.model != model:
            return {}
        keys = [row["key"] for row in _read_jsonl(version / "chunks.jsonl")]
        vectors = np.load(version / "vectors.npy", allow_pickle=False)
    except (InnobotError, OSError, ValueError, KeyError):
        return {}
    if len(keys) != len(vectors):
        return {}
    return dict(zip(keys, vectors, strict=True))


def term_cache(index_dir: Path) -> dict[str, list[str]]:
    """BM25 terms of the current version's chunks keyed by content, to skip analysing them again."""
    try:
        rows = _read_jsonl(locate(index_dir) / "terms.jsonl")
        return {row["key"]: row["terms"] for row in rows}
    except (InnobotError, OSError, ValueError, KeyError, TypeError):
        return {}


@dataclass(frozen=True)
class DocumentChanges:
    """How one version's documents differ from the previous version's."""

    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


def _digest(row: dict[str, Any]) -> str:
    # Empty fields do not count: a version written before a field existed gives the same digest.
    row = {k: v for k, v in row.items() if v is not False and v not in (None, "", [], ())}
    return hashlib.sha1(json.dumps(row, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def document_digests(documents: Sequence[Document]) -> dict[str, str]:
    """A content hash per document id (title, text, link, date, tags...)."""
    return {doc.id: _digest(asdict(doc)) for doc in documents}


def version_digests(version: Path | None) -> dict[str, str]:
    """The same hashes for the documents of a saved version (empty when there is none)."""
    if version is None or not (version / "documents.jsonl").is_file():
        return {}
    try:
        return {row["id"]: _digest(row) for row in _read_jsonl(version / "documents.jsonl")}
    except (OSError, ValueError, KeyError):
        return {}


def compare(old: dict[str, str], new: dict[str, str]) -> DocumentChanges:
    """Added, updated and removed ids between two digest maps, each sorted."""
    return DocumentChanges(
        added=tuple(sorted(new.keys() - old.keys())),
        updated=tuple(sorted(d for d in new.keys() & old.keys() if new[d] != old[d])),
        removed=tuple(sorted(old.keys() - new.keys())),
    )
