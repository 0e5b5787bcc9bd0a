"""Alert delivery against the strict fake Bot API: flood control, slow replies, blocked chats."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from collections.abc import Iterator

import pytest
from pydantic import SecretStr
from sqlalchemy import create_engine, text

from bot.settings import Settings
from bot.store import Store
from bot.telegram.dispatch import Dispatcher, make_alert_bot
from tests.conftest import make_settings
from tests.telegram.alert_world import (
    FIRST_CHAT,
    busiest_second,
    delivered_alert_ids,
    fastest_chat_gap,
    populate,
)
from tests.telegram.fake_bot_api import FakeBotApi, Fault
from tests.test_store import PG_URL

TOKEN = "123456789:AAF-sentinel-token-0123456789abcdefXYZ"


def alert_settings(tmp, url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "telegram_token": SecretStr(TOKEN),
        "telegram_api_url": url,
        "alerts_send_timeout": 0.5,
        "alerts_per_message": 1,
        "alerts_lease_seconds": 30,
        "alerts_poll_seconds": 0.5,
    }
    values.update(overrides)
    return make_settings(tmp, **values)


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh schema on the PostgreSQL server, dropped afterwards."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


async def test_500_chats_under_flood_control_get_every_alert_once(tmp_path):
    server = FakeBotApi()
    url = await server.start()
    settings = alert_settings(tmp_path, url)
    store = Store(settings.database_url)
    chats = populate(store, server, chats=500, documents=40, extra_every=5)
    expected_total = sum(store.outbox.counts().values())
    blocked = {chats[7], chats[123], chats[400]}
    for chat in blocked:
        server.faults.append(Fault("sendMessage", "403", times=10**6, chat_id=chat))
    server.faults.append(Fault("sendMessage", "429", times=10**6, retry_after=1, probability=0.10))
    server.faults.append(Fault("sendMessage", "late", times=10**6, delay=1.0, probability=0.02))
    try:
        async with make_alert_bot(settings) as bot:
            stats = await Dispatcher(store.outbox, bot, settings).drain()
        counts = store.outbox.counts()
        delivered = delivered_alert_ids(server.calls)
        late = [params for fault, params in server.injected if fault.kind == "late"]
        too_many = [params for fault, params in server.injected if fault.kind == "429"]
        blocked_alerts = counts.get("blocked", 0)
        # Every alert of a chat that did not block the bot was delivered: 0 lost.
        assert counts.get("pending", 0) == 0 and counts.get("failed", 0) == 0
        assert counts["sent"] == expected_total - blocked_alerts == len(delivered)
        # Duplicates only where Telegram accepted a message whose reply timed out, and counted.
        duplicates = sum(n - 1 for n in delivered.values())
        assert duplicates == len(late) == stats.timeouts
        assert set(stats.uncertain_ids) >= {a for a, n in delivered.items() if n > 1}
        assert len(too_many) == stats.retry_after > 20  # the fault really was exercised
        # Pacing: no chat above 1 message/s, no second above 25 messages (request arrival times).
        assert fastest_chat_gap(server.calls) >= 1.0
        assert busiest_second(server.calls) <= 26
        # Blocked chats are inactive and get nothing more.
        for chat in blocked:
            subscriber = store.subscriptions.subscriber(chat)
            assert subscriber is not None and not subscriber.active
        assert stats.blocked == 3 and not server.rejected()
        print(
            f"\n{expected_total} alerts, {stats.messages} messages, {len(too_many)} × 429, "
            f"{len(late)} late replies → {duplicates} duplicates, busiest second "
            f"{busiest_second(server.calls)}, fastest chat gap {fastest_chat_gap(server.calls):.2f} s"
        )
    finally:
        store.close()
        await server.stop()


async def test_a_group_that_became_a_supergroup_is_followed(tmp_path):
    server = FakeBotApi()
    url = await server.start()
    settings = alert_settings(tmp_path, url)
    store = Store(settings.database_url)
    populate(store, server, chats=1, documents=1, extra_every=1000)
    server.add_group(-100555, "Supergroupe")
    server.faults.append(Fault("sendMessage", "migrate", chat_id=FIRST_CHAT, migrate_to=-100555))
    try:
        async with make_alert_bot(settings) as bot:
            stats = await Dispatcher(store.outbox, bot, settings).drain()
        assert stats.migrated == 1
        assert store.subscriptions.subscriber(FIRST_CHAT) is None
        assert [s.topic for s in store.subscriptions.of_chat(-100555)] == ["sujet 0"]
        assert len(server.sent(chat_id=-100555)) == 1
    finally:
        store.close()
        await server.stop()


async def test_two_dispatchers_on_postgresql_never_send_an_alert_twice(tmp_path, pg_url):
    server = FakeBotApi()
    url = await server.start()
    settings = alert_settings(tmp_path, url, database_url=pg_url)
    stores = [Store(pg_url), Store(pg_url)]
    populate(stores[0], server, chats=150, documents=40, extra_every=1)  # 2 alerts per chat
    try:
        async with make_alert_bot(settings) as bot_a, make_alert_bot(settings) as bot_b:
            first = Dispatcher(stores[0].outbox, bot_a, settings, worker="a")
            second = Dispatcher(stores[1].outbox, bot_b, settings, worker="b")
            stats = await asyncio.gather(first.drain(), second.drain())
        delivered = delivered_alert_ids(server.calls)
        assert len(delivered) == 300 and max(delivered.values()) == 1
        assert stats[0].messages > 30 and stats[1].messages > 30  # both really worked
        assert stats[0].messages + stats[1].messages == 300
        # Claims are per chat in the database: pacing holds across the two dispatchers.
        assert fastest_chat_gap(server.calls) >= 1.0
    finally:
        for store in stores:
            store.close()
        await server.stop()


async def test_digests_wait_for_their_hour_then_come_as_one_message(tmp_path):
    server = FakeBotApi()
    url = await server.start()
    settings = alert_settings(tmp_path, url, alerts_per_message=5)
    store = Store(settings.database_url)
    populate(store, server, chats=1, documents=3, extra_every=1)  # 2 alerts
    (sub,) = store.subscriptions.of_chat(FIRST_CHAT)
    assert store.subscriptions.set_mode(sub.id, FIRST_CHAT, "daily")
    try:
        async with make_alert_bot(settings) as bot:
            dispatcher = Dispatcher(store.outbox, bot, settings)
            await dispatcher.drain()
            assert server.sent() == []  # not due before the digest hour
            wake = store.outbox.next_wake()
            assert wake is not None and wake > dt.datetime.now(dt.UTC)
            with store.engine.begin() as conn:  # the clock reaches the digest hour
                conn.execute(text("UPDATE outbox SET due_at = :t"), {"t": dt.datetime.now(dt.UTC)})
            await dispatcher.drain()
        (digest,) = server.sent()
        assert "sélection du jour" in digest.params["text"]
        assert len(delivered_alert_ids(server.calls)) == 2
    finally:
        store.close()
        await server.stop()
