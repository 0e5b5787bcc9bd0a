"""Records passed between the stages of innobot; no I/O here."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from bot.texts import Lang, text


@dataclass(frozen=True)
class Document:
    """One post of the corpus, cleaned."""

    id: str
    title: str
    text: str
    url: str | None = None
    date: dt.date | None = None
    author: str | None = None
    tags: tuple[str, ...] = ()
    source: str | None = None  # the short name of the source it came from (sources file)
    page_starts: tuple[int, ...] = ()  # a report (PDF): where page n starts in text, [n - 1]
    cited_by: str | None = None  # a report linked from a post: that post's link
    # Brought by a walk through a site's archive (`backfill: true` in its front matter): published
    # long before it entered, it is the site's history, not news (see bot.alerts.matching).
    backfilled: bool = False

    def page_at(self, offset: int) -> int | None:
        """The page (from 1) holding text[offset] in a report; None for a post."""
        return bisect.bisect_right(self.page_starts, offset) or None if self.page_starts else None


@dataclass(frozen=True)
class Chunk:
    """A piece of a document's text; `text == document.text[start:end]`."""

    id: str
    doc_id: str
    ordinal: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Passage:
    """The text shown for a hit, with the spans of the query's words in it."""

    text: str
    highlights: tuple[tuple[int, int], ...] = ()
    page: int | None = None  # in a report (PDF), the page the passage starts on


@dataclass(frozen=True)
class Hit:
    """One post that answers a question, with the passage to show."""

    doc_id: str
    title: str
    url: str | None
    date: dt.date | None
    author: str | None
    passage: Passage
    score: float
    extra_passages: tuple[Passage, ...] = field(default=())
    cited_by: str | None = None  # a report: the post that links it

    @property
    def passages(self) -> tuple[Passage, ...]:
        """Every passage shown for the post, best first."""
        return (self.passage, *self.extra_passages)


@dataclass(frozen=True)
class Subscription:
    """A topic a chat follows; new documents about it are announced."""

    id: int
    chat_id: int
    topic: str
    exclusions: tuple[str, ...]
    mode: str  # instant | daily | weekly
    paused: bool
    created_at: dt.datetime
    vector: bytes | None = None
    # What the vector was computed from (Retriever.query_key: the model and the text it read);
    # rows stored before the key hold the model's name: their vectors are computed again.
    vector_model: str | None = None


@dataclass(frozen=True)
class NewAlert:
    """A match of a new document to a subscription, to be put in the outbox."""

    subscription_id: int
    chat_id: int
    doc_id: str
    topic: str
    title: str
    url: str | None
    published: dt.date | None
    passage: Passage
    score: float


@dataclass(frozen=True)
class Alert:
    """An outbox row on its way to a chat."""

    id: int
    subscription_id: int
    chat_id: int
    doc_id: str
    topic: str
    title: str
    url: str | None
    published: dt.date | None
    passage: Passage
    score: float
    mode: str = "instant"
    attempts: int = 0


class Unreadable(NamedTuple):
    """A post file left out of a build, and why: `reason` in English (one line), and when the
    reason is the catalogue's, its key (post_error_*) and parameters, to read it in any language.
    A tuple, so that an index version's manifest lists it as [file, reason, key, params]."""

    file: str
    reason: str
    key: str | None = None
    params: tuple[tuple[str, str], ...] = ()

    def why(self, lang: Lang) -> str:
        """The reason in the reader's language when it is the catalogue's, else as recorded."""
        return self.reason if self.key is None else text(f"post_error_{self.key}", lang, **dict(self.params))

    def line(self, lang: Lang) -> str:
        """ "date.md — why", in the reader's language."""
        return text("post_error", lang, file=self.file, reason=self.why(lang))
