"""The sources file: what innobot reads to fill the corpus, one source per line. Pure.

    https://www.la27eregion.fr  archive  name=27e   # La 27e Région: the whole blog
    https://blog.beta.gouv.fr/feed.xml              # only the latest posts

A line is a URL (or a local feed file), then optional words: `archive` to get the site's whole
history (WordPress REST API, paged feed or sitemap) instead of its feed's latest posts, and
`name=…` for a short name. `#` starts a comment. A plain list of feed URLs (the old feeds.txt)
reads the same.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlparse

from bot.domain import Document
from bot.errors import CorpusError

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")


@dataclass(frozen=True)
class Source:
    """One line of the sources file."""

    location: str
    archive: bool = False
    name: str | None = None


def parse_sources(content: str, origin: str = "sources") -> list[Source]:
    """Every source of a sources file; a line with an unknown word is refused, named."""
    sources: list[Source] = []
    for number, line in enumerate(content.splitlines(), start=1):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        location, archive, name = words[0], False, None
        for word in words[1:]:
            if word.lower() == "archive":
                archive = True
            elif word.lower().startswith("name=") and _NAME.match(word[5:].lower()):
                name = word[5:].lower()
            else:
                raise CorpusError(key="error_sources_word", file=origin, line=number, word=word)
        sources.append(Source(location, archive, name))
    return sources


def read_sources(path: Path) -> list[Source]:
    """The sources listed in a file (none when the file does not exist)."""
    if not path.is_file():
        return []
    return parse_sources(path.read_text(encoding="utf-8"), path.name)


def host_of(url: str) -> str:
    """The site of a link, as compared: lower case, without "www." (and without a port)."""
    host = urlparse(url if "://" in url else f"https://{url}").hostname or ""
    return host.removeprefix("www.")


def with_sources(documents: Sequence[Document], sources: Sequence[Source]) -> list[Document]:
    """Each post with the short name of its source: its own `source:` key, else its site's name.

    A post belongs to the named source on the same host as its link (the first one listed).
    """
    by_host: dict[str, str] = {}
    for source in sources:
        if source.name and "://" in source.location:
            by_host.setdefault(host_of(source.location), source.name)
    if not by_host:
        return list(documents)
    return [
        doc if doc.source or not doc.url else replace(doc, source=by_host.get(host_of(doc.url)))
        for doc in documents
    ]
