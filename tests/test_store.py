"""The state store on SQLite and on the real PostgreSQL server."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

from bot.store import Store, StoreError

PG_URL = os.environ.get("INNOBOT_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path) -> Iterator[Store]:
    if request.param == "sqlite":
        yield Store(f"sqlite:///{tmp_path / 'sub' / 'state.sqlite3'}")
        return
    # One schema per test on the shared server, dropped afterwards.
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in PG_URL else "?"
    store = Store(f"{PG_URL}{separator}options=-csearch_path%3D{schema}")
    try:
        yield store
    finally:
        store.close()
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def test_queries_round_trip(store: Store):
    qid = store.record_query(42, 7, "quels départements ont un labo ?", "fr", True)
    record = store.get_query(qid)
    assert record is not None and record.question == "quels départements ont un labo ?"
    assert (record.chat_id, record.user_id, record.lang) == (42, 7, "fr")
    assert store.get_query(qid + 1000) is None
    assert store.count_queries() == 1


def test_a_second_vote_replaces_the_first(store: Store):
    qid = store.record_query(42, 7, "q", "fr", True)
    store.record_feedback(qid, 42, 7, 1, ["a", "b"])
    store.record_feedback(qid, 42, 7, -1, ["a", "b"])
    store.record_feedback(qid, 42, 8, 1, ["a"])
    assert sorted(store.feedback_for(qid)) == [(7, -1, ["a", "b"]), (8, 1, ["a"])]


def test_unreachable_database_is_one_clear_error():
    with pytest.raises(StoreError, match="unreachable"):
        Store("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1")
