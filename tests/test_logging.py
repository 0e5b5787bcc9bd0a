"""Log lines as text or JSON, never with a bot token, not even inside a traceback."""

from __future__ import annotations

import io
import json
import logging

from bot.telegram.logsafe import formatter

TOKEN = "123456789:AAF-sentinel-token-0123456789abcdefXYZ"


def _emit(json_lines: bool) -> str:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter(json_lines))
    log = logging.getLogger("innobot-test")
    log.addHandler(handler)
    log.propagate = False
    try:
        raise RuntimeError(f"POST https://api.telegram.org/bot{TOKEN}/sendMessage failed")
    except RuntimeError:
        log.exception("request to %s failed", f"https://api.telegram.org/bot{TOKEN}/getMe")
    finally:
        log.removeHandler(handler)
    return stream.getvalue()


def test_json_lines_carry_level_logger_message_and_no_token():
    line = _emit(json_lines=True)
    record = json.loads(line)
    assert record["level"] == "ERROR" and record["logger"] == "innobot-test"
    assert record["message"] == "request to https://api.telegram.org/bot<token>/getMe failed"
    assert "RuntimeError" in record["exc_info"]
    assert TOKEN.split(":")[1] not in line


def test_text_lines_redact_the_token_inside_tracebacks():
    output = _emit(json_lines=False)
    assert "Traceback" in output and "bot<token>/sendMessage" in output
    assert TOKEN.split(":")[1] not in output
