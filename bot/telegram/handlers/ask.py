"""Questions: private messages, group mentions and replies, /chercher; /synthese."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import cast

from telegram import InlineKeyboardMarkup, Message, MessageEntity, Update
from telegram.constants import ChatAction, ChatType, ParseMode

from bot.analysis import after_courtesy, small_talk
from bot.present.cards import render_card
from bot.present.synthesis import plain_answer, render_synthesis
from bot.search.retrieval import SearchResult
from bot.synthesis.answering import Synthesis, synthesize
from bot.synthesis.followups import Attached, attached, narrowed, needs_context, standalone
from bot.telegram.answers import LastAnswer, answered_now, goes_on_from, remember
from bot.telegram.decisions import PAGE_SIZE, Mention, addressed_question, clean_question, has_words
from bot.telegram.drafts import DraftPreview
from bot.telegram.handlers import info, subscriptions
from bot.telegram.keyboards import NO_PREVIEW, answer_keyboard
from bot.telegram.services import BotApplication, BotContext, user_lang
from bot.texts import Lang, text
from bot.topics import alert_request


@dataclass(frozen=True)
class _Queued:
    """A question waiting for its turn (see UserPacer)."""

    message: Message
    update: Update
    question: str
    asker: int  # the user (the chat when there is none) whose turn it is


async def answer(message: Message, update: Update, context: BotContext, raw: str | None) -> None:
    """Search a question and reply: a checked written answer when possible, else the answer card."""
    services, lang = context.services, user_lang(update)
    user_id = update.effective_user.id if update.effective_user else None
    question = after_courtesy(clean_question(raw))  # "ok merci, et en Bretagne ?": the follow-up
    if not has_words(question):
        await message.reply_text(text("empty_question", lang))
        return
    # No question spent on them: answered at once, like /abonner.
    if await _courtesy(message, update, context, question):
        return
    if await _alerts_asked(message, update, context, question):
        return
    asker = user_id or message.chat_id
    pace = services.pacer.check(asker)
    if pace.delay is None:
        await message.reply_text(text("question_not_taken", lang, question=question[:200]))
        return
    if pace.notice:
        await message.reply_text(text("rate_limited", lang))
    jobs = cast(BotApplication, context.application).job_queue
    if pace.delay > 0 and jobs is not None:
        # Later, from the job queue: no handler slot is held while the user's turn comes.
        data = _Queued(message, update, question, asker)
        jobs.run_once(_answer_later, pace.delay, data=data, chat_id=message.chat_id)
        return
    async with services.turns.of(asker):
        await _search_and_reply(message, update, context, question)


async def _courtesy(message: Message, update: Update, context: BotContext, question: str) -> bool:
    """The welcome to a greeting, the help to "aide", what the collection holds to "tes sources ?",
    a word back to thanks or to goodbye (True: answered). Searched, such messages showed posts
    about something else; no question is spent on them."""
    talk = small_talk(question)
    if talk == "greeting":
        await info.start(update, context)
    elif talk == "help":
        await info.help_command(update, context)
    elif talk == "collection":
        await info.sources(update, context)
    elif talk == "thanks":
        await message.reply_text(text("you_are_welcome", user_lang(update)))
    elif talk == "bye":
        await message.reply_text(text("goodbye", user_lang(update)))
    elif talk == "unhelpful":
        await _disliked(message, update, context)
        await message.reply_text(text("unhelpful", user_lang(update)))
    return talk in ("greeting", "help", "collection", "thanks", "bye", "unhelpful")


async def _disliked(message: Message, update: Update, context: BotContext) -> None:
    """Store "pas pertinent", said of the answer it replies to or of the chat's last one, as that
    answer's 👎 with the posts its page shows (a vote typed rather than tapped)."""
    last = await goes_on_from(context, message, fallback=True)
    user = update.effective_user
    if last is None or user is None:
        return
    services = context.services
    result, _ = await services.page(last.question, last.page, last.recent)
    doc_ids = [hit.doc_id for hit in result.hits[:PAGE_SIZE]]
    await services.run(services.store.record_feedback, last.query_id, message.chat_id, user.id, -1, doc_ids)


async def media_message(update: Update, context: BotContext) -> None:
    """In a private chat, a photo, a voice message or a sticker: the bot reads text only. A
    caption with words is the question ("c'est quoi ce labo ?" under a screenshot)."""
    message = update.effective_message
    if message is None:
        return
    if message.caption and has_words(message.caption):
        await answer(message, update, context, message.caption)
        return
    await message.reply_text(text("not_text", user_lang(update)))


async def _answer_later(context: BotContext) -> None:
    """A question queued by the pacer, answered in its turn."""
    assert context.job is not None and isinstance(context.job.data, _Queued)
    queued = context.job.data
    async with context.services.turns.of(queued.asker):
        await _search_and_reply(queued.message, queued.update, context, queued.question)


async def _search_and_reply(message: Message, update: Update, context: BotContext, question: str) -> None:
    """Search a question that may be answered now, record it and reply."""
    services, lang = context.services, user_lang(update)
    user_id = update.effective_user.id if update.effective_user else None
    if small_talk(question) == "more":
        await _next_page(message, context, lang)
        return
    await context.bot.send_chat_action(message.chat_id, ChatAction.TYPING)
    writing = await _writes(context, message.chat_id, user_id)
    leaning = await _standalone(context, message, question, writing)
    understood = leaning.question
    result = await services.search(understood or question, PAGE_SIZE + 1)
    query_id = await services.run(
        services.store.record_query, message.chat_id, user_id, result.question, lang, bool(result.hits)
    )
    answered = LastAnswer(
        result.question,
        time.monotonic(),
        query_id,
        recent=order_of(result),
        base=leaning.base,
        pointed=leaning.pointed,
    )
    if result.hits:
        answered_now(context, answered)
    sent = await _reply_to(context, message, result, query_id, lang, writing, understood)
    if result.hits:
        remember(context, sent, answered)


async def _alerts_asked(message: Message, update: Update, context: BotContext, question: str) -> bool:
    """A request about alerts typed in the chat, done as its command would (True: answered):
    "abonne-moi à la Transfo" as /abonner, "mes abonnements" as /abonnements, "désabonne-moi de
    la Transfo" deletes that one; "désabonne-moi" shows the list, whose buttons delete a topic
    (/desabonner stops them all). Searched, such a message showed posts that hold "abonne" and
    subscribed to nothing."""
    asked = alert_request(question)
    if asked is None:
        return False
    if (
        asked.kind == "unfollow"
        and asked.text
        and await subscriptions.unsubscribe_named(update, context, asked.text)
    ):
        return True
    if asked.kind != "follow":
        await subscriptions.list_subscriptions(update, context)
    elif not asked.text:
        await message.reply_text(text("follow_what", user_lang(update)))
    else:
        await subscriptions.subscribe_request(update, context, asked.text)
    return True


async def _next_page(message: Message, context: BotContext, lang: Lang) -> None:
    """The next page of the answer replied to, or of the chat's last answer, as a new message
    ("encore", "d'autres ?")."""
    last = await goes_on_from(context, message, fallback=True)
    if last is None:
        await message.reply_text(text("more_without_question", lang))
        return
    page = last.page + 1
    await context.bot.send_chat_action(message.chat_id, ChatAction.TYPING)
    shown = await answer_page(context, last.query_id, last.question, page, last.recent, lang)
    if shown is None:
        await message.reply_text(text("more_none", lang, question=last.question[:200]))
        return
    html, markup = shown
    sent = await message.reply_text(
        html, parse_mode=ParseMode.HTML, reply_markup=markup, link_preview_options=NO_PREVIEW
    )
    remember(context, sent, replace(last, page=page, at=time.monotonic()), last=True)


def order_of(result: SearchResult) -> bool | None:
    """The order an answer's buttons keep: newest first, by relevance, or (None) the question's
    own, oldest first ("le premier article sur …"), which its next pages follow."""
    return None if result.oldest else result.recent


def _more_follows(result: SearchResult) -> bool:
    """Whether ➕ has a next page to show: a post past this page's, or past a number asked ("les 2
    derniers articles": "encore" and ➕ go on with the next ones)."""
    return len(result.hits) > PAGE_SIZE or result.capped


async def answer_page(
    context: BotContext, query_id: int, question: str, page: int, recent: bool | None, lang: Lang
) -> tuple[str, InlineKeyboardMarkup] | None:
    """A later page of an answer (➕, "encore"), or of the same answer newest first: its card and
    buttons; None when the page is empty."""
    services = context.services
    result, start = await services.page(question, page, recent)
    if not result.hits:
        return None
    shown = replace(result, hits=result.hits[:PAGE_SIZE])
    card = render_card(shown, lang, start + 1, stale_before=services.stale_year(shown))
    return card.html, answer_keyboard(query_id, page, _more_follows(result), lang, recent, bool(result.terms))


async def _reply_to(
    context: BotContext,
    message: Message,
    result: SearchResult,
    query_id: int,
    lang: Lang,
    writing: bool,
    understood: str | None,
) -> Message:
    """Send the first page: written (and stored) when the service gives a usable answer."""
    page = replace(result, hits=result.hits[:PAGE_SIZE])
    markup = (
        answer_keyboard(query_id, 0, _more_follows(result), lang, order_of(page), bool(page.terms))
        if page.hits
        else None
    )
    synthesis = (
        await _written(context, message, page, lang) if writing and page.hits and page.confident else None
    )
    if synthesis is not None and synthesis.usable:
        await context.services.run(context.services.store.record_synthesis, query_id, plain_answer(synthesis))
    return await message.reply_text(
        _reply(page, synthesis, lang, understood, context.services.stale_year(page)),
        parse_mode=ParseMode.HTML,
        reply_markup=markup,
        link_preview_options=NO_PREVIEW,
    )


def _reply(
    page: SearchResult, synthesis: Synthesis | None, lang: Lang, understood: str | None, stale: int | None
) -> str:
    """The checked written answer; else the card, with a note when the written one was refused."""
    if synthesis is not None and synthesis.usable:
        return render_synthesis(synthesis, lang, understood)
    lead = [text("understood_as", lang, question=page.question)] if understood else []
    if synthesis is not None and synthesis.checked is not None:
        lead.append(text("synthesis_not_found" if synthesis.checked.refused else "synthesis_unchecked", lang))
    return render_card(page, lang, lead=lead, stale_before=stale).html


async def _writes(context: BotContext, chat_id: int, user_id: int | None) -> bool:
    """Whether this chat gets written answers: configured, not turned off, under the daily cap."""
    services = context.services
    if services.synthesizer is None or not services.synthesizer.breaker.allows():
        return False
    if await services.run(services.store.synthesis_choice, chat_id) is False:
        return False
    cap = services.settings.llm_daily_cap
    return not cap or user_id is None or await services.run(services.store.syntheses_today, user_id) < cap


async def _standalone(context: BotContext, message: Message, question: str, writing: bool) -> Attached:
    """A follow-up made to stand alone — in reply to one of the bot's answers (in any chat), or in a
    private chat shortly after an answer: narrowed at once when it names only a date, a source or a
    language ("et depuis 2020 ?", "en anglais ?"), else rewritten by the model when this chat gets
    written answers, else (no model, or no usable rewrite) searched with the previous question.
    Also what the next follow-up going on from the end, or pointing back, attaches to (None: this
    one)."""
    last = await goes_on_from(context, message, fallback=message.chat.type == ChatType.PRIVATE)
    if last is None:
        return Attached(None)
    services = context.services
    parse = services.parser()
    understood = await services.compute(narrowed, last.question, question, parse)
    if understood is None and not needs_context(question):
        return Attached(None)
    if understood is None and writing and services.synthesizer is not None:
        understood = await standalone(services.synthesizer, last.question, question)
    if understood is not None:
        return Attached(understood)
    return await services.compute(attached, last.question, last.base, last.pointed, question, parse)


async def _written(context: BotContext, message: Message, page: SearchResult, lang: Lang) -> Synthesis:
    """The written answer, previewed as it comes (drafts in private chats); in the question's
    language, or the asker's (`lang`) when the question does not tell."""
    assert context.services.synthesizer is not None
    preview = DraftPreview(
        context.bot, message.chat_id, message.message_id, message.chat.type == ChatType.PRIVATE
    )
    return await synthesize(context.services.synthesizer, page, lang, preview.update)


async def synthesis_command(update: Update, context: BotContext) -> None:
    """/synthese on|off: written answers in this chat, or passages only."""
    message, services, lang = update.effective_message, context.services, user_lang(update)
    if message is None:
        return
    if services.synthesizer is None:
        await message.reply_text(text("synthesis_unavailable", lang))
        return
    choice = (context.args or [""])[0].lower()
    if choice in ("on", "off"):
        await services.run(services.store.choose_synthesis, message.chat_id, choice == "on")
    on = await services.run(services.store.synthesis_choice, message.chat_id) is not False
    await message.reply_text(
        text("synthesis_usage", lang, state=text(f"synthesis_{'on' if on else 'off'}", lang))
    )


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
