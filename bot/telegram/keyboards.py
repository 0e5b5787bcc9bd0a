"""Inline keyboards under answers."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.telegram.decisions import more_payload, vote_payload
from bot.texts import Lang, text


def answer_keyboard(query_id: int, page: int, has_more: bool, lang: Lang) -> InlineKeyboardMarkup:
    """👍 / 👎 on the shown page, and "more results" when there are."""
    rows = [
        [
            InlineKeyboardButton("👍", callback_data=vote_payload(query_id, page, 1)),
            InlineKeyboardButton("👎", callback_data=vote_payload(query_id, page, -1)),
        ]
    ]
    if has_more:
        rows.insert(
            0,
            [InlineKeyboardButton(text("more_button", lang), callback_data=more_payload(query_id, page + 1))],
        )
    return InlineKeyboardMarkup(rows)
