"""The domain errors of innobot; the CLI and Telegram edges turn them into one clear line."""

from __future__ import annotations


class InnobotError(Exception):
    """Base of every error that is the user's or the operator's to fix."""


class CorpusError(InnobotError):
    """The corpus directory or one of its files cannot be used."""


class IndexMissingError(InnobotError):
    """No index has been built yet."""


class IndexMismatchError(InnobotError):
    """The index on disk does not fit the settings or is damaged."""


class EmbeddingError(InnobotError):
    """The embedding model cannot be loaded."""


class QuestionError(InnobotError):
    """The question cannot be searched (empty, nothing but punctuation)."""
