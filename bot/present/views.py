"""Pure HTML views: the subscription list, stored data, the sources. Escaped here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.domain import Document, Subscription
from bot.ingest.sources import host_of
from bot.present.cards import esc, link, shorten
from bot.search.indexing import LoadedIndex
from bot.store import UserData
from bot.texts import Lang, text


def _without(exclusions: Sequence[str], lang: Lang) -> str:
    """ " (without: x, y)" after a topic, or nothing."""
    return " " + text("without", lang, words=", ".join(exclusions)) if exclusions else ""


def subscription_line(number: int, sub: Subscription, lang: Lang) -> str:
    """ "1. « topic » — instant (without: x, y) ⏸"."""
    line = f"{number}. « {esc(shorten(sub.topic, 120))} » — {esc(text(f'mode_{sub.mode}', lang))}"
    line += esc(_without(sub.exclusions, lang))
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


def render_subscribed(
    topic: str, exclusions: Sequence[str], known: Sequence[Document] | None, lang: Lang, period: str = ""
) -> str:
    """The /abonner confirmation, with what the collection already holds on the topic: the posts a
    search for it shows first (`known`), or a warning when it finds nothing relevant (None); the
    period the topic named and the subscription left out, if any."""
    lines = [esc(text("subscribed", lang, topic=topic, without=_without(exclusions, lang)))]
    if period:
        lines.append(esc(text("subscribed_period_dropped", lang, period=period)))
    if known is None:
        lines.append(esc(text("subscribed_unknown", lang)))
    elif known:
        lines.append(esc(text("subscribed_known", lang)))
        for doc in known:
            year = f" ({doc.date.year})" if doc.date else ""
            lines.append(f"• {link(shorten(doc.title, 100), doc.url)}{year}")
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
    if data.member_since:
        lines.append(esc(text("mydata_member", lang, since=data.member_since.strftime("%d/%m/%Y"))))
    if data.recent_questions:
        lines.append(esc(text("mydata_recent", lang)))
        lines += [f"• {esc(shorten(q, 200))}" for q in data.recent_questions]
    lines.append(esc(text("mydata_footer", lang)))
    return "\n".join(lines)


SOURCES_SHOWN = 40  # lines; far below Telegram's 4096 characters


def render_sources(index: LoadedIndex, lang: Lang) -> str:
    """What the collection holds (/sources, "tes sources ?"): its size, dates and sources."""
    documents = index.documents.values()
    dates = sorted(d.date for d in documents if d.date)
    unknown = text("unknown", lang)
    summary = text(
        "sources",
        lang,
        posts=len(documents),
        chunks=index.manifest.chunk_count,
        first=dates[0].strftime("%d/%m/%Y") if dates else unknown,
        last=dates[-1].strftime("%d/%m/%Y") if dates else unknown,
        updated=esc(index.manifest.built_at[:10]),
    )
    lines = source_lines(documents, lang)
    return "\n".join([summary, *lines[:SOURCES_SHOWN], "", esc(text("sources_narrow", lang))])


def source_lines(documents: Iterable[Document], lang: Lang) -> list[str]:
    """One line per source: its short name (what "sur NAME" narrows to), posts, years, site.

    Posts without a named source are listed by site.
    """
    groups: dict[tuple[str, bool], list[Document]] = {}
    for doc in documents:
        site = host_of(doc.url) if doc.url else ""
        key = (doc.source, True) if doc.source else (site or text("unknown", lang), False)
        groups.setdefault(key, []).append(doc)
    lines = []
    for (name, named), docs in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        years = sorted(d.date.year for d in docs if d.date)
        span = "" if not years else f", {years[0]}" if years[0] == years[-1] else f", {years[0]}–{years[-1]}"
        sites = sorted({host_of(d.url) for d in docs if d.url})
        where = f" ({esc(', '.join(sites[:2]))})" if named and sites else ""
        label = f"<code>{esc(name)}</code>" if named else esc(name)
        lines.append(f"• {label} — {esc(text('source_posts', lang, count=len(docs)))}{span}{where}")
    return lines
