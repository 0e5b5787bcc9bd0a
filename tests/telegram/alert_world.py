"""Helpers of the alert delivery tests: a population of subscribers with alerts queued."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter
from collections.abc import Iterable

from bot.domain import NewAlert, Passage
from bot.store import Store
from tests.telegram.fake_bot_api import Call, FakeBotApi

FIRST_CHAT = 5000


def populate(store: Store, server: FakeBotApi, chats: int, documents: int, extra_every: int) -> list[int]:
    """`chats` private chats each following one topic; each gets document i % documents, and
    every `extra_every`-th one the next document too. Returns the chat ids."""
    ids = []
    alerts = []
    for i in range(chats):
        chat = FIRST_CHAT + i
        server.add_user(chat, f"Agent {i}", "en" if i % 10 == 0 else "fr")
        status, sub = store.subscriptions.add(chat, "fr", f"sujet {i}", (), None, None, 20)
        assert status == "added" and sub is not None
        ids.append(chat)
        wanted = [i % documents] + ([(i + 1) % documents] if i % extra_every == 0 and documents > 1 else [])
        for doc in wanted:
            alerts.append(
                NewAlert(
                    sub.id,
                    chat,
                    f"post-{doc}",
                    sub.topic,
                    f"Post <{doc}> & co",  # must be escaped in the message
                    f"https://example.org/post-{doc}",
                    dt.date(2026, 11, 1),
                    Passage(f"Un passage du post {doc} sur le sujet {i}.", ((0, 2),)),
                    1.2,
                )
            )
    documents_seen = [(f"post-{d}", f"Post {d}") for d in range(documents)]
    assert store.outbox.enqueue(documents_seen, alerts) == len(alerts)
    return ids


_ALERT = re.compile(r"^a:([0-9]+):\+$")


def delivered_alert_ids(calls: Iterable[Call]) -> Counter[int]:
    """How many accepted messages carried each alert (read from their 👍 buttons)."""
    counts: Counter[int] = Counter()
    for call in calls:
        if call.method != "sendMessage" or call.status != 200:
            continue
        for row in (call.params.get("reply_markup") or {}).get("inline_keyboard", []):
            for button in row:
                match = _ALERT.match(button.get("callback_data", ""))
                if match:
                    counts[int(match.group(1))] += 1
    return counts


def fastest_chat_gap(calls: Iterable[Call]) -> float:
    """The shortest time between two sendMessage requests arriving for one chat."""
    by_chat: dict[str, list[float]] = {}
    for call in calls:
        if call.method == "sendMessage":
            by_chat.setdefault(str(call.params.get("chat_id")), []).append(call.at)
    gaps = [b - a for times in by_chat.values() for a, b in itertools.pairwise(sorted(times))]
    return min(gaps, default=float("inf"))


def busiest_second(calls: Iterable[Call]) -> int:
    """The most sendMessage requests arriving within any one-second window."""
    times = sorted(c.at for c in calls if c.method == "sendMessage")
    best, start = 0, 0
    for end, t in enumerate(times):
        while t - times[start] >= 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best
