"""The domain errors of innobot; the CLI and Telegram edges turn them into one clear line."""

from __future__ import annotations

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
