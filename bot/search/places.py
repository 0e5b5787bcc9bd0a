"""Country names an English question writes in English, given as French writes them
too ("labs in Denmark" → "labs in Denmark (Danemark)"). Pure.

The collection is French: its posts write "Danemark", "Royaume-Uni", "Pays-Bas". The words side
never matched "Denmark" with "Danemark", and the model put "labs in Denmark" nearer posts about
labs anywhere than "Le Danemark, ou le discours de la méthode… de l'innovation", which the French
name finds first. Both names are kept: the collection's few English posts write the English one.
The names are those of the Unicode CLDR, through Babel; those written alike ("Canada", "Taiwan"
and "Taïwan") are left as typed.
"""

from __future__ import annotations

import re
from functools import cache

from babel import Locale

from bot.analysis import fold_accents

# Countries and territories only (ISO 3166-1 codes): not world regions (numeric codes, "Latin
# America"), groupings ("European Union", "Eurozone", "United Nations") or "Unknown Region". Given
# "Union européenne", "European Union and innovation" put a post writing "Europe" third, where an
# alert wants it among the first two (tests/eval/alerts_short_unseen.jsonl).
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ"})


@cache
def _names() -> tuple[dict[str, str], re.Pattern[str]]:
    """The English names whose French differs (lower case → French), and a pattern finding them."""
    english, french = Locale("en").territories, Locale("fr").territories
    names = {
        name.lower(): french[code]
        for code, name in english.items()
        if code.isalpha()
        and code not in _NOT_COUNTRIES
        and code in french
        and fold_accents(name.lower()) != fold_accents(french[code].lower())
    }
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    # Not already followed by a bracket: a text given its French names keeps them once.
    return names, re.compile(rf"(?<![\w'’-])(?:{alternatives})(?![\w'’-])(?!\s*\()", re.IGNORECASE)


def french_places(text: str) -> str:
    """The text with each English country name followed by its French name in brackets
    ("innovation labs in the United Kingdom (Royaume-Uni)")."""
    names, pattern = _names()
    return pattern.sub(lambda m: f"{m[0]} ({names[m[0].lower()]})", text)


_GIVEN = re.compile(r"\s*\(([^()]+)\)")


def apart(text: str) -> tuple[str, ...]:
    """The text without the names given it in brackets, then each of them: a name written either
    way ("Denmark (Danemark)?" → "Denmark?", "Danemark")."""
    given = _GIVEN.findall(text)
    return (_GIVEN.sub("", text), *given) if given else (text,)
