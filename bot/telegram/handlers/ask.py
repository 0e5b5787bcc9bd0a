"""Questions: private messages, group mentions and replies, /chercher."""

from __future__ import annotations

from dataclasses import replace

from telegram import LinkPreviewOptions, Message, MessageEntity, Update
from telegram.constants import ChatAction, ParseMode

from bot.present.cards import render_card
from bot.telegram.decisions import PAGE_SIZE, Mention, addressed_question, clean_question, has_words
from bot.telegram.keyboards import answer_keyboard
from bot.telegram.services import BotContext, user_lang
from bot.texts import Lang, text

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


async def answer(message: Message, update: Update, context: BotContext, raw: str | None) -> None:
    """Search a question and reply with the first page of the answer card."""
    services, lang = context.services, user_lang(update)
    user_id = update.effective_user.id if update.effective_user else None
    question = clean_question(raw)
    if not has_words(question):
        await message.reply_text(text("empty_question", lang))
        return
    if not await _paced(message, services.pacer.check(user_id or message.chat_id), lang):
        return
    await context.bot.send_chat_action(message.chat_id, ChatAction.TYPING)
    result = await services.search(question, PAGE_SIZE + 1)
    card = render_card(replace(result, hits=result.hits[:PAGE_SIZE]), lang)
    query_id = await services.run(
        services.store.record_query, message.chat_id, user_id, question, lang, bool(result.hits)
    )
    markup = answer_keyboard(query_id, 0, len(result.hits) > PAGE_SIZE, lang) if result.hits else None
    await message.reply_text(
        card.html, parse_mode=ParseMode.HTML, reply_markup=markup, link_preview_options=NO_PREVIEW
    )


async def _paced(message: Message, verdict: str, lang: Lang) -> bool:
    """True to answer; otherwise the polite notice is sent once, then silence."""
    if verdict == "notice":
        await message.reply_text(text("rate_limited", lang))
    return verdict == "ok"


async def private_question(update: Update, context: BotContext) -> None:
    """Any text in a private chat is a question."""
    if update.effective_message:
        await answer(update.effective_message, update, context, update.effective_message.text)


async def group_message(update: Update, context: BotContext) -> None:
    """In groups, answer only when mentioned or replied to."""
    message = update.effective_message
    if not message or not message.text:
        return
    replied = message.reply_to_message
    mentions = [Mention(e.offset, e.length) for e in message.entities if e.type == MessageEntity.MENTION]
    question = addressed_question(
        message.text,
        mentions,
        context.bot.username,
        bool(replied and replied.from_user and replied.from_user.id == context.bot.id),
    )
    if question is not None:
        await answer(message, update, context, question)


async def search_command(update: Update, context: BotContext) -> None:
    """/chercher question — works everywhere, needed in groups."""
    message = update.effective_message
    if not message:
        return
    if not context.args:
        await message.reply_text(text("search_usage", user_lang(update)))
        return
    await answer(message, update, context, " ".join(context.args))
