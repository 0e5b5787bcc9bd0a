"""Pure HTML views for administrators and editors: /stats and the weekly content gaps. Escaped here."""

from __future__ import annotations

from bot.present.cards import esc, shorten
from bot.store.stats import ContentGaps, Gap, UsageStats
from bot.texts import Lang, text


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}".replace("%", " %") if whole else "—"


def render_stats(stats: UsageStats, version: str, built: str, last_refresh: str | None, lang: Lang) -> str:
    """The /stats message."""
    days = " · ".join(f"{day:%d/%m} {count}" for day, count in stats.per_day)
    votes = stats.up + stats.down
    lines = [
        f"<b>{esc(text('stats_header', lang, days=len(stats.per_day)))}</b>",
        esc(text("stats_questions", lang, count=stats.questions, days=days)),
        esc(
            text(
                "stats_answers",
                lang,
                unanswered=stats.unanswered,
                share=_share(stats.unanswered, stats.questions),
                up=stats.up,
                down=stats.down,
                ratio=_share(stats.up, votes),
            )
        ),
        esc(text("stats_subscribers", lang, subscribers=stats.subscribers, topics=stats.subscriptions)),
        esc(
            text(
                "stats_alerts",
                lang,
                **{k: stats.alerts.get(k, 0) for k in ("sent", "pending", "failed", "blocked")},
            )
        ),
        esc(
            text(
                "stats_index",
                lang,
                version=version,
                built=built,
                refresh=last_refresh or text("stats_no_refresh", lang),
            )
        ),
    ]
    return "\n".join(lines)


GAP_CHARS = 150  # a question longer than this is cut: the digest must fit one message
SECTION_CHARS = 1800  # each of the two lists stays under this many visible characters


def _gap_lines(gaps: tuple[Gap, ...], lang: Lang) -> list[str]:
    if not gaps:
        return [esc(text("gaps_none", lang))]
    lines, used = [], 0
    for gap in gaps:
        question = shorten(" ".join(gap.question.split()), GAP_CHARS)
        used += len(question) + 12
        if used > SECTION_CHARS:
            break
        lines.append(f"• {esc(question)} <i>(×{gap.count})</i>")
    return lines


def render_gaps(gaps: ContentGaps, lang: Lang) -> str:
    """The editors' weekly digest: what agents asked and the corpus did not answer well."""
    return "\n".join(
        [
            f"<b>{esc(text('gaps_header', lang))}</b>",
            "",
            f"<b>{esc(text('gaps_unanswered', lang))}</b>",
            *_gap_lines(gaps.unanswered, lang),
            "",
            f"<b>{esc(text('gaps_disliked', lang))}</b>",
            *_gap_lines(gaps.disliked, lang),
        ]
    )
