"""Fake web sites on 127.0.0.1 for the archive tests: a WordPress blog and a plain site.

`wordpress_site()` serves the real REST export of La 27e Région (shared/fixtures/wordpress, read,
never copied) the way WordPress does: paginated `/wp-json/wp/v2/posts` with X-WP-Total and
X-WP-TotalPages, HTTP 400 `rest_post_invalid_page_number` past the end, `per_page` capped at 100,
`_embed`, `_fields`, `modified_after`, `after`, `orderby`/`order`; `/feed/` (10 latest, full text)
and `/feed/?paged=N`; robots.txt and wp-sitemap.xml; one themed HTML page per post (header,
menus, sidebar, share buttons, comments, footer). Switches turn the REST API or the feed off;
faults make chosen paths answer 429, 503, slowly, cut, or redirect in a loop. Every request is
logged with its arrival time, so tests can check the client's pace per host.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import itertools
import json
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from bot.ingest.feeds import FeedPost
from bot.ingest.wordpress import rest_post
from tests.feed_server import QuietHandler, local_server

FIXTURE = (
    Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "wordpress" / "la27eregion-posts.jsonl"
)
ORIGINS = ("https://www.la27eregion.fr", "http://www.la27eregion.fr")
AUTHORS = (
    "Stéphane Vincent",
    "Nadège Guiraud",
    "Magali Marlin",
    "Romain Thévenet",
    "Laura Pandelle",
    "Sylvine Bois-Choussy",
)


def load_fixture() -> list[dict]:
    """The 372 posts, newest first, as the REST API gave them."""
    with FIXTURE.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def fixture_posts() -> list[FeedPost]:
    """The 372 posts as innobot's REST reader makes them (text, link, date, slug)."""
    return [post for row in load_fixture() if isinstance(post := rest_post(row, 200_000), FeedPost)]


@dataclass
class Fault:
    """What a path answers instead of its content, `times` times (then it recovers)."""

    kind: str  # "429", "503", "slow", "cut", "loop", "500"
    times: int = 1
    retry_after: int = 1


@dataclass
class SiteState:
    base: str = ""
    posts: list[dict] = field(default_factory=list)  # oldest first, links on this site
    rest: bool = True
    feed: bool = True
    sitemap: bool = True
    robots: str = ""  # extra robots.txt lines
    faults: dict[str, Fault] = field(default_factory=dict)  # by path (query ignored) or full path
    log: list[tuple[float, str]] = field(default_factory=list)
    sitemap_size: int = 200  # URLs per sitemap file (WordPress: 2,000; smaller to test nesting)

    @property
    def paths(self) -> list[str]:
        return [p for _, p in self.log]

    def count(self, prefix: str) -> int:
        return sum(1 for p in self.paths if p.startswith(prefix))

    def min_gap(self) -> float:
        """The shortest time between two requests that reached this site."""
        times = sorted(t for t, _ in self.log)
        return min((b - a for a, b in itertools.pairwise(times)), default=float("inf"))

    def post(self, post_id: int) -> dict:
        return next(p for p in self.posts if p["id"] == post_id)

    def touch(self, post_id: int, content: str) -> None:
        """Edit a post as WordPress would: new content, new modified time."""
        post = self.post(post_id)
        post["content"] = {"rendered": content, "protected": False}
        stamp = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0).isoformat()
        post["modified"] = post["modified_gmt"] = stamp

    def add(self, title: str, content: str, when: dt.datetime) -> dict:
        """Publish a new post now (ids grow, as in WordPress)."""
        new_id = max(p["id"] for p in self.posts) + 1
        slug = f"nouveau-billet-{new_id}"
        stamp = when.replace(microsecond=0, tzinfo=None).isoformat()
        post = {
            "id": new_id,
            "date": stamp,
            "date_gmt": stamp,
            "modified": stamp,
            "modified_gmt": stamp,
            "guid": {"rendered": f"{self.base}/?p={new_id}"},
            "slug": slug,
            "status": "publish",
            "type": "post",
            "link": f"{self.base}/{slug}/",
            "title": {"rendered": html.escape(title)},
            "content": {"rendered": content, "protected": False},
            "excerpt": {"rendered": content[:200]},
            "author": 1,
            "categories": [1],
            "tags": [],
        }
        self.posts.append(post)
        return post


def _rebase(value: object, base: str) -> object:
    if isinstance(value, str):
        for origin in ORIGINS:
            value = value.replace(origin, base)
        return value
    if isinstance(value, list):
        return [_rebase(v, base) for v in value]
    if isinstance(value, dict):
        return {k: _rebase(v, base) for k, v in value.items()}
    return value


def _rfc822(stamp: str) -> str:
    return email.utils.format_datetime(dt.datetime.fromisoformat(stamp).replace(tzinfo=dt.UTC))


def _embedded(post: dict) -> dict:
    author = post.get("author") or 0
    name = AUTHORS[author % len(AUTHORS)]
    tags = [{"taxonomy": "post_tag", "name": f"thème {t}", "id": t} for t in post.get("tags") or []]
    return {
        "author": [{"id": author, "name": name}],
        "wp:term": [[{"taxonomy": "category", "name": "Non classé"}], tags],
    }


def _select(post: dict, fields: str | None, embed: bool) -> dict:
    out = dict(post)
    if embed:
        out["_embedded"] = _embedded(post)
    if fields:
        wanted = set(fields.split(","))
        out = {k: v for k, v in out.items() if k in wanted}
    return out


def _page_html(state: SiteState, post: dict) -> str:
    """A post page of a classic WordPress theme: everything around the article is furniture."""
    title = post["title"]["rendered"]
    author = AUTHORS[(post.get("author") or 0) % len(AUTHORS)]
    date = post["date"]
    return f"""<!DOCTYPE html><html lang="fr-FR"><head><meta charset="UTF-8">
<title>{title} &#8211; La 27e Région</title>
<link rel="canonical" href="{post["link"]}">
<link rel='shortlink' href='{state.base}/?p={post["id"]}'>
<link rel="https://api.w.org/" href="{state.base}/wp-json/">
<meta property="article:published_time" content="{date}+00:00">
<meta name="author" content="{author}">
<meta name="generator" content="WordPress 6.5.2">
</head><body class="post-template-default single single-post">
<header id="masthead" class="site-header"><div class="site-branding"><p class="site-title">La 27e Région</p>
<p class="site-description">Laboratoire de transformation publique</p></div>
<nav id="site-navigation" class="main-navigation"><ul><li><a href="/">Accueil</a></li>
<li><a href="/programmes/">Nos programmes</a></li><li><a href="/adherer/">Adhérer</a></li>
<li><a href="/contact/">Contact</a></li></ul></nav></header>
<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-{post["id"]}" class="post type-post status-publish">
<header class="entry-header"><h1 class="entry-title">{title}</h1>
<div class="entry-meta"><span class="posted-on">Posted on <time class="entry-date published" datetime="{date}+00:00">{date[:10]}</time></span>
<span class="byline"> par <span class="author vcard">{author}</span></span></div></header>
<div class="entry-content">{post["content"]["rendered"]}
<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Partager :</h3><ul><li>Twitter</li><li>Facebook</li><li>LinkedIn</li></ul></div>
</div>
<footer class="entry-footer"><span class="cat-links">Publié dans Non classé</span></footer></article>
<nav class="navigation post-navigation"><div class="nav-links"><a rel="prev">Billet précédent</a><a rel="next">Billet suivant</a></div></nav>
<div id="comments" class="comments-area"><h2 class="comments-title">2 réponses à « {title} »</h2>
<ol class="comment-list"><li class="comment"><p>Merci pour ce billet passionnant, nous allons le partager avec notre équipe.</p></li>
<li class="comment"><p>Est-ce que les supports de la journée seront mis en ligne ? Bravo pour le travail.</p></li></ol>
<div id="respond"><h3>Laisser un commentaire</h3><form><textarea></textarea><p>Votre adresse e-mail ne sera pas publiée.</p></form></div></div>
</main></div>
<aside id="secondary" class="widget-area"><section class="widget widget_search"><form>Rechercher</form></section>
<section class="widget widget_recent_entries"><h2>Articles récents</h2><ul><li>Un autre billet du blog</li><li>Encore un billet récent</li></ul></section>
<section class="widget widget_text"><h2>Newsletter</h2><p>Abonnez-vous à notre lettre d'information mensuelle pour suivre nos actualités.</p></section></aside></div>
<footer id="colophon" class="site-footer"><p>La 27e Région — association loi 1901 — Mentions légales — Fièrement propulsé par WordPress</p></footer>
</body></html>"""


def _feed(state: SiteState, page: int) -> bytes | None:
    newest = sorted(state.posts, key=lambda p: p["date"], reverse=True)
    items = newest[(page - 1) * 10 : page * 10]
    if not items:
        return None
    entries = "".join(
        f"<item><title>{p['title']['rendered']}</title><link>{html.escape(p['link'])}</link>"
        f"<dc:creator><![CDATA[{AUTHORS[(p.get('author') or 0) % len(AUTHORS)]}]]></dc:creator>"
        f"<pubDate>{_rfc822(p['date_gmt'])}</pubDate>"
        f'<guid isPermaLink="false">{html.escape(p["guid"]["rendered"])}</guid>'
        f"<description><![CDATA[{p['excerpt']['rendered']}]]></description>"
        f"<content:encoded><![CDATA[{p['content']['rendered']}]]></content:encoded></item>"
        for p in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>La 27e Région</title>'
        f"<link>{state.base}</link><description>Laboratoire de transformation publique</description>"
        f"<generator>https://wordpress.org/?v=6.5.2</generator>{entries}</channel></rss>"
    ).encode()


def _sitemaps(state: SiteState, path: str) -> bytes | None:
    ordered = [p["link"] for p in state.posts]
    chunks = [ordered[i : i + state.sitemap_size] for i in range(0, len(ordered), state.sitemap_size)]
    if path == "/wp-sitemap.xml":
        items = "".join(
            f"<sitemap><loc>{state.base}/wp-sitemap-posts-post-{n}.xml</loc></sitemap>"
            for n in range(1, len(chunks) + 1)
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</sitemapindex>'
        ).encode()
    if path.startswith("/wp-sitemap-posts-post-") and path.endswith(".xml"):
        n = int(path.removeprefix("/wp-sitemap-posts-post-").removesuffix(".xml"))
        if not 1 <= n <= len(chunks):
            return None
        urls = "".join(f"<url><loc>{html.escape(u)}</loc></url>" for u in chunks[n - 1])
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
        ).encode()
    return None


def _rest(state: SiteState, query: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    def error(code: str, message: str) -> tuple[int, dict[str, str], bytes]:
        return 400, {}, json.dumps({"code": code, "message": message, "data": {"status": 400}}).encode()

    try:
        per_page = int(query.get("per_page", "10"))
        page = int(query.get("page", "1"))
    except ValueError:
        return error("rest_invalid_param", "Invalid parameter(s): page")
    if not 1 <= per_page <= 100:
        return error("rest_invalid_param", "Invalid parameter(s): per_page")
    posts = list(state.posts)
    if "modified_after" in query:
        posts = [p for p in posts if p["modified_gmt"] > query["modified_after"][:19]]
    if "after" in query:
        posts = [p for p in posts if p["date"] > query["after"][:19]]
    key = {"id": "id", "date": "date", "modified": "modified_gmt"}.get(query.get("orderby", "date"), "date")
    posts.sort(key=lambda p: p[key], reverse=query.get("order", "desc") == "desc")
    total = len(posts)
    pages = max(1, -(-total // per_page)) if total else 0
    if page > max(pages, 1):
        return error(
            "rest_post_invalid_page_number",
            "The page number requested is larger than the number of pages available.",
        )
    embed = "_embed" in query
    body = [_select(p, query.get("_fields"), embed) for p in posts[(page - 1) * per_page : page * per_page]]
    headers = {"X-WP-Total": str(total), "X-WP-TotalPages": str(pages)}
    return 200, headers, json.dumps(body, ensure_ascii=False).encode()


@contextmanager
def wordpress_site(posts: list[dict] | None = None) -> Iterator[SiteState]:
    """Serve the archive (or the given REST post objects) as a WordPress blog on 127.0.0.1."""
    state = SiteState()
    source = posts if posts is not None else load_fixture()

    class Handler(QuietHandler):
        protocol_version = "HTTP/1.1"

        def _send(self, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def _fault(self, fault: Fault, body: bytes, ctype: str) -> None:
            fault.times -= 1
            if fault.kind in ("429", "503", "500"):
                self._send(int(fault.kind), b"busy", "text/plain", {"Retry-After": str(fault.retry_after)})
            elif fault.kind == "loop":
                self._send(302, b"", "text/plain", {"Location": self.path})
            elif fault.kind == "cut":
                self._send(200, body[: len(body) // 2], ctype)
            elif fault.kind == "slow":
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    for start in range(0, len(body), 512):
                        time.sleep(0.5)
                        self.wfile.write(body[start : start + 512])
                except (BrokenPipeError, ConnectionResetError):
                    pass

        def do_GET(self) -> None:
            state.log.append((time.monotonic(), self.path))
            parts = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(parts.query))
            status, ctype, headers, body = self._route(parts.path, query)
            fault = state.faults.get(self.path) or state.faults.get(parts.path)
            if fault is not None and fault.times > 0:
                self._fault(fault, body or b"", ctype)
                return
            with suppress(BrokenPipeError, ConnectionResetError):
                self._send(status, body or b"", ctype, headers)

        def _route(self, path: str, query: dict[str, str]) -> tuple[int, str, dict[str, str], bytes | None]:
            api = {"Link": f'<{state.base}/wp-json/>; rel="https://api.w.org/"'} if state.rest else {}
            if path == "/robots.txt":
                lines = ["User-agent: *", "Disallow: /wp-admin/", state.robots]
                if state.sitemap:
                    lines.append(f"Sitemap: {state.base}/wp-sitemap.xml")
                return 200, "text/plain", {}, "\n".join(lines).encode()
            if path.startswith("/wp-json"):
                if not state.rest:
                    return 404, "text/html", {}, b"<h1>Not found</h1>"
                if path.rstrip("/") == "/wp-json":
                    return 200, "application/json", {}, json.dumps({"namespaces": ["wp/v2"]}).encode()
                if path.rstrip("/") == "/wp-json/wp/v2/posts":
                    status, headers, body = _rest(state, query)
                    return status, "application/json; charset=UTF-8", headers, body
                return 404, "application/json", {}, b'{"code":"rest_no_route"}'
            if path in ("/feed", "/feed/"):
                feed = _feed(state, int(query.get("paged", "1"))) if state.feed else None
                if feed is None:
                    return 404, "text/html", {}, b"<h1>Not found</h1>"
                return 200, "application/rss+xml; charset=UTF-8", {}, feed
            if path.endswith(".xml") and state.sitemap and (found := _sitemaps(state, path)) is not None:
                return 200, "application/xml", {}, found
            if path in ("", "/"):
                if "p" in query:  # ?p=<id>: WordPress redirects to the permalink
                    post = next((p for p in state.posts if str(p["id"]) == query["p"]), None)
                    if post:
                        return 301, "text/html", {"Location": post["link"]}, b""
                head = f'<link rel="https://api.w.org/" href="{state.base}/wp-json/">' if state.rest else ""
                return (
                    200,
                    "text/html; charset=UTF-8",
                    api,
                    f"<html><head>{head}</head><body>Blog</body></html>".encode(),
                )
            post = next((p for p in state.posts if urllib.parse.urlsplit(p["link"]).path == path), None)
            if post is not None:
                return 200, "text/html; charset=UTF-8", api, _page_html(state, post).encode()
            return 404, "text/html", {}, b"<h1>Not found</h1>"

    with local_server(Handler) as state.base:
        state.posts = sorted((_rebase(p, state.base) for p in source), key=lambda p: p["id"])  # type: ignore[misc]
        yield state


PLAIN_PAGE = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{title} | Le labo</title>
<meta name="generator" content="Hugo 0.121.0"><meta property="article:published_time" content="{date}">
<link rel="canonical" href="{url}"></head><body>
<header class="header"><a class="logo" href="/">Le labo</a><nav><ul><li>Projets</li><li>Équipe</li><li>Blog</li></ul></nav></header>
<main><div class="container"><nav class="breadcrumb">Accueil / Blog / {title}</nav>
<article class="post"><h1>{title}</h1><p class="meta">Publié le {date} par Équipe du labo</p>
{body}</article>
<section class="related"><h2>À lire aussi</h2><ul><li>Un autre projet du labo</li><li>Notre rapport annuel</li></ul></section>
</div></main><footer><p>© Le labo d'innovation publique — Plan du site — Accessibilité : partiellement conforme</p></footer></body></html>"""


@contextmanager
def plain_site(pages: dict[str, tuple[str, str, str]]) -> Iterator[SiteState]:
    """A site with no feed and no API: robots.txt, a sitemap index, and HTML pages.

    `pages` maps a path to (title, ISO date, body HTML).
    """
    state = SiteState(rest=False, feed=False)

    class Handler(QuietHandler):
        def do_GET(self) -> None:
            state.log.append((time.monotonic(), self.path))
            path = urllib.parse.urlsplit(self.path).path
            body: bytes | None = None
            ctype = "text/html; charset=utf-8"
            if path == "/robots.txt":
                body = f"User-agent: *\nDisallow: /prive/\n{state.robots}\nSitemap: {state.base}/sitemap_index.xml\n".encode()
                ctype = "text/plain"
            elif path == "/sitemap_index.xml":
                body = (
                    '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                    f"<sitemap><loc>{state.base}/post-sitemap.xml</loc></sitemap></sitemapindex>"
                ).encode()
                ctype = "application/xml"
            elif path == "/post-sitemap.xml":
                urls = "".join(
                    f"<url><loc>{state.base}{p}</loc><lastmod>{d}</lastmod></url>"
                    for p, (_, d, _) in pages.items()
                )
                body = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()
                ctype = "application/xml"
            elif path in pages:
                title, date, html_body = pages[path]
                body = PLAIN_PAGE.format(
                    title=title, date=date, body=html_body, url=state.base + path
                ).encode()
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    with local_server(Handler) as state.base:
        yield state
