"""WordPress REST API answers → posts in the corpus format: pure functions, no network.

The REST API gives a site's whole history, 100 posts a request, with the post body as the
site renders it (`content.rendered`): no page scraping and no boilerplate to remove.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import urllib.parse
from dataclasses import dataclass
from typing import Any

from bot.errors import FeedError
from bot.ingest.feeds import (
    FeedPost,
    Skipped,
    entry_key,
    html_to_markdown,
    media_note,
    post_slug,
    report_links,
    web_link,
)
from bot.ingest.sitemaps import site_root

PER_PAGE = 100  # the API's maximum
# Only what a post file needs: the body, its identity and dates, author and tag names (embedded).
FIELDS = "id,date,date_gmt,modified_gmt,guid,link,slug,title,content,excerpt,status,_links,_embedded"
EMBED = "author,wp:term"
API_LINK = re.compile(r'<([^>]+)>\s*;\s*rel="?https://api\.w\.org/"?')
_HTML_API_LINK = re.compile(r"""<link[^>]+rel=["']https://api\.w\.org/["'][^>]*>""", re.IGNORECASE)
_HREF = re.compile(r"""href=["']([^"']+)["']""", re.IGNORECASE)
WPCOM_POSTS = "https://public-api.wordpress.com/wp/v2/sites/{site}/posts"


@dataclass(frozen=True)
class RestPage:
    """One page of /wp/v2/posts: its posts, those left out, and the newest modification seen."""

    posts: tuple[FeedPost, ...]
    skipped: tuple[Skipped, ...]
    newest_modified: str | None  # modified_gmt, the server's clock: the next `modified_after`


def api_root_from_headers(link_header: str | None) -> str | None:
    """The REST root a WordPress site announces in its `Link: <…>; rel="https://api.w.org/"` header."""
    if not link_header:
        return None
    found = API_LINK.search(link_header)
    return found.group(1) if found and web_link(found.group(1)) else None


def api_root_from_html(page: str) -> str | None:
    """The REST root announced by `<link rel="https://api.w.org/" href="…">` in a page's head."""
    tag = _HTML_API_LINK.search(page)
    href = _HREF.search(tag.group(0)) if tag else None
    return html.unescape(href.group(1)) if href and web_link(html.unescape(href.group(1))) else None


def wordpress_com_posts(url: str) -> str | None:
    """The posts endpoint of a site hosted on wordpress.com (its own /wp-json/ is not served)."""
    host = (urllib.parse.urlsplit(url).hostname or "").lower()
    return WPCOM_POSTS.format(site=host) if host.endswith(".wordpress.com") else None


def posts_endpoint(api_root: str) -> str:
    """/wp/v2/posts under a REST root (`…/wp-json/`, or `…/?rest_route=/` without pretty links)."""
    return api_root.rstrip("/") + "/wp/v2/posts"


def posts_url(endpoint: str, page: int, modified_after: str | None = None) -> str:
    """One page of published posts, oldest first, so that pages stay put as new posts appear."""
    params = {
        "per_page": str(PER_PAGE),
        "page": str(page),
        "orderby": "id",
        "order": "asc",
        "_embed": EMBED,
        "_fields": FIELDS,
    }
    if modified_after:
        params["modified_after"] = modified_after
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urllib.parse.urlencode(params)}"


def is_past_the_end(status: int, body: bytes) -> bool:
    """HTTP 400 rest_post_invalid_page_number: the page asked for is after the last one."""
    if status != 400:
        return False
    try:
        return bool(json.loads(body).get("code") == "rest_post_invalid_page_number")
    except (ValueError, AttributeError):
        return False


def _text(value: Any) -> str:
    """A rendered field (`{"rendered": "…"}` or a string) as plain one-line text."""
    raw = value.get("rendered", "") if isinstance(value, dict) else value
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", str(raw or ""))).split())


def _date(value: Any) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(str(value)).date() if value else None
    except ValueError:
        return None


def _embedded_author(post: dict[str, Any]) -> str | None:
    authors = (post.get("_embedded") or {}).get("author") or []
    names = [_text(a.get("name")) for a in authors if isinstance(a, dict) and a.get("name")]
    return ", ".join(n for n in names if n) or None


def _embedded_tags(post: dict[str, Any]) -> tuple[str, ...]:
    groups = (post.get("_embedded") or {}).get("wp:term") or []
    names = [
        _text(term.get("name"))
        for group in groups
        if isinstance(group, list)
        for term in group
        if isinstance(term, dict) and term.get("taxonomy") == "post_tag"
    ]
    return tuple(dict.fromkeys(n for n in names if n))


def rest_post(post: Any, max_chars: int) -> FeedPost | Skipped:
    """One /wp/v2/posts object as a corpus post (or why it is left out)."""
    if not isinstance(post, dict):
        return Skipped("?", "no_key")
    title = _text(post.get("title"))
    url = web_link(post.get("link"))
    # The WordPress id, as the shortlink every route shows (feed guid, page <link rel=shortlink>);
    # guid.rendered can be any old permalink.
    number = post.get("id")
    guid = (
        f"{site_root(url)}/?p={number}"
        if url and isinstance(number, int)
        else _text(post.get("guid")) or None
    )
    key = entry_key(guid, url)
    shown = title or url or str(post.get("id") or "?")
    if key is None:
        return Skipped(shown, "no_key")
    content = post.get("content")
    content = content if isinstance(content, dict) else {}
    if content.get("protected"):
        return Skipped(shown, "protected")
    body = str(content.get("rendered") or "")
    text = html_to_markdown(body) or media_note(body, title)
    if len(text) > max_chars:
        return Skipped(shown, "too_long")
    if not title or not text.strip():
        return Skipped(shown, "no_text")
    return FeedPost(
        key=key,
        url=url,
        guid=guid,
        title=title,
        date=_date(post.get("date")),
        author=_embedded_author(post),
        tags=_embedded_tags(post),
        text=text,
        slug=post_slug(url, title),
        reports=report_links(body, url),
    )


def parse_posts_page(body: bytes, max_chars: int) -> RestPage:
    """A page of /wp/v2/posts; a body that is not a JSON list (cut, or an HTML error page) is refused."""
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise FeedError("bad_json") from exc
    if not isinstance(data, list):
        raise FeedError("bad_json")
    posts: list[FeedPost] = []
    skipped: list[Skipped] = []
    for item in data:
        if isinstance(item, dict) and item.get("status") not in (None, "publish"):
            continue
        post = rest_post(item, max_chars)
        if isinstance(post, Skipped):
            skipped.append(post)
        else:
            posts.append(post)
    modified = [str(p["modified_gmt"]) for p in data if isinstance(p, dict) and p.get("modified_gmt")]
    return RestPage(tuple(posts), tuple(skipped), max(modified, default=None))
