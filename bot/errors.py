"""The domain errors of innobot; the CLI and Telegram edges turn them into one clear line."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bot.domain import Unreadable
from bot.texts import Lang, text


class InnobotError(Exception):
    """Base of every error that is the user's or the operator's to fix.

    Raised with a catalogue key (`key="error_index_missing", path=…`), it reads in the reader's
    language (the CLI's, an admin's in Telegram) and in English in logs; with a plain message
    it stays as raised.
    """

    def __init__(self, message: str = "", /, *, key: str | None = None, **params: object) -> None:
        self.key, self.params = key, params
        super().__init__(text(key, "en", **params) if key else message)

    def explain(self, lang: Lang) -> str:
        """The reason in the reader's language."""
        return text(self.key, lang, **self.params) if self.key else str(self)


class CorpusError(InnobotError):
    """The corpus directory or one of its files cannot be used."""


class PostError(CorpusError):
    """One post or report file cannot be read; the reason is a catalogue key (post_error_*).

    The file is named and left out of the build; the reason is kept with the index version, so
    that the build report reads in its reader's language.
    """

    def __init__(self, file: str, reason: str, **params: object) -> None:
        english = text(f"post_error_{reason}", "en", **params)
        self.left_out = Unreadable(file, english, reason, tuple((name, str(v)) for name, v in params.items()))
        super().__init__(self.left_out.line("en"))

    def explain(self, lang: Lang) -> str:
        return self.left_out.line(lang)


class NothingReadableError(CorpusError):
    """No post file of the corpus could be read: the first ones are named, with why."""

    def __init__(self, corpus_dir: Path, unreadable: Sequence[Unreadable]) -> None:
        self.corpus_dir, self.unreadable = corpus_dir, tuple(unreadable[:3])
        super().__init__(self.explain("en"))

    def explain(self, lang: Lang) -> str:
        names = "; ".join(u.line(lang) for u in self.unreadable)
        return text(
            "error_nothing_readable", lang, path=self.corpus_dir, names=f" ({names})" if names else ""
        )


class FeedError(CorpusError):
    """A feed, or a post's page, cannot be read or stored; the reason is a catalogue key (feed_error_*).

    These reach administrators in Telegram after every scheduled refresh, so they are translated.
    """

    def __init__(self, reason: str, **params: str | int) -> None:
        self.reason = reason
        super().__init__(key=f"feed_error_{reason}", **params)


class IndexMissingError(InnobotError):
    """No index has been built yet."""


class IndexMismatchError(InnobotError):
    """The index on disk does not fit the settings or is damaged."""


class EmbeddingError(InnobotError):
    """The embedding model cannot be loaded."""


class QuestionError(InnobotError):
    """The question cannot be searched (empty, nothing but punctuation)."""
