"""`innobot alerts …`: match new documents to subscriptions, send the alerts, count them."""

from __future__ import annotations

import logging
from functools import partial
from typing import Annotated

import typer

from bot import service
from bot.cli.common import (
    IndexOption,
    alerts_app,
    announce,
    cli_lang,
    settings_of,
)
from bot.errors import InnobotError
from bot.search.embedding import load_embedder
from bot.texts import text


@alerts_app.command("match")
def alerts_match(index: IndexOption = None) -> None:
    """Queue alerts for documents of the current index never matched before (idempotent)."""
    settings = settings_of(index_dir=index)
    announce(settings, partial(load_embedder, settings), cli_lang())


@alerts_app.command("dispatch")
def alerts_dispatch(
    follow: Annotated[
        bool, typer.Option("--follow", help="Keep running and send alerts as they become due.")
    ] = False,
) -> None:
    """Send the alerts that are due, then exit (for cron); --follow keeps sending (a service)."""
    import asyncio

    from bot.telegram import logsafe
    from bot.telegram.dispatch import Dispatcher, make_alert_bot

    settings = settings_of()
    if not settings.telegram_token:
        raise InnobotError(key="error_no_token")
    logsafe.install(logging.getLevelName(settings.log_level), settings.log_format == "json")
    store = service.open_store(settings)

    async def dispatch() -> dict[str, int]:
        async with make_alert_bot(settings) as bot:
            dispatcher = Dispatcher(store.outbox, bot, settings)
            while True:
                stats = await dispatcher.drain()
                if not follow:
                    return {k: v for k, v in vars(stats).items() if isinstance(v, int)}
                await asyncio.sleep(settings.alerts_poll_seconds)

    try:
        counts = asyncio.run(dispatch())
    finally:
        store.close()
    typer.echo(text("alerts_dispatched", cli_lang(), **counts))


@alerts_app.command("status")
def alerts_status() -> None:
    """Count alerts by state."""
    settings = settings_of()
    store = service.open_store(settings)
    try:
        counts = store.outbox.counts()
    finally:
        store.close()
    states = {k: counts.get(k, 0) for k in ("pending", "sent", "failed", "blocked")}
    typer.echo(text("alerts_status", cli_lang(), **states))
