"""Acronyms the collection defines ("la Semaine de l'innovation publique (SIP)"), to spell out. Pure.

Agents type the acronyms of their trade ("les PTCE", "la DITP", "un CRTE"); the model reads an
acronym as a few letters, and a post may name the thing in full without it. The collection
itself says what they stand for, in brackets, the first time a post uses one: "long form
(ACRONYM)" or "ACRONYM (long form)". A definition is kept when the initials of the long form's
last words (function words aside) spell the acronym's letters in order; an acronym defined
several ways takes the way most often written. A question's acronyms are then spelled out for
the model ("les PTCE (pôles territoriaux de coopération économique)"), and its words side looks
for the other form too: the long form's words for an acronym, the acronym for a long form.
The commonest acronyms are never bracketed ("l'AG", "les RH", "le DGS"), but the posts that use
one also write it out somewhere: an acronym no bracket defines takes the run of words spelling
it that the most posts using it write, when at least two do and no other run is as common. That
guess is only spelled out for the model: on the words side, "Pôle emploi" written in full also
looked for every "PE" of the seed posts, and lost a passage.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from functools import cache

from bot.analysis import analyze, fold_accents

ACRONYM = r"[A-Z][A-Z0-9&]{1,7}"
_BRACKETED = re.compile(rf"\(\s*({ACRONYM})\s*\)")
_LEADING = re.compile(rf"\b({ACRONYM})\s*\(([^()]{{3,120}})\)")
_TOKEN = re.compile(rf"(?<![\w(]){ACRONYM}(?![\w)'’-])")
_WORD = re.compile(r"[^\W\d_]+")  # letters only: elisions and hyphens split words
_JOINED = re.compile(r"[\s'’-]+")  # what may stand between two words of one long form
# Words a long form may hold whose initial the acronym leaves out.
_SKIPPED = frozenset("a à au aux d de des du en et l la le les of pour sur the and for".split())
MAX_LONG_WORDS = 12  # words looked back at before a bracketed acronym
MIN_POSTS = 2  # posts that must write an unbracketed acronym and the same long form


# Acronyms and names an English question writes as English does and French otherwise: "AI" is the
# collection's "IA" (and, lower-cased, "ai", a French function word: "any posts from 2023 about
# AI?" searched no word and listed the posts of 2023). As typed, in capitals, within a text that is
# not shouted ("J'AI BESOIN D'AIDE" keeps its "AI"), not after an apostrophe.
ENGLISH_FORMS = {
    "AI": "IA",
    "EU": "UE",
    "UN": "ONU",
    "NGO": "ONG",
    "NGOs": "ONG",
    "UK": "Royaume-Uni",
    "US": "États-Unis",
    "USA": "États-Unis",
}
_ENGLISH_FORM = re.compile(
    rf"(?<![\w'’&-])({'|'.join(sorted(ENGLISH_FORMS, key=len, reverse=True))})(?![\w&'’-])"
)


def french_forms(text: str) -> str:
    """The text with its English acronyms written as French writes them ("AI" → "IA")."""
    letters = [c for c in _ENGLISH_FORM.sub(" ", text) if c.isalpha()]
    if sum(c.isupper() for c in letters) * 2 > len(letters):  # shouted: "AI" may be "ai"
        return text
    return _ENGLISH_FORM.sub(lambda m: ENGLISH_FORMS[m[1]], text)


def _letters(acronym: str) -> list[str]:
    return [c for c in acronym if c.isalpha()]


@cache
def _initial(letter: str) -> str:
    return fold_accents(letter)[:1].upper()


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
        if _initial(word[0]) != letters[needed] or (len(word) > 1 and word.isupper()):
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


@cache
def _is_word(word: str) -> bool:
    """A word of meaning: a long form of "est très", "dans ce" or "une série" is chance."""
    return bool(analyze(word))


def _run(text: str, words: list[re.Match[str]], first: int, last: int) -> str | None:
    """The text from word `first` to word `last` if it can be one long form: words of meaning
    (no other acronym) and function words, only spaces, apostrophes and hyphens between them (not
    a list of names); None otherwise."""
    for j in range(first, last + 1):
        word = words[j].group(0)
        if j > first and not _JOINED.fullmatch(text, words[j - 1].end(), words[j].start()):
            return None
        if word.lower() not in _SKIPPED and ((len(word) > 1 and word.isupper()) or not _is_word(word)):
            return None
    return " ".join(text[words[first].start() : words[last].end()].split())


def _spelt_in(text: str, acronyms: Collection[str]) -> dict[str, set[str]]:
    """The runs of the text's words that could be each acronym's long form."""
    words = _WORD.findall(text)
    # The initials of the words of meaning, function words aside: a long form is a run of them.
    meaning = [j for j, word in enumerate(words) if word.lower() not in _SKIPPED]
    initials = "".join([_initial(words[j][0]) for j in meaning])
    spans: list[re.Match[str]] = []  # the words' places, found only when a run is
    found: dict[str, set[str]] = {}
    for acronym in acronyms:
        letters = "".join(_letters(acronym))
        at = initials.find(letters)
        while at >= 0:
            spans = spans or list(_WORD.finditer(text))
            run = _run(text, spans, meaning[at], meaning[at + len(letters) - 1])
            if run is not None:
                found.setdefault(acronym, set()).add(run)
            at = initials.find(letters, at + 1)
    return found


def used_with(texts: Sequence[str], defined: Collection[str] = ()) -> dict[str, str]:
    """The acronyms the texts use without defining them (none of `defined`, nor a function word in
    capitals: "ET", "LA"), each with the long form the most texts that use it also write: the run
    of words spelling it ("l'AG de juin" … "notre assemblée générale"), kept when at least
    MIN_POSTS texts write both and no other run is written by as many (as first written)."""
    found: dict[str, Counter[str]] = {}
    written: dict[str, str] = {}
    for text in texts:
        used = {match.group(0) for match in _TOKEN.finditer(text)} - set(defined)
        used = {acronym for acronym in used if len(_letters(acronym)) >= 2 and _is_word(acronym)}
        if not used:
            continue
        for acronym, runs in _spelt_in(text, used).items():
            for run in runs:
                found.setdefault(acronym, Counter())[run.lower()] += 1
                written.setdefault(run.lower(), run)
    table = {}
    for acronym, counts in found.items():
        (best, count), *rest = counts.most_common(2)
        if count >= MIN_POSTS and (not rest or rest[0][1] < count):
            table[acronym] = written[best]
    return table


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
