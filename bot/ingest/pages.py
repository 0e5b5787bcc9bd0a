"""A web page → the post it holds (main text, title, date, author, tags), with trafilatura. Pure.

trafilatura finds the article among the site's furniture (menus, sidebars, share buttons,
comments, footers) on any theme, and reads the date (htmldate) and author from the page; it
replaced a hand-written list of article selectors after `benchmarks/bench_extraction.py` measured
both on WordPress, Hugo/Osuny and Drupal page shapes (README, "Getting a whole archive").
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import lxml.html
import trafilatura
from lxml.etree import ParserError

from bot.ingest.corpus import as_text
from bot.ingest.feeds import (
    FURNITURE_MARKS,
    FeedPost,
    Skipped,
    entry_key,
    post_slug,
    report_links,
    web_link,
)

# The furniture the feed cleaner knows, pruned before extraction: on a short post, trafilatura
# would otherwise keep a share box as text.
_PRUNE = [f"//*[contains(@class, '{mark}') or contains(@id, '{mark}')]" for mark in FURNITURE_MARKS]
# Main text only: no comments, no links or images; tables kept as text; recall favoured (lists).
_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "include_links": False,
    "favor_recall": True,
    "prune_xpath": _PRUNE,
}
# A WordPress shortlink (`?p=123`) is the guid the REST API and the feed give the same post.
_SHORTLINK = re.compile(r"[?&]p=\d+$")


def _head_link(tree: lxml.html.HtmlElement, rel: str) -> str | None:
    for href in tree.xpath(f'//link[@rel="{rel}"]/@href'):
        if (found := web_link(str(href).strip())) is not None:
            return found
    return None


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def page_text(html: bytes | str) -> str:
    """The main text of a page: paragraphs as lines, furniture and comments left out."""
    text = trafilatura.extract(html, **_OPTIONS)
    return text or ""


def page_post(html: bytes, url: str, max_chars: int) -> FeedPost | Skipped:
    """The post a page holds, known by its canonical link (and shortlink, on WordPress)."""
    try:
        tree = lxml.html.document_fromstring(html)
    except (ParserError, ValueError):
        return Skipped(url, "no_text")
    link = _head_link(tree, "canonical") or web_link(url)
    shortlink = _head_link(tree, "shortlink")
    guid = shortlink if shortlink and _SHORTLINK.search(shortlink) else None
    found = trafilatura.bare_extraction(tree, url=link, with_metadata=True, **_OPTIONS)
    text = (getattr(found, "text", None) or "").strip()
    title = as_text(getattr(found, "title", None)) or ""
    key = entry_key(guid, link)
    if key is None:
        return Skipped(title or url, "no_key")
    if len(text) > max_chars:
        return Skipped(title or url, "too_long")
    if not title or not text:
        return Skipped(title or url, "no_text")
    tags = tuple(dict.fromkeys(t for t in (getattr(found, "tags", None) or []) if as_text(t)))
    # The PDF reports the article itself links (not the menus' or the footer's).
    linked = trafilatura.extract(html, url=link, output_format="html", **{**_OPTIONS, "include_links": True})
    return FeedPost(
        key=key,
        url=link,
        guid=guid,
        title=title,
        date=_date(getattr(found, "date", None)),
        author=as_text(getattr(found, "author", None)),
        tags=tags,
        text=text,
        slug=post_slug(link, title),
        reports=report_links(linked or "", link),
    )
