"""What each chat's answers answered: the last one (what a follow-up leans on and "encore"
continues) and the recent ones by message id (what a reply to one of them goes on from)."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import cast

from telegram import Message

from bot.synthesis.followups import WINDOW_SECONDS
from bot.telegram.decisions import page_shown
from bot.telegram.services import BotContext

LAST = "last_answer"  # chat_data key: the chat's LastAnswer
ANSWERS = "answers"  # chat_data key: the chat's recent answers by message id (what a reply goes on from)
ANSWERS_KEPT = 50


@dataclass(frozen=True)
class LastAnswer:
    """The chat's last answered question: what a follow-up leans on, and "encore" continues."""

    question: str
    at: float  # time.monotonic() of the answer
    query_id: int
    page: int = 0  # the last page shown (➕ and "encore" move it)
    recent: bool | None = False  # newest first (None: as the question asked, "le premier article …")
    base: str | None = None  # what a follow-up going on from the end attaches to (None: the question)
    pointed: str | None = None  # what a follow-up pointing back points to (None: the question)


async def goes_on_from(context: BotContext, message: Message, fallback: bool) -> LastAnswer | None:
    """The answer a message goes on from: the bot's answer it replies to, in any chat and however
    old; else, with `fallback`, the chat's last answer if it is less than ten minutes old."""
    if context.chat_data is None:
        return None
    replied = message.reply_to_message
    if replied is not None:
        known = context.chat_data.get(ANSWERS, {}).get(replied.message_id) or await _answer_of(
            context, replied
        )
        if known is not None:
            return cast(LastAnswer, known)
    last = context.chat_data.get(LAST)
    if not fallback or not isinstance(last, LastAnswer) or time.monotonic() - last.at > WINDOW_SECONDS:
        return None
    return last


async def _answer_of(context: BotContext, replied: Message) -> LastAnswer | None:
    """What an answer of the bot answered, read from its buttons and the stored question: an
    answer sent before a restart, or before the last ANSWERS_KEPT."""
    if replied.from_user is None or replied.from_user.id != context.bot.id or replied.reply_markup is None:
        return None
    rows = replied.reply_markup.inline_keyboard
    shown = page_shown(b.callback_data for row in rows for b in row if isinstance(b.callback_data, str))
    if shown is None:
        return None
    services = context.services
    record = await services.run(services.store.get_query, shown.ident)
    if record is None or record.chat_id != replied.chat_id:
        return None  # forgotten (/oublier), or past the retention
    return LastAnswer(record.question, time.monotonic(), shown.ident, shown.page, shown.recent)


def remember(context: BotContext, sent: Message, answered: LastAnswer, last: bool = False) -> None:
    """Keep what an answer message answered, so that a reply to it goes on from there (with
    `last`: as the chat's last answer too)."""
    if context.chat_data is None:
        return
    if last:
        answered_now(context, answered)
    answers = context.chat_data.setdefault(ANSWERS, {})
    answers[sent.message_id] = answered
    while len(answers) > ANSWERS_KEPT:
        del answers[next(iter(answers))]  # the oldest


def answered_now(context: BotContext, answered: LastAnswer) -> None:
    """The chat's last answer, kept before the reply is sent: a follow-up sent as soon as it
    shows leans on it."""
    if context.chat_data is not None:
        context.chat_data[LAST] = answered


def page_turned(context: BotContext, message_id: int, query_id: int, page: int, recent: bool | None) -> None:
    """➕ or the order button changed an answer in place: "encore" after it, or in reply to it,
    goes on from the page shown."""
    if context.chat_data is None:
        return
    last = context.chat_data.get(LAST)
    if isinstance(last, LastAnswer) and last.query_id == query_id:
        context.chat_data[LAST] = replace(last, page=page, recent=recent)
    answers = context.chat_data.get(ANSWERS, {})
    if message_id in answers:
        answers[message_id] = replace(answers[message_id], page=page, recent=recent)
