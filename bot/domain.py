"""Records passed between the stages of innobot; no I/O here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


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
