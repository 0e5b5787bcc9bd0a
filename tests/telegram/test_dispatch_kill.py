"""`innobot alerts dispatch` killed with SIGKILL at random points, ten times, then run to the end."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import random
import signal
import sys

from sqlalchemy import func, select

from bot.store import Store
from bot.store.schema import subscribers
from tests.telegram.alert_world import delivered_alert_ids, populate
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.test_alert_delivery import TOKEN


def in_flight(store: Store) -> int:
    """Chats a dispatcher had claimed and not released: at most one unrecorded send each."""
    with store.engine.connect() as conn:
        return int(
            conn.execute(
                select(func.count())
                .select_from(subscribers)
                .where(subscribers.c.claimed_by.is_not(None))
                .where(subscribers.c.claimed_until > dt.datetime.now(dt.UTC))
            ).scalar_one()
        )


async def test_a_dispatcher_killed_ten_times_loses_nothing(tmp_path):
    server = FakeBotApi()
    url = await server.start()
    database = f"sqlite:///{tmp_path / 'state.sqlite3'}"
    store = Store(database)
    populate(store, server, chats=100, documents=40, extra_every=1)  # 200 alerts, 2 per chat
    env = {
        **os.environ,
        "INNOBOT_TELEGRAM_TOKEN": TOKEN,
        "INNOBOT_TELEGRAM_API_URL": url,
        "INNOBOT_DATABASE_URL": database,
        "INNOBOT_ALERTS_PER_MESSAGE": "1",
        "INNOBOT_ALERTS_LEASE_SECONDS": "1",
        "INNOBOT_ALERTS_SEND_TIMEOUT": "2",
    }
    rng = random.Random(7)
    allowance = 0
    try:
        for _ in range(10):
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "alerts", "dispatch", cwd=tmp_path, env=env
            )
            target = len(server.sent()) + rng.randint(3, 15)
            await server.wait_for(
                lambda c: c.method == "sendMessage" and c.status == 200, count=target, timeout=60
            )
            process.send_signal(signal.SIGKILL)
            await process.wait()
            allowance += in_flight(store)
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "alerts", "dispatch", cwd=tmp_path, env=env
        )
        assert await asyncio.wait_for(process.wait(), 120) == 0
        delivered = delivered_alert_ids(server.calls)
        duplicates = sum(n - 1 for n in delivered.values())
        assert len(delivered) == 200 and store.outbox.counts() == {"sent": 200}
        assert duplicates <= allowance
        print(f"\n10 kills: {duplicates} duplicates for {allowance} sends in flight at the kills")
    finally:
        store.close()
        await server.stop()
