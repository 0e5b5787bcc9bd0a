"""Subscribers and their topics."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.engine import Engine, Row

from bot.domain import Subscription
from bot.store.common import aware, now, upsert, writing
from bot.store.schedule import due_time
from bot.store.schema import outbox, subscribers, subscriptions


@dataclass(frozen=True)
class Subscriber:
    chat_id: int
    lang: str
    active: bool
    digest_hour: int
    created_at: dt.datetime
    inactive_reason: str | None


def _subscription(row: Row[tuple[object, ...]]) -> Subscription:
    created = aware(row.created_at)
    assert created is not None
    return Subscription(
        id=row.id,
        chat_id=row.chat_id,
        topic=row.topic,
        exclusions=tuple(json.loads(row.exclusions)),
        mode=row.mode,
        paused=bool(row.paused),
        created_at=created,
        vector=row.vector,
        vector_model=row.vector_model,
    )


class Subscriptions:
    """Who follows what."""

    def __init__(self, engine: Engine, digest_hour: int = 8, zone: str = "Europe/Paris") -> None:
        self.engine = engine
        self.digest_hour = digest_hour
        self.zone = zone

    def ensure_subscriber(self, chat_id: int, lang: str) -> None:
        """Create the subscriber, or refresh its language and make it active again."""
        insert = upsert(self.engine)(subscribers).values(
            chat_id=chat_id,
            lang=lang,
            active=True,
            digest_hour=self.digest_hour,
            created_at=now(),
        )
        statement = insert.on_conflict_do_update(
            index_elements=["chat_id"], set_={"lang": lang, "active": True, "inactive_reason": None}
        )
        with writing(self.engine) as conn:
            conn.execute(statement)

    def subscriber(self, chat_id: int) -> Subscriber | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(subscribers).where(subscribers.c.chat_id == chat_id)).first()
        if row is None:
            return None
        created = aware(row.created_at)
        assert created is not None
        return Subscriber(
            row.chat_id, row.lang, bool(row.active), row.digest_hour, created, row.inactive_reason
        )

    def add(
        self,
        chat_id: int,
        lang: str,
        topic: str,
        exclusions: tuple[str, ...],
        vector: bytes | None,
        vector_key: str | None,
        limit: int,
    ) -> tuple[str, Subscription | None]:
        """("added", s), ("exists", s) for a topic already followed, or ("full", None) at the limit."""
        self.ensure_subscriber(chat_id, lang)
        with writing(self.engine) as conn:
            same = conn.execute(
                select(subscriptions).where(
                    subscriptions.c.chat_id == chat_id, func.lower(subscriptions.c.topic) == topic.lower()
                )
            ).first()
            if same is not None:
                return "exists", _subscription(same)
            count = conn.execute(
                select(func.count()).select_from(subscriptions).where(subscriptions.c.chat_id == chat_id)
            ).scalar_one()
            if count >= limit:
                return "full", None
            result = conn.execute(
                subscriptions.insert().values(
                    chat_id=chat_id,
                    topic=topic,
                    exclusions=json.dumps(list(exclusions), ensure_ascii=False),
                    mode="instant",
                    paused=False,
                    vector=vector,
                    vector_model=vector_key,
                    created_at=now(),
                )
            )
            key = result.inserted_primary_key
            assert key is not None
            row = conn.execute(select(subscriptions).where(subscriptions.c.id == key[0])).one()
        return "added", _subscription(row)

    def of_chat(self, chat_id: int) -> list[Subscription]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(subscriptions).where(subscriptions.c.chat_id == chat_id).order_by(subscriptions.c.id)
            ).all()
        return [_subscription(r) for r in rows]

    def get(self, subscription_id: int) -> Subscription | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(subscriptions).where(subscriptions.c.id == subscription_id)).first()
        return _subscription(row) if row else None

    def active(self, created_before: dt.datetime | None = None) -> list[Subscription]:
        """Subscriptions to match: not paused, of active chats (and older than a date)."""
        query = (
            select(subscriptions)
            .join(subscribers, subscribers.c.chat_id == subscriptions.c.chat_id)
            .where(subscribers.c.active.is_(True), subscriptions.c.paused.is_(False))
            .order_by(subscriptions.c.id)
        )
        if created_before is not None:
            query = query.where(subscriptions.c.created_at < created_before)
        with self.engine.connect() as conn:
            return [_subscription(r) for r in conn.execute(query).all()]

    def set_vectors(self, vectors: list[tuple[int, bytes, str]]) -> None:
        """Store topic embeddings computed again, each with what it was computed from (its key)."""
        with writing(self.engine) as conn:
            for subscription_id, vector, key in vectors:
                conn.execute(
                    update(subscriptions)
                    .where(subscriptions.c.id == subscription_id)
                    .values(vector=vector, vector_model=key)
                )

    def set_paused(self, subscription_id: int, chat_id: int, paused: bool) -> bool:
        with writing(self.engine) as conn:
            result = conn.execute(
                update(subscriptions)
                .where(subscriptions.c.id == subscription_id, subscriptions.c.chat_id == chat_id)
                .values(paused=paused)
            )
        return result.rowcount > 0

    def set_mode(self, subscription_id: int, chat_id: int, mode: str) -> bool:
        """Change instant/daily/weekly; alerts still waiting move to the new schedule."""
        with writing(self.engine) as conn:
            hour = conn.execute(
                select(subscribers.c.digest_hour).where(subscribers.c.chat_id == chat_id)
            ).scalar()
            result = conn.execute(
                update(subscriptions)
                .where(subscriptions.c.id == subscription_id, subscriptions.c.chat_id == chat_id)
                .values(mode=mode)
            )
            if result.rowcount == 0:
                return False
            conn.execute(
                update(outbox)
                .where(outbox.c.subscription_id == subscription_id, outbox.c.status == "pending")
                .values(
                    due_at=due_time(mode, now(), hour if hour is not None else self.digest_hour, self.zone)
                )
            )
        return True

    def digest_hour_of(self, chat_id: int) -> int:
        """The local hour of the chat's digests (the default until it chooses one)."""
        found = self.subscriber(chat_id)
        return found.digest_hour if found else self.digest_hour

    def set_digest_hour(self, chat_id: int, hour: int) -> bool:
        """Choose the chat's digest hour; digests already waiting move to the new hour."""
        if not 0 <= hour <= 23:
            raise ValueError(f"hour out of range: {hour}")
        with writing(self.engine) as conn:
            result = conn.execute(
                update(subscribers).where(subscribers.c.chat_id == chat_id).values(digest_hour=hour)
            )
            if result.rowcount == 0:
                return False
            stamp = now()
            for mode in ("daily", "weekly"):
                ids = select(subscriptions.c.id).where(
                    subscriptions.c.chat_id == chat_id, subscriptions.c.mode == mode
                )
                conn.execute(
                    update(outbox)
                    .where(outbox.c.subscription_id.in_(ids), outbox.c.status == "pending")
                    .values(due_at=due_time(mode, stamp, hour, self.zone))
                )
        return True

    def delete(self, subscription_id: int, chat_id: int) -> bool:
        """Remove one subscription and the alerts it still had to send."""
        with writing(self.engine) as conn:
            conn.execute(
                delete(outbox).where(
                    outbox.c.subscription_id == subscription_id,
                    outbox.c.chat_id == chat_id,
                    outbox.c.status == "pending",
                )
            )
            result = conn.execute(
                delete(subscriptions).where(
                    subscriptions.c.id == subscription_id, subscriptions.c.chat_id == chat_id
                )
            )
        return result.rowcount > 0

    def delete_all(self, chat_id: int) -> int:
        """Remove every subscription of a chat (the chat stays known, with its history)."""
        with writing(self.engine) as conn:
            conn.execute(delete(outbox).where(outbox.c.chat_id == chat_id, outbox.c.status == "pending"))
            result = conn.execute(delete(subscriptions).where(subscriptions.c.chat_id == chat_id))
        return int(result.rowcount)
