"""Pure HTML views of the user's own state: subscription list, stored data. Escaped here."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain import Subscription
from bot.present.cards import esc, shorten
from bot.store import UserData
from bot.texts import Lang, text


def subscription_line(number: int, sub: Subscription, lang: Lang) -> str:
    """ "1. « topic » — instant (without: x, y) ⏸"."""
    line = f"{number}. « {esc(shorten(sub.topic, 120))} » — {esc(text(f'mode_{sub.mode}', lang))}"
    if sub.exclusions:
        line += " " + esc(text("without", lang, words=", ".join(sub.exclusions)))
    if sub.paused:
        line += " " + esc(text("paused", lang))
    return line


def render_subscriptions(subscriptions: Sequence[Subscription], lang: Lang, hour: int = 8) -> str:
    """The /abonnements message."""
    if not subscriptions:
        return esc(text("subscriptions_empty", lang))
    lines = [f"<b>{esc(text('subscriptions_header', lang))}</b>"]
    lines += [subscription_line(n, sub, lang) for n, sub in enumerate(subscriptions, start=1)]
    lines.append(esc(text("subscriptions_help", lang, hour=hour)))
    return "\n".join(lines)


def render_user_data(data: UserData, lang: Lang) -> str:
    """The /mesdonnees message: everything innobot keeps about the user."""
    lines = [f"<b>{esc(text('mydata_header', lang))}</b>"]
    if data.subscriber:
        lines.append(
            esc(
                text(
                    "mydata_subscriber",
                    lang,
                    since=data.subscriber.created_at.strftime("%d/%m/%Y"),
                    lang_code=data.subscriber.lang,
                    state=text("active" if data.subscriber.active else "inactive", lang),
                )
            )
        )
    lines.append(esc(text("mydata_subscriptions", lang, count=len(data.subscriptions))))
    lines += [subscription_line(n, s, lang) for n, s in enumerate(data.subscriptions, start=1)]
    lines.append(
        esc(
            text(
                "mydata_counts",
                lang,
                questions=data.questions,
                votes=data.votes,
                alerts=sum(data.alerts.values()),
            )
        )
    )
    if data.recent_questions:
        lines.append(esc(text("mydata_recent", lang)))
        lines += [f"• {esc(shorten(q, 200))}" for q in data.recent_questions]
    lines.append(esc(text("mydata_footer", lang)))
    return "\n".join(lines)
