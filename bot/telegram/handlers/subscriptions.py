"""Subscriptions: /abonner, /abonnements, /desabonner, the 🔔 button and alert 👍/👎."""

from __future__ import annotations

from functools import partial

import numpy as np
from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import BadRequest, Forbidden

from bot.alerts.subscribing import TopicRequest, next_mode, parse_topic, undated
from bot.analysis import analyze
from bot.domain import Document, Subscription
from bot.errors import QuestionError
from bot.present.cards import esc
from bot.present.views import render_subscribed, render_subscriptions
from bot.telegram.decisions import ButtonPress
from bot.telegram.keyboards import confirm_keyboard, digest_hours_keyboard, subscriptions_list_keyboard
from bot.telegram.services import BotContext, BotServices, user_lang
from bot.texts import Lang, text

_MANAGERS = (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)


async def may_manage(update: Update, context: BotContext) -> bool:
    """Anyone in a private chat; in a group, only its administrators."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return False
    if chat.type == ChatType.PRIVATE:
        return True
    message = update.message
    if message is not None and message.sender_chat is not None and message.sender_chat.id == chat.id:
        return True  # an anonymous administrator writes as the group itself; only admins can
    try:
        member = await context.bot.get_chat_member(chat.id, user.id)
    except (BadRequest, Forbidden):
        return False  # not a member Telegram knows of: refused politely, like any non-admin
    return member.status in _MANAGERS


async def _refuse(update: Update, lang: Lang) -> None:
    if update.callback_query:
        await update.callback_query.answer(text("admins_only", lang), show_alert=True)
    elif update.effective_message:
        await update.effective_message.reply_text(text("admins_only", lang))


async def _followed(services: BotServices, raw: str | None) -> tuple[TopicRequest | None, tuple[str, ...]]:
    """The topic a message asks to follow, without the period it names (undated), and that period."""
    request = parse_topic(raw)
    if request is None:
        return None, ()
    return undated(request, await services.compute(services.retriever.parse, request.topic))


async def _stored(
    services: BotServices, chat_id: int, lang: Lang, request: TopicRequest
) -> tuple[str, Subscription | None, np.ndarray]:
    """The subscription added (or the chat's already, or none when full: the store's status) and
    the topic's embedding."""
    vector, key = await services.compute(
        services.retriever.keyed_vector, request.topic
    )  # often just asked (🔔)
    status, sub = await services.run(
        services.store.subscriptions.add,
        chat_id,
        lang,
        request.topic,
        request.exclusions,
        vector.astype("float32").tobytes(),
        key,
        services.settings.max_subscriptions,
    )
    return status, sub, vector


async def subscribe_text(services: BotServices, chat_id: int, lang: Lang, raw: str | None) -> str:
    """Subscribe a chat to a topic; the HTML reply to show."""
    request, periods = await _followed(services, raw)
    if request is None:
        if periods:
            return esc(text("subscribe_only_period", lang, period=" ".join(periods)))
        return esc(text("subscribe_usage", lang))
    status, sub, vector = await _stored(services, chat_id, lang, request)
    if status == "full":
        return esc(text("subscribe_full", lang, limit=services.settings.max_subscriptions))
    assert sub is not None
    if status == "exists":
        return esc(text("subscribe_exists", lang, topic=sub.topic))
    known = await _known(services, sub.topic, vector)
    return render_subscribed(sub.topic, sub.exclusions, known, lang, " ".join(periods))


KNOWN_POSTS = 3  # posts already in the collection shown under a new subscription


async def _known(services: BotServices, topic: str, vector: np.ndarray) -> list[Document] | None:
    """The posts a search for the topic shows first, as alert matching ranks them; None when the
    search would answer "nothing relevant" (the user may have misspelt the topic)."""
    retriever = services.retriever
    try:
        ranking = await services.compute(partial(retriever.rank_posts, topic, KNOWN_POSTS, vector=vector))
    except QuestionError:
        return None
    if not ranking.relevant:
        return None
    return [retriever.index.documents[doc_id] for doc_id in ranking.posts]


async def subscribe(update: Update, context: BotContext) -> None:
    """/abonner sujet -exclu"""
    await subscribe_request(update, context, " ".join(context.args or []))


async def subscribe_request(update: Update, context: BotContext, raw: str) -> None:
    """Subscribe the chat to the topic `raw` names (/abonner's words, or "abonne-moi à …")."""
    message, lang = update.effective_message, user_lang(update)
    if message is None:
        return
    if not await may_manage(update, context):
        await _refuse(update, lang)
        return
    reply = await subscribe_text(context.services, message.chat_id, lang, raw)
    await message.reply_text(reply, parse_mode=ParseMode.HTML)


async def unsubscribe_named(update: Update, context: BotContext, raw: str) -> bool:
    """Delete the chat's subscription to the topic `raw` names ("désabonne-moi de la Transfo":
    the same searchable words as "la Transfo"); False when none or several match, for the list
    to let the user choose."""
    message, lang = update.effective_message, user_lang(update)
    services = context.services
    request, _ = await _followed(services, raw)  # as it was stored: "… en 2019" follows "…"
    if message is None or request is None:
        return False
    subs = await services.run(services.store.subscriptions.of_chat, message.chat_id)
    wanted = set(analyze(request.topic))
    matching = [sub for sub in subs if set(analyze(sub.topic)) == wanted]
    if len(matching) != 1:
        return False
    if not await may_manage(update, context):
        await _refuse(update, lang)
        return True
    await services.run(services.store.subscriptions.delete, matching[0].id, message.chat_id)
    await message.reply_text(text("unsubscribed_one", lang, topic=matching[0].topic))
    return True


async def _list(services: BotServices, chat_id: int, lang: Lang) -> tuple[str, InlineKeyboardMarkup | None]:
    subs = await services.run(services.store.subscriptions.of_chat, chat_id)
    hour = await services.run(services.store.subscriptions.digest_hour_of, chat_id)
    body = render_subscriptions(subs, lang, hour)
    return body, subscriptions_list_keyboard(subs, hour, lang) if subs else None


async def list_subscriptions(update: Update, context: BotContext) -> None:
    """/abonnements: the list with its buttons."""
    message, lang = update.effective_message, user_lang(update)
    if message is None:
        return
    body, markup = await _list(context.services, message.chat_id, lang)
    await message.reply_text(body, parse_mode=ParseMode.HTML, reply_markup=markup)


async def unsubscribe(update: Update, context: BotContext) -> None:
    """/desabonner: asks for confirmation before stopping everything."""
    message, lang = update.effective_message, user_lang(update)
    if message is None:
        return
    if not await may_manage(update, context):
        await _refuse(update, lang)
        return
    subs = await context.services.run(context.services.store.subscriptions.of_chat, message.chat_id)
    if not subs:
        await message.reply_text(text("subscriptions_empty", lang))
        return
    await message.reply_text(
        text("unsubscribe_confirm", lang, count=len(subs)), reply_markup=confirm_keyboard("u", lang)
    )


async def _managed_chat(update: Update, context: BotContext) -> int | None:
    """The chat of a subscription button, when the user may manage it (else refused, None)."""
    query = update.callback_query
    assert query is not None and query.message is not None
    if not await may_manage(update, context):
        await _refuse(update, user_lang(update))
        return None
    return query.message.chat.id


async def on_unsubscribe_button(update: Update, context: BotContext, press: ButtonPress) -> None:
    """The answer to /desabonner's confirmation."""
    query, services, lang = update.callback_query, context.services, user_lang(update)
    chat_id = await _managed_chat(update, context)
    if query is None or chat_id is None:
        return
    if press.option == "y":
        await services.run(services.store.subscriptions.delete_all, chat_id)
    await query.answer()
    await query.edit_message_text(text("unsubscribed_all" if press.option == "y" else "cancelled", lang))


async def on_subscription_button(update: Update, context: BotContext, press: ButtonPress) -> None:
    """Pause/resume, next mode or delete one subscription, then show the list again."""
    query, services, lang = update.callback_query, context.services, user_lang(update)
    chat_id = await _managed_chat(update, context)
    if query is None or chat_id is None:
        return
    subs = services.store.subscriptions
    current = await services.run(subs.get, press.ident)
    if current is None or current.chat_id != chat_id:
        await query.answer(text("stale_button", lang))
        return
    if press.option == "p":
        await services.run(subs.set_paused, current.id, chat_id, not current.paused)
    elif press.option == "m":
        await services.run(subs.set_mode, current.id, chat_id, next_mode(current.mode))
    else:
        await services.run(subs.delete, current.id, chat_id)
    body, markup = await _list(services, chat_id, lang)
    await query.answer(text("subscription_updated", lang))
    await query.edit_message_text(body, parse_mode=ParseMode.HTML, reply_markup=markup)


async def on_follow_button(update: Update, context: BotContext, press: ButtonPress) -> None:
    """🔔 under an answer: the question becomes a subscription of this chat."""
    query, services, lang = update.callback_query, context.services, user_lang(update)
    assert query is not None and query.message is not None
    chat_id = query.message.chat.id
    record = await services.run(services.store.get_query, press.ident)
    if record is None or record.chat_id != chat_id:
        await query.answer(text("stale_button", lang))
        return
    if not await may_manage(update, context):
        await _refuse(update, lang)
        return
    reply = await subscribe_text(services, chat_id, lang, record.question)
    await query.answer()
    await context.bot.send_message(chat_id, reply, parse_mode=ParseMode.HTML)


async def on_alert_vote(update: Update, context: BotContext, press: ButtonPress) -> None:
    """👍 / 👎 under an alert: stored on the alert, where the next matching runs hear it (new posts
    of the same kind announced, or not, on this topic: bot.alerts.matching.taught). That manages
    the subscription: in a group, only its administrators may."""
    query, services, lang = update.callback_query, context.services, user_lang(update)
    assert query is not None and query.message is not None
    if not await may_manage(update, context):
        await _refuse(update, lang)
        return
    known = await services.run(services.store.outbox.vote, press.ident, query.message.chat.id, press.vote)
    said = "alert_liked" if press.vote > 0 else "alert_disliked"
    await query.answer(text(said if known else "stale_button", lang))


async def on_digest_hour_button(update: Update, context: BotContext, press: ButtonPress) -> None:
    """🕗 on the subscription list: show the hours, then set the chat's digest hour."""
    query, services, lang = update.callback_query, context.services, user_lang(update)
    chat_id = await _managed_chat(update, context)
    if query is None or chat_id is None:
        return
    subs = services.store.subscriptions
    if press.ident < 0:
        await query.answer()
        hour = await services.run(subs.digest_hour_of, chat_id)
        await query.edit_message_text(
            text("digest_hour_choose", lang), reply_markup=digest_hours_keyboard(hour, lang)
        )
        return
    if not await services.run(subs.set_digest_hour, chat_id, press.ident):
        await query.answer(text("stale_button", lang))
        return
    await query.answer(text("digest_hour_set", lang, hour=press.ident))
    body, markup = await _list(services, chat_id, lang)
    await query.edit_message_text(body, parse_mode=ParseMode.HTML, reply_markup=markup)
