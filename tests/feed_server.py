"""A local HTTP server for feeds (127.0.0.1, ephemeral port) and a WordPress-style RSS builder."""

from __future__ import annotations

import hashlib
import html
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes
    status: int = 200
    delay: float = 0.0  # seconds before each 1 kB block (a slow server)
    content_type: str = "application/rss+xml; charset=UTF-8"
    etag: bool = True  # answer 304 to a request carrying the current ETag, as blogs do


@dataclass
class FeedServer:
    url: str
    routes: dict[str, Route] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)

    def serve(self, path: str, body: bytes | str, **options: object) -> str:
        data = body.encode() if isinstance(body, str) else body
        self.routes[path] = Route(data, **options)  # type: ignore[arg-type]
        return self.url + path


class QuietHandler(BaseHTTPRequestHandler):
    """A request handler that keeps the test output clean."""

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def local_server(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve a handler on 127.0.0.1 (an ephemeral port) in a thread; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def feed_server() -> Iterator[FeedServer]:
    state = FeedServer("")

    class Handler(QuietHandler):
        def do_GET(self) -> None:
            state.hits.append(self.path)
            route = state.routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            tag = f'"{hashlib.sha1(route.body).hexdigest()[:16]}"'
            if route.etag and self.headers.get("If-None-Match") == tag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(route.status)
            if route.etag:
                self.send_header("ETag", tag)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            try:
                for start in range(0, len(route.body), 1024):
                    if route.delay:
                        time.sleep(route.delay)
                    self.wfile.write(route.body[start : start + 1024])
            except (BrokenPipeError, ConnectionResetError):
                pass

    with local_server(Handler) as state.url:
        yield state


@dataclass
class Entry:
    title: str
    slug: str
    body_html: str
    guid: str | None = None
    date: str = "Tue, 03 Nov 2026 09:00:00 +0000"
    categories: tuple[str, ...] = ()
    link: str | None = None
    excerpt_only: bool = False  # a feed set to "summary": no content:encoded


WORDPRESS_BOILERPLATE = (
    '<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Partager :</h3><ul>'
    "<li><a href='#'>Twitter</a></li><li><a href='#'>Facebook</a></li></ul></div>"
    '<div id="jp-relatedposts" class="jp-relatedposts"><h3>Articles similaires</h3></div>'
)


def wordpress_feed(site: str, entries: list[Entry], prolog: str = "") -> str:
    """An RSS 2.0 feed as WordPress writes it: guid ?p=N, content:encoded with share buttons."""
    items = []
    for n, e in enumerate(entries, start=1):
        link = e.link or f"{site}/2026/11/{e.slug}/"
        guid = e.guid or f"{site}/?p={100 + n}"
        cats = "".join(f"<category><![CDATA[{c}]]></category>" for c in e.categories)
        items.append(
            f"<item><title>{html.escape(e.title)}</title><link>{html.escape(link)}</link>"
            f"<dc:creator><![CDATA[La rédaction]]></dc:creator><pubDate>{e.date}</pubDate>{cats}"
            f'<guid isPermaLink="false">{html.escape(guid)}</guid>'
            f"<description><![CDATA[{e.body_html[:200]}]]></description>"
            + (
                ""
                if e.excerpt_only
                else f"<content:encoded><![CDATA[{e.body_html}{WORDPRESS_BOILERPLATE}]]></content:encoded>"
            )
            + "</item>"
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Blog du labo</title>'
        f"<link>{site}</link><description>Innovation publique</description>{''.join(items)}"
        "</channel></rss>"
    )


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    + ']><rss version="2.0"><channel><title>&lol9;</title><item><title>x</title></item></channel></rss>'
)
