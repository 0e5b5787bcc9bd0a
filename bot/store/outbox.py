"""The alert outbox: enqueue matches once, claim chats for sending, record each outcome.

A dispatcher claims whole chats (one at a time per chat, for a lease), which is what keeps
every chat at ≤ 1 message/s even with several dispatchers on one PostgreSQL database: there
the claim reads with FOR UPDATE SKIP LOCKED; on SQLite the claim takes the write lock first.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, exists, func, or_, select, update
from sqlalchemy.engine import Connection, Engine

from bot.domain import Alert, NewAlert, Passage
from bot.store.common import aware, now, upsert, writing
from bot.store.schedule import due_time
from bot.store.schema import announced_documents, outbox, subscribers, subscriptions


@dataclass(frozen=True)
class Claim:
    """A chat this dispatcher may send to now, with the alerts to put in its next message."""

    chat_id: int
    lang: str
    alerts: tuple[Alert, ...]


class Outbox:
    """Alerts waiting for, or done with, delivery."""

    def __init__(self, engine: Engine, zone: str = "Europe/Paris", max_attempts: int = 8) -> None:
        self.engine = engine
        self.zone = zone
        self.max_attempts = max_attempts

    # --- matching side ----------------------------------------------------------------------------
    def unannounced(self, doc_ids: Sequence[str]) -> set[str]:
        """The documents the matcher has never seen (new since the last matching)."""
        wanted = set(doc_ids)
        seen: set[str] = set()
        ordered = sorted(wanted)
        with self.engine.connect() as conn:
            for start in range(0, len(ordered), 500):
                batch = ordered[start : start + 500]
                seen |= set(
                    conn.execute(
                        select(announced_documents.c.doc_id).where(announced_documents.c.doc_id.in_(batch))
                    ).scalars()
                )
        return wanted - seen

    def votes(self, subscription_ids: Sequence[int]) -> dict[int, tuple[list[str], list[str]]]:
        """The posts each of these subscriptions' alerts were marked 👍 and 👎 on: id → (liked, disliked).
        Subscriptions without a vote are left out."""
        found: dict[int, tuple[list[str], list[str]]] = {}
        ordered = sorted(set(subscription_ids))
        with self.engine.connect() as conn:
            for start in range(0, len(ordered), 500):
                rows = conn.execute(
                    select(outbox.c.subscription_id, outbox.c.doc_id, outbox.c.vote)
                    .where(
                        outbox.c.subscription_id.in_(ordered[start : start + 500]), outbox.c.vote.is_not(None)
                    )
                    .order_by(outbox.c.id)
                )
                for sub_id, doc_id, vote in rows:
                    liked, disliked = found.setdefault(sub_id, ([], []))
                    (liked if vote > 0 else disliked).append(doc_id)
        return found

    def enqueue(self, documents: Sequence[tuple[str, str]], alerts: Sequence[NewAlert]) -> int:
        """Record documents as seen and queue their alerts, in one transaction; return alerts added.

        A (subscription, document) pair is unique in the table: matching twice adds nothing.
        """
        insert = upsert(self.engine)
        stamp = now()
        added = 0
        with writing(self.engine) as conn:
            if documents:
                conn.execute(
                    insert(announced_documents)
                    .values([{"doc_id": d, "title": t, "first_seen_at": stamp} for d, t in documents])
                    .on_conflict_do_nothing(index_elements=["doc_id"])
                )
            schedule = {
                row.id: (row.mode, row.digest_hour)
                for row in conn.execute(
                    select(subscriptions.c.id, subscriptions.c.mode, subscribers.c.digest_hour).join(
                        subscribers, subscribers.c.chat_id == subscriptions.c.chat_id
                    )
                )
            }
            # A subscription deleted while matching ran gets nothing.
            rows = [
                self._row(alert, stamp, *schedule[alert.subscription_id])
                for alert in alerts
                if alert.subscription_id in schedule
            ]
            for start in range(0, len(rows), 500):
                result = conn.execute(
                    insert(outbox)
                    .values(rows[start : start + 500])
                    .on_conflict_do_nothing(index_elements=["subscription_id", "doc_id"])
                    .returning(outbox.c.id)  # rowcount of a multi-row insert is not portable
                )
                added += len(result.all())
        return added

    def _row(self, alert: NewAlert, stamp: dt.datetime, mode: str, hour: int) -> dict[str, object]:
        return {
            "subscription_id": alert.subscription_id,
            "chat_id": alert.chat_id,
            "doc_id": alert.doc_id,
            "topic": alert.topic,
            "title": alert.title,
            "url": alert.url,
            "published": alert.published,
            "passage": alert.passage.text,
            "highlights": json.dumps([list(s) for s in alert.passage.highlights]),
            "score": alert.score,
            "status": "pending",
            "due_at": due_time(mode, stamp, hour, self.zone),
            "attempts": 0,
            "timeouts": 0,
            "created_at": stamp,
        }

    # --- delivery side ----------------------------------------------------------------------------
    def claim(
        self, worker: str, limit: int, per_chat: int, lease: float, at: dt.datetime | None = None
    ) -> list[Claim]:
        """Take up to `limit` chats with alerts due, for `lease` seconds, and their next alerts."""
        at = at or now()
        free = or_(subscribers.c.claimed_until.is_(None), subscribers.c.claimed_until < at)
        ready = or_(subscribers.c.next_send_at.is_(None), subscribers.c.next_send_at <= at)
        due = exists().where(
            outbox.c.chat_id == subscribers.c.chat_id, outbox.c.status == "pending", outbox.c.due_at <= at
        )
        query = (
            select(subscribers.c.chat_id, subscribers.c.lang)
            .where(subscribers.c.active.is_(True), free, ready, due)
            .order_by(subscribers.c.next_send_at.asc().nulls_first(), subscribers.c.chat_id)
            .limit(limit)
        )
        if self.engine.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True, of=subscribers)
        with writing(self.engine) as conn:
            chats = dict(conn.execute(query).all())
            if not chats:
                return []
            conn.execute(
                update(subscribers)
                .where(subscribers.c.chat_id.in_(list(chats)))
                .values(claimed_by=worker, claimed_until=at + dt.timedelta(seconds=lease))
            )
            rows = conn.execute(
                select(outbox, subscriptions.c.mode)
                .join(subscriptions, subscriptions.c.id == outbox.c.subscription_id)
                .where(outbox.c.chat_id.in_(list(chats)), outbox.c.status == "pending", outbox.c.due_at <= at)
                .order_by(outbox.c.chat_id, outbox.c.due_at, outbox.c.id)
            ).all()
        grouped: dict[int, list[Alert]] = {chat: [] for chat in chats}
        for row in rows:
            if len(grouped[row.chat_id]) < per_chat:
                grouped[row.chat_id].append(_alert(row))
        return [Claim(chat, chats[chat], tuple(alerts)) for chat, alerts in grouped.items() if alerts]

    @staticmethod
    def _finish(conn: Connection, worker: str, chat_id: int, next_send_at: dt.datetime | None) -> None:
        conn.execute(
            update(subscribers)
            .where(subscribers.c.chat_id == chat_id, subscribers.c.claimed_by == worker)
            .values(claimed_by=None, claimed_until=None, next_send_at=next_send_at)
        )

    def mark_sent(
        self, worker: str, chat_id: int, alert_ids: Sequence[int], message_id: int, interval: float
    ) -> None:
        """The message went out: its alerts are done; the chat may get another after `interval`."""
        stamp = now()
        with writing(self.engine) as conn:
            conn.execute(
                update(outbox)
                .where(outbox.c.id.in_(list(alert_ids)))
                .values(status="sent", sent_at=stamp, message_id=message_id, attempts=outbox.c.attempts + 1)
            )
            self._finish(conn, worker, chat_id, stamp + dt.timedelta(seconds=interval))

    def retry_later(
        self,
        worker: str,
        chat_id: int,
        alert_ids: Sequence[int],
        delay: float,
        error: str,
        timed_out: bool = False,
        counts: bool = True,
    ) -> int:
        """Keep the alerts pending and the chat quiet for `delay` s; return how many gave up.

        A flood-control wait does not count as an attempt (`counts=False`): it is never the
        alert's fault, and giving up on it would lose alerts.
        """
        with writing(self.engine) as conn:
            values: dict[str, object] = {"error": error[:500]}
            if counts:
                values["attempts"] = outbox.c.attempts + 1
            if timed_out:
                values["timeouts"] = outbox.c.timeouts + 1
            conn.execute(update(outbox).where(outbox.c.id.in_(list(alert_ids))).values(**values))
            failed = conn.execute(
                update(outbox)
                .where(outbox.c.id.in_(list(alert_ids)), outbox.c.attempts >= self.max_attempts)
                .values(status="failed")
            ).rowcount
            self._finish(conn, worker, chat_id, now() + dt.timedelta(seconds=delay))
        return int(failed)

    def fail(self, worker: str, chat_id: int, alert_ids: Sequence[int], error: str) -> None:
        """Telegram refused these alerts for good (a bad request): keep them, marked failed."""
        with writing(self.engine) as conn:
            conn.execute(
                update(outbox)
                .where(outbox.c.id.in_(list(alert_ids)))
                .values(status="failed", error=error[:500], attempts=outbox.c.attempts + 1)
            )
            self._finish(conn, worker, chat_id, None)

    def block(self, worker: str, chat_id: int, reason: str) -> int:
        """The bot was blocked or removed: the chat is inactive, its waiting alerts are dropped."""
        with writing(self.engine) as conn:
            conn.execute(
                update(subscribers)
                .where(subscribers.c.chat_id == chat_id)
                .values(active=False, inactive_reason=reason[:200], claimed_by=None, claimed_until=None)
            )
            result = conn.execute(
                update(outbox)
                .where(outbox.c.chat_id == chat_id, outbox.c.status == "pending")
                .values(status="blocked", error=reason[:500])
            )
        return int(result.rowcount)

    def migrate_chat(self, old: int, new: int) -> None:
        """A group became a supergroup: its subscriber, subscriptions and alerts follow."""
        with writing(self.engine) as conn:
            taken = conn.execute(select(subscribers.c.chat_id).where(subscribers.c.chat_id == new)).first()
            if taken is not None:
                # Both ids known (migration seen twice): keep the new chat, drop the old one.
                conn.execute(delete(subscribers).where(subscribers.c.chat_id == old))
                return
            conn.execute(
                update(subscribers)
                .where(subscribers.c.chat_id == old)
                .values(chat_id=new, claimed_by=None, claimed_until=None)
            )

    def next_wake(self, due_by: dt.datetime | None = None) -> dt.datetime | None:
        """The earliest time an alert waiting for an active chat could be sent; None if none waits.

        With `due_by`, only alerts due by then count (digests scheduled later are not waited for).
        """
        pending = outbox.c.status == "pending"
        if due_by is not None:
            pending = pending & (outbox.c.due_at <= due_by)
        first_due = (
            select(outbox.c.chat_id, func.min(outbox.c.due_at).label("due"))
            .where(pending)
            .group_by(outbox.c.chat_id)
            .subquery()
        )
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(first_due.c.due, subscribers.c.next_send_at, subscribers.c.claimed_until)
                .join(subscribers, subscribers.c.chat_id == first_due.c.chat_id)
                .where(subscribers.c.active.is_(True))
            ).all()
        times = [max(t for t in map(aware, row) if t is not None) for row in rows]
        return min(times, default=None)

    def counts(self) -> dict[str, int]:
        """Alerts by status."""
        with self.engine.connect() as conn:
            return dict(conn.execute(select(outbox.c.status, func.count()).group_by(outbox.c.status)).all())

    def vote(self, alert_id: int, chat_id: int, vote: int) -> bool:
        """A 👍 / 👎 on an alert; False when the alert is unknown (deleted)."""
        with writing(self.engine) as conn:
            result = conn.execute(
                update(outbox).where(outbox.c.id == alert_id, outbox.c.chat_id == chat_id).values(vote=vote)
            )
        return result.rowcount > 0


def _alert(row: Any) -> Alert:
    """An Alert from a row of the outbox joined with its subscription's mode."""
    return Alert(
        id=row.id,
        subscription_id=row.subscription_id,
        chat_id=row.chat_id,
        doc_id=row.doc_id,
        topic=row.topic,
        title=row.title,
        url=row.url,
        published=row.published,
        passage=Passage(row.passage, tuple((int(a), int(b)) for a, b in json.loads(row.highlights))),
        score=row.score,
        mode=row.mode,
        attempts=row.attempts,
    )
