"""A written answer shown while it is written: Telegram drafts in private chats, "typing…" elsewhere.

sendMessageDraft (Bot API 9.3+) animates a preview that vanishes after ~30 s or at the next real
message, so the final answer is always sent with sendMessage. Edits and drafts count against the
per-chat budget (≈ 1/s; bots editing every 0.6 s got "retry after 137"): one update per second at
most, and a RetryAfter silences the preview for as long as Telegram asks.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from telegram.constants import ChatAction
from telegram.error import BadRequest, RetryAfter, TelegramError
from telegram.ext import ExtBot

from bot.synthesis.citations import draft_text
from bot.telegram.dispatch import retry_seconds

log = logging.getLogger(__name__)
TYPING_EVERY = 4.0  # "typing…" lasts 5 s


@dataclass
class DraftPreview:
    """Paces previews of one answer in one chat; never raises."""

    bot: ExtBot[None]
    chat_id: int
    draft_id: int  # non-zero and distinct per answer in a chat: the question's message id
    private: bool
    interval: float = 1.1  # a little over 1 s, so network jitter never makes two arrive closer
    clock: Callable[[], float] = time.monotonic
    sent: int = 0
    _next_draft: float = 0.0
    _next_typing: float = 0.0
    _shown: str = ""
    _drafts: bool = True

    def __post_init__(self) -> None:
        # A bot library without the method, or a chat that is not private: "typing…" only.
        self._drafts = self.private and hasattr(self.bot, "send_message_draft")
        self._next_typing = self.clock() + TYPING_EVERY

    async def update(self, partial: str) -> None:
        """Show the answer so far when the pace allows."""
        now = self.clock()
        if not self._drafts:
            if now >= self._next_typing:
                self._next_typing = now + TYPING_EVERY
                await self._typing()
            return
        shown = draft_text(partial)
        if now < self._next_draft or not shown or shown == self._shown:
            return
        self._next_draft = now + self.interval
        try:
            # No retry inside the rate limiter (AIORateLimiter's rate_limit_args is its retry count;
            # the application is typed without one): a later draft replaces this one anyway.
            await self.bot.send_message_draft(
                self.chat_id,
                self.draft_id,
                shown,
                rate_limit_args=0,  # type: ignore[arg-type]
            )
        except RetryAfter as error:
            self._next_draft = now + max(retry_seconds(error.retry_after), self.interval)
            return
        except BadRequest as error:
            log.info("drafts unavailable in this chat (%s): typing only", error.message)
            self._drafts = False
            return
        except TelegramError as error:
            log.info("draft not shown: %s", error)
            return
        self._shown, self.sent = shown, self.sent + 1

    async def _typing(self) -> None:
        try:
            await self.bot.send_chat_action(
                self.chat_id,
                ChatAction.TYPING,
                rate_limit_args=0,  # type: ignore[arg-type]
            )
        except TelegramError as error:
            log.info("typing not shown: %s", error)
