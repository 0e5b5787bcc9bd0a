"""Dictionaries: whether a word exists, and the existing words one letter away.

pyspellchecker's frequency lists, each loaded once per process: French (about 140,000 words,
0.2 s, about 40 MB) for typos — the collection alone cannot tell a typo from a word it never
uses ("tatin", "robinet"): the dictionary can — and to put back the accents of words typed
without them; with English (160,000 words, 0.1 s, about 20 MB), to tell which language a text
without function words is written in ("sustainable forest management").
"""

from __future__ import annotations

from functools import cached_property, lru_cache

from spellchecker import SpellChecker

from bot.analysis import fold_accents


class Dictionary:
    """The words of a language, and how often each is used."""

    def __init__(self, checker: SpellChecker) -> None:
        self._checker = checker

    def knows(self, word: str) -> bool:
        return word in self._checker

    def knows_unaccented(self, word: str) -> bool:
        """Whether the word is one of the language's, accents aside ("sobriete" is "sobriété")."""
        return fold_accents(word.lower()) in self._folded

    def accented(self, word: str) -> str | None:
        """The language's commonest word that a lower-case word typed without its accents stands
        for ("activite" → "activité", "cree" → "crée"), or None."""
        return self._folded.get(fold_accents(word))

    def near_unaccented(self, word: str) -> list[tuple[str, int]]:
        """The existing words one letter away from a word, accents aside, with their frequency:
        typed on a phone without accents, "depatement" is two changes from "département" for
        `near`, one here."""
        key = fold_accents(word.lower())
        frequency = self._checker.word_frequency
        found = {
            self._folded[v] for v in self._checker.edit_distance_1(key) if v != key and v in self._folded
        }
        return [(w, frequency[w]) for w in sorted(found)]

    @cached_property
    def _folded(self) -> dict[str, str]:
        """Each word without its accents → the commonest word of the language it may be."""
        best: dict[str, tuple[int, str]] = {}
        for w, count in self._checker.word_frequency.dictionary.items():
            key = fold_accents(w)
            if key not in best or count > best[key][0]:
                best[key] = (count, w)
        return {key: w for key, (_, w) in best.items()}

    def near(self, word: str) -> list[tuple[str, int]]:
        """The existing words one letter away (dropped, added, changed or swapped), with their
        frequency in the language."""
        frequency = self._checker.word_frequency
        return [
            (w, frequency[w]) for w in self._checker.candidates(word) or () if w != word and w in frequency
        ]


@lru_cache(maxsize=1)
def french() -> Dictionary:
    """The French dictionary (read once: every retriever of the process shares it)."""
    return Dictionary(SpellChecker(language="fr", distance=1))


@lru_cache(maxsize=1)
def english() -> Dictionary:
    """The English dictionary (read once, shared as the French one)."""
    return Dictionary(SpellChecker(language="en", distance=1))
