"""Inline keyboards: under answers, under alerts, on the subscription list, confirmations."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions

from bot.domain import Alert, Subscription
from bot.telegram.decisions import (
    alert_vote_payload,
    confirm_payload,
    digest_hour_payload,
    follow_payload,
    more_payload,
    order_payload,
    subscription_payload,
    vote_payload,
)
from bot.texts import Lang, text

# Cards and alerts link many posts: a preview of the first would push the passages down.
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def answer_keyboard(
    query_id: int, page: int, has_more: bool, lang: Lang, recent: bool | None = False, topical: bool = True
) -> InlineKeyboardMarkup:
    """👍 / 👎 on the shown page, "more results" when there are, newest first (or back to the
    most relevant), and "follow this topic". A list with no searched words ("quoi de neuf ?",
    "depuis 2020") has neither an order to change nor a topic to follow: `topical=False`.
    `recent` None: in the order the question asked (oldest first), whose pages keep it."""
    rows = [
        [
            InlineKeyboardButton("👍", callback_data=vote_payload(query_id, page, 1, recent)),
            InlineKeyboardButton("👎", callback_data=vote_payload(query_id, page, -1, recent)),
        ],
    ]
    if topical:
        order = text("relevant_button" if recent else "recent_button", lang)
        rows.append(
            [
                InlineKeyboardButton(order, callback_data=order_payload(query_id, not recent)),
                InlineKeyboardButton(text("follow_button", lang), callback_data=follow_payload(query_id)),
            ]
        )
    if has_more:
        more = more_payload(query_id, page + 1, recent)
        rows.insert(0, [InlineKeyboardButton(text("more_button", lang), callback_data=more)])
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


DIGEST_HOURS = (6, 7, 8, 9, 10, 12, 14, 16, 17, 18, 19, 20)


def subscriptions_list_keyboard(
    subscriptions: Sequence[Subscription], hour: int, lang: Lang
) -> InlineKeyboardMarkup:
    """The subscription rows, then the digest hour of the chat (a press shows the hours)."""
    rows: list[Sequence[InlineKeyboardButton]] = list(
        subscriptions_keyboard(subscriptions, lang).inline_keyboard
    )
    label = text("digest_hour_button", lang, hour=hour)
    rows.append([InlineKeyboardButton(label, callback_data=digest_hour_payload(None))])
    return InlineKeyboardMarkup(rows)


def digest_hours_keyboard(current: int, lang: Lang) -> InlineKeyboardMarkup:
    """The hours a chat may choose for its digests, four a row, the current one marked."""
    buttons = [
        InlineKeyboardButton(
            ("✅ " if h == current else "") + text("hour", lang, hour=h), callback_data=digest_hour_payload(h)
        )
        for h in DIGEST_HOURS
    ]
    return InlineKeyboardMarkup([buttons[i : i + 4] for i in range(0, len(buttons), 4)])


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
