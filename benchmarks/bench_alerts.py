"""Alert costs: matching 10,000 subscriptions against 100 new posts, and the dispatch rate.

Matching: 100 synthetic posts (seed sentences, real model embeddings) enter an index; 10,000
subscriptions (2–4 words drawn from the corpus, embedded with the real model) are in the store.
Times `alerts.announce` end to end (store reads, topic vectors, scoring, passages, outbox
inserts) and the scoring alone. Dispatch: 1,000 chats with one alert each, sent to the fake
Bot API server on 127.0.0.1 (no faults) by one dispatcher, on SQLite and on PostgreSQL.

Run: .venv/bin/python -m benchmarks.bench_alerts
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import tempfile
import time
import uuid
from pathlib import Path

import numpy as np
from pydantic import SecretStr
from sqlalchemy import create_engine, insert, text

from benchmarks.common import synthetic_corpus
from bot import service
from bot.alerts import announcing
from bot.alerts.matching import match
from bot.analysis import iter_terms
from bot.search import indexing
from bot.search.embedding import load_embedder
from bot.settings import Settings
from bot.store import Store
from bot.store.schema import subscribers, subscriptions
from bot.telegram.dispatch import Dispatcher, make_alert_bot
from tests.telegram.alert_world import populate
from tests.telegram.fake_bot_api import FakeBotApi
from tests.test_store import PG_URL

SUBSCRIPTIONS = 10_000
POSTS = 100


def bench_matching(tmp: Path) -> None:
    embedder = load_embedder(Settings(_env_file=None))
    # The synthetic posts are undated or old: they play new ones (no age limit), or nothing is queued.
    settings = Settings(
        _env_file=None,
        index_dir=tmp / "index",
        database_url=f"sqlite:///{tmp / 's.db'}",
        alerts_max_age_days=0,
    )
    documents = synthetic_corpus(POSTS, seed=3)
    built = indexing.build(
        documents, embedder, chunk_size=settings.chunk_size, chunk_overlap=settings.chunk_overlap
    )
    version = indexing.write_version(
        built,
        settings.index_dir,
        model=embedder.name,
        fingerprint="bench",
        chunk_size=600,
        chunk_overlap=150,
        hnsw_threshold=50_000,
    )
    indexing.publish(settings.index_dir, version, keep_versions=1)
    rng = random.Random(5)
    words = sorted(
        {
            d.text[t.start : t.end].lower()
            for d in documents
            for t in iter_terms(d.text)
            if t.end - t.start > 5
        }
    )
    topics = [" ".join(rng.sample(words, rng.randint(2, 4))) for _ in range(SUBSCRIPTIONS)]
    started = time.perf_counter()
    vectors = embedder.embed_passages(topics)
    embed_s = time.perf_counter() - started
    retriever = service.open_retriever(settings, lambda: embedder)
    store = service.open_store(settings)
    past = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with store.engine.begin() as conn:
        conn.execute(
            insert(subscribers),
            [
                {"chat_id": i, "lang": "fr", "active": True, "digest_hour": 8, "created_at": past}
                for i in range(SUBSCRIPTIONS)
            ],
        )
        conn.execute(
            insert(subscriptions),
            [
                {
                    "chat_id": i,
                    "topic": t,
                    "exclusions": "[]",
                    "mode": "instant",
                    "paused": False,
                    "vector": vectors[i].astype(np.float32).tobytes(),
                    "vector_model": retriever.query_key(t),  # as /abonner stores it
                    "created_at": past,
                }
                for i, t in enumerate(topics)
            ],
        )
    subs = store.subscriptions.active()
    probes = announcing.topic_probes(retriever, subs, announcing.topic_vectors(store, retriever, subs))
    docs = announcing.document_probes(retriever, sorted(retriever.index.documents))
    started = time.perf_counter()
    found = match(probes, docs, retriever.idf, retriever.unseen_idf(), service.match_params(settings))
    score_s = time.perf_counter() - started
    started = time.perf_counter()
    report = announcing.announce(store, retriever, service.match_params(settings))
    total_s = time.perf_counter() - started
    store.close()
    print(
        f"matching {SUBSCRIPTIONS:,} subscriptions × {POSTS} new posts "
        f"({len(retriever.index.chunks)} chunks):"
    )
    print(
        f"  scoring alone {score_s:.2f} s · announce end to end {total_s:.2f} s · {report.alerts:,} alerts "
        f"queued ({len(found):,} matches) · embedding the 10k topics once: {embed_s:.1f} s"
    )


async def bench_dispatch(tmp: Path, database: str, label: str) -> None:
    server = FakeBotApi()
    url = await server.start()
    settings = Settings(
        _env_file=None, telegram_token=SecretStr("1:bench"), telegram_api_url=url, database_url=database
    )
    store = Store(database)
    populate(store, server, chats=1000, documents=40, extra_every=10**9)
    started = time.perf_counter()
    async with make_alert_bot(settings) as bot:
        stats = await Dispatcher(store.outbox, bot, settings).drain()
    seconds = time.perf_counter() - started
    store.close()
    await server.stop()
    print(
        f"dispatch ({label}): {stats.messages} messages in {seconds:.1f} s = {stats.messages / seconds:.1f} "
        f"messages/s (limit INNOBOT_ALERTS_OVERALL_RATE={settings.alerts_overall_rate:g})"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        bench_matching(Path(tmp))
        asyncio.run(bench_dispatch(Path(tmp), f"sqlite:///{Path(tmp) / 'd.db'}", "SQLite"))
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        with tempfile.TemporaryDirectory() as tmp:
            asyncio.run(bench_dispatch(Path(tmp), f"{PG_URL}?options=-csearch_path%3D{schema}", "PostgreSQL"))
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))


if __name__ == "__main__":
    main()
