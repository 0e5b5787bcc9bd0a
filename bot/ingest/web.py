"""A polite HTTP client for feeds and archives: one request at a time per host, bounded.

- at least `delay` seconds between the end of one request to a host and the next one to it
  (redirects are followed here, one hop at a time, so they wait their turn too);
- `Retry-After` honoured on 429 and 503, timeouts and 5xx retried with a growing wait, a bounded
  number of times; a server that asks to wait longer than `max_wait` is left for the next run;
- every body bounded in size and in wall-clock time (a slow drip counts);
- `robots.txt` read once per host and obeyed for crawling (archives); feeds are read like a feed
  reader does, without it;
- a User-Agent that names innobot and where to reach whoever runs it.
"""

from __future__ import annotations

import email.utils
import time
import urllib.parse
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import version

import httpx

from bot.errors import FeedError

MAX_REDIRECTS = 5
ROBOTS_MAX_BYTES = 500_000


@dataclass(frozen=True)
class Response:
    """A complete answer: final URL, status, headers (lower-case names) and body."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def user_agent(contact: str | None) -> str:
    """`innobot/<version> (+contact)`: who is knocking, and where to complain."""
    about = f"+{contact}" if contact else "public-innovation search assistant"
    return f"innobot/{version('innobot')} ({about})"


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:g}"


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (a number of seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


@dataclass
class WebClient:
    """Fetches URLs politely; one instance serves one whole fetch (all its sources)."""

    delay: float = 1.0
    timeout: float = 20.0
    max_bytes: int = 20_000_000
    contact: str | None = None
    retries: int = 3
    max_wait: float = 120.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    _ready_at: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, urllib.robotparser.RobotFileParser | None] = field(default_factory=dict)
    _client: httpx.Client | None = None

    def __enter__(self) -> WebClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    @property
    def agent(self) -> str:
        return user_agent(self.contact)

    def _http(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                timeout=self.timeout, follow_redirects=False, headers={"User-Agent": self.agent}
            )
        return self._client

    def _wait_turn(self, host: str) -> None:
        ready = self._ready_at.get(host, 0.0)
        now = self.clock()
        if ready > now:
            self.sleep(ready - now)

    def _done(self, host: str, pause: float = 0.0) -> None:
        self._ready_at[host] = self.clock() + max(self.delay, pause)

    def _once(self, url: str, headers: dict[str, str]) -> Response:
        """One request, one hop: sent when the host's turn comes, body bounded in size and time."""
        host = urllib.parse.urlsplit(url).netloc.lower()
        self._wait_turn(host)
        deadline = self.clock() + self.timeout
        try:
            with self._http().stream("GET", url, headers=headers) as answer:
                if int(answer.headers.get("content-length") or 0) > self.max_bytes:
                    raise FeedError("too_big", size=_megabytes(self.max_bytes))
                body = bytearray()
                for block in answer.iter_bytes():
                    body += block
                    if len(body) > self.max_bytes:
                        raise FeedError("too_big", size=_megabytes(self.max_bytes))
                    if self.clock() > deadline:
                        raise FeedError("too_slow", seconds=f"{self.timeout:g}")
                return Response(
                    str(answer.url),
                    answer.status_code,
                    {k.lower(): v for k, v in answer.headers.items()},
                    bytes(body),
                )
        except httpx.TimeoutException as exc:
            raise FeedError("no_answer", seconds=f"{self.timeout:g}") from exc
        except httpx.HTTPError as exc:
            raise FeedError("unreachable", kind=type(exc).__name__) from exc
        finally:
            self._done(host)

    def _hop(self, url: str, headers: dict[str, str]) -> Response:
        """One URL with its retries: 429/503 after Retry-After, timeouts and 5xx after a backoff."""
        attempt = 0
        while True:
            try:
                answer = self._once(url, headers)
            except FeedError as exc:
                if exc.reason not in ("no_answer", "too_slow", "unreachable") or attempt >= self.retries:
                    raise
                self._done(urllib.parse.urlsplit(url).netloc.lower(), self.delay * 2**attempt)
                attempt += 1
                continue
            if answer.status not in (429, 500, 502, 503, 504) or attempt >= self.retries:
                return answer
            asked = retry_after(answer.headers.get("retry-after"))
            if asked is not None and asked > self.max_wait:
                raise FeedError("busy", seconds=f"{asked:.0f}")
            self._done(urllib.parse.urlsplit(url).netloc.lower(), asked or self.delay * 2 ** (attempt + 1))
            attempt += 1

    def get(self, url: str, validators: dict[str, str] | None = None, *, crawl: bool = False) -> Response:
        """GET a URL, following redirects one polite hop at a time.

        With `crawl`, robots.txt is obeyed (FeedError "robots" when it forbids the URL). With the
        ETag / Last-Modified of a previous answer, an unchanged resource answers 304.
        """
        headers = {}
        if validators and validators.get("etag"):
            headers["If-None-Match"] = validators["etag"]
        if validators and validators.get("last_modified"):
            headers["If-Modified-Since"] = validators["last_modified"]
        seen = []
        for _ in range(MAX_REDIRECTS + 1):
            if crawl and not self.allowed(url):
                raise FeedError("robots")
            answer = self._hop(url, headers)
            location = answer.headers.get("location")
            if answer.status not in (301, 302, 303, 307, 308) or not location:
                return answer
            seen.append(url)
            url = urllib.parse.urljoin(url, location)
            if url in seen:
                raise FeedError("redirect_loop")
        raise FeedError("redirect_loop")

    def fetch(self, url: str, validators: dict[str, str] | None = None, *, crawl: bool = False) -> Response:
        """Like `get`, but an HTTP error status (≥ 400) is a FeedError."""
        answer = self.get(url, validators, crawl=crawl)
        if answer.status >= 400:
            raise FeedError("http", status=answer.status)
        return answer

    def robots(self, url: str) -> urllib.robotparser.RobotFileParser | None:
        """The robots.txt rules of a URL's host, read once; None when it has none (all allowed)."""
        parts = urllib.parse.urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc}".lower()
        if host not in self._robots:
            rules: urllib.robotparser.RobotFileParser | None = None
            try:
                answer = self._hop(host + "/robots.txt", {})
            except FeedError:
                answer = None
            parser = urllib.robotparser.RobotFileParser(host + "/robots.txt")
            if answer is None or answer.status >= 500:
                # RFC 9309: a server that cannot say what is allowed is treated as forbidding all.
                parser.parse(["User-agent: *", "Disallow: /"])
                rules = parser
            elif answer.status < 400 and len(answer.body) <= ROBOTS_MAX_BYTES:
                parser.parse(answer.text().splitlines())
                rules = parser
            self._robots[host] = rules
        return self._robots[host]

    def allowed(self, url: str) -> bool:
        """True when the host's robots.txt lets innobot fetch the URL."""
        rules = self.robots(url)
        return rules is None or rules.can_fetch(self.agent, url)

    def sitemaps_of(self, url: str) -> list[str]:
        """The `Sitemap:` lines of a host's robots.txt."""
        rules = self.robots(url)
        return list(rules.site_maps() or []) if rules is not None else []
