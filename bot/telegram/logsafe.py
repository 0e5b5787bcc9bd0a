"""Logging that never shows a bot token (PTB and httpx both can print it)."""

from __future__ import annotations

import logging
import re

from pythonjsonlogger.json import JsonFormatter

_TOKEN = re.compile(r"\d{5,}:[\w-]{30,}")


class RedactTokens(logging.Filter):
    """Replace anything shaped like a bot token in a log record by a placeholder."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _TOKEN.search(message):
            record.msg, record.args = _TOKEN.sub("<token>", message), None
        if record.exc_text:
            record.exc_text = _TOKEN.sub("<token>", record.exc_text)
        return True


class _Redacting(logging.Formatter):
    """Tokens replaced in the finished line, tracebacks formatted after the filters ran included."""

    def format(self, record: logging.LogRecord) -> str:
        return _TOKEN.sub("<token>", super().format(record))


class RedactingText(_Redacting):
    """Plain-text lines."""


class RedactingJson(_Redacting, JsonFormatter):
    """One JSON object per line (time, level, logger, message, exc_info)."""


def formatter(json_lines: bool) -> logging.Formatter:
    if json_lines:
        return RedactingJson(
            "{asctime}{levelname}{name}{message}",
            style="{",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        )
    return RedactingText("%(asctime)s %(levelname)s %(name)s: %(message)s")


def install(level: int = logging.INFO, json_lines: bool = False) -> None:
    """Configure the root logger: redaction on every handler, text or JSON lines."""
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig()
    # The CLI may have configured logging already (WARNING for commands): keep its handlers.
    root.setLevel(level)
    for handler in root.handlers:
        handler.setFormatter(formatter(json_lines))
        if not any(isinstance(f, RedactTokens) for f in handler.filters):
            handler.addFilter(RedactTokens())
    # httpx logs every request URL at INFO, and the URL holds the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
