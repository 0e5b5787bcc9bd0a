"""Render search results for people (terminal) and programs (JSON): pure functions."""

from __future__ import annotations

import dataclasses
import textwrap
from collections.abc import Callable
from typing import Any

from bot.domain import Hit, Passage
from bot.present.labels import filter_label, header_notes, nothing_in_filter, page_link
from bot.search.retrieval import SearchResult
from bot.texts import Lang, text

BOLD, RESET = "\033[1m", "\033[0m"


def result_json(result: SearchResult, took_ms: float) -> dict[str, Any]:
    """The `innobot ask --json` record of one question: one result per shown passage, card order."""
    return {
        "question": result.question,
        "took_ms": round(took_ms, 1),
        "confident": result.confident,
        "filter": _filter_json(result),
        "sorted": "oldest" if result.oldest else "recent" if result.recent else "relevance",
        "listed": result.listed,
        "mentioning": None if result.mentioning is None else dataclasses.asdict(result.mentioning),
        "results": [
            {
                "doc_id": hit.doc_id,
                "title": hit.title,
                "url": hit.url,
                "date": hit.date.isoformat() if hit.date else None,
                "author": hit.author,
                "passage": passage.text,
                "page": passage.page,
                "cited_by": hit.cited_by,
                "page_url": page_link(hit.url, passage.page) if passage.page else None,
                "score": hit.score,
            }
            for hit, passage in result.shown()
        ],
    }


def _filter_json(result: SearchResult) -> dict[str, Any] | None:
    wanted = result.filter
    if wanted.empty:
        return None
    return {
        "since": wanted.since.isoformat() if wanted.since else None,
        "until": wanted.until.isoformat() if wanted.until else None,
        "sources": list(wanted.sources),
        "tags": list(wanted.tags),
        "label": filter_label(wanted, "fr"),
    }


def mark(passage: Passage, before: str, after: str, escape: Callable[[str], str] = str) -> str:
    """The passage with each highlighted span wrapped in `before`/`after`, text `escape`d."""
    out, position = [], 0
    for start, end in passage.highlights:
        out += [escape(passage.text[position:start]), before, escape(passage.text[start:end]), after]
        position = end
    out.append(escape(passage.text[position:]))
    return "".join(out)


def _meta_line(hit: Hit, lang: Lang) -> str:
    parts = []
    if hit.date:
        parts.append(text("published", lang, date=hit.date.strftime("%d/%m/%Y")))
    if hit.author:
        parts.append(text("by", lang, author=hit.author))
    return " · ".join(parts)


def render_terminal(
    result: SearchResult,
    lang: Lang = "fr",
    color: bool = True,
    width: int | None = None,
    first_number: int = 1,
) -> str:
    """A readable answer for the terminal chat and `innobot ask`, wrapped to `width` if given;
    posts numbered from `first_number` (the next ones of an answer)."""
    if not result.hits:
        none = nothing_in_filter(result.filter, result.in_filter, lang, result.published)
        if none and result.in_filter == 0:  # the filter alone emptied the answer
            return none
        return text("no_result", lang, question=result.question) + ("\n" + none if none else "")
    header = "results_header" if result.confident else "uncertain"
    lines = [text(header, lang, count=len(result.hits), question=result.question)]
    if notes := header_notes(result, lang):
        lines.append(" · ".join(notes))
    lines.append("")
    for number, hit in enumerate(result.hits, start=first_number):
        title = f"{BOLD}{hit.title}{RESET}" if color else hit.title
        lines.append(f"{number}. {title}")
        if meta := _meta_line(hit, lang):
            lines.append(f"   {meta}")
        lines.append(f"   {hit.url}" if hit.url else f"   {text('no_link', lang)}")
        for number_in_post, passage in enumerate(hit.passages):
            if number_in_post:
                lines.append("   │ […]")
            if passage.page is not None:
                lines.append("   │ " + text("page", lang, page=passage.page))
            shown = mark(passage, BOLD, RESET) if color else passage.text
            for line in shown.split("\n"):
                # Wrapping counts the invisible bold codes a little; close enough for a terminal.
                wrapped = textwrap.wrap(line, width - 5) if width and width > 30 else [line]
                lines.extend("   │ " + part for part in wrapped or [""])
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
