"""Acronyms the collection defines ("la Semaine de l'innovation publique (SIP)"), to spell out. Pure.

Agents type the acronyms of their trade ("les PTCE", "la DITP", "un CRTE"); the model reads an
acronym as a few letters, and a post may name the thing in full without it. The collection
itself says what they stand for, in brackets, the first time a post uses one: "long form
(ACRONYM)" or "ACRONYM (long form)". A definition is kept when the initials of the long form's
last words (function words aside) spell the acronym's letters in order; an acronym defined
several ways takes the way most often written. A question's acronyms are then spelled out for
the model ("les PTCE (pôles territoriaux de coopération économique)"), and its words side looks
for the other form too: the long form's words for an acronym, the acronym for a long form.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from bot.analysis import analyze, fold_accents

ACRONYM = r"[A-Z][A-Z0-9&]{1,7}"
_BRACKETED = re.compile(rf"\(\s*({ACRONYM})\s*\)")
_LEADING = re.compile(rf"\b({ACRONYM})\s*\(([^()]{{3,120}})\)")
_TOKEN = re.compile(rf"(?<![\w(]){ACRONYM}(?![\w)'’-])")
_WORD = re.compile(r"[^\W\d_]+")  # letters only: elisions and hyphens split words
# Words a long form may hold whose initial the acronym leaves out.
_SKIPPED = frozenset("a à au aux d de des du en et l la le les of pour sur the and for".split())
MAX_LONG_WORDS = 12  # words looked back at before a bracketed acronym


def _letters(acronym: str) -> list[str]:
    return [c for c in acronym if c.isalpha()]


def _long_form(text: str, words: list[re.Match[str]], acronym: str) -> str | None:
    """The shortest run of the last `words` of `text` whose content words' initials spell the
    acronym, as the text writes it; None when there is none, or when it holds another acronym."""
    letters = _letters(acronym)
    if len(letters) < 2:
        return None
    needed = len(letters)
    for i in range(len(words) - 1, -1, -1):
        word = words[i].group(0)
        if word.lower() in _SKIPPED:
            continue
        needed -= 1
        if fold_accents(word[0]).upper() != letters[needed] or (len(word) > 1 and word.isupper()):
            return None
        if needed == 0:
            return " ".join(text[words[i].start() : words[-1].end()].split())
    return None


def mine(texts: Iterable[str]) -> dict[str, str]:
    """Each acronym the texts define, with the long form they write most often (case aside; as
    first written)."""
    found: dict[str, Counter[str]] = {}
    written: dict[str, str] = {}
    for text in texts:
        for match in _BRACKETED.finditer(text):
            start = max(0, match.start() - 200)
            before = list(_WORD.finditer(text, start, match.start()))[-MAX_LONG_WORDS:]
            _count(found, written, match.group(1), _long_form(text, before, match.group(1)))
        for match in _LEADING.finditer(text):
            inside = list(_WORD.finditer(text, match.start(2), match.end(2)))
            _count(
                found, written, match.group(1), _long_form(text, inside, match.group(1)) if inside else None
            )
    return {acronym: written[forms.most_common(1)[0][0]] for acronym, forms in sorted(found.items())}


def _count(
    found: dict[str, Counter[str]], written: dict[str, str], acronym: str, long_form: str | None
) -> None:
    if long_form is not None:
        found.setdefault(acronym, Counter())[long_form.lower()] += 1
        written.setdefault(long_form.lower(), long_form)


def spelled_out(text: str, table: Mapping[str, str]) -> str:
    """The text with each acronym the table knows followed by its long form in brackets, once,
    unless the text already writes that long form or brackets it."""
    letters = [c for c in text if c.isalpha()]
    if sum(c.isupper() for c in letters) * 2 > len(letters):
        return text  # typed in capitals: its words are not acronyms
    done: set[str] = set()
    folded = " ".join(_WORD.findall(text)).lower()

    def spell(match: re.Match[str]) -> str:
        acronym = match.group(0)
        long_form = table.get(acronym)
        if (
            long_form is None
            or acronym in done
            or " ".join(_WORD.findall(long_form)).lower() in folded
            or text[match.end() :].lstrip().startswith("(")
        ):
            return acronym
        done.add(acronym)
        return f"{acronym} ({long_form})"

    return _TOKEN.sub(spell, text)


def forms(table: Mapping[str, str]) -> list[tuple[str, frozenset[str]]]:
    """Each acronym's term and its long form's terms, as the words side reads them."""
    found = []
    for acronym, long_form in table.items():
        terms = analyze(acronym)
        long_terms = frozenset(analyze(long_form))
        if len(terms) == 1 and long_terms and terms[0] not in long_terms:
            found.append((terms[0], long_terms))
    return found


def other_forms(terms: Sequence[str], known: Sequence[tuple[str, frozenset[str]]]) -> list[str]:
    """The terms of the other form of each acronym a question names: its long form's words for an
    acronym, the acronym for a long form written in full (posts may use either)."""
    present = set(terms)
    extra: list[str] = []
    for acronym, long_terms in known:
        if acronym in present:
            extra += sorted(long_terms - present - set(extra))
        elif long_terms <= present and acronym not in extra:
            extra.append(acronym)
    return extra
