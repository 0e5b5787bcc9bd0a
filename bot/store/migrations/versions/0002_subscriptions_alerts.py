"""Subscribers, subscriptions, documents already announced, and the alert outbox.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def _chat() -> sa.ForeignKey:
    return sa.ForeignKey("subscribers.chat_id", ondelete="CASCADE", onupdate="CASCADE")


def upgrade() -> None:
    op.create_table(
        "subscribers",
        sa.Column("chat_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("digest_hour", sa.SmallInteger, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("inactive_reason", sa.Text),
        sa.Column("next_send_at", sa.DateTime(timezone=True)),
        sa.Column("claimed_by", sa.String(64)),
        sa.Column("claimed_until", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "chat_id",
            sa.BigInteger,
            _chat(),
            nullable=False,
            index=True,
        ),
        sa.Column("topic", sa.Text, nullable=False),
        sa.Column("exclusions", sa.Text, nullable=False),
        sa.Column("mode", sa.String(8), nullable=False),
        sa.Column("paused", sa.Boolean, nullable=False),
        sa.Column("vector", sa.LargeBinary),
        sa.Column("vector_model", sa.String(300)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("chat_id", "topic", name="one_topic_per_chat"),
    )
    op.create_table(
        "announced_documents",
        sa.Column("doc_id", sa.String(300), primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "subscription_id",
            sa.Integer,
            sa.ForeignKey("subscriptions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("chat_id", sa.BigInteger, _chat(), nullable=False),
        sa.Column("doc_id", sa.String(300), nullable=False),
        sa.Column("topic", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("published", sa.Date),
        sa.Column("passage", sa.Text, nullable=False),
        sa.Column("highlights", sa.Text, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.SmallInteger, nullable=False),
        sa.Column("timeouts", sa.SmallInteger, nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("message_id", sa.BigInteger),
        sa.Column("vote", sa.SmallInteger),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("subscription_id", "doc_id", name="one_alert_per_topic_and_document"),
    )
    op.create_index("outbox_due", "outbox", ["chat_id", "status", "due_at"])


def downgrade() -> None:
    op.drop_index("outbox_due", table_name="outbox")
    op.drop_table("outbox")
    op.drop_table("announced_documents")
    op.drop_table("subscriptions")
    op.drop_table("subscribers")
