"""Split documents into sentences and pack them into overlapping chunks: pure functions.

Chunks are spans of the document text (`text == doc.text[start:end]`), so a passage shown to a
user can always be traced back and widened to whole sentences.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import takewhile

from bot.domain import Chunk, Document

# Words that end with a period without ending a sentence ("M. Dupont", "cf. ci-dessus").
ABBREVIATIONS = frozenset(
    """m mm mme mmes mlle mlles dr pr me mgr st ste cf ex env vol art chap fig p pp av apr bd n no
    nos tel min max approx coll dir ed eds éd trad ibid op cit vs jr sr hab adj cie ets mr mrs ms
    prof inc ltd sq""".split()
)
_CLOSERS = "»”\"')]’"
_BOUNDARY = re.compile(r"(?:\.{3}|…|[.!?])+[" + re.escape(_CLOSERS) + r"\s\u00a0]*")
_PARAGRAPH_BREAK = re.compile(r"\n\s*")
_OPENERS = re.compile(r"[A-ZÀ-ÖØ-Þ0-9«“\"(\[•–—\-]")


@dataclass(frozen=True)
class Span:
    """A piece of text given by its offsets in the document."""

    start: int
    end: int


def uncovered(span: Span, shown: Sequence[Span]) -> Span:
    """The part of `span` before, after or between the spans already shown (empty if none)."""
    start, end = span.start, span.end
    for other in shown:
        if other.start <= start < other.end:
            start = other.end
        if other.start < end <= other.end:
            end = other.start
        if start < other.start and other.end < end:
            end = other.start  # a passage inside this part: keep what comes before it
    return Span(start, end) if start < end else Span(span.start, span.start)


def _strip_span(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the period at `dot` closes an abbreviation or an initial."""
    # Walk back over the word (a regex anchored at the end backtracks from every position).
    begin = dot
    while begin > 0 and dot - begin < 40 and (text[begin - 1].isalnum() or text[begin - 1] in ".°-_"):
        begin -= 1
    token = text[begin:dot].lower().rstrip(".")
    if not token:
        return False
    last = token.split(".")[-1].split("-")[-1]
    # Initials ("J.", "J.-C.") and known abbreviations; "n°" is not an end either.
    return (len(last) == 1 and last.isalpha()) or last in ABBREVIATIONS or token.endswith("°")


def _quote_depth(text: str) -> int:
    depth = 0
    for char in text:
        if char in "«“":
            depth += 1
        elif char in "»”" and depth:
            depth -= 1
    return depth


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentences of text[start:end], aware of abbreviations, ellipses and « guillemets »."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    sentence_start = start
    for match in _BOUNDARY.finditer(text, start, end):
        cut = match.end()
        following = text[cut : cut + 1]
        if cut >= end or not following:
            continue
        punct = match.group().rstrip(_CLOSERS + " \u00a0\n\t")
        if not _OPENERS.match(following):
            continue  # "… enfin à Cergy", "etc. et": the sentence goes on in lower case
        if punct.endswith(".") and not punct.endswith("...") and _is_abbreviation(text, match.start()):
            continue
        # Inside an open « quotation » a full stop does not end the surrounding sentence,
        # unless the quotation runs so long that the marks are probably unbalanced.
        if cut - sentence_start < 400 and _quote_depth(text[sentence_start : match.start()]) > 0:
            continue
        if span := _strip_span(text, sentence_start, cut):
            spans.append(span)
        sentence_start = cut
    if span := _strip_span(text, sentence_start, end):
        spans.append(span)
    return spans


def paragraphs(text: str, start: int = 0) -> Iterator[Span]:
    """Blocks of text separated by blank lines (or single newlines, as in blog exports), from the
    one that holds `start` on."""
    position = text.rfind("\n", 0, start) + 1
    for match in _PARAGRAPH_BREAK.finditer(text, position):
        if span := _strip_span(text, position, match.start()):
            yield span
        position = match.end()
    if span := _strip_span(text, position, len(text)):
        yield span


def _split_long(text: str, span: Span, size: int) -> Iterator[Span]:
    """Cut a sentence longer than `size` at spaces (or hard, for unbroken strings)."""
    start = span.start
    while span.end - start > size:
        cut = text.rfind(" ", start + size // 2, start + size)
        cut = cut if cut > start else start + size
        if piece := _strip_span(text, start, cut):
            yield piece
        start = cut
    if piece := _strip_span(text, start, span.end):
        yield piece


def sentence_spans(text: str, max_length: int, within: Span | None = None) -> list[Span]:
    """Every sentence of a text, paragraph by paragraph, none longer than max_length; `within`:
    those of the paragraphs that overlap that part only (the same spans: a paragraph's sentences
    do not depend on the others)."""
    within = within or Span(0, len(text))
    return [
        piece
        for paragraph in takewhile(lambda p: p.start < within.end, paragraphs(text, within.start))
        for sentence in split_sentences(text, paragraph.start, paragraph.end)
        for piece in _split_long(text, sentence, max_length)
    ]


def _pack(units: list[Span], size: int, overlap: int) -> Iterator[tuple[int, int]]:
    """Group consecutive units into runs of at most `size` characters, repeating a tail."""
    first = 0
    while first < len(units):
        last = first
        while last + 1 < len(units) and units[last + 1].end - units[first].start <= size:
            last += 1
        yield first, last
        if last + 1 >= len(units):
            return
        # Start the next run on the last units of this one that fit in `overlap`, but always
        # move forward and always leave room for at least one new unit.
        nxt = last + 1
        while (
            nxt - 1 > first
            and units[last].end - units[nxt - 1].start <= overlap
            and units[last + 1].end - units[nxt - 1].start <= size
        ):
            nxt -= 1
        first = nxt


def chunk_id(doc_id: str, text: str, seen: dict[str, int]) -> str:
    """`doc_id:hash`, stable as long as the chunk's text is; repeats get a suffix."""
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
    key = f"{doc_id}:{digest}"
    seen[key] = seen.get(key, 0) + 1
    return key if seen[key] == 1 else f"{key}-{seen[key]}"


def chunk_document(document: Document, size: int = 600, overlap: int = 150) -> list[Chunk]:
    """Split a document into chunks of at most `size` characters, `overlap` repeated.

    A report's chunks never cross a page: each passage has one page to cite.
    """
    text = document.text
    units = sentence_spans(text, size)
    if document.page_starts:
        ends = [*document.page_starts[1:], len(text)]
        groups = [
            [u for u in units if start <= u.start < end]
            for start, end in zip(document.page_starts, ends, strict=True)
            if end > start
        ]
    else:
        groups = [units]
    seen: dict[str, int] = {}
    chunks: list[Chunk] = []
    for group in groups:
        for first, last in _pack(group, size, overlap):
            start, end = group[first].start, group[last].end
            piece = text[start:end]
            chunks.append(
                Chunk(chunk_id(document.id, piece, seen), document.id, len(chunks), start, end, piece)
            )
    return chunks
