"""What the service is sent: the numbered passages of the card and the question. Pure.

Nothing about the user goes out: no name, no id, no chat, only the question and the passages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from bot.analysis import told_language
from bot.search.retrieval import SearchResult
from bot.texts import Lang

MAX_SOURCES = 5
MAX_PASSAGE_CHARS = 1500
REFUSAL: dict[Lang, str] = {
    "fr": "Je ne trouve pas la réponse dans ces ressources.",
    "en": "I cannot find the answer in these resources.",
}
_LANGUAGE_NAME: dict[Lang, str] = {"fr": "français", "en": "anglais"}

Message = dict[str, str]


@dataclass(frozen=True)
class Source:
    """A passage given to the service, numbered from 1 in the card's order."""

    number: int
    doc_id: str
    title: str
    url: str | None
    date: dt.date | None
    text: str

    def labelled(self) -> str:
        """Title, year and passage: what the model reads, and what a citation of it may rest on."""
        year = f" ({self.date.year})" if self.date else ""
        return f"{self.title}{year}\n{self.text}"


def sources_of(result: SearchResult, limit: int = MAX_SOURCES) -> tuple[Source, ...]:
    """The passages the card shows, in its order (a post may give two)."""
    return tuple(
        Source(number, hit.doc_id, hit.title, hit.url, hit.date, passage.text[:MAX_PASSAGE_CHARS])
        for number, (hit, passage) in enumerate(result.shown()[:limit], start=1)
    )


def answer_lang(result: SearchResult, reader: Lang) -> Lang:
    """Answer in the question's language when its function words tell ("which labs?", "quels
    labos ?"), else in the reader's (their Telegram's, the terminal's): a French agent typing
    "civic tech" or "Audrey Tang" reads a French card and gets a French answer."""
    return told_language(result.question) or reader


def _system(lang: Lang) -> str:
    # French instructions work with every model the administrations use (Albert, Mistral, Llama).
    return (
        "Tu es innobot, l'assistant des agents publics qui cherchent des ressources sur l'innovation "
        "publique. Tu réponds à la question uniquement à partir des extraits numérotés fournis.\n"
        "Règles :\n"
        "1. N'affirme rien qui ne figure pas dans les extraits : aucun chiffre, nom, date ou lieu "
        "venu d'ailleurs.\n"
        "2. Termine chaque phrase par le numéro de l'extrait qui la justifie, entre crochets : [1]. "
        "Plusieurs extraits : [1][3]. N'utilise que les numéros des extraits fournis.\n"
        f"3. Si les extraits ne permettent pas de répondre, écris seulement : « {REFUSAL[lang]} »\n"
        f"4. Réponds en {_LANGUAGE_NAME[lang]}, en trois phrases au plus, sans titre, sans liste "
        "et sans lien."
    )


def _passages(sources: Sequence[Source]) -> str:
    return "\n\n".join(f"[{source.number}] {source.labelled()}" for source in sources)


def answer_messages(question: str, sources: Sequence[Source], lang: Lang) -> list[Message]:
    """The chat messages asking for a short answer with inline [n] citations."""
    return [
        {"role": "system", "content": _system(lang)},
        {"role": "user", "content": f"Extraits :\n\n{_passages(sources)}\n\nQuestion : {question}"},
    ]


def rewrite_messages(previous: str, question: str) -> list[Message]:
    """The chat messages asking to turn a follow-up into a question that stands alone."""
    return [
        {
            "role": "system",
            "content": "Réécris la dernière question de l'utilisateur pour qu'elle se comprenne seule, "
            "en reprenant ce qu'elle doit à la question précédente. Garde sa langue. Réponds "
            "uniquement par la question réécrite, sur une ligne.",
        },
        {"role": "user", "content": f"Question précédente : {previous}\nDernière question : {question}"},
    ]
