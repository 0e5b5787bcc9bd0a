"""Durable state: questions asked (for buttons) and feedback. SQLite by default, PostgreSQL by URL.

Synchronous SQLAlchemy: callers in async code run these methods in a thread. The schema is
created on start; versioned migrations arrive with the subscriptions work.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    func,
    select,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError

from bot.errors import InnobotError

metadata = MetaData()

queries = Table(
    "queries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("chat_id", BigInteger, nullable=False, index=True),
    Column("user_id", BigInteger),
    Column("question", Text, nullable=False),
    Column("lang", String(8), nullable=False),
    Column("answered", SmallInteger, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("query_id", Integer, ForeignKey("queries.id", ondelete="CASCADE"), nullable=False),
    Column("chat_id", BigInteger, nullable=False, index=True),
    Column("user_id", BigInteger, nullable=False),
    Column("vote", SmallInteger, nullable=False),
    Column("doc_ids", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("query_id", "user_id", name="one_vote_per_user"),
)


class StoreError(InnobotError):
    """The state database cannot be reached or used."""


@dataclass(frozen=True)
class QueryRecord:
    """A question as stored for its buttons."""

    id: int
    chat_id: int
    user_id: int | None
    question: str
    lang: str


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Store:
    """Reads and writes innobot's state through one SQLAlchemy engine."""

    def __init__(self, url: str) -> None:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(url, pool_pre_ping=True)
        try:
            metadata.create_all(self.engine)
        except SQLAlchemyError as exc:
            raise StoreError(
                f"database {parsed.render_as_string(hide_password=True)} unreachable: {type(exc).__name__}"
            ) from exc

    def record_query(
        self, chat_id: int, user_id: int | None, question: str, lang: str, answered: bool
    ) -> int:
        """Store a question; return its id (used in button payloads)."""
        with self.engine.begin() as conn:
            result = conn.execute(
                queries.insert().values(
                    chat_id=chat_id,
                    user_id=user_id,
                    question=question,
                    lang=lang,
                    answered=int(answered),
                    created_at=_now(),
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
        return QueryRecord(row.id, row.chat_id, row.user_id, row.question, row.lang)

    def record_feedback(
        self, query_id: int, chat_id: int, user_id: int, vote: int, doc_ids: Sequence[str]
    ) -> None:
        """Store a 👍 (+1) or 👎 (-1); a second vote of the same user replaces the first."""
        values = {
            "query_id": query_id,
            "chat_id": chat_id,
            "user_id": user_id,
            "vote": vote,
            "doc_ids": json.dumps(list(doc_ids)),
            "created_at": _now(),
        }
        insert = pg_insert if self.engine.dialect.name == "postgresql" else sqlite_insert
        statement = insert(feedback).values(**values)
        statement = statement.on_conflict_do_update(
            index_elements=["query_id", "user_id"],
            set_={
                "vote": statement.excluded.vote,
                "doc_ids": statement.excluded.doc_ids,
                "created_at": statement.excluded.created_at,
            },
        )
        with self.engine.begin() as conn:
            conn.execute(statement)

    def feedback_for(self, query_id: int) -> list[tuple[int, int, list[str]]]:
        """(user id, vote, shown doc ids) of every vote on a question."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(feedback).where(feedback.c.query_id == query_id)).all()
        return [(r.user_id, r.vote, json.loads(r.doc_ids)) for r in rows]

    def count_queries(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(queries)).scalar_one())

    def close(self) -> None:
        self.engine.dispose()
