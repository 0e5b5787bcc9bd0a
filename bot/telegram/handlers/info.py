"""/start, /aide, /sources, /nouveautes, /apropos; commands the bot does not have."""

from __future__ import annotations

from importlib.metadata import version

from telegram import Update
from telegram.constants import ParseMode

from bot.present.cards import esc, link
from bot.present.views import render_sources
from bot.telegram.keyboards import NO_PREVIEW
from bot.telegram.services import BotContext, user_lang
from bot.texts import text


async def start(update: Update, context: BotContext) -> None:
    """Welcome with example questions."""
    if update.effective_message:
        name = update.effective_user.first_name if update.effective_user else ""
        await update.effective_message.reply_text(text("welcome", user_lang(update), name=name))


async def help_command(update: Update, context: BotContext) -> None:
    """How to use the bot."""
    if update.effective_message:
        await update.effective_message.reply_text(
            text("help", user_lang(update), username=esc(context.bot.username or "innobot")),
            parse_mode=ParseMode.HTML,
        )


async def sources(update: Update, context: BotContext) -> None:
    """What the corpus holds."""
    body = render_sources(context.services.retriever.index, user_lang(update))
    if update.effective_message:
        await update.effective_message.reply_text(body, parse_mode=ParseMode.HTML)


async def news(update: Update, context: BotContext) -> None:
    """The latest posts by date."""
    documents = context.services.retriever.index.documents.values()
    latest = sorted((d for d in documents if d.date), key=lambda d: d.date or 0, reverse=True)[:5]
    lines = [text("news_header", user_lang(update))]
    lines += [f"• {d.date:%d/%m/%Y} — {link(d.title, d.url)}" for d in latest]
    if update.effective_message:
        await update.effective_message.reply_text(
            "\n".join(lines), parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW
        )


async def about(update: Update, context: BotContext) -> None:
    """Index version, model, corpus size."""
    index = context.services.retriever.index
    if update.effective_message:
        await update.effective_message.reply_text(
            text(
                "about",
                user_lang(update),
                version=version("innobot"),
                index=esc(index.version),
                posts=index.manifest.document_count,
                chunks=index.manifest.chunk_count,
                model=esc(index.manifest.model),
            ),
            parse_mode=ParseMode.HTML,
        )


async def unknown_command(update: Update, context: BotContext) -> None:
    """In a private chat, a command the bot does not have ("/subscribe", "/abonne") is named, with
    where to find the others: silence would look like a broken bot."""
    message = update.effective_message
    if message and message.text:
        command = message.text.split()[0].split("@")[0][:40]
        await message.reply_text(text("unknown_command", user_lang(update), command=command))
