"""Who may use the bot: the gate in front of every handler, /inviter and /retirer (admins).

Open to everyone by default. With INNOBOT_ALLOWED_USERS, INNOBOT_ALLOWED_CHATS or
INNOBOT_INVITE_ONLY, only admins, those ids, and users who redeemed an invitation
(`/start CODE`, or the t.me link that sends it) get answers; nothing is searched for the others.
"""

from __future__ import annotations

from telegram import Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop

from bot.telegram.decisions import Mention, addressed_question
from bot.telegram.handlers.admin import refused_unless_admin
from bot.telegram.services import BotContext, user_lang
from bot.texts import text


async def _allowed(update: Update, context: BotContext) -> bool:
    services = context.services
    settings = services.settings
    user, chat = update.effective_user, update.effective_chat
    if chat is not None and chat.id in settings.allowed_chats:
        return True
    if user is None:
        return False
    if services.is_admin(user.id) or user.id in settings.allowed_users:
        return True
    return await services.run(services.store.access.is_member, user.id)


def _addressed(message: Message, context: BotContext) -> bool:
    """In a group, whether a message is for the bot (only those get the refusal): a command, or
    what the question handlers answer (a mention, a reply to the bot)."""
    body = message.text or ""
    if message.chat.type == ChatType.PRIVATE or body.startswith("/"):
        return True
    replied = message.reply_to_message
    mentions = [Mention(e.offset, e.length) for e in message.entities if e.type == MessageEntity.MENTION]
    to_bot = bool(replied and replied.from_user and replied.from_user.id == context.bot.id)
    return addressed_question(body, mentions, context.bot.username, to_bot) is not None


def _invitation_code(message: Message | None) -> str | None:
    """The code of `/start CODE` in a private chat (what a t.me/<bot>?start=CODE link sends)."""
    if message is None or message.chat.type != ChatType.PRIVATE or not message.text:
        return None
    words = message.text.split()
    if len(words) == 2 and words[0].split("@")[0] == "/start":
        return words[1]
    return None


async def gate(update: Update, context: BotContext) -> None:
    """Runs before every handler: lets allowed users through, stops the others politely."""
    services, lang = context.services, user_lang(update)
    if not services.settings.restricted or await _allowed(update, context):
        return
    user, message = update.effective_user, update.effective_message
    if user is None:
        raise ApplicationHandlerStop
    if await _redeemed(update, context):
        return  # /start then says welcome
    addressed = message is not None and update.callback_query is None and _addressed(message, context)
    tell = await services.run(services.store.access.refuse, user.id, addressed)
    if update.inline_query is not None:
        await update.inline_query.answer([], cache_time=0, is_personal=True)
    elif update.callback_query is not None:
        await update.callback_query.answer(text("access_refused_short", lang))
    elif tell and message is not None:
        await message.reply_text(text("access_refused", lang))
    raise ApplicationHandlerStop


async def _redeemed(update: Update, context: BotContext) -> bool:
    """`/start CODE`: True when the code lets the user in; a refused code is said and stops."""
    message, user, services = update.effective_message, update.effective_user, context.services
    code = _invitation_code(message)
    if code is None or message is None or user is None:
        return False
    status = await services.run(services.store.access.redeem, code, user.id)
    await message.reply_text(text(f"invite_{'accepted' if status == 'ok' else status}", user_lang(update)))
    if status != "ok":
        raise ApplicationHandlerStop
    return True


async def invite(update: Update, context: BotContext) -> None:
    """/inviter: a single-use invitation code and its link (admins only)."""
    services, message, lang = context.services, update.effective_message, user_lang(update)
    user = update.effective_user
    if await refused_unless_admin(update, context) or message is None or user is None:
        return
    days = services.settings.invite_days
    made = await services.run(services.store.access.invite, user.id, days)
    link = f"https://t.me/{context.bot.username}?start={made.code}" if context.bot.username else ""
    note = "" if services.settings.restricted else "\n\n" + text("invite_open_bot", lang)
    await message.reply_text(text("invite_made", lang, code=made.code, link=link, days=days) + note)


async def revoke(update: Update, context: BotContext) -> None:
    """/retirer ID: take an invited user's access back; without an id, list the invited users."""
    services, message, lang = context.services, update.effective_message, user_lang(update)
    if await refused_unless_admin(update, context) or message is None:
        return
    args = context.args or []
    if len(args) != 1 or not args[0].lstrip("-").isdigit():
        listed = await services.run(services.store.access.members)
        lines = [f"• {m.user_id} ({m.added_at:%d/%m/%Y})" for m in listed] or [text("members_none", lang)]
        await message.reply_text(text("revoke_usage", lang) + "\n" + "\n".join(lines))
        return
    target = int(args[0])
    if target in services.settings.allowed_users:
        await message.reply_text(text("revoke_configured", lang, user=target))
        return
    removed = await services.run(services.store.access.revoke, target)
    await message.reply_text(text("revoked" if removed else "revoke_unknown", lang, user=target))
