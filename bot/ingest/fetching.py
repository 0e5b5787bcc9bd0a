"""Fetch feeds (HTTP or file) and write their posts into the corpus, idempotently.

A post is known by its GUID (else its link), normalised: fetching the same feed twice writes
nothing; a post whose content changed is rewritten in place, under the same file name.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import partial
from importlib.metadata import version
from pathlib import Path

import frontmatter
import httpx
import yaml

from bot.analysis import has_words
from bot.errors import FeedError
from bot.ingest.corpus import SUFFIXES, render_post, write_text_atomic
from bot.ingest.feeds import (
    FeedPost,
    Skipped,
    entry_key,
    html_to_markdown,
    main_content,
    normalise_url,
    parse_feed,
)
from bot.settings import Settings


@dataclass(frozen=True)
class SourceReport:
    """What one feed brought."""

    source: str
    title: str = ""
    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: int = 0
    skipped: tuple[Skipped, ...] = ()
    error: FeedError | None = None
    not_modified: bool = False  # HTTP 304: nothing read, nothing written


@dataclass(frozen=True)
class FetchReport:
    """What a fetch of several feeds brought."""

    sources: tuple[SourceReport, ...]
    seconds: float

    @property
    def added(self) -> int:
        return sum(len(s.added) for s in self.sources)

    @property
    def updated(self) -> int:
        return sum(len(s.updated) for s in self.sources)

    @property
    def failed(self) -> int:
        return sum(1 for s in self.sources if s.error)


def feed_sources(feeds_file: Path) -> list[str]:
    """The feeds listed in the feeds file: one URL or path per line, # starts a comment."""
    if not feeds_file.is_file():
        return []
    lines = (line.split("#", 1)[0].strip() for line in feeds_file.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


@dataclass(frozen=True)
class Downloaded:
    """A response body, or None when the server says it has not changed (HTTP 304)."""

    body: bytes | None
    validators: dict[str, str]  # ETag and Last-Modified, sent back next time


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:g}"


def download(
    url: str, timeout: float, max_bytes: int, validators: dict[str, str] | None = None
) -> Downloaded:
    """The body of a URL, refused when it is too big or too slow to arrive.

    With the validators of the previous download, an unchanged feed costs the server a 304.
    """
    deadline = time.monotonic() + timeout
    headers = {"User-Agent": f"innobot/{version('innobot')} (feed reader)"}
    if validators and validators.get("etag"):
        headers["If-None-Match"] = validators["etag"]
    if validators and validators.get("last_modified"):
        headers["If-Modified-Since"] = validators["last_modified"]
    try:
        with (
            httpx.Client(timeout=timeout, follow_redirects=True, max_redirects=5, headers=headers) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code == 304:
                return Downloaded(None, dict(validators or {}))
            if response.status_code >= 400:
                raise FeedError("http", status=response.status_code)
            if int(response.headers.get("content-length") or 0) > max_bytes:
                raise FeedError("too_big", size=_megabytes(max_bytes))
            body = bytearray()
            for block in response.iter_bytes():
                body += block
                if len(body) > max_bytes:
                    raise FeedError("too_big", size=_megabytes(max_bytes))
                if time.monotonic() > deadline:
                    raise FeedError("too_slow", seconds=f"{timeout:g}")
            found = {
                "etag": response.headers.get("etag"),
                "last_modified": response.headers.get("last-modified"),
            }
            return Downloaded(bytes(body), {k: v for k, v in found.items() if v})
    except httpx.TimeoutException as exc:
        raise FeedError("no_answer", seconds=f"{timeout:g}") from exc
    except httpx.HTTPError as exc:
        raise FeedError("unreachable", kind=type(exc).__name__) from exc


def read_source(
    source: str, timeout: float, max_bytes: int, validators: dict[str, str] | None = None
) -> Downloaded:
    """A feed's bytes from an http(s) URL (None when unchanged since `validators`) or a local file."""
    if source.startswith(("http://", "https://")):
        return download(source, timeout, max_bytes, validators)
    path = Path(source)
    if not path.is_file():
        raise FeedError("not_a_source")
    if path.stat().st_size > max_bytes:
        raise FeedError("too_big", size=_megabytes(max_bytes))
    return Downloaded(path.read_bytes(), {})


FEEDS_STATE = ".feeds.json"  # beside the posts: what each feed's server said last time


def _feeds_state(corpus_dir: Path) -> dict[str, dict[str, str]]:
    try:
        state = json.loads((corpus_dir / FEEDS_STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


@dataclass(frozen=True)
class KnownPost:
    """A post already in the corpus, and the mark of the feed summary it was made from (if any)."""

    path: Path
    excerpt_mark: str | None = None


def known_posts(corpus_dir: Path) -> dict[str, KnownPost]:
    """Every corpus post by its GUID key and its link, normalised."""
    known: dict[str, KnownPost] = {}
    if not corpus_dir.is_dir():
        return known
    for path in sorted(p for p in corpus_dir.iterdir() if p.suffix.lower() in SUFFIXES):
        try:
            meta = frontmatter.load(path).metadata
        except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError):
            continue  # `innobot index build` names broken files; here they are simply not matched
        guid, url = meta.get("guid"), meta.get("url")
        post = KnownPost(path, str(meta.get("feed_excerpt") or "") or None)
        for key in (entry_key(str(guid) if guid else None, None), normalise_url(str(url)) if url else None):
            if key:
                known.setdefault(key, post)
    return known


def _free_path(corpus_dir: Path, slug: str) -> Path:
    """corpus_dir/<slug>.md, or <slug>-2.md… when another post has that name; never outside."""
    root = corpus_dir.resolve()
    candidate, n = root / f"{slug}.md", 1
    while candidate.exists():
        n += 1
        candidate = root / f"{slug}-{n}.md"
    if candidate.parent != root:
        raise FeedError("file_name", slug=slug)
    return candidate


def full_text(post: FeedPost, settings: Settings) -> FeedPost:
    """For a feed that gives summaries only: the post with its page's article as text.

    Bounded like a feed (timeout, size, length); when the page cannot be read the summary stays.
    """
    if not post.excerpt or post.url is None:
        return post
    try:
        page = download(post.url, settings.feed_timeout, settings.feed_max_bytes).body
    except FeedError:
        return post
    text = html_to_markdown(main_content(page or b""))
    if has_words(text) and len(post.text) < len(text) <= settings.post_max_chars:
        return replace(post, text=text)
    return post


def store_posts(
    corpus_dir: Path,
    posts: Iterable[FeedPost],
    known: dict[str, KnownPost],
    expand: Callable[[FeedPost], FeedPost] | None = None,
    force: bool = False,
) -> tuple[list[str], list[str], int]:
    """Write new posts, rewrite changed ones; return (added, updated) file stems and unchanged.

    `expand` completes a summary-only post from its page; a known post whose summary did not
    change is not fetched again, unless `force`.
    """
    corpus_dir.mkdir(parents=True, exist_ok=True)
    added: list[str] = []
    updated: list[str] = []
    unchanged = 0
    for post in posts:
        found = known.get(post.key) or (known.get(normalise_url(post.url)) if post.url else None)
        if not force and post.excerpt and found and found.excerpt_mark == post.excerpt_mark:
            unchanged += 1
            continue
        path = found.path if found else None
        if expand is not None:
            post = expand(post)
        content = render_post(post.meta(), post.text)
        if path is not None and path.is_file():
            if path.read_text(encoding="utf-8") == content:
                unchanged += 1
                continue
            updated.append(path.stem)
        else:
            path = _free_path(corpus_dir, post.slug)
            added.append(path.stem)
        write_text_atomic(path, content)
        known[post.key] = KnownPost(path, post.excerpt_mark if post.excerpt else None)
    return added, updated, unchanged


def _fetch_one(
    settings: Settings, source: str, seen: dict[str, str], known: dict[str, KnownPost], force: bool
) -> tuple[SourceReport, dict[str, str] | None]:
    """One feed into the corpus: its report, and what to remember of its server's answer."""
    try:
        got = read_source(source, settings.feed_timeout, settings.feed_max_bytes, None if force else seen)
        if got.body is None:
            return SourceReport(source, seen.get("title", ""), not_modified=True), None
        feed = parse_feed(got.body, settings.post_max_chars)
        added, updated, unchanged = store_posts(
            settings.corpus_dir, feed.posts, known, partial(full_text, settings=settings), force
        )
    except FeedError as exc:
        return SourceReport(source, error=exc), None
    # Remembered only once its posts are written: a crash before means a full fetch next time.
    report = SourceReport(source, feed.title, tuple(added), tuple(updated), unchanged, feed.skipped)
    return report, {**got.validators, "title": feed.title}


def fetch(
    settings: Settings,
    sources: Iterable[str],
    force: bool = False,
    done: Callable[[int], None] | None = None,
) -> FetchReport:
    """Fetch every source into the corpus; one failing feed does not stop the others.

    `force` reads every feed and page again as if never seen (after an upgrade of the text
    extraction): servers are not asked whether anything changed, but unchanged posts stay unwritten.
    `done(1)` is called after each source, for a progress bar.
    """
    started = time.perf_counter()
    known = known_posts(settings.corpus_dir)
    state = _feeds_state(settings.corpus_dir)
    reports = []
    for source in sources:
        report, remembered = _fetch_one(settings, source, state.get(source, {}), known, force)
        reports.append(report)
        if remembered is not None:
            state[source] = remembered
        if done:
            done(1)
    if state:
        settings.corpus_dir.mkdir(parents=True, exist_ok=True)
        write_text_atomic(settings.corpus_dir / FEEDS_STATE, json.dumps(state, indent=1, ensure_ascii=False))
    return FetchReport(tuple(reports), time.perf_counter() - started)
