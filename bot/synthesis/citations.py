"""Checking a written answer against the passages it cites. Pure.

Models number citations wrongly (RAGFlow #7232), cite nothing, or add a figure of their own: the
value of a written answer is in this check, not in the call. Numbers outside 1..N are removed; a
sentence holding a figure or a proper name that its cited passages do not hold is flagged; an
answer with no valid citation, or in the wrong language, is not shown as an answer.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from bot.analysis import fold_accents, looks_english
from bot.texts import Lang

# [1], [1, 2], [1][2] and the [[1]] some models write.
_CITATION = re.compile(r"\[\[?\s*(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\s*\]\]?")
_CITATIONS_AFTER_END = re.compile(r"([.!?…]+)((?:\s*\[\[?\s*\d{1,3}(?:\s*[,;]\s*\d{1,3})*\s*\]\]?)+)")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_PARTIAL_TAIL = re.compile(r"\[\[?[\d,;\s]*$")
_FIGURE = re.compile(r"\d+(?:[ \u00a0\u202f.,]\d+)*")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Capitalised words that are not names: sentence starters and function words (French, English).
_NOT_NAMES = set(
    "le la les un une des ce cette ces il elle ils elles on en au aux du de dans pour par selon avec "
    "sur son sa ses leur leurs je nous et mais ainsi enfin aussi cependant the a an this these it they "
    "in for according i we and but".split()
)
_REFUSAL_MARKS = (
    "je ne trouve pas la reponse",
    "ne permettent pas de repondre",
    "i cannot find the answer",
    "i can't find the answer",
    "do not allow me to answer",
)


@dataclass(frozen=True)
class Sentence:
    """One sentence of the answer: its text without markers, its valid citations, what is unsupported."""

    text: str
    cites: tuple[int, ...]
    unsupported: tuple[str, ...] = ()


@dataclass(frozen=True)
class CheckedAnswer:
    """A written answer after the checks."""

    sentences: tuple[Sentence, ...]
    removed: int = 0  # citation numbers outside 1..N, dropped
    refused: bool = False  # the model said the passages do not answer
    wrong_language: bool = False

    @property
    def cited(self) -> tuple[int, ...]:
        """Source numbers cited, in order of first citation."""
        seen: dict[int, None] = {}
        for sentence in self.sentences:
            seen.update(dict.fromkeys(sentence.cites))
        return tuple(seen)

    @property
    def flagged(self) -> bool:
        return any(s.unsupported for s in self.sentences)

    @property
    def usable(self) -> bool:
        """Shown as an answer only when it cites at least one passage, in the right language."""
        return bool(self.cited) and not self.refused and not self.wrong_language


def _numbers(group: str) -> list[int]:
    return [int(n) for n in re.split(r"[,;\s]+", group.strip()) if n]


def strip_citations(text: str) -> str:
    """The text without citation markers (and without a marker still being written at the end)."""
    text = _PARTIAL_TAIL.sub("", text)
    text = _CITATION.sub("", text)
    return re.sub(r"[ \t]+([.,;:!?…])", r"\1", re.sub(r"[ \t]{2,}", " ", text)).strip()


def _fold(value: str) -> str:
    return fold_accents(unicodedata.normalize("NFKC", value).lower())


def _figure_key(value: str) -> str:
    # "10 000", "10.000" and "10000" are the same figure; "3,5" and "3.5" too.
    return re.sub(r"[ \u00a0\u202f.,]", "", value)


def _unsupported(sentence: str, cited_text: str) -> tuple[str, ...]:
    """Figures and proper names of a sentence that the cited passages do not hold."""
    figures_there = {_figure_key(f) for f in _FIGURE.findall(cited_text)}
    folded_there = _fold(cited_text)
    missing = [f for f in _FIGURE.findall(sentence) if _figure_key(f) not in figures_there]
    words = _WORD.findall(sentence)
    for position, word in enumerate(words):
        name = word.strip("'’-")
        if (
            position > 0
            and len(name) >= 3
            and name[0].isupper()
            and _fold(name) not in _NOT_NAMES
            and _fold(name) not in folded_there
        ):
            missing.append(name)
    return tuple(dict.fromkeys(missing))


def check(answer: str, passages: Sequence[str], lang: Lang) -> CheckedAnswer:
    """Split the answer into sentences, keep the citations within 1..N, flag what is unsupported."""
    folded = _fold(answer)
    refused = any(mark in folded for mark in _REFUSAL_MARKS)
    # "Phrase. [1]" cites the sentence before it: move such markers in front of the full stop.
    text = _CITATIONS_AFTER_END.sub(lambda m: f"{m.group(2)}{m.group(1)}", answer.strip())
    sentences, removed = [], 0
    for raw in _SENTENCE_END.split(text):
        numbers = [n for group in _CITATION.findall(raw) for n in _numbers(group)]
        valid = tuple(dict.fromkeys(n for n in numbers if 1 <= n <= len(passages)))
        removed += sum(1 for n in numbers if not 1 <= n <= len(passages))
        body = strip_citations(raw)
        if not body:
            continue
        cited_text = "\n".join(passages[n - 1] for n in valid)
        sentences.append(Sentence(body, valid, _unsupported(body, cited_text)))
    plain = " ".join(s.text for s in sentences)
    wrong = bool(plain) and looks_english(plain) != (lang == "en")
    return CheckedAnswer(tuple(sentences), removed, refused, wrong)


def draft_text(partial: str, limit: int = 4000) -> str:
    """What a streaming preview shows: the answer so far, markers removed, within Telegram's limit."""
    shown = strip_citations(partial)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"
