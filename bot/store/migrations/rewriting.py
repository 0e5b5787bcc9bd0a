"""A data migration's rewriting of stored topics (0005: without their frame, 0006: without a
period), as /abonner now stores them."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

_subscriptions = sa.table(
    "subscriptions",
    sa.column("id", sa.Integer),
    sa.column("chat_id", sa.BigInteger),
    sa.column("topic", sa.Text),
    sa.column("vector", sa.LargeBinary),
    sa.column("vector_model", sa.String),
)
_outbox = sa.table(
    "outbox",
    sa.column("id", sa.Integer),
    sa.column("subscription_id", sa.Integer),
    sa.column("doc_id", sa.String),
)


def rewrite_topics(connection: sa.Connection, rewritten: Callable[[str], str]) -> None:
    """Each subscription's topic as `rewritten` reads it (unchanged or empty: left as it is), its
    embedding dropped so that the matcher computes it again. A chat that also follows the
    rewritten topic keeps that subscription: the other's alerts, pending or sent, move to it (but
    for a post it has already) and the other goes."""
    s, o = _subscriptions, _outbox
    rows = connection.execute(sa.select(s.c.id, s.c.chat_id, s.c.topic).order_by(s.c.id)).all()
    followed = {(chat, topic.lower()): sub_id for sub_id, chat, topic in rows}
    for sub_id, chat, topic in rows:
        core = rewritten(topic)
        if not core or core == topic:
            continue
        kept = followed.get((chat, core.lower()))
        if kept is None or kept == sub_id:
            connection.execute(
                s.update().where(s.c.id == sub_id).values(topic=core, vector=None, vector_model=None)
            )
            followed.pop((chat, topic.lower()), None)
            followed[(chat, core.lower())] = sub_id
            continue
        # The chat follows the rewritten topic already: the alerts go there, then this one goes.
        already = sa.select(o.c.doc_id).where(o.c.subscription_id == kept).scalar_subquery()
        connection.execute(
            o.update()
            .where(o.c.subscription_id == sub_id, o.c.doc_id.not_in(already))
            .values(subscription_id=kept)
        )
        connection.execute(o.delete().where(o.c.subscription_id == sub_id))
        connection.execute(s.delete().where(s.c.id == sub_id))
        followed.pop((chat, topic.lower()), None)
