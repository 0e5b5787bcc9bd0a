"""Feed bytes → posts in the corpus format: parse RSS/Atom, turn post HTML into Markdown prose.

Pure functions (no network, no disk): `fetching` does the I/O around them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import urllib.parse
import warnings
from dataclasses import dataclass
from typing import Any

import feedparser
from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, Tag
from bs4.exceptions import ParserRejectedMarkup
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeXML
from markdownify import MarkdownConverter

from bot.analysis import has_words
from bot.errors import FeedError
from bot.ingest.corpus import as_text, is_web_link, slugify
from bot.ingest.sources import host_of

# Page furniture a post body may carry in a feed: never prose an agent should read.
_JUNK_TAGS = (
    "script style noscript iframe object embed form input button select textarea nav footer aside "
    "header svg canvas figcaption img picture video audio"
).split()
# Classes and ids of page furniture (share buttons, comments, related posts, widgets…, and the
# popups a browser extension leaves in a body pasted from the editor: "What do you want to do ?
# New mail", three times in one archive post, was the best match of English questions).
FURNITURE_MARKS = (
    "share sharing sharedaddy social comment respond related jp-relatedposts post-navigation "
    "nav-links breadcrumb newsletter subscribe widget wp-block-buttons print advert popup"
).split()
_JUNK_MARKS = re.compile("|".join(FURNITURE_MARKS), re.IGNORECASE)
_TRACKING = re.compile(r"^(utm_|fbclid$|gclid$|mc_(cid|eid)$)")


@dataclass(frozen=True)
class FeedPost:
    """One entry of a feed, ready to be written as a corpus post."""

    key: str
    url: str | None
    guid: str | None
    title: str
    date: dt.date | None
    author: str | None
    tags: tuple[str, ...]
    text: str
    slug: str
    excerpt: bool = False  # the feed gives a summary only: the text is on the post's page
    summary: str = ""  # that summary, kept when the page's text replaces it
    reports: tuple[tuple[str, str], ...] = ()  # PDF files the post links on its own site: (url, link text)

    def meta(self) -> dict[str, Any]:
        """The front matter of the post file."""
        return {
            "title": self.title,
            "url": self.url,
            "date": self.date,
            "author": self.author,
            "tags": list(self.tags),
            "guid": self.guid,
            "feed_excerpt": self.excerpt_mark if self.excerpt else None,
        }

    @property
    def excerpt_mark(self) -> str:
        """A hash of the feed's summary: the page is fetched again only when the summary changes."""
        return hashlib.sha1(self.summary.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Skipped:
    """An entry left out, with why (a catalogue key: skip_<reason>)."""

    title: str
    reason: str


@dataclass(frozen=True)
class ParsedFeed:
    """The usable posts of a feed and the entries it had to leave out."""

    title: str
    posts: tuple[FeedPost, ...]
    skipped: tuple[Skipped, ...]


def normalise_url(url: str) -> str:
    """One spelling per address: lower-case scheme and host, no fragment, tracking or trailing /."""
    parts = urllib.parse.urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:  # a port out of range: keep the address as written
        host, port = parts.netloc.lower(), None
    if port and (parts.scheme, port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    query = urllib.parse.urlencode(
        [
            (k, v)
            for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING.match(k)
        ]
    )
    path = parts.path.rstrip("/") or ""
    return urllib.parse.urlunsplit((parts.scheme.lower(), host, path, query, ""))


def web_link(value: object) -> str | None:
    link = str(value or "").strip()
    return link if is_web_link(link) else None


def entry_key(guid: str | None, url: str | None) -> str | None:
    """The identity of a post across fetches: its GUID if any, else its link, normalised."""
    if guid and guid.strip():
        return normalise_url(guid) if web_link(guid) else guid.strip()
    return normalise_url(url) if url else None


def _soup(markup: str | bytes) -> BeautifulSoup:
    """Parse HTML; a body that is only a link or a file name is text, not a mistake to warn about.

    Python's parser gives up on some broken markup ("<![0", a marked section cut short); lxml's,
    more forgiving, reads it then, so that one odd post never stops a fetch.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        try:
            return BeautifulSoup(markup, "html.parser")
        except ParserRejectedMarkup:
            return BeautifulSoup(markup, "lxml")


_MEDIA = ("iframe", "object", "embed", "video", "audio")


def media_note(html: str, title: str) -> str:
    """The text of a post that is only an embedded slideshow or video: its title and where it lives.

    Such a post has no prose, but its title is what agents search for ("rapport d'activité 2010").
    """
    soup = _soup(html)
    hosts = []
    for tag in soup.find_all(_MEDIA):
        if not isinstance(tag, Tag):
            continue
        sources = [str(tag.get(a) or "") for a in ("src", "data")]
        sources += [str(p.get("value") or "") for p in tag.find_all("param") if isinstance(p, Tag)]
        hosts += [urllib.parse.urlsplit(u).hostname or "" for u in sources if u.startswith(("http", "//"))]
    named = sorted({h.removeprefix("www.").removeprefix("static.") for h in hosts if h})
    if not soup.find(_MEDIA):
        return ""
    return f"{title} — document intégré" + (f" ({', '.join(named[:3])})." if named else ".")


MAX_REPORT_LINKS = 10


def report_links(html: str, page_url: str | None) -> tuple[tuple[str, str], ...]:
    """The PDF files a post links on its own site, with each link's text (at most ten)."""
    if not page_url:
        return ()
    site = host_of(page_url)
    found: dict[str, str] = {}
    for anchor in _soup(html).find_all("a", href=True):
        if not isinstance(anchor, Tag):
            continue
        url = urllib.parse.urljoin(page_url, str(anchor["href"]).strip())
        parts = urllib.parse.urlsplit(url)
        if parts.scheme in ("http", "https") and host_of(url) == site and parts.path.lower().endswith(".pdf"):
            found.setdefault(
                urllib.parse.urlunsplit(parts._replace(fragment="")), " ".join(anchor.get_text().split())
            )
    return tuple(found.items())[:MAX_REPORT_LINKS]


def html_to_markdown(html: str) -> str:
    """The prose of a post body: paragraphs, headings and lists kept; links, images and furniture dropped."""
    soup = _soup(html)
    for tag in soup.find_all(_JUNK_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if isinstance(tag, Tag) and not tag.decomposed and _is_furniture(tag):
            tag.decompose()
    _flatten(soup)
    converter = MarkdownConverter(
        strip=["a", "span", "div", "em", "i", "strong", "b", "u", "cite", "sup", "sub", "code"],
        heading_style="ATX",
        bullets="-",
        escape_asterisks=False,
        escape_underscores=False,
        escape_misc=False,
    )
    text = converter.convert_soup(soup)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _flatten(soup: BeautifulSoup) -> None:
    """Markup that would leave Markdown syntax in the prose becomes plain paragraphs.

    A line break inside a paragraph is a soft wrap, not a new paragraph; a quotation is prose;
    a table row reads as its cells joined by " — ".
    """
    for br in soup.find_all("br"):
        br.replace_with(" ")
    for quote in soup.find_all("blockquote"):
        quote.name = "div"
    for table in soup.find_all("table"):
        rows = []
        for row in table.find_all("tr"):
            cells = [" ".join(c.get_text(" ").split()) for c in row.find_all(["td", "th"])]
            if any(cells):
                paragraph = soup.new_tag("p")
                paragraph.string = " — ".join(c for c in cells if c)
                rows.append(paragraph)
        if rows:
            table.replace_with(*rows)
        else:
            table.decompose()


def _is_furniture(tag: Tag) -> bool:
    attrs = tag.attrs or {}
    marks = " ".join([*(attrs.get("class") or []), str(attrs.get("id") or ""), str(attrs.get("role") or "")])
    return bool(marks.strip()) and bool(_JUNK_MARKS.search(marks))


def _date(entry: Any) -> dt.date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    try:
        return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)  # feedparser gives UTC
    except ValueError:
        return None


def post_slug(url: str | None, title: str) -> str:
    """The WordPress slug of the link when it has one, else the title: always a safe file stem."""
    if url:
        last = urllib.parse.urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
        last = urllib.parse.unquote(last)
        if re.search(r"[a-zA-Z]{3}", last) and not re.search(r"\.(php|html?|aspx?)$", last):
            return slugify(last)
    return slugify(title)


def _body(entry: Any, title: str) -> tuple[str, bool, str]:
    """The post's text, whether it is only the feed's summary (no full content in the feed),
    and the HTML it was made from."""
    contents = [str(c.get("value", "")) for c in entry.get("content") or []]
    full = max(contents, key=len, default="")
    html = full or str(entry.get("summary", ""))
    return html_to_markdown(html) or media_note(html, title), not full.strip(), html


def _post(entry: Any, max_chars: int) -> FeedPost | Skipped:
    title = " ".join(_soup(str(entry.get("title") or "")).get_text().split())
    url = web_link(entry.get("link"))
    guid = str(entry.get("id") or "").strip() or None
    key = entry_key(guid, url)
    shown = title or url or guid or "?"
    if key is None:
        return Skipped(shown, "no_key")
    text, excerpt, html = _body(entry, title)
    if len(text) > max_chars:
        return Skipped(shown, "too_long")
    if not title or not has_words(text):
        return Skipped(shown, "no_text")
    terms = (as_text(t.get("term")) for t in entry.get("tags") or [])
    tags = tuple(dict.fromkeys(t for t in terms if t))
    author = as_text(entry.get("author"))
    links = report_links(html, url)
    return FeedPost(
        key, url, guid, title, _date(entry), author, tags, text, post_slug(url, title), excerpt, text, links
    )


def parse_feed(data: bytes, max_chars: int) -> ParsedFeed:
    """Parse an RSS or Atom document; refuse XML entity tricks before feedparser sees them."""
    try:
        SafeXML.fromstring(data)
    except DefusedXmlException as exc:
        raise FeedError("entities") from exc
    except SafeXML.ParseError:
        pass  # feedparser reads many malformed feeds; only entity attacks are refused here
    # Not sanitised by feedparser: html_to_markdown keeps prose only, and an embed-only post needs
    # its <object>/<iframe> to say what it holds.
    parsed = feedparser.parse(data, sanitize_html=False)
    if not parsed.entries and parsed.get("bozo"):
        raise FeedError("not_a_feed", detail=str(parsed.get("bozo_exception")))
    posts: list[FeedPost] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()
    for entry in parsed.entries:
        post = _post(entry, max_chars)
        if isinstance(post, Skipped):
            skipped.append(post)
        elif post.key in seen:
            # A feed lists newest first: the first entry with a GUID is the one kept.
            skipped.append(Skipped(post.title, "duplicate"))
        else:
            seen.add(post.key)
            posts.append(post)
    return ParsedFeed(as_text(parsed.feed.get("title")) or "", tuple(posts), tuple(skipped))
