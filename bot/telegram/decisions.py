"""Pure decisions of the bot: what a message asks, button payloads, per-user pacing."""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from bot.analysis import has_words

__all__ = ["has_words"]  # the handlers' check, from the analysis layer

MAX_QUESTION = 500
PAGE_SIZE = 3


def page_start(asked: int | None, page: int) -> int:
    """Where page `page` of an answer starts (0-based): the first shows PAGE_SIZE posts, or the
    number asked when it is fewer ("les 2 derniers articles"), and the next pages go on from it."""
    first = min(asked or PAGE_SIZE, PAGE_SIZE)
    return first + (page - 1) * PAGE_SIZE if page else 0


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


# Callback payloads stay far under Telegram's 64 bytes; a letter names the action:
# m more results, f 👍/👎 on an answer, t sort by date or relevance, w follow a question,
# a 👍/👎 on an alert, s act on one subscription, h digest hour, u unsubscribe from all
# (confirm), o forget me (confirm). A final ":r" means the answer is sorted newest first, ":o"
# in the order the question asked (oldest first: "le premier article sur …"; `recent` None).
def _order_suffix(recent: bool | None) -> str:
    return ":o" if recent is None else ":r" if recent else ""


def more_payload(query_id: int, page: int, recent: bool | None = False) -> str:
    return f"m:{query_id}:{page}" + _order_suffix(recent)


def vote_payload(query_id: int, page: int, vote: int, recent: bool | None = False) -> str:
    return f"f:{query_id}:{page}:{'+' if vote > 0 else '-'}" + _order_suffix(recent)


def order_payload(query_id: int, recent: bool) -> str:
    return f"t:{query_id}:{'r' if recent else 's'}"


def digest_hour_payload(hour: int | None) -> str:
    """hour None: show the hours to choose from."""
    return f"h:{'-' if hour is None else hour}"


def follow_payload(query_id: int) -> str:
    return f"w:{query_id}"


def alert_vote_payload(alert_id: int, vote: int) -> str:
    return f"a:{alert_id}:{'+' if vote > 0 else '-'}"


def subscription_payload(subscription_id: int, option: str) -> str:
    """option: p pause/resume, d delete, m next mode."""
    return f"s:{subscription_id}:{option}"


def confirm_payload(action: str, yes: bool) -> str:
    """action: u (unsubscribe from all) or o (forget me)."""
    return f"{action}:{'y' if yes else 'n'}"


@dataclass(frozen=True)
class ButtonPress:
    """A decoded button payload."""

    action: str
    ident: int = 0
    page: int = 0
    vote: int = 0
    option: str = ""
    recent: bool | None = False  # None: the order the question asked (oldest first)


def _order(suffix: str | None) -> bool | None:
    return None if suffix == ":o" else suffix == ":r"


_PAYLOADS: tuple[tuple[re.Pattern[str], Callable[[tuple[str, ...]], ButtonPress]], ...] = (
    (
        re.compile(r"m:([0-9]{1,12}):([0-9]{1,3})(:[ro])?"),
        lambda g: ButtonPress("more", int(g[0]), int(g[1]), recent=_order(g[2])),
    ),
    (
        re.compile(r"f:([0-9]{1,12}):([0-9]{1,3}):([+-])(:[ro])?"),
        lambda g: ButtonPress("vote", int(g[0]), int(g[1]), 1 if g[2] == "+" else -1, recent=_order(g[3])),
    ),
    (re.compile(r"t:([0-9]{1,12}):([rs])"), lambda g: ButtonPress("order", int(g[0]), recent=g[1] == "r")),
    (
        re.compile(r"h:(-|[0-9]|1[0-9]|2[0-3])"),
        lambda g: ButtonPress("digest_hour", -1 if g[0] == "-" else int(g[0])),
    ),
    (re.compile(r"w:([0-9]{1,12})"), lambda g: ButtonPress("follow", int(g[0]))),
    (
        re.compile(r"a:([0-9]{1,12}):([+-])"),
        lambda g: ButtonPress("alert_vote", int(g[0]), vote=1 if g[1] == "+" else -1),
    ),
    (re.compile(r"s:([0-9]{1,12}):([pdm])"), lambda g: ButtonPress("subscription", int(g[0]), option=g[1])),
    (
        re.compile(r"([uo]):([yn])"),
        lambda g: ButtonPress("unsubscribe" if g[0] == "u" else "forget", option=g[1]),
    ),
)


def payload_of(press: ButtonPress) -> str:
    """The payload a press decodes from (the inverse of parse_payload)."""
    makers = {
        "more": lambda: more_payload(press.ident, press.page, press.recent),
        "vote": lambda: vote_payload(press.ident, press.page, press.vote, press.recent),
        "order": lambda: order_payload(press.ident, bool(press.recent)),
        "digest_hour": lambda: digest_hour_payload(None if press.ident < 0 else press.ident),
        "follow": lambda: follow_payload(press.ident),
        "alert_vote": lambda: alert_vote_payload(press.ident, press.vote),
        "subscription": lambda: subscription_payload(press.ident, press.option),
        "unsubscribe": lambda: confirm_payload("u", press.option == "y"),
        "forget": lambda: confirm_payload("o", press.option == "y"),
    }
    return makers[press.action]()


def parse_payload(data: str | None) -> ButtonPress | None:
    """Decode a payload; None for anything malformed or from an older version of the bot."""
    for pattern, make in _PAYLOADS:
        match = pattern.fullmatch(data or "")
        if match:
            return make(match.groups())
    return None


def page_shown(payloads: Iterable[str | None]) -> ButtonPress | None:
    """The question, page and order an answer message shows, read from its buttons' payloads (its
    👍 / 👎 carry them); None for any other message (an alert's, a list without buttons)."""
    presses = (parse_payload(data) for data in payloads)
    return next((press for press in presses if press is not None and press.action == "vote"), None)


@dataclass(frozen=True)
class Pace:
    """When to answer a question: now, after `delay` seconds (in order), or not at all."""

    delay: float | None  # None: the user's queue is full, this question is not taken
    notice: bool = False  # the first question of a burst that waits: say so, once


@dataclass
class UserPacer:
    """A burst of questions per user, then a few more queued and answered in order as the
    bucket refills, then "not taken" (said to the user, question by question): none vanishes."""

    burst: int = 6
    refill_seconds: float = 5.0
    queue: int = 4
    clock: Callable[[], float] = time.monotonic
    _tokens: dict[int, float] = field(default_factory=dict)
    _stamp: dict[int, float] = field(default_factory=dict)
    _warned: set[int] = field(default_factory=set)

    def check(self, user_id: int) -> Pace:
        """Take a token for one question; a negative balance is a place in the queue."""
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
            return Pace(0.0)
        if tokens - 1 < -self.queue:
            self._tokens[user_id] = tokens
            return Pace(None)
        self._tokens[user_id] = tokens - 1
        notice = user_id not in self._warned
        self._warned.add(user_id)
        # Answered when the bucket is back at zero: later questions wait longer, order is kept.
        return Pace((1 - tokens) * self.refill_seconds, notice)
