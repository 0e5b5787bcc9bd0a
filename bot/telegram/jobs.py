"""Background jobs of the bot: follow the index, match new documents, deliver alerts, refresh."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable, Coroutine
from functools import partial
from typing import Any, cast
from zoneinfo import ZoneInfo

from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.alerts import announcing
from bot.present.admin_views import render_gaps
from bot.present.cards import esc
from bot.present.reports import Progress, refresh_failure
from bot.search.reloading import IndexFollower, beside
from bot.search.retrieval import Retriever
from bot.service import RefreshReport, match_params, refresh
from bot.telegram.dispatch import Dispatcher, make_alert_bot
from bot.telegram.services import BotApplication, BotContext
from bot.texts import Lang, lang_of

log = logging.getLogger(__name__)


async def announce_job(context: BotContext) -> None:
    """Queue alerts for documents that entered the index while the bot was away."""
    services = context.services
    try:
        await services.compute(
            announcing.announce, services.store, services.retriever, match_params(services.settings)
        )
    except Exception:
        log.exception("matching new documents failed; it runs again at the next start or index change")


async def switch_to(context: BotContext, retriever: Retriever) -> None:
    """Serve the new version from the next question on, then queue alerts for its new posts."""
    services = context.services
    old = services.retriever.index.version
    services.retriever = retriever
    log.info("index switched from %s to %s", old, retriever.index.version)
    await announce_job(context)


async def index_watch_job(context: BotContext) -> None:
    """Pick up a version made current by another process (CLI update, rollback, other worker)."""
    services = context.services
    follower: IndexFollower = context.bot_data.setdefault(
        "follower", IndexFollower(services.settings.index_dir)
    )
    try:
        version = follower.newer(services.retriever)
        if version is not None:
            # Not in the search slots: loading must not hold back questions.
            retriever = await asyncio.to_thread(follower.load, version, services.retriever)
            if retriever is not None:
                await switch_to(context, retriever)
    except Exception:
        log.exception("looking for a new index version failed; trying again")
    finally:
        _run_again(context, index_watch_job, services.settings.index_watch_seconds, "index-watch")


def _run_again(
    context: BotContext, job: Callable[[BotContext], Coroutine[Any, Any, None]], seconds: float, name: str
) -> None:
    """Jobs that schedule their own next run never overlap, however long one run takes."""
    application = cast(BotApplication, context.application)
    if application.job_queue is not None:
        application.job_queue.run_once(job, seconds, name=name)


async def run_refresh(context: BotContext, progress: Progress) -> RefreshReport:
    """Fetch the feeds, update the index with the serving model, switch to the new version.

    Raises IndexLockedError when a refresh already runs (here or in another process).
    """
    services = context.services
    serving = services.retriever
    report = await asyncio.to_thread(
        refresh, services.settings, lambda: serving.embedder, progress.factory, progress.set_stage
    )
    services.last_refresh = f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    loaded = report.update.loaded
    if loaded is not None and loaded.version != services.retriever.index.version:
        progress.set_stage("switch")
        await switch_to(context, await asyncio.to_thread(beside, loaded, serving))
    return report


async def refresh_job(context: BotContext) -> None:
    """The scheduled refresh (INNOBOT_REFRESH_HOURS): same as /reindex; a failure is told to admins."""
    services = context.services
    serving = services.retriever.index.version
    try:
        async with services.refreshing:
            report = await run_refresh(context, Progress())
    except Exception as exc:
        log.error("scheduled refresh failed; the current index keeps serving", exc_info=exc)
        failure = partial(refresh_failure, exc, serving=serving)
        await tell_admins(context, lambda lang: esc(failure(lang)))
        return
    fetched = report.fetched
    log.info(
        "scheduled refresh: %d posts added and %d updated from feeds (%d failed); index %s",
        fetched.added if fetched else 0,
        fetched.updated if fetched else 0,
        fetched.failed if fetched else 0,
        "unchanged" if report.update.unchanged else report.update.path.name,
    )


async def tell_admins(context: BotContext, render: Callable[[Lang], str]) -> None:
    """Send an HTML message to every administrator who can be reached, each in the language they
    last wrote in (French when the bot knows nothing of them)."""
    services = context.services
    for admin in sorted(services.settings.admin_ids):
        lang = lang_of(await services.run(services.store.language_of, admin))
        try:
            await context.bot.send_message(admin, render(lang), parse_mode=ParseMode.HTML)
        except TelegramError as exc:  # an admin who never opened the bot cannot be written to
            log.warning("message not delivered to an admin: %s", exc)


async def content_gaps_job(context: BotContext) -> None:
    """Monday's digest for the editors: last week's unanswered and 👎 questions, to each admin."""
    services = context.services
    gaps = await services.run(services.store.stats.content_gaps)
    await tell_admins(context, partial(render_gaps, gaps))


async def purge_job(context: BotContext) -> None:
    """Nightly: delete what is older than INNOBOT_RETENTION_DAYS (the privacy notice's promise)."""
    services = context.services
    questions, sent = await services.run(services.store.purge, services.settings.retention_days)
    log.info("retention: %d questions and %d delivered alerts deleted", questions, sent)


async def alerts_job(context: BotContext) -> None:
    """Send the alerts that are due, then schedule the next run: runs never overlap."""
    settings = context.services.settings
    again = settings.alerts_poll_seconds
    try:
        dispatcher = context.bot_data.get("dispatcher")
        if dispatcher is None:
            bot = make_alert_bot(settings)
            await bot.initialize()
            dispatcher = context.bot_data["dispatcher"] = Dispatcher(
                context.services.store.outbox, bot, settings
            )
        stats = await dispatcher.drain(budget=3 * settings.alerts_poll_seconds)
        if stats.more:
            again = 0.1
    except Exception:
        log.exception("alert delivery failed; retrying at the next run")
    finally:
        _run_again(context, alerts_job, again, "alerts")


async def close_alert_bot(application: BotApplication) -> None:
    """Close the alert bot's connections (post_shutdown)."""
    dispatcher = application.bot_data.pop("dispatcher", None)
    if dispatcher is not None:
        await dispatcher.bot.shutdown()


def schedule(application: BotApplication) -> None:
    """Register the jobs; they start with the application."""
    if application.job_queue is None:
        raise RuntimeError("python-telegram-bot[job-queue] is required")
    application.job_queue.run_once(announce_job, 0, name="announce")
    settings = application.bot_data["services"].settings
    if settings.alerts_dispatch:
        application.job_queue.run_once(alerts_job, 1, name="alerts")
    application.job_queue.run_once(index_watch_job, settings.index_watch_seconds, name="index-watch")
    if settings.admin_ids:
        monday = 1  # PTB counts days from Sunday = 0
        at = dt.time(settings.digest_hour, tzinfo=ZoneInfo(settings.timezone))
        application.job_queue.run_daily(content_gaps_job, at, days=(monday,), name="content-gaps")
    if settings.retention_days > 0:
        night = dt.time(3, 30, tzinfo=ZoneInfo(settings.timezone))
        application.job_queue.run_daily(purge_job, night, name="retention")
    if settings.refresh_hours > 0:
        every = settings.refresh_hours * 3600
        application.job_queue.run_repeating(refresh_job, every, first=every, name="refresh")
