"""Fetch sources (feeds, whole archives, local files) and write their posts into the corpus.

A post is known by its GUID (else its link), normalised: fetching the same source twice writes
nothing; a post whose content changed is rewritten in place, under the same file name. One polite
WebClient serves a whole fetch, so no host is asked twice within INNOBOT_FETCH_DELAY.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from bot.analysis import has_words
from bot.errors import CorpusError, FeedError
from bot.ingest import archive
from bot.ingest.corpus import SUFFIXES, import_report, render_post, sidecar, slugify, write_text_atomic
from bot.ingest.feeds import FeedPost, Skipped, entry_key, normalise_url, parse_feed
from bot.ingest.pages import page_text
from bot.ingest.sitemaps import site_root
from bot.ingest.sources import Source, read_sources
from bot.ingest.web import WebClient
from bot.settings import Settings

log = logging.getLogger(__name__)

ProgressFactory = Callable[[int, str], Callable[[int], None]]


@dataclass(frozen=True)
class SourceReport:
    """What one source brought."""

    source: str
    title: str = ""
    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: int = 0
    skipped: tuple[Skipped, ...] = ()
    error: FeedError | None = None
    not_modified: bool = False  # HTTP 304: nothing read, nothing written
    method: str | None = None  # archives: "rest", "paged_feed" or "sitemap"
    failed: tuple[tuple[str, FeedError], ...] = ()  # pages of an archive that could not be read


@dataclass(frozen=True)
class FetchReport:
    """What a fetch of several sources brought."""

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


def feed_sources(sources_file: Path) -> list[Source]:
    """The sources listed in the sources file (see bot.ingest.sources for its format).

    A deployment of an earlier innobot keeps its feeds.txt: read when sources.txt is not there.
    """
    legacy = sources_file.with_name("feeds.txt")
    if sources_file.name == "sources.txt" and not sources_file.is_file() and legacy.is_file():
        sources_file = legacy
    return read_sources(sources_file)


def client_for(settings: Settings) -> WebClient:
    """The polite HTTP client of one fetch, bounded by the settings."""
    return WebClient(
        delay=settings.fetch_delay,
        timeout=settings.feed_timeout,
        max_bytes=settings.feed_max_bytes,
        contact=settings.contact_url,
        retries=settings.fetch_retries,
    )


@dataclass(frozen=True)
class Downloaded:
    """A response body, or None when the server says it has not changed (HTTP 304)."""

    body: bytes | None
    validators: dict[str, str]  # ETag and Last-Modified, sent back next time


def read_source(
    client: WebClient, source: str, max_bytes: int, validators: dict[str, str] | None = None
) -> Downloaded:
    """A feed's bytes from an http(s) URL (None when unchanged since `validators`) or a local file."""
    if source.startswith(("http://", "https://")):
        answer = client.fetch(source, validators)
        if answer.not_modified:
            return Downloaded(None, dict(validators or {}))
        found = {"etag": answer.headers.get("etag"), "last_modified": answer.headers.get("last-modified")}
        return Downloaded(answer.body, {k: v for k, v in found.items() if v})
    path = Path(source)
    if not path.is_file():
        raise FeedError("not_a_source")
    if path.stat().st_size > max_bytes:
        raise FeedError("too_big", size=f"{max_bytes / 1_000_000:g}")
    return Downloaded(path.read_bytes(), {})


FEEDS_STATE = ".feeds.json"  # beside the posts: what each feed's server said last time


def source_state(corpus_dir: Path) -> dict[str, dict[str, Any]]:
    """What each source's server said last time, archive progress, and how the last read went."""
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
    walked: bool = False  # brought by an archive walk (front matter `backfill: true`)


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
        post = KnownPost(path, str(meta.get("feed_excerpt") or "") or None, meta.get("backfill") is True)
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


def full_text(post: FeedPost, client: WebClient, max_chars: int) -> FeedPost:
    """For a feed that gives summaries only: the post with its page's main text (trafilatura).

    Bounded like a feed (timeout, size, length); when the page cannot be read the summary stays.
    """
    if not post.excerpt or post.url is None:
        return post
    try:
        page = client.fetch(post.url).body
    except FeedError:
        return post
    text = page_text(page)
    if has_words(text) and len(post.text) < len(text) <= max_chars:
        return replace(post, text=text)
    return post


def _report_path(corpus_dir: Path, url: str) -> Path | None:
    """Where a linked report is kept; None when it is there already (same link)."""
    stem = slugify(Path(urllib.parse.urlsplit(url).path).stem)
    for n in range(1, 100):
        path = corpus_dir / (f"{stem}.pdf" if n == 1 else f"{stem}-{n}.pdf")
        if not path.exists():
            return path
        try:
            if (yaml.safe_load(sidecar(path).read_text(encoding="utf-8")) or {}).get("url") == url:
                return None
        except (OSError, yaml.YAMLError, AttributeError):
            continue
    return None


def fetch_reports(post: FeedPost, client: WebClient, corpus_dir: Path, backfill: bool = False) -> list[str]:
    """The PDF reports a post links on its own site, fetched once and saved as resources with a
    link back to the post (sidecar `cited_by`, and `backfill` when the post comes from a walk
    through the site's archive); returns their file stems. One that cannot be read is named in
    the log and skipped."""
    added = []
    for url, label in post.reports:
        target = _report_path(corpus_dir, url)
        if target is None:
            continue
        try:
            body = client.fetch(url, crawl=True).body
        except FeedError as exc:
            log.warning("report %s not fetched (%s)", url, exc)
            continue
        if not body.startswith(b"%PDF"):
            log.warning("report %s skipped: not a PDF", url)
            continue
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / target.name
            source.write_bytes(body)
            try:
                import_report(
                    source,
                    corpus_dir,
                    title=label if len(label.split()) >= 3 else None,
                    url=url,
                    date=post.date.isoformat() if post.date else None,
                    extra={"cited_by": post.url} | ({"backfill": True} if backfill else {}),
                    name=target.name,
                )
            except CorpusError as exc:
                log.warning("report %s skipped: %s", url, str(exc).removeprefix(f"{target.name}: "))
                continue
        added.append(target.stem)
    return added


def store_posts(
    corpus_dir: Path,
    posts: Iterable[FeedPost],
    known: dict[str, KnownPost],
    expand: Callable[[FeedPost], FeedPost] | None = None,
    force: bool = False,
    reports: Callable[[FeedPost], list[str]] | None = None,
    backfill: bool = False,
) -> tuple[list[str], list[str], int]:
    """Write new posts, rewrite changed ones; return (added, updated) file stems and unchanged.

    `expand` completes a summary-only post from its page; a known post whose summary did not
    change is not fetched again, unless `force`. `reports` fetches the PDF files a post links
    (the files it adds count as added). `backfill`: the posts come from a walk through the site's
    archive, which their front matter records (an old one is then history, not news, for alerts).
    """
    corpus_dir.mkdir(parents=True, exist_ok=True)
    added: list[str] = []
    updated: list[str] = []
    unchanged = 0
    for post in posts:
        if reports is not None and post.reports:
            added += reports(post)
        found = known.get(post.key) or (known.get(normalise_url(post.url)) if post.url else None)
        if not force and post.excerpt and found and found.excerpt_mark == post.excerpt_mark:
            unchanged += 1
            continue
        path = found.path if found else None
        if expand is not None:
            post = expand(post)
        # A post once brought by an archive walk stays a walked post when its feed rewrites it.
        walked = backfill or (found is not None and found.walked)
        content = render_post(post.meta() | ({"backfill": True} if walked else {}), post.text)
        if path is not None and path.is_file():
            if path.read_text(encoding="utf-8") == content:
                unchanged += 1
                continue
            updated.append(path.stem)
        else:
            path = _free_path(corpus_dir, post.slug)
            added.append(path.stem)
        write_text_atomic(path, content)
        known[post.key] = KnownPost(path, post.excerpt_mark if post.excerpt else None, walked)
    return added, updated, unchanged


def _attach(
    settings: Settings, client: WebClient, backfill: bool = False
) -> Callable[[FeedPost], list[str]] | None:
    """What fetches a post's linked reports, when INNOBOT_FETCH_PDF_LINKS is on."""
    if not settings.fetch_pdf_links:
        return None
    return partial(fetch_reports, client=client, corpus_dir=settings.corpus_dir, backfill=backfill)


def _fetch_feed(
    settings: Settings,
    client: WebClient,
    source: str,
    seen: dict[str, Any],
    known: dict[str, KnownPost],
    force: bool,
) -> tuple[SourceReport, dict[str, str] | None]:
    """One feed into the corpus: its report, and what to remember of its server's answer."""
    try:
        validators = None if force else {k: v for k, v in seen.items() if k in ("etag", "last_modified")}
        got = read_source(client, source, settings.feed_max_bytes, validators)
        if got.body is None:
            return SourceReport(source, seen.get("title", ""), not_modified=True), None
        feed = parse_feed(got.body, settings.post_max_chars)
        expand = partial(full_text, client=client, max_chars=settings.post_max_chars)
        attach = _attach(settings, client)
        added, updated, unchanged = store_posts(settings.corpus_dir, feed.posts, known, expand, force, attach)
    except FeedError as exc:
        return SourceReport(source, error=exc), None
    # Remembered only once its posts are written: a crash before means a full fetch next time.
    report = SourceReport(source, feed.title, tuple(added), tuple(updated), unchanged, feed.skipped)
    return report, {**got.validators, "title": feed.title}


def _fetch_archive(
    settings: Settings,
    client: WebClient,
    source: str,
    entry: dict[str, Any],
    known: dict[str, KnownPost],
    force: bool,
    save: Callable[[], None],
    progress: ProgressFactory | None,
) -> SourceReport:
    """A site's whole history into the corpus, resuming where the last run stopped."""
    walked = entry.setdefault("archive", {})
    if force:  # read everything again, as if never seen; unchanged posts stay unwritten
        for mark in ("complete", "next_page", "modified_after", "failed_pages"):
            walked.pop(mark, None)
    expand = partial(full_text, client=client, max_chars=settings.post_max_chars)
    attach = _attach(settings, client, backfill=True)

    def checkpoint(state: dict[str, Any]) -> None:
        entry["archive"] = state
        save()

    walk = archive.Walk(
        store=lambda posts: store_posts(
            settings.corpus_dir, posts, known, expand, force, attach, backfill=True
        ),
        state=walked,
        save=checkpoint,
        start_progress=lambda total: progress(total, "archive") if progress else (lambda n: None),
        max_chars=settings.post_max_chars,
        known_urls=set(known),
    )
    try:
        result = archive.backfill(client, source, walk, expand)
    except FeedError as exc:
        return SourceReport(source, error=exc, method=walk.result.method)
    title = site_root(source).split("://", 1)[-1]
    return SourceReport(
        source,
        title,
        tuple(result.added),
        tuple(result.updated),
        result.unchanged,
        tuple(result.skipped),
        method=result.method,
        failed=tuple(result.failed),
    )


def _save_state(corpus_dir: Path, state: dict[str, Any]) -> None:
    corpus_dir.mkdir(parents=True, exist_ok=True)
    write_text_atomic(corpus_dir / FEEDS_STATE, json.dumps(state, indent=1, ensure_ascii=False))


def _last_run(report: SourceReport) -> dict[str, Any]:
    """What `innobot doctor` says of a source: when it was last read and whether anything came."""
    return {
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "posts": len(report.added) + len(report.updated) + report.unchanged,
        "error": report.error.explain("en") if report.error else None,
        "not_modified": report.not_modified,
    }


def remove_leftovers(corpus_dir: Path) -> None:
    """Temporary files of a fetch killed while writing a post (never read as posts, but untidy)."""
    if corpus_dir.is_dir():
        for leftover in corpus_dir.glob(".post-*.tmp"):
            leftover.unlink(missing_ok=True)


def fetch(
    settings: Settings,
    sources: Iterable[Source | str],
    force: bool = False,
    progress: ProgressFactory | None = None,
) -> FetchReport:
    """Fetch every source into the corpus; one failing source does not stop the others.

    A source marked `archive` gets its whole history (see bot.ingest.archive), others their feed.
    `force` reads every feed, page and archive again as if never seen (after an upgrade of the
    text extraction): servers are not asked whether anything changed, but unchanged posts stay
    unwritten. `progress(total, "fetch")` makes a bar counting sources, `progress(total, "archive")`
    one counting an archive's posts (total 0 when the site does not say).
    """
    started = time.perf_counter()
    remove_leftovers(settings.corpus_dir)
    known = known_posts(settings.corpus_dir)
    state = source_state(settings.corpus_dir)
    listed = [item if isinstance(item, Source) else Source(item) for item in sources]
    # Archives first: a site's walk marks its posts as a back-fill before its feed, listed beside
    # it, stores the latest ones as news (the feed then finds them known, and keeps the mark).
    order = sorted(range(len(listed)), key=lambda i: not listed[i].archive)
    reports: dict[int, SourceReport] = {}
    step = progress(len(listed), "fetch") if progress else None
    with client_for(settings) as client:
        for position in order:
            source = listed[position]
            entry: dict[str, Any] = state.setdefault(source.location, {})
            if source.archive:
                report = _fetch_archive(
                    settings,
                    client,
                    source.location,
                    entry,
                    known,
                    force,
                    lambda: _save_state(settings.corpus_dir, state),
                    progress,
                )
            else:
                report, remembered = _fetch_feed(settings, client, source.location, entry, known, force)
                if remembered is not None:
                    entry.update(remembered)
            entry["last"] = _last_run(report)
            reports[position] = report
            _save_state(settings.corpus_dir, state)
            if progress and source.archive:
                # The archive had a bar of its own: the one over the sources resumes where it was.
                step = progress(len(listed), "fetch")
                step(len(reports))
            elif step:
                step(1)
    return FetchReport(tuple(reports[i] for i in sorted(reports)), time.perf_counter() - started)
