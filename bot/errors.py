"""The domain errors of innobot; the CLI and Telegram edges turn them into one clear line."""

from __future__ import annotations

from bot.texts import Lang, text


class InnobotError(Exception):
    """Base of every error that is the user's or the operator's to fix."""

    def explain(self, lang: Lang) -> str:
        """The reason in the reader's language; operator errors without a catalogue entry stay as raised."""
        del lang
        return str(self)


class CorpusError(InnobotError):
    """The corpus directory or one of its files cannot be used."""


class FeedError(CorpusError):
    """A feed, or a post's page, cannot be read or stored; the reason is a catalogue key (feed_error_*).

    These reach administrators in Telegram after every scheduled refresh, so they are translated.
    """

    def __init__(self, reason: str, **params: str | int) -> None:
        self.reason, self.params = reason, params
        super().__init__(text(f"feed_error_{reason}", "en", **params))

    def explain(self, lang: Lang) -> str:
        return text(f"feed_error_{self.reason}", lang, **self.params)


class IndexMissingError(InnobotError):
    """No index has been built yet."""


class IndexMismatchError(InnobotError):
    """The index on disk does not fit the settings or is damaged."""


class EmbeddingError(InnobotError):
    """The embedding model cannot be loaded."""


class QuestionError(InnobotError):
    """The question cannot be searched (empty, nothing but punctuation)."""
