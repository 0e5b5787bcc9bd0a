"""Links pasted in a question ("https://www.la27eregion.fr/celebrer-la-fing/", "la27eregion.fr/…").

An agent pastes the address of a post to ask about it, or for more like it. Searched as words, the
address's slug found the post second or third among posts sharing its words. Pure: the retriever
matches the keys with its posts' addresses.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass

# With a scheme, or "www.", or a host followed by a path: "la 27e Région" or "etc." are no links.
_LINK = re.compile(
    r"(?:https?://|www\.)[^\s<>«»\"“”]+"
    r"|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,}/[^\s<>«»\"“”]*",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?)]}'’»…"


@dataclass(frozen=True)
class Link:
    """A link in a text: where it stands and its key (link_key)."""

    start: int
    end: int
    key: str


def link_key(url: str) -> str:
    """One spelling of an address whatever way it is typed: no scheme, "www.", query, fragment or
    trailing slash; host and path in lower case, percent-escapes decoded."""
    url = url.strip()
    if "://" not in url:
        url = "http://" + url
    try:
        parts = urllib.parse.urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:  # a malformed host or port: no address to match
        return ""
    host = host.removeprefix("www.")
    path = urllib.parse.unquote(parts.path).rstrip("/").lower()
    return f"{host}{path}" if host else ""


def pasted_links(text: str) -> list[Link]:
    """The links in a text, trailing punctuation left out ("… /celebrer-la-fing/ ?")."""
    links = []
    for found in _LINK.finditer(text):
        end = found.end()
        while end > found.start() and text[end - 1] in _TRAILING:
            end -= 1
        key = link_key(text[found.start() : end])
        if key:
            links.append(Link(found.start(), end, key))
    return links
