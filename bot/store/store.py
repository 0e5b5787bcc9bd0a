"""Durable state: questions, feedback, subscriptions and alerts. SQLite by default, PostgreSQL by URL.

Synchronous SQLAlchemy: callers in async code run these methods in a thread. The schema is
created and upgraded by Alembic migrations when the store opens.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, delete, func, or_, select

from bot.domain import Subscription
from bot.store.access import Access
from bot.store.common import now, upsert, writing
from bot.store.database import StoreError, current_revision, make_engine, migrate
from bot.store.outbox import Outbox
from bot.store.schema import chat_settings, feedback, outbox, queries, refusals, subscribers, subscriptions
from bot.store.stats import Stats
from bot.store.subscriptions import Subscriber, Subscriptions

__all__ = ["QueryRecord", "Store", "StoreError", "UserData"]


@dataclass(frozen=True)
class UserData:
    """What /mesdonnees shows."""

    subscriber: Subscriber | None
    subscriptions: tuple[Subscription, ...]
    questions: int
    recent_questions: tuple[str, ...]
    votes: int
    alerts: dict[str, int]
    # Access to a bot kept to some users, granted by an invitation: /oublier keeps it (an
    # administrator's decision, taken back with /retirer), and /mesdonnees says so.
    member_since: dt.datetime | None = None


@dataclass(frozen=True)
class QueryRecord:
    """A question as stored for its buttons."""

    id: int
    chat_id: int
    user_id: int | None
    question: str
    lang: str
    synthesis: str | None = None


class Store:
    """Reads and writes innobot's state through one SQLAlchemy engine."""

    def __init__(
        self, url: str, digest_hour: int = 8, zone: str = "Europe/Paris", max_attempts: int = 8
    ) -> None:
        self.engine = make_engine(url)
        migrate(self.engine)
        self.subscriptions = Subscriptions(self.engine, digest_hour, zone)
        self.access = Access(self.engine)
        self.outbox = Outbox(self.engine, zone, max_attempts)
        self.stats = Stats(self.engine, zone, self.outbox.counts)

    def schema_revision(self) -> str | None:
        return current_revision(self.engine)

    def record_query(
        self, chat_id: int, user_id: int | None, question: str, lang: str, answered: bool
    ) -> int:
        """Store a question; return its id (used in button payloads)."""
        with writing(self.engine) as conn:
            result = conn.execute(
                queries.insert().values(
                    chat_id=chat_id,
                    user_id=user_id,
                    question=question,
                    lang=lang,
                    answered=int(answered),
                    created_at=now(),
                )
            )
            key = result.inserted_primary_key
            assert key is not None
            return int(key[0])

    def get_query(self, query_id: int) -> QueryRecord | None:
        """The stored question, or None when it is unknown (deleted, other database)."""
        with self.engine.connect() as conn:
            row = conn.execute(select(queries).where(queries.c.id == query_id)).first()
        if row is None:
            return None
        return QueryRecord(row.id, row.chat_id, row.user_id, row.question, row.lang, row.synthesis)

    def record_synthesis(self, query_id: int, answer: str) -> None:
        """Keep the written answer shown with a question (its 👍/👎 then count as votes on it)."""
        with writing(self.engine) as conn:
            conn.execute(queries.update().where(queries.c.id == query_id).values(synthesis=answer))

    def syntheses_today(self, user_id: int) -> int:
        """Written answers a user received since midnight UTC (the daily cap)."""
        midnight = now().replace(hour=0, minute=0, second=0, microsecond=0)
        with self.engine.connect() as conn:
            count = conn.execute(
                select(func.count())
                .select_from(queries)
                .where(
                    queries.c.user_id == user_id,
                    queries.c.synthesis.is_not(None),
                    queries.c.created_at >= midnight,
                )
            ).scalar_one()
        return int(count)

    def synthesis_choice(self, chat_id: int) -> bool | None:
        """A chat's /synthese choice; None when it never chose."""
        with self.engine.connect() as conn:
            value = conn.execute(
                select(chat_settings.c.synthesis).where(chat_settings.c.chat_id == chat_id)
            ).scalar()
        return None if value is None else bool(value)

    def choose_synthesis(self, chat_id: int, on: bool) -> None:
        statement = upsert(self.engine)(chat_settings).values(chat_id=chat_id, synthesis=on, updated_at=now())
        statement = statement.on_conflict_do_update(
            index_elements=["chat_id"],
            set_={"synthesis": statement.excluded.synthesis, "updated_at": statement.excluded.updated_at},
        )
        with writing(self.engine) as conn:
            conn.execute(statement)

    def language_of(self, user_id: int) -> str | None:
        """The language a user last wrote in (latest question, else subscriptions), for messages sent
        on a timer; None when nothing of them is stored (never asked, or /oubli)."""
        with self.engine.connect() as conn:
            latest = select(queries.c.lang).where(queries.c.user_id == user_id)
            lang = conn.execute(latest.order_by(queries.c.id.desc()).limit(1)).scalar()
            if lang is None:
                subscriber = select(subscribers.c.lang).where(subscribers.c.chat_id == user_id)
                lang = conn.execute(subscriber).scalar()
        return None if lang is None else str(lang)

    def record_feedback(
        self,
        query_id: int,
        chat_id: int,
        user_id: int,
        vote: int,
        doc_ids: Sequence[str],
        on_synthesis: bool = False,
    ) -> None:
        """Store a 👍 (+1) or 👎 (-1) on the passages or the written answer; a second vote of the
        same user replaces the first."""
        values = {
            "on_synthesis": on_synthesis,
            "query_id": query_id,
            "chat_id": chat_id,
            "user_id": user_id,
            "vote": vote,
            "doc_ids": json.dumps(list(doc_ids)),
            "created_at": now(),
        }
        statement = upsert(self.engine)(feedback).values(**values)
        statement = statement.on_conflict_do_update(
            index_elements=["query_id", "user_id"],
            set_={
                "vote": statement.excluded.vote,
                "doc_ids": statement.excluded.doc_ids,
                "on_synthesis": statement.excluded.on_synthesis,
                "created_at": statement.excluded.created_at,
            },
        )
        with writing(self.engine) as conn:
            conn.execute(statement)

    def feedback_for(self, query_id: int) -> list[tuple[int, int, list[str]]]:
        """(user id, vote, shown doc ids) of every vote on a question."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(feedback).where(feedback.c.query_id == query_id)).all()
        return [(r.user_id, r.vote, json.loads(r.doc_ids)) for r in rows]

    def count_queries(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(queries)).scalar_one())

    def user_data(self, chat_id: int, user_id: int) -> UserData:
        """Everything stored about a chat and its user (for /mesdonnees)."""
        mine, votes = _belonging(chat_id, user_id)
        with self.engine.connect() as conn:
            asked = conn.execute(select(func.count()).select_from(queries).where(mine)).scalar_one()
            recent = (
                conn.execute(select(queries.c.question).where(mine).order_by(queries.c.id.desc()).limit(5))
                .scalars()
                .all()
            )
            voted = conn.execute(select(func.count()).select_from(feedback).where(votes)).scalar_one()
            alerts: dict[str, int] = dict(
                conn.execute(
                    select(outbox.c.status, func.count())
                    .where(outbox.c.chat_id == chat_id)
                    .group_by(outbox.c.status)
                ).all()
            )
        return UserData(
            subscriber=self.subscriptions.subscriber(chat_id),
            subscriptions=tuple(self.subscriptions.of_chat(chat_id)),
            questions=int(asked),
            recent_questions=tuple(recent),
            votes=int(voted),
            alerts=alerts,
            member_since=self.access.member_since(user_id),
        )

    def forget(self, chat_id: int, user_id: int) -> None:
        """Delete everything about a chat and its user, in one transaction (/oublier)."""
        theirs, votes = _belonging(chat_id, user_id)
        with writing(self.engine) as conn:
            conn.execute(delete(outbox).where(outbox.c.chat_id == chat_id))
            conn.execute(delete(subscriptions).where(subscriptions.c.chat_id == chat_id))
            conn.execute(delete(subscribers).where(subscribers.c.chat_id == chat_id))
            conn.execute(delete(chat_settings).where(chat_settings.c.chat_id == chat_id))
            conn.execute(delete(refusals).where(refusals.c.user_id == user_id))
            conn.execute(delete(feedback).where(votes))
            conn.execute(delete(feedback).where(feedback.c.query_id.in_(select(queries.c.id).where(theirs))))
            conn.execute(delete(queries).where(theirs))

    def purge(self, days: int) -> tuple[int, int]:
        """Delete questions (with their votes) and delivered or abandoned alerts older than `days`.

        Pending alerts are kept whatever their age. Returns (questions, alerts) deleted.
        """
        before = now() - dt.timedelta(days=days)
        old = select(queries.c.id).where(queries.c.created_at < before)
        with writing(self.engine) as conn:
            conn.execute(delete(feedback).where(feedback.c.query_id.in_(old)))
            asked = conn.execute(delete(queries).where(queries.c.created_at < before)).rowcount
            done = outbox.c.status.in_(("sent", "failed", "blocked"))
            alerts = conn.execute(delete(outbox).where(done, outbox.c.created_at < before)).rowcount
        return int(asked), int(alerts)

    def close(self) -> None:
        self.engine.dispose()


def _belonging(chat_id: int, user_id: int) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """Questions and votes of a chat or made by its user anywhere."""
    return (
        or_(queries.c.chat_id == chat_id, queries.c.user_id == user_id),
        or_(feedback.c.chat_id == chat_id, feedback.c.user_id == user_id),
    )
