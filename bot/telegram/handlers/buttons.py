"""Every button: more results and newest first (edit the message), 👍 / 👎, subscriptions, privacy."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.store import QueryRecord
from bot.telegram.answers import page_turned
from bot.telegram.decisions import PAGE_SIZE, ButtonPress, parse_payload
from bot.telegram.handlers import privacy, subscriptions
from bot.telegram.handlers.ask import answer_page
from bot.telegram.keyboards import NO_PREVIEW
from bot.telegram.services import BotContext, user_lang
from bot.texts import text


async def button(update: Update, context: BotContext) -> None:
    """Dispatch a button press; every press is answered at once (the spinner stops), stale ones
    politely, before any search runs."""
    query, services = update.callback_query, context.services
    if not query:
        return
    press = parse_payload(query.data)
    if press is not None and press.action in _ROUTES:
        await _ROUTES[press.action](update, context, press)
        return
    record = await services.run(services.store.get_query, press.ident) if press else None
    if press is None or record is None:
        await query.answer(text("stale_button", user_lang(update)))
    elif press.action == "vote":
        await _vote(update, context, press, record)
    else:
        await _show(update, context, press, record)


_ROUTES: dict[str, Callable[[Update, BotContext, ButtonPress], Awaitable[None]]] = {
    "follow": subscriptions.on_follow_button,
    "alert_vote": subscriptions.on_alert_vote,
    "subscription": subscriptions.on_subscription_button,
    "unsubscribe": subscriptions.on_unsubscribe_button,
    "forget": privacy.on_forget_button,
    "digest_hour": subscriptions.on_digest_hour_button,
}


async def _show(update: Update, context: BotContext, press: ButtonPress, record: QueryRecord) -> None:
    """Edit the answer in place: the next page, or the same results in the other order."""
    query, lang = update.callback_query, user_lang(update)
    assert query is not None
    await query.answer()
    page = 0 if press.action == "order" else press.page
    shown = await answer_page(context, press.ident, record.question, page, press.recent, lang)
    if shown is None:
        return  # the page was emptied by a rebuild since: the card stays as it was
    if query.message is not None:
        page_turned(context, query.message.message_id, press.ident, page, press.recent)
    html, markup = shown
    try:
        await query.edit_message_text(
            html, parse_mode=ParseMode.HTML, reply_markup=markup, link_preview_options=NO_PREVIEW
        )
    except BadRequest as exc:
        # A double tap asks for the page already shown: Telegram refuses the identical edit.
        if "not modified" not in exc.message.lower():
            raise


async def _vote(update: Update, context: BotContext, press: ButtonPress, record: QueryRecord) -> None:
    """👍 / 👎 under an answer: thanked at once, stored with the posts that page shows."""
    query, services = update.callback_query, context.services
    assert query is not None and query.message is not None
    await query.answer(text("feedback_thanks", user_lang(update)))
    result = await services.search(record.question, PAGE_SIZE + 1, press.page * PAGE_SIZE, press.recent)
    # The first page of a question answered in writing shows the written answer.
    written = press.page == 0 and record.synthesis is not None and not press.recent
    await services.run(
        services.store.record_feedback,
        press.ident,
        query.message.chat.id,
        query.from_user.id,
        press.vote,
        [h.doc_id for h in result.hits[:PAGE_SIZE]],
        written,
    )
