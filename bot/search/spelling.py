"""A French dictionary for typos: whether a word exists, and the existing words one letter away.

pyspellchecker's French frequency list (about 140,000 words), loaded once per process (0.2 s,
about 40 MB). The collection alone cannot tell a typo from a word it never uses ("tatin",
"robinet"): the dictionary can.
"""

from __future__ import annotations

from functools import lru_cache

from spellchecker import SpellChecker


class Dictionary:
    """The words of a language, and how often each is used."""

    def __init__(self, checker: SpellChecker) -> None:
        self._checker = checker

    def knows(self, word: str) -> bool:
        return word in self._checker

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
