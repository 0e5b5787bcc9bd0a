"""Background jobs of the bot: match new documents at start, deliver alerts."""

from __future__ import annotations

import logging
from typing import cast

from bot import alerts
from bot.service import match_params
from bot.telegram.dispatch import Dispatcher, make_alert_bot
from bot.telegram.services import BotApplication, BotContext

log = logging.getLogger(__name__)


async def announce_job(context: BotContext) -> None:
    """Queue alerts for documents that entered the index while the bot was away."""
    services = context.services
    try:
        await services.run(
            alerts.announce, services.store, services.retriever, match_params(services.settings)
        )
    except Exception:
        log.exception("matching new documents failed; it runs again at the next start or index change")


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
        application = cast(BotApplication, context.application)
        if application.job_queue is not None:
            application.job_queue.run_once(alerts_job, again, name="alerts")


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
    application.job_queue.run_once(alerts_job, 1, name="alerts")
