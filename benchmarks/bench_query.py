"""Query latency and memory at 1k, 10k and 100k chunks, against bare query-encode + FAISS search.

Synthetic posts are made of seed sentences. Passages get random unit vectors above 1k chunks
(embedding 100k chunks would take over an hour here); queries always go through the real model,
whose cost is also timed alone. The 100k index is HNSW (above INNOBOT_HNSW_THRESHOLD); its recall
against exact search is printed.

Run: .venv/bin/python -m benchmarks.bench_query [--sizes 1000,10000,100000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import faiss
import numpy as np

from benchmarks.common import REPO, RandomPassages, percentiles, rss_mb, synthetic_corpus
from bot.search import indexing
from bot.search.embedding import load_embedder
from bot.search.evaluation import load_questions
from bot.search.retrieval import Retriever
from bot.settings import Settings


def run(size: int, real, settings: Settings, questions: list[str]) -> None:
    documents = synthetic_corpus(max(1, size // 6))
    embedder = real if size <= 1000 else RandomPassages(real, real.dimension)
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
        retriever = Retriever(loaded, real)
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
    kind = loaded.manifest.dense_index
    print(
        f"{len(built.chunks):>7} chunks ({kind}): took_ms p50 {t50:5.1f} p95 {t95:5.1f} | "
        f"bare encode+search p50 {b50:5.1f} p95 {b95:5.1f} (encode alone {e50:4.1f}) | "
        f"ratio p50 {t50 / b50:.2f} p95 {t95 / b95:.2f} | index memory {index_mb:5.0f} MB | "
        f"build {build_s:5.1f} s{recall}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    args = parser.parse_args()
    settings = Settings(_env_file=None)
    real = load_embedder(settings)
    questions = [q.question for q in load_questions(REPO / "tests" / "eval" / "questions.jsonl")]
    print(f"{len(questions)} questions, k=5, rss at start {rss_mb():.0f} MB")
    for size in (int(s) for s in args.sizes.split(",")):
        run(size, real, settings, questions)


if __name__ == "__main__":
    main()
