"""/mesdonnees and /oublier: a user sees and deletes what innobot keeps about them.

Whatever the chat they are typed in, both act on the user: their private chat (whose id is
their user id) and the questions and votes they made anywhere.
"""

from __future__ import annotations

from telegram import Update
from telegram.constants import ParseMode

from bot.present.views import render_user_data
from bot.telegram.decisions import ButtonPress
from bot.telegram.keyboards import confirm_keyboard
from bot.telegram.services import BotContext, user_lang
from bot.texts import text


async def my_data(update: Update, context: BotContext) -> None:
    """/mesdonnees"""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    data = await context.services.run(context.services.store.user_data, user.id, user.id)
    await message.reply_text(render_user_data(data, user_lang(update)), parse_mode=ParseMode.HTML)


async def forget(update: Update, context: BotContext) -> None:
    """/oublier: asks for confirmation first, saying what it keeps."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    lang = user_lang(update)
    prompt = text("forget_confirm", lang)
    if await context.services.run(context.services.store.access.member_since, user.id):
        prompt += "\n" + text("forget_keeps_access", lang)
    await message.reply_text(prompt, reply_markup=confirm_keyboard("o", lang))


async def on_forget_button(update: Update, context: BotContext, press: ButtonPress) -> None:
    query, user, lang = update.callback_query, update.effective_user, user_lang(update)
    assert query is not None and user is not None
    if press.option == "y":
        await context.services.run(context.services.store.forget, user.id, user.id)
    await query.answer()
    await query.edit_message_text(text("forgotten" if press.option == "y" else "cancelled", lang))
