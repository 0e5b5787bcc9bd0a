"""The text of a PDF report's pages made readable: pure, no PDF library here.

What extraction gives is lines as printed: running headers and footers, page numbers, words cut
by a hyphen at a line end, ligature characters (ﬁ, ﬂ), paragraphs broken into lines. This module
removes the first three, joins the cut words, and rebuilds paragraphs; the page structure stays,
so a passage can say "p. 12".
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass

EDGE_LINES = 3  # lines at the top and bottom of a page that may be a running header or footer
_PAGE_NUMBER = re.compile(
    r"^[\s\-–—|]*(?:(?:page|p\.)\s*)?\d{1,4}(?:\s*(?:/|sur|of|de)\s*\d{1,4})?[\s\-–—|]*$", re.IGNORECASE
)
# PDFium marks a hyphen it knows was added at a line end as U+FFFE (or U+0002).
_HYPHEN_END = re.compile(r"(\w)[-\u00ad\x02\ufffe]$")
_SENTENCE_END = re.compile(r"[.!?:;»\"”)]$")


@dataclass(frozen=True)
class PagedText:
    """A report's text and where each page starts in it (page n starts at starts[n - 1])."""

    text: str
    starts: tuple[int, ...]


def _lines(page: str) -> list[str]:
    text = unicodedata.normalize("NFKC", page).replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub("[\ufffe\x02](?!\n)", "", text)  # a line-end hyphen mark not at a line end
    return [" ".join(line.split()) for line in text.split("\n")]


def _edge_key(line: str) -> str:
    """A header or footer line compared across pages: case, digits and spaces do not count."""
    return re.sub(r"\d+", "#", line.lower()).strip()


def _repeated(pages: list[list[str]]) -> set[str]:
    """Lines found at the top or bottom of at least half of the pages (three at least)."""
    counts: Counter[str] = Counter()
    for lines in pages:
        kept = [line for line in lines if line]
        counts.update({_edge_key(line) for line in kept[:EDGE_LINES] + kept[-EDGE_LINES:]})
    enough = max(3, (len([p for p in pages if any(p)]) + 1) // 2)
    return {key for key, count in counts.items() if count >= enough and key}


def _strip_edges(lines: list[str], repeated: set[str]) -> list[str]:
    """A page without its running header/footer lines and its page number."""
    kept = [line for line in lines if line]
    edges = set(range(min(EDGE_LINES, len(kept)))) | set(range(max(0, len(kept) - EDGE_LINES), len(kept)))
    return [
        line
        for i, line in enumerate(kept)
        if not (i in edges and (_edge_key(line) in repeated or _PAGE_NUMBER.match(line)))
    ]


def _paragraphs(lines: list[str]) -> str:
    """Printed lines joined into paragraphs; a word cut at a line end is made whole again.

    A line that ends a sentence and is clearly shorter than the page's usual line ends its
    paragraph (PDFs rarely keep blank lines between paragraphs).
    """
    if not lines:
        return ""
    usual = statistics.median(len(line) for line in lines)
    paragraphs: list[str] = []
    current = ""
    for line in lines:
        if current and _HYPHEN_END.search(current) and line[:1].islower():
            current = current[:-1] + line
        else:
            current = f"{current} {line}" if current else line
        if _SENTENCE_END.search(line) and len(line) < 0.8 * usual:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return "\n\n".join(paragraphs)


def clean_pages(pages: list[str]) -> list[str]:
    """Each page's readable text ("" for a page without text, e.g. a scanned one)."""
    split = [_lines(page) for page in pages]
    repeated = _repeated(split) if len(pages) >= 3 else set()
    return [_paragraphs(_strip_edges(lines, repeated)) for lines in split]


def join_pages(pages: list[str]) -> PagedText:
    """The pages as one text, and where each starts (empty pages keep their number)."""
    parts: list[str] = []
    starts: list[int] = []
    position = 0
    for page in pages:
        starts.append(position)
        if page:
            parts.append(page)
            position += len(page) + 2
    text = "\n\n".join(parts)
    return PagedText(text, tuple(min(s, len(text)) for s in starts))
