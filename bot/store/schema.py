"""The tables of innobot's state. Changed only through a new migration in migrations/versions/."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

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
    Column("synthesis", Text),  # the written answer shown, when there was one
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
    Column("on_synthesis", Boolean, nullable=False, server_default=false()),
)

# Per-chat choices (/synthese on|off); NULL: the deployment's default.
chat_settings = Table(
    "chat_settings",
    metadata,
    Column("chat_id", BigInteger, primary_key=True, autoincrement=False),
    Column("synthesis", Boolean),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# Who may use a bot kept to some users: invitation codes (only their hash), who redeemed one,
# and who was refused (how often; the first refusal is the only one answered).
invitations = Table(
    "invitations",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("created_by", BigInteger, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_by", BigInteger),
    Column("used_at", DateTime(timezone=True)),
)

members = Table(
    "members",
    metadata,
    Column("user_id", BigInteger, primary_key=True, autoincrement=False),
    Column("invited_by", BigInteger),
    Column("added_at", DateTime(timezone=True), nullable=False),
)

refusals = Table(
    "refusals",
    metadata,
    Column("user_id", BigInteger, primary_key=True, autoincrement=False),
    Column("refused", Integer, nullable=False),
    Column("told", Boolean, nullable=False),  # the one polite refusal was sent
    Column("first_at", DateTime(timezone=True), nullable=False),
    Column("last_at", DateTime(timezone=True), nullable=False),
)

# A chat that follows topics. The claim columns make one dispatcher at a time own a chat, which
# is what paces it (≤ 1 message/s) even when several dispatchers share the database.
subscribers = Table(
    "subscribers",
    metadata,
    Column("chat_id", BigInteger, primary_key=True, autoincrement=False),
    Column("lang", String(8), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("digest_hour", SmallInteger, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("inactive_reason", Text),
    Column("next_send_at", DateTime(timezone=True)),
    Column("claimed_by", String(64)),
    Column("claimed_until", DateTime(timezone=True)),
)

subscriptions = Table(
    "subscriptions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "chat_id",
        BigInteger,
        ForeignKey("subscribers.chat_id", ondelete="CASCADE", onupdate="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("topic", Text, nullable=False),
    Column("exclusions", Text, nullable=False),  # JSON list of words
    Column("mode", String(8), nullable=False),  # instant | daily | weekly
    Column("paused", Boolean, nullable=False),
    Column("vector", LargeBinary),  # float32 embedding of the topic
    Column("vector_model", String(300)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("chat_id", "topic", name="one_topic_per_chat"),
)

# Documents already seen by the alert matcher: a rebuild never announces them again.
announced_documents = Table(
    "announced_documents",
    metadata,
    Column("doc_id", String(300), primary_key=True),
    Column("title", Text, nullable=False),
    Column("first_seen_at", DateTime(timezone=True), nullable=False),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "subscription_id",
        Integer,
        ForeignKey("subscriptions.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column(
        "chat_id",
        BigInteger,
        ForeignKey("subscribers.chat_id", ondelete="CASCADE", onupdate="CASCADE"),
        nullable=False,
    ),
    Column("doc_id", String(300), nullable=False),
    Column("topic", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("url", Text),
    Column("published", Date),
    Column("passage", Text, nullable=False),
    Column("highlights", Text, nullable=False),  # JSON [[start, end], …]
    Column("score", Float, nullable=False),
    Column("status", String(10), nullable=False),  # pending | sent | failed | blocked
    Column("due_at", DateTime(timezone=True), nullable=False),
    Column("attempts", SmallInteger, nullable=False),
    Column("timeouts", SmallInteger, nullable=False),
    Column("error", Text),
    Column("message_id", BigInteger),
    Column("vote", SmallInteger),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("sent_at", DateTime(timezone=True)),
    UniqueConstraint("subscription_id", "doc_id", name="one_alert_per_topic_and_document"),
    Index("outbox_due", "chat_id", "status", "due_at"),
)
