"""Usage figures for admins (/stats) and the editors' weekly list of content gaps.

No user id leaves this module: figures are counts, gaps are question texts with how often
they were asked.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, func, select

from bot.store.common import aware, now
from bot.store.schema import feedback, queries, subscribers, subscriptions


@dataclass(frozen=True)
class UsageStats:
    """The last `days` days of use, and the state of subscriptions and alerts."""

    per_day: tuple[tuple[dt.date, int], ...]
    questions: int
    unanswered: int
    up: int
    down: int
    subscribers: int
    subscriptions: int
    alerts: dict[str, int]


@dataclass(frozen=True)
class Gap:
    """A question the corpus did not answer well, with how many times it was asked or voted down."""

    question: str
    count: int


@dataclass(frozen=True)
class ContentGaps:
    unanswered: tuple[Gap, ...]
    disliked: tuple[Gap, ...]


def _gaps(questions: list[str], limit: int) -> tuple[Gap, ...]:
    """Questions grouped by their words (case and spacing ignored), most frequent first."""
    spelled: dict[str, str] = {}
    counts: Counter[str] = Counter()
    for question in questions:
        key = " ".join(question.lower().split())
        spelled.setdefault(key, " ".join(question.split()))
        counts[key] += 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return tuple(Gap(spelled[key], n) for key, n in ranked)


def _local_day(moment: dt.datetime, zone: ZoneInfo) -> dt.date:
    return (aware(moment) or moment).astimezone(zone).date()


class Stats:
    """Read-only figures over the store's tables."""

    def __init__(self, engine: Engine, zone: str, alert_counts: Callable[[], dict[str, int]]) -> None:
        self.engine = engine
        self.zone = ZoneInfo(zone)
        self.alert_counts = alert_counts

    def usage(self, days: int = 7) -> UsageStats:
        since = now() - dt.timedelta(days=days)
        with self.engine.connect() as conn:
            asked = conn.execute(
                select(queries.c.created_at, queries.c.answered).where(queries.c.created_at >= since)
            ).all()
            recent_votes = select(feedback.c.vote, func.count()).where(feedback.c.created_at >= since)
            votes: dict[int, int] = dict(conn.execute(recent_votes.group_by(feedback.c.vote)).all())
            active = conn.execute(
                select(func.count()).select_from(subscribers).where(subscribers.c.active.is_(True))
            ).scalar_one()
            topics = conn.execute(select(func.count()).select_from(subscriptions)).scalar_one()
        today = now().astimezone(self.zone).date()
        per_day = Counter(_local_day(created, self.zone) for created, _ in asked)
        window = [today - dt.timedelta(days=n) for n in range(days - 1, -1, -1)]
        return UsageStats(
            per_day=tuple((day, per_day.get(day, 0)) for day in window),
            questions=len(asked),
            unanswered=sum(1 for _, answered in asked if not answered),
            up=int(votes.get(1, 0)),
            down=int(votes.get(-1, 0)),
            subscribers=int(active),
            subscriptions=int(topics),
            alerts=self.alert_counts(),
        )

    def content_gaps(self, days: int = 7, limit: int = 10) -> ContentGaps:
        """Questions left without an answer, and questions whose answer got a 👎, over `days` days."""
        since = now() - dt.timedelta(days=days)
        with self.engine.connect() as conn:
            unanswered = conn.execute(
                select(queries.c.question).where(queries.c.created_at >= since, queries.c.answered == 0)
            ).scalars()
            disliked = conn.execute(
                select(queries.c.question)
                .join(feedback, feedback.c.query_id == queries.c.id)
                .where(feedback.c.created_at >= since, feedback.c.vote < 0)
            ).scalars()
            return ContentGaps(_gaps(list(unanswered), limit), _gaps(list(disliked), limit))
