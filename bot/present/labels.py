"""Plain-text labels shared by the card and the terminal: what a question narrowed to
("📅 depuis 2018 · 📍 sur transfo"), why nothing was found within it, and the link to a report's
page. Pure."""

from __future__ import annotations

import datetime as dt

from bot.search.filters import Filter
from bot.search.retrieval import Mentioning, SearchResult
from bot.texts import Lang, text


def _month_year(day: dt.date, lang: Lang, whole_years: bool = True) -> str:
    """ "2018", or "mars 2018" when the bound is not a year's first (or last) day (or not
    `whole_years`: "de septembre 2019 à décembre 2019", not "à 2019")."""
    if whole_years and (day.month, day.day) in ((1, 1), (12, 31)):
        return str(day.year)
    return f"{text('months', lang).split()[day.month - 1]} {day.year}"


def _day(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def order_label(recent: bool, oldest: bool, lang: Lang) -> str:
    """How an answer is sorted when it is by date ("du plus récent au plus ancien"); "" by relevance."""
    if oldest:
        return text("sorted_oldest", lang)
    return text("sorted_recent", lang) if recent else ""


def filter_label(wanted: Filter, lang: Lang) -> str:
    """What the question narrowed to, as plain text: "📅 depuis 2018 · 📍 sur transfo"."""
    parts = []
    since, until = wanted.since, wanted.until
    # "cette semaine", "ces 3 derniers mois": bounds within a month, shown to the day.
    from_day = since is not None and since.day != 1
    to_day = until is not None and (until + dt.timedelta(days=1)).day != 1
    if since and until and since == until:  # "il y a 3 jours"
        parts.append("📅 " + text("filter_on_day", lang, start=_day(since)))
    elif since and until and (from_day or to_day):
        parts.append("📅 " + text("filter_between_days", lang, start=_day(since), end=_day(until)))
    elif from_day and since and not until:
        parts.append("📅 " + text("filter_since_day", lang, start=_day(since)))
    elif since and until:
        one_year = since == dt.date(since.year, 1, 1) and until == dt.date(since.year, 12, 31)
        one_month = since.day == 1 and (since.year, since.month) == (until.year, until.month)
        one_month = one_month and (until + dt.timedelta(days=1)).day == 1
        if one_year or one_month:
            shown = str(since.year) if one_year else _month_year(since, lang)
            parts.append("📅 " + text("filter_in", lang, start=shown))
        else:
            years = (since.month, since.day, until.month, until.day) == (1, 1, 12, 31)
            start, end = _month_year(since, lang, years), _month_year(until, lang, years)
            parts.append("📅 " + text("filter_between", lang, start=start, end=end))
    elif since:
        parts.append("📅 " + text("filter_since", lang, start=_month_year(since, lang)))
    elif until:
        parts.append("📅 " + text("filter_before", lang, end=_month_year(until + dt.timedelta(days=1), lang)))
    if wanted.sources:
        parts.append("📍 " + text("filter_source", lang, names=", ".join(wanted.sources)))
    parts += [f"#{tag}" for tag in wanted.tags]
    if wanted.language:
        parts.append("🌐 " + text(f"filter_language_{wanted.language}", lang))
    return " · ".join(parts)


def nothing_in_filter(
    wanted: Filter,
    in_filter: int | None,
    lang: Lang,
    published: tuple[dt.date, dt.date] | None = None,
) -> str:
    """Why an answer with a filter is empty: the filter keeps no post (and, for a period, the
    dates the collection spans: `published`), or none of the `in_filter` posts it keeps is
    relevant — nor any other, since a question the collection answers shows the filter's closest
    posts (so that "recette de crêpes en 2015" does not read as "no post of 2015"). Empty without
    a filter."""
    label = filter_label(wanted, lang)
    if not label:
        return ""
    if in_filter:
        return text("filter_none_relevant", lang, count=in_filter, filter=label)
    none = text("filter_none", lang, filter=label)
    if published is None:
        return none
    first, last = (day.strftime("%d/%m/%Y") for day in published)
    return f"{none} {text('published_span', lang, first=first, last=last)}"


def page_link(url: str | None, page: int) -> str | None:
    """The link that opens a PDF at a page (browsers and readers honour #page=N)."""
    return f"{url.split('#')[0]}#page={page}" if url else None


def header_notes(result: SearchResult, lang: Lang, clock: str = "") -> list[str]:
    """What an answer says under its first line, in order: the filter, how many posts a filter's
    list holds (all pages together), how many posts write the name "combien d'articles sur …"
    asked about, the order by date (after `clock`: the card's 🕒)."""
    order = order_label(result.recent, result.oldest, lang)
    notes = (
        filter_label(result.filter, lang),
        text("listed", lang, count=result.listed) if result.listed is not None else "",
        _mentioning(result.mentioning, lang),
        f"{clock}{order}" if order else "",
    )
    return [note for note in notes if note]


def _mentioning(mentioning: Mentioning | None, lang: Lang) -> str:
    if mentioning is None:
        return ""
    key = "mentioning" if mentioning.count else "mentioning_none"
    return text(key, lang, count=mentioning.count, name=mentioning.name)  # five words at most
