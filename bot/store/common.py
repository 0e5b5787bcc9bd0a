"""Helpers shared by the store's modules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite gives back naive datetimes; everything innobot stores is UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.UTC)


def upsert(engine: Engine) -> Any:
    """The dialect's INSERT with ON CONFLICT support."""
    return pg_insert if engine.dialect.name == "postgresql" else sqlite_insert


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction. On SQLite the write lock is taken at BEGIN (BEGIN IMMEDIATE): a
    transaction that reads before it writes then waits for another writer instead of failing
    with "database is locked" when its snapshot turns stale."""
    with engine.connect().execution_options(immediate=True) as conn, conn.begin():
        yield conn
