"""What handlers share: settings, retriever, store, pacing — reached through a typed context."""

from __future__ import annotations

import asyncio
import datetime as dt
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot

from bot.present.cards import stale_year
from bot.search.filters import ParsedQuestion
from bot.search.retrieval import Retriever, SearchResult
from bot.settings import Settings
from bot.store import Store
from bot.synthesis.client import Synthesizer
from bot.telegram.decisions import PAGE_SIZE, UserPacer, page_start
from bot.texts import Lang, lang_of

T = TypeVar("T")


@dataclass
class Turns:
    """One lock per user: a user's questions are answered one after the other, in the order
    asked — a queued question whose search is quicker must not overtake the one before it."""

    # Weak: a user's lock lives as long as one of their questions holds or waits for it.
    _locks: weakref.WeakValueDictionary[int, asyncio.Lock] = field(
        default_factory=weakref.WeakValueDictionary
    )

    def of(self, user_id: int) -> asyncio.Lock:
        lock = self._locks.get(user_id)
        if lock is None:
            lock = self._locks[user_id] = asyncio.Lock()
        return lock


@dataclass
class BotServices:
    """The bot's dependencies, built once in main() and handed to build_application()."""

    settings: Settings
    retriever: Retriever
    store: Store
    synthesizer: Synthesizer | None = None  # written answers, when INNOBOT_LLM_URL is set
    pacer: UserPacer = field(default_factory=UserPacer)
    turns: Turns = field(default_factory=Turns)
    # Model and index work is CPU-bound: in threads, a few at a time, never on the event loop.
    slots: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(2))
    # One refresh at a time in this process (/reindex or the timer); a lock file guards the others.
    refreshing: asyncio.Lock = field(default_factory=asyncio.Lock)
    last_refresh: str | None = None  # "YYYY-MM-DD HH:MM UTC" of the last refresh run by this process

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.settings.admin_ids

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        """Run a quick blocking call (the database) in a worker thread: not behind the searches,
        so that a button press or the access check does not wait for busy search slots."""
        return await asyncio.to_thread(function, *args)

    async def compute(self, function: Callable[..., T], *args: Any) -> T:
        """Run model or index work (a search, an embedding, alert matching) in a worker thread,
        at most `slots` at a time: two cores are shared, not fought over."""
        async with self.slots:
            return await asyncio.to_thread(function, *args)

    def today(self) -> dt.date:
        """Today where the bot's users are ("cette année", the stale line)."""
        return dt.datetime.now(ZoneInfo(self.settings.timezone)).date()

    def stale_year(self, result: SearchResult) -> int | None:
        """The year the card warns about, when every shown post is older than INNOBOT_STALE_YEARS."""
        return stale_year(result, self.today(), self.settings.stale_years)

    async def search(
        self, question: str, k: int, offset: int = 0, recent: bool | None = None
    ) -> SearchResult:
        """The search in a worker thread; `recent` None: newest first when the question asks so."""
        search = partial(self.retriever.search, today=self.today(), recent=recent)
        return await self.compute(search, question, k, offset)

    def parser(self) -> Callable[[str], ParsedQuestion]:
        """How questions are read today ("cette année", "depuis septembre")."""
        return partial(self.retriever.parse, today=self.today())

    async def page(self, question: str, page: int, recent: bool | None) -> tuple[SearchResult, int]:
        """Page `page` of an answer, one post more to tell whether another page follows, and the
        place of its first post: after "les 2 derniers articles", the next page starts at the third."""
        parse, search = self.parser(), partial(self.retriever.search, today=self.today(), recent=recent)

        def paged() -> tuple[SearchResult, int]:
            start = page_start(parse(question).count, page)
            return search(question, PAGE_SIZE + 1, start), start

        return await self.compute(paged)


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """The callback context of innobot's handlers, with typed access to the services."""

    @property
    def services(self) -> BotServices:
        services: BotServices = self.application.bot_data["services"]
        return services


BotApplication = Application[ExtBot[None], BotContext, dict[Any, Any], dict[Any, Any], dict[Any, Any], Any]


def user_lang(update: Update) -> Lang:
    """French unless the user's Telegram is in English."""
    user = update.effective_user
    return lang_of(user.language_code if user else None)
