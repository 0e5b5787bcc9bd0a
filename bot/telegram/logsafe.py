"""Logging that never shows a bot token (PTB and httpx both can print it)."""

from __future__ import annotations

import logging
import re

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


def install(level: int = logging.INFO) -> None:
    """Configure the root logger with the redaction filter on every handler."""
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # The CLI may have configured logging already (WARNING for commands): keep its handlers.
    root.setLevel(level)
    # httpx logs every request URL at INFO, and the URL holds the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactTokens) for f in handler.filters):
            handler.addFilter(RedactTokens())
