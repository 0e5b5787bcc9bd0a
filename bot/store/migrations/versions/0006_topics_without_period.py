"""Topics stored with a period ("les labs l'année dernière") keep the topic alone.

Before /abonner left out the period a topic names (bot.alerts.subscribing.undated, read the same
way here: the store is below alerts), it was stored with the topic and read again on each new
post's day: "l'année dernière", "en 2016", "avant 2017" kept every new post out. Each such topic
is rewritten as /abonner now stores it (its period read as of the day of the upgrade), as 0005 did
(bot.store.migrations.rewriting). A topic that is only a period stays as it is. Data only:
downgrading leaves the rewritten topics as they are.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import datetime as dt

from alembic import op

from bot.analysis import analyze, has_words
from bot.search.filters import parse_question
from bot.store.migrations.rewriting import rewrite_topics
from bot.topics import stored_topic

revision = "0006"
down_revision = "0005"


def _undated(topic: str) -> str:
    parsed = parse_question(topic, dt.date.today())
    kept = stored_topic(parsed.without({"dates"})) if parsed.naming({"dates"}) else topic
    return kept if has_words(kept) and analyze(kept) else topic


def upgrade() -> None:
    rewrite_topics(op.get_bind(), _undated)


def downgrade() -> None:
    pass
