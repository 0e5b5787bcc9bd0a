"""Index build throughput next to raw model.encode throughput, and per-question latency.

Run: .venv/bin/python benchmarks/bench_build.py   (prints numbers; not a test)
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks.common import REPO, percentiles, rss_mb
from bot import service
from bot.ingest.corpus import load_corpus
from bot.search import indexing
from bot.search.embedding import load_embedder
from bot.search.evaluation import load_questions
from bot.settings import Settings


def main() -> None:
    settings = Settings(_env_file=None)
    started = time.perf_counter()
    embedder = load_embedder(settings)
    print(f"model load                 {time.perf_counter() - started:6.2f} s   (rss {rss_mb():.0f} MB)")
    documents = load_corpus(REPO / "corpus")
    chunks = indexing.chunk_corpus(documents, settings.chunk_size, settings.chunk_overlap)
    by_id = {d.id: d for d in documents}
    texts = [indexing.embedded_text(by_id[c.doc_id], c) for c in chunks]

    embedder._model.encode(texts[:8])  # warm-up
    started = time.perf_counter()
    embedder._model.encode(texts, batch_size=settings.embedding_batch_size, normalize_embeddings=True)
    raw = time.perf_counter() - started
    print(f"raw model.encode           {len(texts) / raw:6.1f} chunks/s ({len(texts)} chunks, {raw:.2f} s)")

    with tempfile.TemporaryDirectory() as tmp:
        bench = settings.model_copy(update={"corpus_dir": REPO / "corpus", "index_dir": Path(tmp) / "index"})
        report = service.build_index(bench, lambda: embedder)
        print(
            f"innobot index build        {len(texts) / report.seconds:6.1f} chunks/s "
            f"({report.seconds:.2f} s: read, clean, chunk, embed, BM25, FAISS, save)"
        )
        again = service.build_index(bench, lambda: embedder)
        print(f"rebuild, nothing changed   {again.seconds:6.2f} s   ({again.manifest.reused_chunks} reused)")

        retriever = service.open_retriever(bench, lambda: embedder)
        latencies = []
        for item in load_questions(REPO / "tests" / "eval" / "questions.jsonl"):
            started = time.perf_counter()
            retriever.search(item.question, 5)
            latencies.append((time.perf_counter() - started) * 1000)
        p50, p95 = percentiles(latencies)
        print(
            f"per question (seed corpus) p50 {p50:.1f} ms, p95 {p95:.1f} ms over {len(latencies)} questions"
        )
        print(f"process rss                {rss_mb():6.0f} MB")


if __name__ == "__main__":
    main()
