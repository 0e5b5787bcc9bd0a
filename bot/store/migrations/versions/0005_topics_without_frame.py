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

from alembic import op

from bot.store.migrations.rewriting import rewrite_topics
from bot.topics import stored_topic

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    rewrite_topics(op.get_bind(), stored_topic)


def downgrade() -> None:
    pass
