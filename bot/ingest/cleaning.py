"""Turn a raw blog post body into the prose agents should read: pure text in, text out.

Blog exports carry comment forms, share buttons, image file names used as captions and
"Posted on … par …" lines. They are removed here, at ingest time, so that any post added later
is cleaned the same way.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.analysis import fold_accents

# From the first of these lines on, the page is the comment section, not the post.
_COMMENTS_START = re.compile(
    r"^(laisser un commentaire|laisser une reponse|ajouter un commentaire|leave a (reply|comment)"
    r"|votre adresse (de messagerie|e-?mail) ne sera pas publiee"
    r"|your email address will not be published|\d+ (commentaires?|reponses?|comments?)\b"
    r"|commentaires? (fermes|desactives)|comments are closed)",
    re.IGNORECASE,
)

# Whole lines that are page furniture rather than prose.
_FURNITURE = re.compile(
    r"^(partager( cet article| sur \w+)?\s*:?|share this\s*:?|j'aime( ca)?\s*:?|like this\s*:?"
    r"|imprimer|print|tweet|pin it|e-?mail|facebook|twitter|linkedin|whatsapp"
    r"|cliquez pour (partager|imprimer|envoyer).*|click to (share|print|email).*"
    r"|articles? (similaires|lies|connexes)|related( posts)?|lire la suite.*|read more.*"
    r"|(categories?|etiquettes?|tags?|mots-cles|classe dans|publie dans|posted in)\s*:.*"
    r"|(article|billet) (precedent|suivant).*|navigation des articles|post navigation"
    r"|vous pouvez utiliser ces balises.*|les champs obligatoires sont indiques.*"
    r"|enregistrer mon nom.*|charger plus.*|chargement.*|s'abonner.*|abonnez-vous.*"
    # The footer feed plugins (Yoast…) add to every post in an RSS feed.
    r"|the post .+ appeared first on .+|l'article .+ est apparu en premier sur .+)$",
    re.IGNORECASE,
)

_BYLINE = re.compile(r"^(posted on|publie le|publie par|par|by)\s+(?P<rest>.+)$", re.IGNORECASE)
_SEPARATOR = re.compile(r"^[\s\-–—_*=~•·.]*$")
_CAMERA_NAME = re.compile(
    r"(^|\s)(img|dsc|dscn|dscf|pxl|wp|p|gopr|screenshot|capture)[_\- ]?\d{3,}", re.IGNORECASE
)
_IMAGE_FILE = re.compile(r"\.(jpe?g|png|gif|webp|heic|tiff?)$", re.IGNORECASE)
_NUMBERED_PHOTO = re.compile(r"\(\d+\)(\s+dav)*$")
_SENTENCE_PUNCT = re.compile(r"[.!?:;,«»\"“”]")

_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")

MONTHS_FR = {
    "janvier": 1,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "decembre": 12,
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
_TEXT_DATE = re.compile(r"(?P<d>\d{1,2})(er)?\s+(?P<m>[a-zéû]+)\s+(?P<y>\d{4})", re.IGNORECASE)
_ISO_DATE = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})")
_NUM_DATE = re.compile(r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})")
_MONTH_YEAR = re.compile(r"^\s*(?P<m>[a-zéû]+)\s+(?P<y>\d{4})\s*$", re.IGNORECASE)
_YEAR = re.compile(r"^\s*(?P<y>(19|20)\d\d)\s*$")


@dataclass(frozen=True)
class CleanedPost:
    """A cleaned body and the metadata found in it (byline date and author)."""

    text: str
    date: dt.date | None = None
    author: str | None = None


def parse_date(text: str) -> dt.date | None:
    """Read a date written as ISO, dd/mm/yyyy or '25 novembre 2016'; None when there is none."""
    for pattern in (_ISO_DATE, _NUM_DATE, _TEXT_DATE):
        match = pattern.search(text)
        if not match:
            continue
        month_text = match.group("m")
        month = (
            MONTHS_FR.get(fold_accents(month_text.lower())) if not month_text.isdigit() else int(month_text)
        )
        try:
            return dt.date(int(match.group("y")), month or 0, int(match.group("d")))
        except ValueError:
            continue
    return None


def parse_loose_date(text: str) -> dt.date | None:
    """A date as people write it in front matter: a full date, "novembre 2017" or "2017".

    A month alone stands for its first day, a year alone for 1 January: the post is still dated
    for filters and alerts, at the precision it was given.
    """
    if (full := parse_date(text)) is not None:
        return full
    if (match := _MONTH_YEAR.match(text)) and (month := MONTHS_FR.get(fold_accents(match["m"].lower()))):
        return dt.date(int(match["y"]), month, 1)
    if match := _YEAR.match(text):
        return dt.date(int(match["y"]), 1, 1)
    return None


def _key(line: str) -> str:
    return fold_accents(line.strip().replace("’", "'")).lower()


def _is_image_caption(line: str) -> bool:
    """True for a line that is an image's file name or camera caption, not prose."""
    words = line.split()
    if len(line) > 60 or len(words) > 6:
        return False
    if _IMAGE_FILE.search(line):
        return True
    if _SENTENCE_PUNCT.search(line.rstrip(".")):
        return False
    if _CAMERA_NAME.search(line) or _NUMBERED_PHOTO.search(line):
        return True
    if "dav" in words or any("_" in w for w in words) or re.match(r"^\d{6,}\b", line):
        return True
    # A lone lower-case word or two as a paragraph is an image's alt text, never a heading.
    return len(words) <= 2 and all(w.isalpha() and w.islower() for w in words)


def _strip_markdown(line: str) -> str:
    line = _MD_IMAGE.sub("", line)
    line = _MD_LINK.sub(r"\1", line)
    line = _HTML_TAG.sub("", line)
    line = _MD_HEADING.sub("", line)
    return _MD_EMPHASIS.sub(r"\2", line)


def _repeats_title(line: str, title: str) -> bool:
    key, title_key = _key(line), _key(title)
    return bool(title_key) and (
        key == title_key or key.endswith("| " + title_key) or key.startswith(title_key + " |")
    )


def clean_post(raw: str, title: str = "") -> CleanedPost:
    """Remove the page furniture of a raw post and return its prose, one paragraph per block."""
    paragraphs: list[str] = []
    date: dt.date | None = None
    author: str | None = None
    for raw_line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = " ".join(_strip_markdown(raw_line.replace("\u00a0", " ")).split())
        key = _key(line)
        if _COMMENTS_START.match(key):
            break
        if not line or _SEPARATOR.match(line) or _FURNITURE.match(key) or _is_image_caption(line):
            continue
        byline = _BYLINE.match(line)
        if byline and len(line) < 120 and (found := parse_date(byline.group("rest"))):
            date = date or found
            author = author or _byline_author(byline.group("rest"))
            continue
        if not paragraphs and title and _repeats_title(line, title):
            continue
        paragraphs.append(line)
    return CleanedPost("\n\n".join(paragraphs), date, author)


def _byline_author(rest: str) -> str | None:
    match = re.search(r"\b(par|by)\s+(?P<who>[^|,]+)$", rest, re.IGNORECASE)
    return match.group("who").strip() if match else None
