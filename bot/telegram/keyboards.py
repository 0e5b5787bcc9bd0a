"""Inline keyboards: under answers, under alerts, on the subscription list, confirmations."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain import Alert, Subscription
from bot.telegram.decisions import (
    alert_vote_payload,
    confirm_payload,
    follow_payload,
    more_payload,
    subscription_payload,
    vote_payload,
)
from bot.texts import Lang, text


def answer_keyboard(query_id: int, page: int, has_more: bool, lang: Lang) -> InlineKeyboardMarkup:
    """👍 / 👎 on the shown page, "more results" when there are, and "follow this topic"."""
    rows = [
        [
            InlineKeyboardButton("👍", callback_data=vote_payload(query_id, page, 1)),
            InlineKeyboardButton("👎", callback_data=vote_payload(query_id, page, -1)),
        ],
        [InlineKeyboardButton(text("follow_button", lang), callback_data=follow_payload(query_id))],
    ]
    if has_more:
        rows.insert(
            0,
            [InlineKeyboardButton(text("more_button", lang), callback_data=more_payload(query_id, page + 1))],
        )
    return InlineKeyboardMarkup(rows)


def alert_keyboard(alerts: Sequence[Alert]) -> InlineKeyboardMarkup:
    """👍 / 👎 for each announced post (numbered when a message holds several)."""
    rows = []
    for number, alert in enumerate(alerts, start=1):
        label = f" {number}" if len(alerts) > 1 else ""
        rows.append(
            [
                InlineKeyboardButton(f"👍{label}", callback_data=alert_vote_payload(alert.id, 1)),
                InlineKeyboardButton(f"👎{label}", callback_data=alert_vote_payload(alert.id, -1)),
            ]
        )
    return InlineKeyboardMarkup(rows)


def subscriptions_keyboard(subscriptions: Sequence[Subscription], lang: Lang) -> InlineKeyboardMarkup:
    """Per subscription: pause or resume, switch instant → daily → weekly, delete."""
    rows = []
    for number, sub in enumerate(subscriptions, start=1):
        rows.append(
            [
                InlineKeyboardButton(
                    f"{number}. " + text("resume_button" if sub.paused else "pause_button", lang),
                    callback_data=subscription_payload(sub.id, "p"),
                ),
                InlineKeyboardButton(
                    text(f"mode_{sub.mode}_button", lang), callback_data=subscription_payload(sub.id, "m")
                ),
                InlineKeyboardButton(
                    text("delete_button", lang), callback_data=subscription_payload(sub.id, "d")
                ),
            ]
        )
    return InlineKeyboardMarkup(rows)


def confirm_keyboard(action: str, lang: Lang) -> InlineKeyboardMarkup:
    """Yes / no for an action that deletes (u: all subscriptions, o: all data)."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    text(f"confirm_{action}", lang), callback_data=confirm_payload(action, True)
                ),
                InlineKeyboardButton(
                    text("cancel_button", lang), callback_data=confirm_payload(action, False)
                ),
            ]
        ]
    )
