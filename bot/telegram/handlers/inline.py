"""Inline mode: @bot question from any chat returns shareable result cards."""

from __future__ import annotations

from telegram import InlineQueryResultArticle, InputTextMessageContent, Update
from telegram.constants import ParseMode

from bot.present.cards import render_hit, shorten
from bot.telegram.decisions import clean_question, has_words
from bot.telegram.services import BotContext, user_lang

INLINE_RESULTS = 5


async def inline_query(update: Update, context: BotContext) -> None:
    """Answer an inline query with one article per post."""
    query = update.inline_query
    if not query:
        return
    question, lang = clean_question(query.query), user_lang(update)
    hits = (await context.services.search(question, INLINE_RESULTS)).hits if has_words(question) else ()
    results = [
        InlineQueryResultArticle(
            id=str(number),
            title=shorten(hit.title, 120),
            description=shorten(hit.passage.text, 200),
            input_message_content=InputTextMessageContent(
                render_hit(hit, number, lang), parse_mode=ParseMode.HTML, link_preview_options=None
            ),
        )
        for number, hit in enumerate(hits, start=1)
    ]
    await query.answer(results, cache_time=60, is_personal=False)
