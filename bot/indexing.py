"""Build, save and load the index directory: FAISS + BM25 + documents + a manifest.

Layout: `index/CURRENT` names the live version; `index/versions/<name>/` holds one complete
build. A build is written under a temporary name, fsynced, renamed, and only then does CURRENT
move (os.replace), so a reader never sees a half-written index and a crash leaves the old one.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import bm25s
import faiss
import numpy as np

from bot.analysis import analyze
from bot.chunking import chunk_document
from bot.domain import Chunk, Document
from bot.embedding import Embedder, Vectors
from bot.errors import IndexMismatchError, IndexMissingError, InnobotError

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CURRENT = "CURRENT"
FILES = ("dense.faiss", "vectors.npy", "chunks.jsonl", "documents.jsonl")
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

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        return cls(**{field: data[field] for field in cls.__dataclass_fields__})


@dataclass(frozen=True)
class IndexBuild:
    """The in-memory result of a build, before it is saved."""

    documents: list[Document]
    chunks: list[Chunk]
    vectors: Vectors
    vector_keys: list[str]
    reused: int


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


def vector_key(model: str, text: str) -> str:
    """The cache key of an embedding: same model and same text give the same vector."""
    return hashlib.sha1(f"{model}\x00{text}".encode()).hexdigest()


def chunk_corpus(documents: Sequence[Document], size: int, overlap: int) -> list[Chunk]:
    """All chunks of a corpus, in document order."""
    return [chunk for doc in documents for chunk in chunk_document(doc, size, overlap)]


def build(
    documents: Sequence[Document],
    embedder: Embedder,
    *,
    chunk_size: int,
    chunk_overlap: int,
    cache: dict[str, np.ndarray] | None = None,
    progress: ProgressFactory | None = None,
) -> IndexBuild:
    """Chunk and embed a corpus, reusing cached vectors for text already embedded."""
    by_id = {doc.id: doc for doc in documents}
    if len(by_id) != len(documents):
        raise InnobotError("two posts share the same id (file stem)")
    chunks = chunk_corpus(documents, chunk_size, chunk_overlap)
    if not chunks:
        raise InnobotError("the corpus has no text to index")
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
    return IndexBuild(list(documents), chunks, vectors, keys, len(chunks) - len(missing))


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


def make_lexical_index(documents: Sequence[Document], chunks: Sequence[Chunk]) -> bm25s.BM25:
    """BM25 over the French terms of every chunk."""
    by_id = {doc.id: doc for doc in documents}
    lexical = bm25s.BM25(k1=1.2, b=0.75)
    lexical.index([lexical_terms(by_id[c.doc_id], c) or ["_"] for c in chunks], show_progress=False)
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


@contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """Hold the index's build lock; a second builder fails at once with a clear message."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / ".lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise IndexLockedError(f"another build of {index_dir} is running") from exc
        yield


def save(
    result: IndexBuild,
    index_dir: Path,
    *,
    model: str,
    fingerprint: str,
    chunk_size: int,
    chunk_overlap: int,
    hnsw_threshold: int,
    keep_versions: int = 2,
) -> Path:
    """Write a new version directory and make it current; return its path."""
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
        make_lexical_index(result.documents, result.chunks).save(str(tmp / LEXICAL_DIR), show_progress=False)
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
        )
        (tmp / MANIFEST).write_text(json.dumps(asdict(manifest), indent=2), encoding="utf-8")
        _fsync_tree(tmp)
        final = versions / name
        os.replace(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    set_current(index_dir, name)
    prune(index_dir, keep_versions)
    return final


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
    for leftover in (index_dir / "versions").glob(".build-*"):
        shutil.rmtree(leftover, ignore_errors=True)


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
        raise IndexMismatchError(f"index version {version.name} has no manifest") from exc
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise IndexMismatchError(f"index version {version.name} has an unreadable manifest") from exc
    if manifest.format_version != FORMAT_VERSION:
        raise IndexMismatchError(
            f"index format {manifest.format_version} is not {FORMAT_VERSION}: "
            "rebuild with 'innobot index build'"
        )
    return manifest


def locate(index_dir: Path) -> Path:
    """The current version directory; refuse a missing index with the command to build it."""
    version = current_version(index_dir)
    if version is None or not version.is_dir():
        raise IndexMissingError(f"no index in {index_dir}: run 'innobot index build'")
    return version


def check_model(manifest: Manifest, model: str, dimension: int | None = None) -> None:
    """Refuse an index built with another model or dimension than the one configured."""
    if manifest.model != model:
        raise IndexMismatchError(
            f"index built with model {manifest.model!r}, settings ask for {model!r}: "
            "rebuild with 'innobot index build'"
        )
    if dimension is not None and manifest.dimension != dimension:
        raise IndexMismatchError(
            f"index has dimension {manifest.dimension}, the model gives {dimension}: rebuild the index"
        )


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load(version: Path, *, verify: bool = True) -> LoadedIndex:
    """Load one version directory, checking its files against the manifest."""
    manifest = read_manifest(version)
    if verify:
        for name, expected in manifest.checksums.items():
            path = version / name
            if not path.is_file() or _sha256(path) != expected:
                raise IndexMismatchError(f"index file {name} is missing or damaged (checksum)")
    try:
        documents = {}
        for row in _read_jsonl(version / "documents.jsonl"):
            row["date"] = dt.date.fromisoformat(row["date"]) if row.get("date") else None
            row["tags"] = tuple(row.get("tags") or ())
            documents[row["id"]] = Document(**row)
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
        raise IndexMismatchError(f"index version {version.name} cannot be read ({exc})") from exc
    if dense.ntotal != manifest.chunk_count or len(chunks) != manifest.chunk_count:
        raise IndexMismatchError(
            f"index version {version.name} has {dense.ntotal} vectors for {manifest.chunk_count} chunks"
        )
    if dense.d != manifest.dimension:
        raise IndexMismatchError(
            f"index vectors have dimension {dense.d}, manifest says {manifest.dimension}"
        )
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
