"""A question that is only a word or a name the collection writes ("design fiction"). Pure.

A word or two typed alone sit far, in the model's space, from every passage of a long post, so
such a question can fall under the relevance floor though posts write exactly those words: on
the archive, "design fiction" (named in 8 posts), "discrimination" or "festival" were refused. A
text of one to five words the collection holds side by side is a name of it, and is answered
(flagged uncertain, as every answer near the floor is): a search engine shows where a word is.
"""

from __future__ import annotations

import re

from bot.analysis import ORDINAL, ORDINAL_ENDINGS, analyze, fold_aligned

MAX_WORDS = 5  # beyond, a text is a sentence, which the floor judges well
# Determiners before the name ("le design fiction", "the commons"): not part of it; nor what asks
# who or what it is ("qui est Romain Thévenet ?", named in 18 posts, was refused: 0.874 against
# the floor's 0.875, as a sentence it was no name).
_ASKING_WHAT = (
    r"(?:(?:qui|que|quoi|what|who)\s+(?:est|sont|etait|etaient|is|are|was|were)\s+"
    r"|c'est\s+(?:qui|quoi)\s+|qu'est[\s-]ce\s+qu(?:e\s+|')(?:c'est\s+qu(?:e\s+|'))?)"
)
_LEADING = re.compile(rf"^{_ASKING_WHAT}?(?:(?:le|la|les|un|une|des|du|de\s+la|the|a|an)\s+|(?:l|de\s+l)')*")
# "Romain Thévenet, c'est qui ?", "la Transfo c'est quoi ?": the same asked after the name.
_TRAILING = re.compile(r"[\s,]+c'est\s+(?:qui|quoi)\W*$")
_NAME = re.compile(r"\w+(?:[\s'-]+\w+)*")
_EDGES = " \t\n?!.,;:«»\"'()[]…"
# Each folded letter as the passage may write it: the pattern reads the text as written, since
# folding every passage it looks at cost 13 ms for 300 chunks, matching accents a few.
_WRITTEN = {
    "a": "aàâäá",
    "e": "eéèêë",
    "i": "iîïí",
    "o": "oôöó",
    "u": "uùûüú",
    "c": "cç",
    "y": "yÿ",
    "n": "nñ",
}
_LIGATURES = {"oe": "œ", "ae": "æ"}  # either way: "coeur", "cœur"
_SPELT = {ligature: letters for letters, ligature in _LIGATURES.items()}
_APART = r"[\s'’ʼ-]+"
_PLURAL = r"(?:s|x|es)?"  # a plural written for a singular typed ("budgets participatifs")


def named(text: str) -> str | None:
    """The name `text` is, as typed, without what frames it ("les tiers-lieux ?" → "tiers-lieux",
    "qui est Romain Thévenet ?" → "Romain Thévenet"); None for a text that is no name: a
    sentence, words the index does not keep (stop words)."""
    folded = fold_aligned(text)  # one character for one: spans found there cut the text
    stripped = folded.strip(_EDGES)
    start = len(folded) - len(folded.lstrip(_EDGES))
    start += len(stripped) - len(_LEADING.sub("", stripped))
    name = _TRAILING.sub("", folded[start:]).strip(_EDGES)
    if not _NAME.fullmatch(name):
        return None
    words = list(re.finditer(r"\w+", name))
    # Every word of a name counts, but for the small ones inside it ("tiers de confiance").
    if not 1 <= len(words) <= MAX_WORDS or len(analyze(name)) < min(len(words), 2):
        return None
    return text[start : start + len(name)]


def phrase_pattern(text: str) -> re.Pattern[str] | None:
    """What a passage must hold for `text` to be a name it writes: its words in order (each maybe
    in the plural), apart by spaces, hyphens or apostrophes, whatever the case and accents. None
    for a text that is no such name (`named`)."""
    name = named(text)
    if name is None:
        return None
    words = re.findall(r"\w+", name)
    pattern = (_PLURAL + _APART).join(_ordinal(word) or _as_written(word) for word in words)
    return re.compile(r"(?<!\w)" + pattern + _PLURAL + r"(?!\w)", re.IGNORECASE)


def _ordinal(word: str) -> str | None:
    """An ordinal in figures as a pattern of the ways it is written ("27ème" → "27e", "27ème",
    "27eme"…), or None for another word."""
    ordinal = ORDINAL.fullmatch(fold_aligned(word))
    return rf"{ordinal[1]}(?:{'|'.join(map(_as_written, ORDINAL_ENDINGS))})" if ordinal else None


def _letter(plain: str, typed: str) -> str:
    """The ways a folded letter may be written, the letter as typed among them if the table lacks
    it ("Ã", "Ò")."""
    own = typed.lower() if len(typed.lower()) == 1 else ""
    return f"[{_WRITTEN[plain]}{own}]"


def _as_written(word: str) -> str:
    """A word as a pattern of the ways it may be written: "ecole", "École" → "[eé…]c[oô…]l[eé…]",
    "coeur", "cœur" → "c(?:[oô…][eé…]|œ)ur"."""
    parts, i = [], 0
    while i < len(word):
        pair = fold_aligned(word[i : i + 2])
        letter = fold_aligned(word[i])
        if plain := pair if pair in _LIGATURES else _SPELT.get(letter):
            typed = word[i : i + 2] if pair in _LIGATURES else ""  # a ligature typed is in the pattern
            first, second = _letter(plain[0], typed[:1]), _letter(plain[1], typed[1:])
            parts.append(f"(?:{first}{second}|{_LIGATURES[plain]})")
            i += 2 if pair in _LIGATURES else 1
            continue
        if letter in _WRITTEN:
            parts.append(_letter(letter, word[i]))
        elif letter == word[i].lower():
            parts.append(re.escape(word[i]))
        else:  # a letter folded to one the table does not know ("ř" → "r"): either
            parts.append(f"(?:{re.escape(word[i])}|{re.escape(letter)})")
        i += 1
    return "".join(parts)
