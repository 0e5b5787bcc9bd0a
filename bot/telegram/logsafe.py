"""Logging that never shows a secret: bot tokens (PTB and httpx both can print them) and the
written-answer service's API key (given to `install`)."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from pythonjsonlogger.json import JsonFormatter

_TOKEN = re.compile(r"\d{5,}:[\w-]{30,}")


def redact(line: str, secrets: Iterable[str] = ()) -> str:
    """The line with bot tokens and the given secrets replaced by placeholders."""
    for secret in secrets:
        line = line.replace(secret, "<secret>")
    return _TOKEN.sub("<token>", line)


class RedactTokens(logging.Filter):
    """Replace anything shaped like a bot token, or one of `secrets`, by a placeholder."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = tuple(secrets)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        hidden = redact(message, self.secrets)
        if hidden != message:
            record.msg, record.args = hidden, None
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.secrets)
        return True


class _Redacting(logging.Formatter):
    """Secrets replaced in the finished line, tracebacks formatted after the filters ran included."""

    secrets: tuple[str, ...] = ()

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record), self.secrets)


class RedactingText(_Redacting):
    """Plain-text lines."""


class RedactingJson(_Redacting, JsonFormatter):
    """One JSON object per line (time, level, logger, message, exc_info)."""


def formatter(json_lines: bool, secrets: Iterable[str] = ()) -> logging.Formatter:
    chosen = _json() if json_lines else RedactingText("%(asctime)s %(levelname)s %(name)s: %(message)s")
    chosen.secrets = tuple(secrets)
    return chosen


def _json() -> _Redacting:
    return RedactingJson(
        "{asctime}{levelname}{name}{message}",
        style="{",
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
    )


def install(level: int = logging.INFO, json_lines: bool = False, secrets: Iterable[str] = ()) -> None:
    """Configure the root logger: redaction on every handler, text or JSON lines.

    `secrets`: exact values to hide as well (API keys); short ones are ignored (they would blank
    ordinary words).
    """
    hidden = tuple(s for s in secrets if len(s) >= 8)
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig()
    # The CLI may have configured logging already (WARNING for commands): keep its handlers.
    root.setLevel(level)
    for handler in root.handlers:
        handler.setFormatter(formatter(json_lines, hidden))
        for old in [f for f in handler.filters if isinstance(f, RedactTokens)]:
            handler.removeFilter(old)
        handler.addFilter(RedactTokens(hidden))
    # httpx logs every request URL at INFO, and the URL holds the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # The openai client logs requests at DEBUG, headers included.
    logging.getLogger("openai").setLevel(logging.WARNING)
