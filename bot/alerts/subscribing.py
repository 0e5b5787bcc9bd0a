"""Pure rules of subscriptions: a topic and its exclusions as typed, the modes (bot.topics reads
the topic itself)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.analysis import analyze, has_words
from bot.search.filters import ParsedQuestion
from bot.topics import stored_topic

MODES = ("instant", "daily", "weekly")
MAX_EXCLUSIONS = 10
_EXCLUSION = re.compile(r"(?:^|\s)[-−–](\w[\w'’-]*)")


@dataclass(frozen=True)
class TopicRequest:
    """What to follow (the user's words without their framing, topic_core) and words to exclude."""

    topic: str
    exclusions: tuple[str, ...]


def parse_topic(raw: str | None) -> TopicRequest | None:
    """Read "/abonner participation citoyenne -budget": None when no searchable word is left.

    The words framing the topic are left out ("je veux suivre …", topic_core).

    Exclusions are plain words (a leading minus sign); nothing the user types is a pattern.
    """
    if not raw:
        return None
    kept = "".join(c if unicodedata.category(c)[0] != "C" else " " for c in raw)
    exclusions = tuple(dict.fromkeys(w.lower() for w in _EXCLUSION.findall(kept)))[:MAX_EXCLUSIONS]
    topic = stored_topic(" ".join(_EXCLUSION.sub(" ", kept).split()))
    if not has_words(topic) or not analyze(topic):
        return None
    return TopicRequest(topic, exclusions)


def undated(request: TopicRequest, parsed: ParsedQuestion) -> tuple[TopicRequest | None, tuple[str, ...]]:
    """The topic without the period it names ("les labs en 2019", a question's 🔔 "les labs
    depuis 2019") and that period's words, as read (`parsed`: the topic as a search reads it).
    An alert is about the posts to come: a period kept them out ("en 2019") or narrowed nothing
    ("depuis 2019"), and one read on the day of each new post ("l'année dernière") kept out this
    year's. None when only a period was named ("depuis 2020")."""
    periods = parsed.naming({"dates"})
    if not periods:
        return request, ()
    topic = stored_topic(parsed.without({"dates"}))
    if not has_words(topic) or not analyze(topic):
        return None, periods
    return TopicRequest(topic, request.exclusions), periods


def excluded_terms(exclusions: tuple[str, ...]) -> frozenset[str]:
    """The analysed terms of exclusion words (same stemming and folding as the documents)."""
    return frozenset(term for word in exclusions for term in analyze(word))


def next_mode(mode: str) -> str:
    """instant → daily → weekly → instant (the button cycles)."""
    return MODES[(MODES.index(mode) + 1) % len(MODES)] if mode in MODES else MODES[0]
