"""Admin commands: /reindex (fetch feeds, update the index, watch it progress) and /stats."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from telegram import Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.errors import InnobotError
from bot.present.admin_views import render_stats
from bot.present.cards import esc
from bot.present.reports import Progress, fetch_lines, progress_line, refresh_failure, update_lines
from bot.search.indexing import IndexLockedError
from bot.service import RefreshReport
from bot.telegram import jobs
from bot.telegram.services import BotContext, user_lang
from bot.texts import Lang, text

log = logging.getLogger(__name__)

EDIT_EVERY = 2.0  # seconds between two edits of the progress message (Telegram limits edits)
REPORT_CHARS = 3800  # below the 4096 limit, with room for the header


async def refused_unless_admin(update: Update, context: BotContext) -> bool:
    """True (and a polite answer) when the user is not one of INNOBOT_ADMIN_IDS."""
    user = update.effective_user
    if context.services.is_admin(user.id if user else None):
        return False
    if update.effective_message:
        await update.effective_message.reply_text(text("admin_only", user_lang(update)))
    return True


async def stats(update: Update, context: BotContext) -> None:
    """/stats: usage of the last 7 days, alerts, index version (admins only)."""
    if await refused_unless_admin(update, context) or update.effective_message is None:
        return
    services = context.services
    usage = await services.run(services.store.stats.usage)
    index = services.retriever.index
    await update.effective_message.reply_text(
        render_stats(usage, index.version, index.manifest.built, services.last_refresh, user_lang(update)),
        parse_mode=ParseMode.HTML,
    )


async def reindex(update: Update, context: BotContext) -> None:
    """/reindex: admins only; others get a polite refusal and nothing happens."""
    message, lang, services = update.effective_message, user_lang(update), context.services
    if await refused_unless_admin(update, context) or message is None:
        return
    if services.refreshing.locked():
        await message.reply_text(text("refresh_busy", lang))
        return
    async with services.refreshing:
        status = await message.reply_text(text("refresh_start", lang))
        serving = services.retriever.index.version
        progress = Progress()
        task = asyncio.create_task(jobs.run_refresh(context, progress))
        try:
            report = await _follow(task, status, progress, lang)
        except Exception as exc:
            await _show(status, _failure(exc, lang, serving))
            return
        await _show(status, _final(report, lang, services.settings.post_max_chars))


def _failure(error: Exception, lang: Lang, serving: str) -> str:
    """What the admin reads when the refresh stopped: busy elsewhere, refused, or a bug (logged)."""
    if isinstance(error, IndexLockedError):
        return esc(text("refresh_busy", lang))
    if not isinstance(error, InnobotError):
        log.error("/reindex failed", exc_info=error)
    return esc(refresh_failure(error, lang, serving))


async def _follow(
    task: asyncio.Task[RefreshReport], status: Message, progress: Progress, lang: Lang
) -> RefreshReport:
    """Edit the status message while the refresh runs; return its report."""
    shown = status.text
    while True:
        done, _ = await asyncio.wait({task}, timeout=EDIT_EVERY)
        if done:
            return task.result()
        line = esc(progress_line(progress, lang))
        if line != shown:
            await _show(status, line)
            shown = line


async def _show(status: Message, html_text: str) -> None:
    with contextlib.suppress(BadRequest):  # "message is not modified" and the like
        await status.edit_text(html_text, parse_mode=ParseMode.HTML)


def _final(report: RefreshReport, lang: Lang, max_chars: int) -> str:
    """The report, cut to what one message shows (Telegram counts the text without tags)."""
    lines = fetch_lines(report.fetched, lang, max_chars) if report.fetched is not None else []
    lines += update_lines(report.update, lang)
    body = "\n".join(lines)
    if len(body) > REPORT_CHARS:
        body = body[: REPORT_CHARS - 1].rsplit("\n", 1)[0] + "\n…"
    return f"<b>{esc(text('refresh_done', lang))}</b>\n{esc(body)}"
