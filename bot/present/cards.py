"""Telegram answer cards: HTML text within Telegram's limits, and button payloads. Pure.

Every piece of corpus or user text is escaped here, once, at the last step; links are built only
from http(s) URLs. Telegram counts the 4096-character limit after entity parsing, in UTF-16 code
units (an emoji outside the BMP counts 2).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain import Alert, Hit, Passage
from bot.present.answer import mark
from bot.present.labels import header_notes, nothing_in_filter, page_link
from bot.search.retrieval import SearchResult
from bot.texts import Lang, text

MAX_MESSAGE = 4096
MAX_QUESTION_SHOWN = 200
_SAFE_URL = re.compile(r"^https?://[^\s<>\"]+$")
_TAG = re.compile(r"<[^>]+>")


def utf16_len(value: str) -> int:
    """Length as Telegram counts it."""
    return len(value.encode("utf-16-le")) // 2


def esc(value: str) -> str:
    """Escape text for Telegram HTML (only &, <, > need it outside attributes)."""
    return html.escape(value, quote=False)


def link(label: str, url: str | None) -> str:
    """An <a href> for http(s) URLs only; anything else is shown as plain escaped text."""
    if url and _SAFE_URL.match(url):
        return f'<a href="{html.escape(url, quote=True)}">{esc(label)}</a>'
    return esc(label)


def shorten(value: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary with an ellipsis."""
    if len(value) <= limit:
        return value
    cut = value.rfind(" ", 0, limit - 1)
    return value[: cut if cut > limit // 2 else limit - 1].rstrip() + "…"


def visible_text(markup: str) -> str:
    """Our HTML as the reader sees it: tags removed, entities decoded (a view shown in the terminal)."""
    # Exact for markup built here: text never contains a raw "<" (it is escaped).
    return html.unescape(_TAG.sub("", markup))


def visible_length(markup: str) -> int:
    """What Telegram counts of our HTML, in UTF-16 units."""
    return utf16_len(visible_text(markup))


def highlighted(passage: Passage, limit: int) -> str:
    """The passage as HTML with <b> on matched words, at most `limit` characters."""
    body = shorten(passage.text, limit)
    kept = len(body) if len(body) == len(passage.text) else len(body) - 1
    spans = tuple(span for span in passage.highlights if span[1] <= kept)
    return mark(Passage(body, spans), "<b>", "</b>", esc)


@dataclass(frozen=True)
class Card:
    """A message ready to send: HTML text and how many posts it shows."""

    html: str
    shown: int


def stale_year(result: SearchResult, today: dt.date, years: int) -> int | None:
    """The year before which every shown post was published, when all are that old; else None."""
    cutoff = today.year - years
    dates = [hit.date for hit in result.hits]
    if years <= 0 or not dates or any(d is None or d.year >= cutoff for d in dates):
        return None
    return cutoff


def _meta(hit: Hit, lang: Lang) -> str:
    parts = [hit.date.strftime("%d/%m/%Y") if hit.date else esc(text("undated", lang))]
    if hit.author:
        parts.append(esc(shorten(hit.author, 100)))
    if not hit.url:
        parts.append(esc(text("no_link", lang)))
    if hit.cited_by:
        parts.append(link(text("cited_by", lang), hit.cited_by))
    return " · ".join(parts)


def _page_line(hit: Hit, passage: Passage, lang: Lang) -> str:
    if passage.page is None:
        return ""
    return "📄 " + link(text("page", lang, page=passage.page), page_link(hit.url, passage.page)) + "\n"


def render_hit(hit: Hit, number: int, lang: Lang, passage_limit: int = 700, extras: bool = True) -> str:
    """One post of a card: number, linked title, date and author, its highlighted passage(s),
    each with its page in a report ("📄 p. 12", linked to that page)."""
    meta = _meta(hit, lang)
    passages = hit.passages if extras else (hit.passage,)
    return (
        f"<b>{number}.</b> {link(shorten(hit.title, 300), hit.url)}\n"
        + (f"<i>{meta}</i>\n" if meta else "")
        + "\n".join(
            f"{_page_line(hit, p, lang)}<blockquote>{highlighted(p, passage_limit)}</blockquote>"
            for p in passages
        )
    )


def render_card(
    result: SearchResult,
    lang: Lang,
    first_number: int = 1,
    lead: Sequence[str] = (),
    stale_before: int | None = None,
) -> Card:
    """The HTML answer to a question: a header, then as many posts as fit in one message.

    `lead`: plain lines shown first (how a follow-up was understood, a note on the written answer).
    `stale_before`: every post is older than this year (`stale_year`): say so under the header.
    """
    question = shorten(result.question, MAX_QUESTION_SHOWN)
    first = "\n".join(esc(shorten(line, MAX_QUESTION_SHOWN * 2)) for line in lead)
    if not result.hits:
        none = nothing_in_filter(result.filter, result.in_filter, lang, result.published)
        # The filter alone emptied the answer: other words would not help, another period would.
        body = "" if none and result.in_filter == 0 else esc(text("no_result", lang, question=question))
        return Card("\n\n".join(filter(None, [first, body, esc(none)])), 0)
    key = "results_header" if result.confident else "uncertain"
    header = "🔎 " + esc(text(key, lang, count=len(result.hits), question=question))
    if notes := [esc(note) for note in header_notes(result, lang, clock="🕒 ")]:
        header += "\n<i>" + " · ".join(notes) + "</i>"
    if stale_before is not None:
        header += "\n⚠️ " + esc(text("stale", lang, year=stale_before))
    blocks = [f"{first}\n\n{header}" if first else header]
    for offset, hit in enumerate(result.hits):
        block = fitted_hit(blocks, hit, first_number + offset, lang)
        if block is None:
            break
        blocks.append(block)
    return Card("\n\n".join(blocks), len(blocks) - 1)


def fitted_hit(blocks: Sequence[str], hit: Hit, number: int, lang: Lang, suffix: str = "") -> str | None:
    """The hit's block (passages shortened as needed) if it still fits after `blocks`, else None.

    When even short passages do not fit, the post is tried with its first passage only.
    """
    for extras in (True, False) if hit.extra_passages else (False,):
        shown = hit.passages if extras else (hit.passage,)
        limit = max(len(p.text) for p in shown)
        while True:
            block = render_hit(hit, number, lang, limit, extras) + suffix
            overshoot = visible_length("\n\n".join([*blocks, block])) - MAX_MESSAGE
            if overshoot <= 0:
                return block
            if limit <= 100:
                break
            limit = max(limit - (overshoot + 8) // len(shown), 100)
    return None


def alert_hit(alert: Alert) -> Hit:
    """An alert shown like a search hit."""
    return Hit(alert.doc_id, alert.title, alert.url, alert.published, None, alert.passage, alert.score)


def render_alerts(alerts: Sequence[Alert], lang: Lang) -> tuple[str, tuple[Alert, ...]]:
    """One message announcing new posts: why each matched (topic, passage), within 4096.

    Returns the HTML and the alerts it holds: those that did not fit stay for the next message.
    """
    if not alerts:
        raise ValueError("no alert to render")
    digest = alerts[0].mode if alerts[0].mode in ("daily", "weekly") else None
    if len(alerts) == 1 and digest is None:
        header = "🔔 " + esc(text("alert_one", lang, topic=shorten(alerts[0].topic, MAX_QUESTION_SHOWN)))
    else:
        header = "🔔 " + esc(text(f"alert_{digest or 'many'}", lang, count=len(alerts)))
    blocks, shown = [header], []
    for number, alert in enumerate(alerts, start=1):
        why = (
            ""
            if len(alerts) == 1 and digest is None
            else "\n" + esc(text("alert_why", lang, topic=shorten(alert.topic, MAX_QUESTION_SHOWN)))
        )
        block = fitted_hit(blocks, alert_hit(alert), number, lang, why)
        if block is None:
            break
        blocks.append(block)
        shown.append(alert)
    return "\n\n".join(blocks), tuple(shown)
