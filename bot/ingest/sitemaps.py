"""Sitemaps (sitemaps.org XML) → page URLs and nested sitemaps. Pure; XML read with defusedxml."""

from __future__ import annotations

import gzip
from dataclasses import dataclass

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeXML

from bot.errors import FeedError
from bot.ingest.feeds import web_link

# Where sites put their sitemap when robots.txt does not say: WordPress core, Yoast/Rank Math, others.
GUESSES = ("/wp-sitemap.xml", "/sitemap_index.xml", "/sitemap.xml")
MAX_SITEMAPS = 200
MAX_URLS = 50_000


@dataclass(frozen=True)
class Sitemap:
    """What one sitemap file lists: pages (with their lastmod, if any) and other sitemaps."""

    pages: tuple[tuple[str, str | None], ...]
    sitemaps: tuple[str, ...]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def parse_sitemap(body: bytes) -> Sitemap:
    """A `<urlset>` or a `<sitemapindex>` (gzipped or not); anything else is refused."""
    if body[:2] == b"\x1f\x8b":
        try:
            body = gzip.decompress(body)
        except (OSError, EOFError) as exc:
            raise FeedError("not_a_sitemap") from exc
    try:
        root = SafeXML.fromstring(body)
    except DefusedXmlException as exc:
        raise FeedError("entities") from exc
    except SafeXML.ParseError as exc:
        raise FeedError("not_a_sitemap") from exc
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise FeedError("not_a_sitemap")
    entries = []
    for item in root:
        fields = {_local(child.tag): (child.text or "").strip() for child in item}
        if (loc := web_link(fields.get("loc"))) is not None:
            entries.append((loc, fields.get("lastmod") or None))
    if kind == "sitemapindex":
        return Sitemap((), tuple(loc for loc, _ in entries))
    return Sitemap(tuple(entries), ())


def site_root(url: str) -> str:
    """scheme://host of a URL."""
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"
