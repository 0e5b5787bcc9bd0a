"""A site's whole history into the corpus: WordPress REST API, else paged feed, else sitemap.

`probe` says what a URL offers; `backfill` walks the best route it finds, saving its progress
after every page (in the corpus' `.feeds.json`), so an interrupted back-fill resumes where it
stopped and a finished one later costs a request or two: REST with `modified_after`, a paged
feed read until a page brings nothing new, a sitemap whose known pages are not fetched again.
Every request goes through the polite WebClient with robots.txt obeyed.
"""

from __future__ import annotations

import datetime as dt
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.errors import FeedError
from bot.ingest.feeds import FeedPost, Skipped, normalise_url, parse_feed
from bot.ingest.pages import page_post
from bot.ingest.sitemaps import GUESSES, MAX_SITEMAPS, MAX_URLS, parse_sitemap, site_root
from bot.ingest.web import Response, WebClient
from bot.ingest.wordpress import (
    RestPage,
    api_root_from_headers,
    api_root_from_html,
    is_past_the_end,
    parse_posts_page,
    posts_endpoint,
    posts_url,
    wordpress_com_posts,
)

Store = Callable[[list[FeedPost]], tuple[list[str], list[str], int]]
Step = Callable[[int], None]
StartProgress = Callable[[int], Step]  # total posts (0: unknown) → advance by n
Save = Callable[[dict[str, Any]], None]
METHODS = ("rest", "paged_feed", "sitemap")


@dataclass(frozen=True)
class Probe:
    """What a URL offers for a back-fill, best route first."""

    url: str
    method: str | None  # "rest", "paged_feed", "sitemap", or None: nothing usable
    endpoint: str | None = None  # the REST posts endpoint
    total: int | None = None  # posts (REST) or pages (sitemap), when the site says
    feed_url: str | None = None
    feed_items: int = 0
    wordpress_feed: bool = False
    sitemaps: tuple[str, ...] = ()
    robots_forbids: bool = False


@dataclass
class Backfill:
    """What a back-fill brought: stems added and updated, posts unchanged, what was left out."""

    method: str | None = None
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    failed: list[tuple[str, FeedError]] = field(default_factory=list)  # pages that could not be read

    def stored(self, result: tuple[list[str], list[str], int]) -> int:
        added, updated, unchanged = result
        self.added += added
        self.updated += updated
        self.unchanged += unchanged
        return len(added) + len(updated) + unchanged


def _home(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path or "/", "", ""))


def _feed_url(url: str) -> str:
    """The feed of a site: the URL itself when it names one, else WordPress's /feed/."""
    path = urllib.parse.urlsplit(url).path.lower()
    if path.endswith((".xml", ".rss", ".atom", "/feed", "/feed/", "/rss", "/atom")):
        return url
    return urllib.parse.urljoin(_home(url).rstrip("/") + "/", "feed/")


def find_posts_endpoint(client: WebClient, url: str) -> str | None:
    """The WordPress REST posts endpoint of a site: announced by its home page, or under /wp-json/."""
    if (hosted := wordpress_com_posts(url)) is not None:
        return hosted
    home = site_root(url) + "/"
    try:
        answer = client.get(home, crawl=True)
        found = api_root_from_headers(answer.headers.get("link"))
        if found is None and answer.status < 400 and "html" in answer.headers.get("content-type", ""):
            found = api_root_from_html(answer.text())
        if found is not None:
            return posts_endpoint(found)
        guess = client.get(home + "wp-json/", crawl=True)
    except FeedError:
        return None
    if guess.status == 200 and b'"namespaces"' in guess.body[:4000]:
        return posts_endpoint(home + "wp-json/")
    return None


def _first_posts_page(client: WebClient, endpoint: str) -> Response | None:
    try:
        answer = client.get(posts_url(endpoint, 1), crawl=True)
    except FeedError:
        return None
    return answer if answer.status == 200 and answer.body.lstrip()[:1] == b"[" else None


def _feed_page(client: WebClient, feed_url: str, page: int) -> Response:
    if page == 1:
        return client.get(feed_url, crawl=True)
    joiner = "&" if "?" in feed_url else "?"
    return client.get(f"{feed_url}{joiner}paged={page}", crawl=True)


def _is_wordpress_feed(body: bytes) -> bool:
    head = body[:4000].lower()
    return b"wordpress.org" in head or b"wordpress.com" in head


def collect_sitemap_urls(
    client: WebClient, url: str, failed: list[tuple[str, FeedError]] | None = None
) -> tuple[list[str], list[str]]:
    """Page URLs of a site's sitemaps (robots.txt `Sitemap:` lines, else the usual places).

    Returns the page URLs, newest lastmod first when dated, and the sitemap files read.
    """
    root = site_root(url)
    queue = client.sitemaps_of(url) or [root + guess for guess in GUESSES]
    guessing = not client.sitemaps_of(url)
    seen: list[str] = []
    pages: dict[str, str | None] = {}
    while queue and len(seen) < MAX_SITEMAPS and len(pages) < MAX_URLS:
        where = queue.pop(0)
        if where in seen:
            continue
        seen.append(where)
        try:
            sitemap = parse_sitemap(client.fetch(where, crawl=True).body)
        except FeedError as exc:
            if not guessing and failed is not None:
                failed.append((where, exc))
            continue
        if guessing:
            queue, guessing = [], False  # the first guess that answers is the site's sitemap
        queue += [s for s in sitemap.sitemaps if s not in seen]
        for loc, lastmod in sitemap.pages:
            pages.setdefault(loc, lastmod)
    ordered = sorted(pages, key=lambda u: pages[u] or "", reverse=True)
    return ordered[:MAX_URLS], seen


def probe(client: WebClient, url: str) -> Probe:
    """What a URL offers: a REST API (with its post count), a feed (paged?), a sitemap, or nothing."""
    if not client.allowed(_home(url)):
        return Probe(url, None, robots_forbids=True)
    endpoint = find_posts_endpoint(client, url)
    if endpoint is not None and (first := _first_posts_page(client, endpoint)) is not None:
        total = first.headers.get("x-wp-total")
        return Probe(url, "rest", endpoint=endpoint, total=int(total) if total and total.isdigit() else None)
    feed_url = _feed_url(url)
    items, wordpress, paged = 0, False, False
    try:
        answer = client.get(feed_url, crawl=True)
        if answer.status == 200:
            items = len(parse_feed(answer.body, 10**9).posts)
            wordpress = _is_wordpress_feed(answer.body)
            if wordpress and items:
                second = _feed_page(client, feed_url, 2)
                paged = second.status == 200 and bool(parse_feed(second.body, 10**9).posts)
    except FeedError:
        pass
    if paged:
        return Probe(url, "paged_feed", feed_url=feed_url, feed_items=items, wordpress_feed=True)
    pages, sitemaps = collect_sitemap_urls(client, url)
    if pages:
        return Probe(
            url,
            "sitemap",
            total=len(pages),
            feed_url=feed_url if items else None,
            feed_items=items,
            wordpress_feed=wordpress,
            sitemaps=tuple(sitemaps),
        )
    if items:
        return Probe(url, "feed", feed_url=feed_url, feed_items=items, wordpress_feed=wordpress)
    return Probe(url, None)


@dataclass
class Walk:
    """What a back-fill route needs besides the client: where posts go, progress, the saved state."""

    store: Store
    state: dict[str, Any]
    save: Save
    start_progress: StartProgress
    max_chars: int
    known_urls: set[str]
    result: Backfill = field(default_factory=Backfill)
    _step: Step | None = None

    def progress(self, total: int) -> None:
        if self._step is None:
            self._step = self.start_progress(total)

    def advance(self, n: int) -> None:
        if self._step is None:
            self.progress(0)
        assert self._step is not None
        if n:
            self._step(n)

    def checkpoint(self, **changes: Any) -> None:
        """Remember how far the walk went (after the posts it brought are written)."""
        self.state.update(changes)
        self.save(self.state)


def _rest_page(client: WebClient, walk: Walk, url: str) -> tuple[Response, RestPage] | None:
    """One page of posts, asked once more if it arrives cut; None past the last page."""
    for attempt in (1, 2):
        answer = client.get(url, crawl=True)
        if is_past_the_end(answer.status, answer.body):
            return None
        if answer.status >= 400:
            raise FeedError("http", status=answer.status)
        try:
            return answer, parse_posts_page(answer.body, walk.max_chars)
        except FeedError:
            if attempt == 2:
                raise
    return None


def _keep(walk: Walk, parsed: RestPage, newest: str | None) -> str | None:
    """Store a page's posts; the newest modification time seen so far."""
    walk.advance(walk.result.stored(walk.store(list(parsed.posts))))
    walk.result.skipped += parsed.skipped
    if parsed.newest_modified and (newest is None or parsed.newest_modified > newest):
        return parsed.newest_modified
    return newest


def _rest_walk(client: WebClient, walk: Walk, endpoint: str) -> None:
    """Pages of /wp/v2/posts, oldest posts first; once complete, only what changed since."""
    state = walk.state
    complete = bool(state.get("complete"))
    newest: str | None = state.get("modified_after")
    failed_before: list[int] = list(state.get("failed_pages") or [])
    still_failed: list[int] = []
    # Pages that could not be read last time come first, whole: their posts were never stored.
    for page in failed_before:
        try:
            got = _rest_page(client, walk, posts_url(endpoint, page))
        except FeedError as exc:
            walk.result.failed.append((posts_url(endpoint, page), exc))
            still_failed.append(page)
            continue
        if got is not None:
            newest = _keep(walk, got[1], newest)
    since = state.get("modified_after") if complete else None
    page = 1 if complete else int(state.get("next_page") or 1)
    while True:
        url = posts_url(endpoint, page, since)
        try:
            got = _rest_page(client, walk, url)
        except FeedError as exc:
            walk.result.failed.append((url, exc))
            if complete or exc.reason in ("robots", "busy", "unreachable", "no_answer", "too_slow"):
                # Stop here: the next run resumes at this page (or asks again what changed since).
                walk.checkpoint(failed_pages=still_failed)
                return
            still_failed.append(page)
            page += 1
            continue
        if got is None:
            break
        answer, parsed = got
        total = answer.headers.get("x-wp-total")
        walk.progress(int(total) if total and total.isdigit() else 0)
        newest = _keep(walk, parsed, newest)
        pages = answer.headers.get("x-wp-totalpages")
        last = not parsed.posts or (pages is not None and pages.isdigit() and page >= int(pages))
        if not complete:
            walk.checkpoint(next_page=page + 1, modified_after=newest, failed_pages=still_failed)
        if last:
            break
        page += 1
    walk.checkpoint(complete=True, next_page=None, modified_after=newest, failed_pages=still_failed)


def _feed_walk(client: WebClient, walk: Walk, feed_url: str, expand: Callable[[FeedPost], FeedPost]) -> None:
    state = walk.state
    complete = bool(state.get("complete"))
    page = 1 if complete else int(state.get("next_page") or 1)
    walk.progress(0)
    while True:
        try:
            answer = _feed_page(client, feed_url, page)
            if answer.status == 404:
                break
            if answer.status >= 400:
                raise FeedError("http", status=answer.status)
            parsed = parse_feed(answer.body, walk.max_chars)
        except FeedError as exc:
            walk.result.failed.append((f"{feed_url} (page {page})", exc))
            walk.checkpoint()
            return
        if not parsed.posts:
            break
        before = len(walk.result.added) + len(walk.result.updated)
        walk.advance(walk.result.stored(walk.store([expand(p) for p in parsed.posts])))
        walk.result.skipped += parsed.skipped
        if not complete:
            walk.checkpoint(next_page=page + 1)
        elif len(walk.result.added) + len(walk.result.updated) == before:
            return  # caught up: this page holds nothing new, the older ones neither
        page += 1
    walk.checkpoint(complete=True, next_page=None)


def _sitemap_walk(client: WebClient, walk: Walk, url: str) -> None:
    pages, _ = collect_sitemap_urls(client, url, walk.result.failed)
    fresh = [u for u in pages if normalise_url(u) not in walk.known_urls]
    walk.progress(len(fresh))
    for page_url in fresh:
        try:
            answer = client.fetch(page_url, crawl=True)
        except FeedError as exc:
            walk.result.failed.append((page_url, exc))
            walk.advance(1)
            continue
        post = page_post(answer.body, page_url, walk.max_chars)
        if isinstance(post, Skipped):
            walk.result.skipped.append(post)
            walk.advance(1)
            continue
        walk.result.stored(walk.store([post]))
        walk.known_urls.add(normalise_url(page_url))
        walk.advance(1)
    walk.checkpoint(complete=True)


def backfill(
    client: WebClient,
    url: str,
    walk: Walk,
    expand: Callable[[FeedPost], FeedPost],
) -> Backfill:
    """Walk a site's archive by the best route; the route found is remembered for the next run."""
    state = walk.state
    method, endpoint = state.get("method"), state.get("endpoint")
    if method == "rest" and endpoint:
        found = Probe(url, "rest", endpoint=endpoint)
    elif method == "paged_feed" and state.get("feed_url"):
        found = Probe(url, "paged_feed", feed_url=state["feed_url"])
    elif method == "sitemap":
        found = Probe(url, "sitemap")
    else:
        found = probe(client, url)
        if found.robots_forbids:
            raise FeedError("robots")
        if found.method not in METHODS:
            raise FeedError("nothing_to_archive")
        state.clear()
        state.update(method=found.method, endpoint=found.endpoint, feed_url=found.feed_url)
    walk.result.method = found.method
    if found.method == "rest" and found.endpoint:
        _rest_walk(client, walk, found.endpoint)
    elif found.method == "paged_feed" and found.feed_url:
        _feed_walk(client, walk, found.feed_url, expand)
    else:
        _sitemap_walk(client, walk, url)
    walk.checkpoint(last_run=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    return walk.result
