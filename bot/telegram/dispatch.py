"""The alert dispatcher: claims chats from the outbox, sends, records each outcome.

Guarantees, with Telegram's own limits (no idempotency key exists for sends):
- nothing is lost: an alert leaves "pending" only when Telegram accepted its message, refused
  it for good (bad request → "failed", kept), or the chat blocked the bot ("blocked");
- duplicates only after a timeout where Telegram may have accepted the message (counted), or
  when a dispatcher dies between a send and its record (at most one message per claimed chat);
- ≤ 1 message per chat per `alerts_chat_interval` (claims are per chat, in the database, so
  this holds across dispatchers) and ≤ `alerts_overall_rate` messages/s per dispatcher;
- a 429 pauses this dispatcher for retry_after seconds and keeps the alerts pending.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass, field

from aiolimiter import AsyncLimiter
from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.request import HTTPXRequest

from bot.domain import Alert
from bot.present.cards import render_alerts
from bot.settings import Settings
from bot.store.outbox import Claim, Outbox
from bot.telegram.keyboards import NO_PREVIEW, alert_keyboard
from bot.texts import lang_of

log = logging.getLogger(__name__)
# Telegram answers these for chats the bot can never write to again.
_GONE = ("chat not found", "user not found", "chat_write_forbidden", "have no rights to send")


@dataclass
class DispatchStats:
    """What a dispatcher did (for logs, /stats and tests)."""

    messages: int = 0
    alerts: int = 0
    retry_after: int = 0
    timeouts: int = 0
    errors: int = 0
    blocked: int = 0
    failed: int = 0
    migrated: int = 0
    uncertain_ids: list[int] = field(default_factory=list)  # alerts whose send timed out
    more: bool = False  # stopped by its time budget with work left


def make_alert_bot(settings: Settings) -> Bot:
    """A Bot for alerts, with its own timeouts and no built-in retry: the dispatcher decides."""
    if settings.telegram_token is None:
        raise ValueError("INNOBOT_TELEGRAM_TOKEN is not set")
    timeout = settings.alerts_send_timeout
    request = HTTPXRequest(
        connection_pool_size=settings.alerts_concurrency + 2,
        read_timeout=timeout,
        write_timeout=timeout,
        connect_timeout=min(timeout, 10.0),
        pool_timeout=5.0,
    )
    return Bot(
        settings.telegram_token.get_secret_value(), base_url=settings.telegram_api_url, request=request
    )


def worker_name() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


class Dispatcher:
    """Delivers the outbox through one Bot."""

    def __init__(self, outbox: Outbox, bot: Bot, settings: Settings, worker: str | None = None) -> None:
        self.outbox = outbox
        self.bot = bot
        self.settings = settings
        self.worker = worker or worker_name()
        # One message per 1/rate seconds: never more than `rate` in any one-second window.
        self.limiter = AsyncLimiter(1, 1 / settings.alerts_overall_rate)
        self.resume_at = 0.0
        self.stats = DispatchStats()

    async def drain(self, stop: asyncio.Event | None = None, budget: float | None = None) -> DispatchStats:
        """Send every alert due now, waiting for paced chats; return when none is left to send.

        With a `budget` (seconds), stop claiming after it and set `stats.more` if work remains.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + budget if budget is not None else None
        inflight: set[asyncio.Task[None]] = set()
        capacity = self.settings.alerts_concurrency
        self.stats.more = False
        while not (stop and stop.is_set()):
            if deadline is not None and loop.time() > deadline:
                self.stats.more = True
                break
            if len(inflight) <= capacity // 2:
                claims = await asyncio.to_thread(
                    self.outbox.claim,
                    self.worker,
                    capacity - len(inflight),
                    self.settings.alerts_per_message,
                    self.settings.alerts_lease_seconds,
                )
                inflight |= {loop.create_task(self._deliver(claim)) for claim in claims}
            if inflight:
                done, inflight = await asyncio.wait(inflight, return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    task.result()
                continue
            now = dt.datetime.now(dt.UTC)
            wake = await asyncio.to_thread(self.outbox.next_wake, now)
            if wake is None:
                break
            # Paced chats or a flood wait: the earliest time one becomes sendable (a real wait).
            delay = (wake - now).total_seconds()
            await _sleep_or_stop(max(min(delay, self.settings.alerts_poll_seconds), 0.02), stop)
        for task in inflight:
            await task
        return self.stats

    async def _deliver(self, claim: Claim) -> None:
        """Send one message to one claimed chat and record what happened; never raises."""
        try:
            await self._send(claim)
        except Exception:
            # A bug or the database went away: the claim's lease expires and another try comes.
            self.stats.errors += 1
            log.exception("alert delivery to a chat failed unexpectedly")

    async def _send(self, claim: Claim) -> None:
        html, alerts = render_alerts(claim.alerts, lang_of(claim.lang))
        ids = [a.id for a in alerts]
        worker, chat = self.worker, claim.chat_id
        await self._wait_flood()
        async with self.limiter:
            try:
                message = await self.bot.send_message(
                    chat,
                    html,
                    parse_mode=ParseMode.HTML,
                    reply_markup=alert_keyboard(alerts),
                    link_preview_options=NO_PREVIEW,
                )
            except RetryAfter as exc:
                wait = retry_seconds(exc.retry_after)
                self.stats.retry_after += 1
                self.resume_at = max(self.resume_at, asyncio.get_running_loop().time() + wait)
                await asyncio.to_thread(
                    self.outbox.retry_later, worker, chat, ids, wait, "429 retry after", False, False
                )
                return
            except ChatMigrated as exc:
                self.stats.migrated += 1
                await asyncio.to_thread(self.outbox.migrate_chat, chat, exc.new_chat_id)
                return
            except Forbidden as exc:
                self.stats.blocked += 1
                await asyncio.to_thread(self.outbox.block, worker, chat, exc.message)
                return
            except BadRequest as exc:
                if any(marker in exc.message.lower() for marker in _GONE):
                    self.stats.blocked += 1
                    await asyncio.to_thread(self.outbox.block, worker, chat, exc.message)
                else:
                    self.stats.failed += len(ids)
                    log.error("Telegram refused an alert message: %s", exc.message)
                    await asyncio.to_thread(self.outbox.fail, worker, chat, ids, exc.message)
                return
            except TimedOut as exc:
                # A pool timeout never left this process; a read timeout may have been delivered.
                maybe_sent = "pool" not in str(exc).lower()
                self.stats.timeouts += 1
                if maybe_sent:
                    self.stats.uncertain_ids.extend(ids)
                await asyncio.to_thread(
                    self.outbox.retry_later, worker, chat, ids, _backoff(alerts), "timeout", maybe_sent, True
                )
                return
            except NetworkError as exc:
                self.stats.errors += 1
                await asyncio.to_thread(
                    self.outbox.retry_later, worker, chat, ids, _backoff(alerts), str(exc), False, True
                )
                return
        await asyncio.to_thread(
            self.outbox.mark_sent, worker, chat, ids, message.message_id, self.settings.alerts_chat_interval
        )
        self.stats.messages += 1
        self.stats.alerts += len(ids)

    async def _wait_flood(self) -> None:
        """Honour the last RetryAfter: no message leaves before it has passed."""
        loop = asyncio.get_running_loop()
        while (left := self.resume_at - loop.time()) > 0:
            await asyncio.sleep(left)


def _backoff(alerts: Sequence[Alert]) -> float:
    """Seconds before retrying a failed send: doubling with the attempts, at most 5 minutes."""
    return min(2.0 ** (max(a.attempts for a in alerts) + 1), 300.0)


def retry_seconds(value: float | dt.timedelta) -> float:
    """RetryAfter.retry_after is a timedelta when PTB_TIMEDELTA is set, else seconds."""
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


async def _sleep_or_stop(seconds: float, stop: asyncio.Event | None) -> None:
    if stop is None:
        await asyncio.sleep(seconds)
        return
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
