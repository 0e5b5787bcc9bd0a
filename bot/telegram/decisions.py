"""Pure decisions of the bot: what a message asks, button payloads, per-user pacing."""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bot.analysis import has_words

__all__ = ["has_words"]  # the handlers' check, from the analysis layer

MAX_QUESTION = 500
PAGE_SIZE = 3


def clean_question(text: str | None) -> str:
    """The question to search: control characters removed, spaces folded, length bounded."""
    if not text:
        return ""
    kept = "".join(c if unicodedata.category(c)[0] != "C" else " " for c in text)
    question = " ".join(kept.split())
    return question[:MAX_QUESTION]


@dataclass(frozen=True)
class Mention:
    """A `mention` entity of a message: offset and length in UTF-16 units."""

    offset: int
    length: int


def _utf16_slice(text: str, offset: int, length: int) -> str:
    raw = text.encode("utf-16-le")
    return raw[offset * 2 : (offset + length) * 2].decode("utf-16-le", errors="ignore")


def addressed_question(
    text: str, mentions: Sequence[Mention], bot_username: str | None, reply_to_bot: bool
) -> str | None:
    """In a group: the question if the message is for the bot (mention or reply), else None."""
    if reply_to_bot:
        return text
    if not bot_username:
        return None
    handle = f"@{bot_username}".lower()
    for mention in mentions:
        if _utf16_slice(text, mention.offset, mention.length).lower() == handle:
            return re.sub(re.escape(handle), " ", text, flags=re.IGNORECASE)
    return None


# Callback payloads stay far under Telegram's 64 bytes: "m:<query id>:<page>", "f:<id>:<page>:<±>".
def more_payload(query_id: int, page: int) -> str:
    return f"m:{query_id}:{page}"


def vote_payload(query_id: int, page: int, vote: int) -> str:
    return f"f:{query_id}:{page}:{'+' if vote > 0 else '-'}"


@dataclass(frozen=True)
class ButtonPress:
    """A decoded button payload."""

    action: str
    query_id: int
    page: int
    vote: int = 0


def parse_payload(data: str | None) -> ButtonPress | None:
    """Decode a payload; None for anything malformed or from an older version of the bot."""
    match = re.fullmatch(r"(m):(\d{1,12}):(\d{1,3})|(f):(\d{1,12}):(\d{1,3}):([+-])", data or "")
    if not match:
        return None
    if match.group(1):
        return ButtonPress("more", int(match.group(2)), int(match.group(3)))
    return ButtonPress("vote", int(match.group(5)), int(match.group(6)), 1 if match.group(7) == "+" else -1)


@dataclass
class UserPacer:
    """A burst of questions per user, then one polite notice, then silence until refilled."""

    burst: int = 6
    refill_seconds: float = 5.0
    clock: Callable[[], float] = time.monotonic
    _tokens: dict[int, float] = field(default_factory=dict)
    _stamp: dict[int, float] = field(default_factory=dict)
    _warned: set[int] = field(default_factory=set)

    def check(self, user_id: int) -> str:
        """'ok' to answer, 'notice' to send the slow-down message once, 'drop' to stay quiet."""
        now = self.clock()
        tokens = min(
            self.burst,
            self._tokens.get(user_id, self.burst)
            + (now - self._stamp.get(user_id, now)) / self.refill_seconds,
        )
        self._stamp[user_id] = now
        if tokens >= 1:
            self._tokens[user_id] = tokens - 1
            self._warned.discard(user_id)
            return "ok"
        self._tokens[user_id] = tokens
        if user_id in self._warned:
            return "drop"
        self._warned.add(user_id)
        return "notice"
