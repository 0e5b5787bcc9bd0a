"""Query latency and memory at 1k, 10k and 100k chunks, against bare query-encode + FAISS search.

The posts are the real archive's (shared/fixtures/wordpress), repeated under new ids to reach the
size. Their vectors are the real model's, read from the archive index `make eval` builds under
.cache/ (embedding 100k chunks would take hours here): each repeat gets the original vector plus a
little noise (cosine ≈ 0.97 to it), so the index holds the clusters of real text, not uniform
random points. Queries are the archive questions through the real model, whose cost is also
timed alone, then asked again for their next page (the question's vector is remembered), and
asked once more of a fresh retriever with their vectors given ("search alone": the search's own
work, first time, without the encoder, whose speed varies from day to day on this machine). The
100k index is HNSW (above INNOBOT_HNSW_THRESHOLD); its recall@10 against exact search is printed.

Run: .venv/bin/python -m benchmarks.bench_query [--sizes 1000,10000,100000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import faiss
import numpy as np

from benchmarks.archive import archive_corpus, archive_settings, indexed
from benchmarks.common import REPO, percentiles, rss_mb
from bot import service
from bot.domain import Document
from bot.ingest.corpus import load_corpus
from bot.search import indexing
from bot.search.embedding import load_embedder
from bot.search.evaluation import load_questions
from bot.search.retrieval import Retriever
from bot.settings import Settings


class ArchiveVectors:
    """Passages get their real vector from the archive index, plus noise for each repeat."""

    def __init__(self, real, vectors: dict[str, np.ndarray]) -> None:
        self.real, self.vectors = real, vectors
        self.name, self.dimension = real.name, real.dimension
        self.rng = np.random.default_rng(0)

    def embed_passages(self, texts, progress=None):
        base = np.vstack([self.vectors[t] for t in texts])
        noisy = base + self.rng.normal(0, 0.0125, base.shape).astype(np.float32)
        return noisy / np.linalg.norm(noisy, axis=1, keepdims=True)

    def embed_query(self, text):
        return self.real.embed_query(text)


def archive_vectors(real, settings: Settings) -> tuple[list[Document], dict[str, np.ndarray]]:
    """The archive's posts and each embedded text's real vector (from the index make eval built)."""
    index = indexed(archive_settings(real.name), real).index
    vectors = np.load(index.path / "vectors.npy")
    texts = [indexing.embedded_text(index.documents[c.doc_id], c) for c in index.chunks]
    return load_corpus(archive_corpus()), dict(zip(texts, vectors, strict=True))


def repeated(documents: list[Document], size: int, settings: Settings) -> list[Document]:
    out, chunks, copy = [], 0, 0
    while chunks < size:
        for doc in documents:
            if chunks >= size:
                break
            out.append(Document(f"{doc.id}-{copy}", doc.title, doc.text, doc.url, doc.date))
            chunks += len(indexing.chunk_corpus([doc], settings.chunk_size, settings.chunk_overlap))
        copy += 1
    return out


def run(size: int, real, settings: Settings, questions: list[str], source) -> None:
    archive, vectors = source
    documents = repeated(archive, size, settings)
    embedder = ArchiveVectors(real, vectors)
    started = time.perf_counter()
    built = indexing.build(
        documents, embedder, chunk_size=settings.chunk_size, chunk_overlap=settings.chunk_overlap
    )
    build_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        before = rss_mb()
        path = indexing.write_version(
            built,
            Path(tmp),
            model=real.name,
            fingerprint="bench",
            chunk_size=settings.chunk_size,
            chunk_overlap=settings.chunk_overlap,
            hnsw_threshold=settings.hnsw_threshold,
        )
        loaded = indexing.load(path)
        retriever = Retriever(loaded, real, service.search_params(settings))
        retriever.warm_up()
        index_mb = rss_mb() - before
        took, bare, encode = [], [], []
        for question in questions:
            started = time.perf_counter()
            retriever.search(question, 5)
            took.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            vector = real.embed_query(question)
            encode.append((time.perf_counter() - started) * 1000)
            loaded.dense.search(vector[None, :], 100)
            bare.append((time.perf_counter() - started) * 1000)
        again = []  # the "next page" button: the same question, its vector remembered
        for question in questions:
            started = time.perf_counter()
            retriever.search(question, 5, offset=5)
            again.append((time.perf_counter() - started) * 1000)
        # The search's own work, first time each question is asked, its vector given: what the
        # search adds to the encoder, without the encoder's day-to-day speed.
        vectors = [real.embed_query(retriever.written_out(q)) for q in questions]
        fresh = Retriever(loaded, real, service.search_params(settings))
        fresh.warm_up()
        alone = []
        for question, vector in zip(questions, vectors, strict=True):
            started = time.perf_counter()
            fresh.search(question, 5, vector=vector)
            alone.append((time.perf_counter() - started) * 1000)
        recall = ""
        if loaded.manifest.dense_index != "IndexFlatIP":
            exact = faiss.IndexFlatIP(built.vectors.shape[1])
            exact.add(built.vectors)
            queries = np.vstack([real.embed_query(q) for q in questions[:50]])
            _, want = exact.search(queries, 10)
            _, got = loaded.dense.search(queries, 10)
            share = np.mean([len(set(w) & set(g)) / 10 for w, g in zip(want, got, strict=True)])
            recall = f", HNSW recall@10 vs exact {share:.3f}"
    t50, t95 = percentiles(took)
    b50, b95 = percentiles(bare)
    e50, _ = percentiles(encode)
    a50, a95 = percentiles(again)
    s50, s95 = percentiles(alone)
    kind = loaded.manifest.dense_index
    print(
        f"{len(built.chunks):>7} chunks ({kind}): took_ms p50 {t50:5.1f} p95 {t95:5.1f} | "
        f"bare encode+search p50 {b50:5.1f} p95 {b95:5.1f} (encode alone {e50:4.1f}) | "
        f"ratio p50 {t50 / b50:.2f} p95 {t95 / b95:.2f} | search alone p50 {s50:4.1f} p95 {s95:4.1f} | "
        f"next page p50 {a50:5.1f} p95 {a95:5.1f} | "
        f"index memory {index_mb:5.0f} MB | "
        f"build {build_s:5.1f} s{recall}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    args = parser.parse_args()
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    real = load_embedder(settings)
    questions = [q.question for q in load_questions(REPO / "tests" / "eval" / "archive.jsonl")]
    source = archive_vectors(real, settings)
    print(f"{len(questions)} questions, k=5, model {real.name}, rss at start {rss_mb():.0f} MB")
    for size in (int(s) for s in args.sizes.split(",")):
        run(size, real, settings, questions, source)


if __name__ == "__main__":
    main()
