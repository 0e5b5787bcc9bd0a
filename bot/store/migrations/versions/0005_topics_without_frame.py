"""Topics stored with the words that framed them ("je veux suivre …") keep the topic alone.

Subscriptions made before topic_core existed hold their frame's words, which a post then had to
hold too and which pulled the topic's embedding towards "subscribing" (docs/measurements.md, "How a topic
is written"). Each such topic is rewritten as /abonner now stores it, its embedding dropped so that
the matcher computes it again. A chat that also follows the topic alone keeps that subscription:
the framed one's alerts, pending or sent, move to it (but for a post it has already) and it goes.
Data only: downgrading leaves the rewritten topics as they are.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.topics import stored_topic

revision = "0005"
down_revision = "0004"

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


def upgrade() -> None:
    connection = op.get_bind()
    s, o = _subscriptions, _outbox
    rows = connection.execute(sa.select(s.c.id, s.c.chat_id, s.c.topic).order_by(s.c.id)).all()
    followed = {(chat, topic.lower()): sub_id for sub_id, chat, topic in rows}
    for sub_id, chat, topic in rows:
        core = stored_topic(topic)
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
        # The chat follows the topic alone already: its pending alerts go there, then this one goes.
        already = sa.select(o.c.doc_id).where(o.c.subscription_id == kept).scalar_subquery()
        connection.execute(
            o.update()
            .where(o.c.subscription_id == sub_id, o.c.doc_id.not_in(already))
            .values(subscription_id=kept)
        )
        connection.execute(o.delete().where(o.c.subscription_id == sub_id))
        connection.execute(s.delete().where(s.c.id == sub_id))
        followed.pop((chat, topic.lower()), None)


def downgrade() -> None:
    pass
