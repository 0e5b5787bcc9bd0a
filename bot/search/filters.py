"""What a question says about *when*, *where from* and *in what language*, read in plain French or
English. Pure.

"laboratoires d'innovation depuis 2020", "résidences en 2009", "entre 2015 et 2019", "cette
année", "l'an dernier", "récents", "since 2018", "sur transfo", "site:transfo", "#résidence", "en
anglais": the expressions become a Filter and are removed from the words searched. "quoi de neuf
?", "les 10 derniers articles", "qu'est-ce qui a été publié dernièrement ?", "le dernier rapport
d'activité" ask for the newest posts first; "des articles sur …", "y a-t-il des ressources sur …"
for posts about what follows, which alone is searched.
Agents need no syntax; the few forms below are those people write.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, replace

from bot.analysis import (
    CLOSING,
    GREETING,
    POST_WORDS,
    PUBLISHED,
    analyze,
    asks_about_something,
    blanked_out,
    fold_accents,
    fold_aligned,
)
from bot.texts import Lang
from bot.topics import ABOUT, REQUESTING, SAYING, THINGS

_MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        (
            ("janvier", "january", "jan"),
            ("fevrier", "february", "feb"),
            ("mars", "march", "mar"),
            ("avril", "april", "apr"),
            ("mai", "may"),
            ("juin", "june", "jun"),
            ("juillet", "july", "jul"),
            ("aout", "august", "aug"),
            ("septembre", "september", "sept", "sep"),
            ("octobre", "october", "oct"),
            ("novembre", "november", "nov"),
            ("decembre", "december", "dec"),
        ),
        start=1,
    )
    for name in names
}


def _y(name: str, first: bool = False, second: bool = False) -> str:
    """A year of four digits from 1950 to 2099, not part of a longer number or a date like 12/2016
    ("mi-2020" is a year).

    `first` / `second`: the first or second year of "2015-2019" (a dash may follow / precede).
    """
    before = r"(?<![\d/.])" if second else r"(?<![\d/.])(?<!\d-)"
    after = r"[/.,]\d" if first else r"[/.,-]\d"
    return rf"{before}(?P<{name}>(?:19[5-9]|20\d)\d)(?!\d|{after})"


_MONTHS = "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True))
# Parts of a year ("début 2020", "au printemps 2020", "late 2019", "le premier semestre 2020"):
# their first and last months. A season is taken wide (spring: March to June) so that a post of
# its first or last days is kept; winter starts in the December before (month 0).
_END_OF_YEAR = r"fin|late|end"
_PARTS = (
    (r"debut|early|beginning|start", 1, 4),
    (r"mi|milieu|mid|middle", 5, 8),
    (_END_OF_YEAR, 9, 12),
    (r"printemps|spring", 3, 6),
    (r"ete|summer", 6, 9),
    (r"automne|autumn|fall", 9, 12),
    (r"hiver|winter", 0, 3),
    (r"rentree", 9, 10),  # "la rentrée 2020": September, when work and school start again
    (r"(?:premier|1er)\s+semestre|first\s+half", 1, 6),
    (r"(?:premier|1er)\s+trimestre|q1|first\s+quarter", 1, 3),
    (r"(?:deuxieme|2e|2eme|second)\s+trimestre|q2|second\s+quarter", 4, 6),
    (r"(?:troisieme|3e|3eme)\s+trimestre|q3|third\s+quarter", 7, 9),
    (r"(?:quatrieme|4e|4eme|dernier)\s+trimestre|q4|(?:fourth|last)\s+quarter", 10, 12),
    (r"(?:second|deuxieme|2e|2eme|dernier)\s+semestre|second\s+half|last\s+half", 7, 12),
)
_PART_WORDS = "|".join(words for words, _, _ in _PARTS)
# "le", "la fin de", "l'été", "the end of", "début d'année", "mi-": what comes before and after a part.
_THE = r"(?:(?:le|la|the)\s+|l')?"
_PART = rf"{_THE}(?:{_PART_WORDS})"
_PART_OF = r"(?:\s+(?:de\s+l'annee|d'annee|de|of(?:\s+the\s+year)?)\s+|\s+|-)"


def _m(name: str) -> str:
    """An optional month name, or part of a year ("fin", "l'été", "the first half of"), before the year."""
    return (
        rf"(?:(?P<{name}>{_MONTHS})\.?\s+"
        rf"|{_THE}(?P<{name}_part>{_PART_WORDS}){_PART_OF})?"
    )


_NUMBERS = {
    "deux": 2, "two": 2, "trois": 3, "three": 3, "quatre": 4, "four": 4, "cinq": 5, "five": 5,
    "six": 6, "sept": 7, "seven": 7, "huit": 8, "eight": 8, "nine": 9, "dix": 10, "ten": 10,
    "douze": 12, "twelve": 12,
}  # fmt: skip
_COUNT = r"(?P<n>\d{1,2}|" + "|".join(_NUMBERS) + r")"
_COUNT2 = _COUNT.replace("?P<n>", "?P<n2>")  # a second group name, for the English form
_COUNT3 = _COUNT.replace("?P<n>", "?P<n3>")


@dataclass(frozen=True)
class Filter:
    """Which posts a question is about: a date range (inclusive), sources, tags. Empty = all."""

    since: dt.date | None = None
    until: dt.date | None = None
    sources: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()  # folded: lower case, no accents
    language: Lang | None = None  # "en anglais", "in English": the posts written in it

    @property
    def dated(self) -> bool:
        return self.since is not None or self.until is not None

    @property
    def empty(self) -> bool:
        return not (self.dated or self.sources or self.tags or self.language)

    def keeps(
        self,
        date: dt.date | None,
        source: str | None,
        tags: Collection[str],
        language: Lang | None = None,
    ) -> bool:
        """Whether a post passes; a post without a date passes only when no date is asked, one
        whose language is not known (`language`: analysis.written_in) only when none is asked."""
        if self.language and language != self.language:
            return False
        if self.dated:
            if date is None:
                return False
            if (self.since and date < self.since) or (self.until and date > self.until):
                return False
        if self.sources and source not in self.sources:
            return False
        return self.tagged(tags)

    def tagged(self, tags: Collection[str]) -> bool:
        """Whether a post with these tags carries one of the tags asked (any post, if none)."""
        return not self.tags or any(tag_key(t) in self.tags for t in tags)

    @property
    def kinds(self) -> frozenset[str]:
        """What the filter asks for: "dates", "sources", "tags", "language"."""
        asked = (
            ("dates", self.dated),
            ("sources", self.sources),
            ("tags", self.tags),
            ("language", self.language),
        )
        return frozenset(kind for kind, value in asked if value)

    def completed(self, other: Filter) -> Filter:
        """This filter, and the other's parts of the kinds this one does not ask for."""
        dates = (self.since, self.until) if self.dated else (other.since, other.until)
        return Filter(
            *dates, self.sources or other.sources, self.tags or other.tags, self.language or other.language
        )

    def narrowed(self, since: dt.date | None, until: dt.date | None) -> Filter:
        """This filter and another date range, both applying (the later start, the earlier end)."""
        return Filter(
            max(filter(None, (self.since, since)), default=None),
            min(filter(None, (self.until, until)), default=None),
            self.sources,
            self.tags,
            self.language,
        )


@dataclass(frozen=True)
class ParsedQuestion:
    """A question split into the words to search and the filter it asked for."""

    text: str
    filter: Filter
    newest: bool = False  # "quoi de neuf ?": the newest posts first
    count: int | None = None  # "les 3 derniers articles", "3 articles sur …": that many posts at most
    subject: str = ""  # the words naming what the question is about: `text` without "a eu lieu"
    oldest: bool = False  # "le premier article sur …", "les plus anciens billets": the oldest first
    # Where the question names each kind of its filter (Filter.kinds): (kind, start, end) in the
    # question as read (`read`), "depuis 2019" and "sur transfo" of "les labs depuis 2019 sur transfo".
    said: tuple[tuple[str, int, int], ...] = ()
    # The question as parse_question read it: a search reads it written out ("cest" → "c'est"),
    # so `said` points into this, not into the question as typed.
    read: str = ""
    # "combien d'articles sur les tiers-lieux ?": how many posts write about the subject, asked
    # (SearchResult.mentioning) beside the posts shown.
    how_many: bool = False

    def naming(self, kinds: Collection[str]) -> tuple[str, ...]:
        """The words that name these kinds of its filter, as read, in their order ("depuis 2019")."""
        said = sorted((start, end) for kind, start, end in self.said if kind in kinds)
        return tuple(self.read[start:end].strip() for start, end in said)

    def without(self, kinds: Collection[str]) -> str:
        """The question as read without the words that name these kinds of its filter."""
        return " ".join(blanked_out(self.read, [(a, b) for kind, a, b in self.said if kind in kinds]).split())


def tag_key(tag: str) -> str:
    """A tag as compared: "#Résidences" and "résidence" are the same tag."""
    key = re.sub(r"[\s_]+", "-", fold_accents(tag).lower().strip("# "))
    return key[:-1] if key.endswith("s") and len(key) > 3 else key


def _months(month: str | None) -> tuple[int, int]:
    """The first and last month numbers of a month name or part of a year (None: the whole year)."""
    if not month:
        return 1, 12
    if month in _MONTH_NUMBERS:
        return _MONTH_NUMBERS[month], _MONTH_NUMBERS[month]
    return next((first, last) for words, first, last in _PARTS if re.fullmatch(words, month))


def _start(year: int, month: str | None = None) -> dt.date:
    first = _months(month)[0]
    return dt.date(year, first, 1) if first else dt.date(year - 1, 12, 1)


def _end(year: int, month: str | None = None) -> dt.date:
    last = _months(month)[1]
    return dt.date(year, last, calendar.monthrange(year, last)[1])


def _month(m: re.Match[str]) -> str | None:
    """The month name or part of a year read before the year "y" (see _m)."""
    return m["m"] or m["m_part"]


def _count(value: str) -> int:
    return int(value) if value.isdigit() else _NUMBERS[value]


def _asked_count(match: re.Match[str], group: str) -> int | None:
    """The number of posts a news expression asks for ("les 3 derniers articles"), if any."""
    if group not in match.re.groupindex or not match[group]:
        return None
    count = _count(match[group])
    return count if 1 <= count <= 50 else None


Range = tuple[dt.date | None, dt.date | None]
_Rule = tuple[re.Pattern[str], Callable[[re.Match[str], dt.date], Range | None]]


def _between(m: re.Match[str], today: dt.date) -> Range:
    first, last = sorted((int(m["y1"]), int(m["y2"])))
    return _start(first), _end(last)


def _school_year(m: re.Match[str], today: dt.date) -> Range | None:
    """ "2019/2020", "2019/20": both years, when the second follows the first (else no period)."""
    first, second = int(m["y1"]), m["y2"]
    if (int(second) if len(second) == 4 else first // 100 * 100 + int(second)) != first + 1:
        return None
    return _start(first), _end(first + 1)


def _months_between(m: re.Match[str], today: dt.date) -> Range:
    """ "de mars 2019 à juin 2020"; "de novembre à février 2024": the first month of the year before."""
    last_year = int(m["y2"])
    first_year = int(m["y1"]) if m["y1"] else last_year - (_MONTH_NUMBERS[m["m1"]] > _MONTH_NUMBERS[m["m2"]])
    since, until = _start(first_year, m["m1"]), _end(last_year, m["m2"])
    return (since, until) if since <= until else (_start(last_year, m["m2"]), _end(first_year, m["m1"]))


def _last_months_between(m: re.Match[str], today: dt.date) -> Range:
    """ "de mars à juin": from the first month's last beginning ("de novembre à février": on into
    the next year)."""
    first, last = _MONTH_NUMBERS[m["m1"]], _MONTH_NUMBERS[m["m2"]]
    year = today.year - (first > today.month)
    return _start(year, m["m1"]), _end(year + (last < first), m["m2"])


def _d(p: str) -> str:
    """A day: "12 décembre 2019", "1er mars 2020", "December 12, 2019", "12/12/2019" (groups prefixed `p`)."""
    year = r"(?:19[5-9]|20\d)\d"
    return (
        rf"(?:(?P<{p}d>[0-3]?\d)(?:er|st|nd|rd|th)?\s+(?:of\s+)?(?P<{p}m>{_MONTHS})\.?,?\s+(?P<{p}y>{year})"
        rf"|(?P<{p}m2>{_MONTHS})\.?\s+(?P<{p}d2>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<{p}y2>{year})"
        rf"|(?P<{p}d3>[0-3]?\d)[/.-](?P<{p}m3>[01]?\d)[/.-](?P<{p}y3>{year}))(?![\d/.-]\d|\d)"
    )


def _day_of(m: re.Match[str], p: str) -> dt.date | None:
    """The day `_d(p)` read (None: no such day, "31/02/2020")."""
    for suffix in ("", "2", "3"):
        if m[f"{p}y{suffix}"]:
            month = m[f"{p}m{suffix}"]
            number = int(month) if month.isdigit() else _MONTH_NUMBERS[month]
            try:
                return dt.date(int(m[f"{p}y{suffix}"]), number, int(m[f"{p}d{suffix}"]))
            except ValueError:
                return None
    return None


def _days_between(m: re.Match[str], today: dt.date) -> Range | None:
    first, last = _day_of(m, "a"), _day_of(m, "b")
    return (min(first, last), max(first, last)) if first and last else None


def _days_of_a_month(m: re.Match[str], today: dt.date) -> Range | None:
    last = _day_of(m, "b")
    if last is None or not 1 <= int(m["first"]) <= last.day:
        return None
    return last.replace(day=int(m["first"])), last


def _by_day(shape: Callable[[dt.date], Range]) -> Callable[[re.Match[str], dt.date], Range | None]:
    """The reading of a rule naming one day ("a"), shaped into a range (None: no such day)."""

    def make(m: re.Match[str], today: dt.date) -> Range | None:
        day = _day_of(m, "a")
        return shape(day) if day else None

    return make


_DAY = dt.timedelta(days=1)


def _since(m: re.Match[str], today: dt.date) -> Range:
    return _start(int(m["y"]), _month(m)), None


_DECADE_PARTS = {
    "debut": (0, 3),
    "early": (0, 3),
    "milieu": (4, 6),
    "mid": (4, 6),
    "fin": (7, 9),
    "late": (7, 9),
}


def _decade(m: re.Match[str], today: dt.date) -> Range | None:
    if m["d2"] and not (m["dir"] or m["part"] or m[0].startswith("the")):
        return None  # "2010s" alone: a year and a word, as typed
    decade = int(m["d"] or m["d2"] or m["d3"])
    first, last = _DECADE_PARTS.get(m["part"] or "", (0, 9))
    start, end = _start(decade + first), _end(decade + last)
    if m["dir"] in ("depuis", "since"):
        return start, None
    if m["dir"] in ("avant", "before"):
        return None, start - _DAY
    if m["dir"] in ("apres", "after"):
        return end + _DAY, None
    return start, end


def _after(m: re.Match[str], today: dt.date) -> Range:
    return _end(int(m["y"]), _month(m)) + dt.timedelta(days=1), None


def _before(m: re.Match[str], today: dt.date) -> Range:
    month = _month(m)
    if month and re.fullmatch(_END_OF_YEAR, month):  # "avant fin 2015": before the year ends
        return None, _end(int(m["y"]))
    return None, _start(int(m["y"]), month) - dt.timedelta(days=1)


def _until(m: re.Match[str], today: dt.date) -> Range:
    return None, _end(int(m["y"]), _month(m))


def _during(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    return _start(int(m["y"]), _month(m)), _end(int(m["y"]), _month(m))


def _in_period(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    """ "en 2016", "en mars 2016", "en 2016 et 2017", "en 2016, 2017 et 2018": from the first
    year's start to the last one's end."""
    start, end = _during(m, today)
    years = [int(year) for year in re.findall(r"\d{4}", m[0])]
    # Years listed go up ("en 2016 et 2017"); "en 2016 et 2000 personnes" lists none.
    listed = len(years) > 1 and all(a < b for a, b in itertools.pairwise(years))
    return start, _end(years[-1]) if listed else end


def _asked(found: Filter, dates: Range) -> Filter:
    """The filter with one more period asked: both apply ("depuis 2015" and "avant 2018"), but
    two whole periods apart ("parus en 2016 et en 2018") are both asked, and all between."""
    narrowed = found.narrowed(*dates)
    apart = narrowed.since and narrowed.until and narrowed.since > narrowed.until
    if apart and found.since and found.until and dates[0]:
        return replace(found, since=min(dates[0], found.since), until=dates[1] and max(dates[1], found.until))
    return narrowed


def _published_during(m: re.Match[str], today: dt.date) -> Range | None:
    # "ressources 2030 pour l'école": no post is published in a year to come, 2030 is a subject.
    return _during(m, today) if int(m["y"]) <= today.year else None


def _last_years(m: re.Match[str], today: dt.date) -> Range | None:
    count = _count(m["n"] or m["n2"])
    return (_start(today.year - count + 1), None) if 1 <= count <= 50 else None


def _months_back(today: dt.date, count: int) -> dt.date:
    """The same day `count` months before (the month's last day when it has no such day)."""
    year, month = divmod(today.year * 12 + today.month - 1 - count, 12)
    return dt.date(year, month + 1, min(today.day, calendar.monthrange(year, month + 1)[1]))


_YEARS = re.compile(r"\b(?:ans?|annees?|years?)\b")  # the unit of "depuis deux ans", "il y a deux ans"
_MONTHS_UNIT = re.compile(r"\b(?:mois|months?)\b")
_WEEKS_UNIT = re.compile(r"\b(?:semaines?|weeks?)\b")
_HALF = re.compile(r"\b(?:demie?|half)\b")  # "depuis un an et demi", "a year and a half ago"
_ET_DEMI = r"(?:\s+et\s+demie?)?+"  # possessive: "un an et demi de travail" is no "un an"
_AND_A_HALF = r"\s+and\s+a\s+half"


def _days_back(today: dt.date, count: int, unit: str, half: bool) -> dt.date:
    """The day `count` of the units `unit` names (and a half) before today."""
    if _YEARS.search(unit):
        return _months_back(today, 12 * count + 6 * half)
    if _MONTHS_UNIT.search(unit):
        return _months_back(today, count) - dt.timedelta(days=15 * half)
    if _WEEKS_UNIT.search(unit):
        return today - dt.timedelta(days=7 * count + 4 * half)
    return today - dt.timedelta(days=count + half)


def _past_year(m: re.Match[str], today: dt.date) -> Range:
    return _months_back(today, 12), None


def _last_decade(m: re.Match[str], today: dt.date) -> Range:
    return _start(today.year - 9), None


_SEASONS = r"printemps|ete|automne|hiver|spring|summer|autumn|fall|winter|rentree"


def _part_of_last_year(m: re.Match[str], today: dt.date) -> Range:
    return _start(today.year - 1, m["part"]), None if m["since"] else _end(today.year - 1, m["part"])


def _season(m: re.Match[str], today: dt.date) -> Range:
    """ "cet été": the last summer begun (this year's once June has come); "l'été dernier": the
    last one over, three months after its start (in July, last year's; in December, this
    autumn, though the posts kept run to the end of the year), or at its end when shorter ("la
    rentrée dernière" in November is this year's)."""
    begun = m["this"] or m["this2"]
    season = begun or m["last"] or m["last2"]
    year = today.year + (season in ("hiver", "winter"))  # this winter may have begun in December
    first, last = _months(season)
    over = min(3, last - first + 1)  # months after its start: three, or its length ("la rentrée")
    # Begun: its first day; over: that many months on (_months_back counted forward).
    while (_start(year, season) if begun else _months_back(_start(year, season), -over)) > today:
        year -= 1
    return _start(year, season), None if m["since"] else _end(year, season)


def _last_units(m: re.Match[str], today: dt.date) -> Range | None:
    """ "ces 3 derniers mois", "depuis deux semaines", "the past 10 days", "depuis un an et
    demi": from that long ago on."""
    value = m["n"] or m["n2"] or m["n3"]
    count = _count(value) if value else 1
    if not 1 <= count <= 366:
        return None
    return _days_back(today, count, m[0], _HALF.search(m[0]) is not None), None


def _ago(m: re.Match[str], today: dt.date) -> Range | None:
    """ "il y a deux ans", "il y a 6 mois", "three weeks ago": the year, month, week (from Monday)
    or day that long before today; "il y a un an et demi": the month."""
    value = m["n"] or m["n2"]
    count = _count(value) if value else 1
    unit = m["unit"] or m["unit2"]
    if not 1 <= count <= 99:
        return None
    half = _HALF.search(m[0]) is not None
    day = _days_back(today, count, unit, half)
    if _YEARS.search(unit) and not half:
        return _start(day.year), _end(day.year)
    if _YEARS.search(unit) or _MONTHS_UNIT.search(unit):
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if _WEEKS_UNIT.search(unit):
        monday = day - dt.timedelta(days=day.weekday())
        return monday, monday + dt.timedelta(days=6)
    return day, day


def _last_begun(m: re.Match[str], today: dt.date) -> Range:
    """The month named without a year ("mo") that began last: this year's, or last year's if it
    is still to come."""
    month = m["mo"]
    year = today.year - (_MONTH_NUMBERS[month] > today.month)
    return _start(year, month), _end(year, month)


def _since_month(m: re.Match[str], today: dt.date) -> Range:
    return _last_begun(m, today)[0], None


def _this_month(m: re.Match[str], today: dt.date) -> Range:
    return today.replace(day=1), None


def _last_month(m: re.Match[str], today: dt.date) -> Range:
    end = today.replace(day=1) - dt.timedelta(days=1)
    return end.replace(day=1), end


def _since_last_month(m: re.Match[str], today: dt.date) -> Range:
    return _last_month(m, today)[0], None


def _block_start(today: dt.date, months: int, back: int = 0) -> dt.date:
    """The first day of the quarter (3 months) or half (6) `back` blocks before today's."""
    index = (today.year * 12 + today.month - 1) // months - back
    return dt.date(index * months // 12, index * months % 12 + 1, 1)


def _block_months(m: re.Match[str]) -> int:
    """3 for a quarter, 6 for a half."""
    return 3 if re.search("trimestre|quarter", m[0]) else 6


def _this_block(m: re.Match[str], today: dt.date) -> Range:
    """ "ce trimestre", "ce semestre": since the first day of today's quarter or half."""
    return _block_start(today, _block_months(m)), None


def _last_block(m: re.Match[str], today: dt.date) -> Range:
    """ "le trimestre dernier", "last quarter", "le semestre passé": the one before today's."""
    months = _block_months(m)
    return _block_start(today, months, 1), _block_start(today, months) - dt.timedelta(days=1)


def _this_week(m: re.Match[str], today: dt.date) -> Range:
    return today - dt.timedelta(days=today.weekday()), None  # since Monday


def _last_week(m: re.Match[str], today: dt.date) -> Range:
    start = today - dt.timedelta(days=today.weekday() + 7)
    return start, start + dt.timedelta(days=6)


def _since_last_week(m: re.Match[str], today: dt.date) -> Range:
    return _last_week(m, today)[0], None


def _this_year(m: re.Match[str], today: dt.date) -> Range:
    return _start(today.year), None


def _last_year(m: re.Match[str], today: dt.date) -> Range:
    return _start(today.year - 1), _end(today.year - 1)


def _since_last_year(m: re.Match[str], today: dt.date) -> Range:
    return _start(today.year - 1), None


# Written for text folded to lower case without accents, with straight apostrophes.
# Full month names: "sept" is seven, "mar" and "dec" are words.
_MONTH_NAMES = "|".join(
    name
    for name in _MONTH_NUMBERS
    if len(name) > 4 or name in ("mars", "mai", "may", "juin", "june", "july", "aout")
)
_NO_YEAR = r"(?![\w-])(?!\.?\s*\d+(?![\w-]))"  # "mai 68" and "June 12" are not months of the last year
# "last quarter 2020", "le dernier semestre de 2019": a part of that year, read with it (_PARTS).
_NO_YEAR_AFTER = r"(?!\s+(?:de\s+|d'|of\s+)?(?:l'annee\s+|the\s+year\s+)?(?:19[5-9]|20\d)\d)"
_LAST_MONTH = rf"(?P<mo>{_MONTH_NAMES})(?:\s+(?:dernier|passe))?{_NO_YEAR}"
_P = r"(?<![\w#:'/-])"  # an expression starts a word (not "20" of "2019/20")
_POSTS = rf"(?:[ld]')?{POST_WORDS}"  # "l'article de 2019": the post word does not start the word
_DATED = rf"(?:{PUBLISHED}|datee?s?|dated)"
_E = r"(?![\w-])"
_NOT_OF = r"(?!\s+(?:du|de|des|d'|of)(?![\w-]))"  # a week or month of something, not a period
_TODAY = r"(?:aujourd'hui|maintenant|nos\s+jours|ce\s+jour|today|now|date|the\s+present)"
# "publiés après 2020", "published since 2018": how posts came out is no word to search.
_HOW_PUBLISHED = rf"(?:{PUBLISHED}\s+)?"
# "en 2019 et 2020", "en 2016, 2017 et 2018", "in 2016 or 2017": those years and the ones
# between (a filter is one period; only the first was read, the others searched as words).
_MORE_YEARS = rf"(?:(?:\s*,\s*{_y('y_list')})*\s+(?:et|ou|and|or)\s+(?:(?:en|in)\s+)?{_y('y_last')})?"
# "from 2019 onwards", "depuis 2019 inclus": after a year, from it on ("onwards", "inclus" were
# searched; "on" only last: "from 2019 on transfo" names a source).
_ONWARDS = (
    r"(?:\s+(?:onwards?|inclus|incluse?s?|compris|and\s+after|et\s+apres)(?![\w-])|\s+on(?=\s*(?:[?!.,;]|$)))"
)
_RULES: tuple[_Rule, ...] = tuple(
    (re.compile(_P + pattern), make)
    for pattern, make in (
        # Days: "publié le 12/12/2019" (as a card shows it), "l'article du 12 décembre 2019",
        # "depuis le 1er mars 2020", "entre le 1er mars 2020 et le 30 juin 2020".
        (
            rf"(?:entre\s+le|du|from|between)\s+{_d('a')}\s+(?:et\s+le|au|to|and|until|till)\s+{_d('b')}",
            _days_between,
        ),
        # "du 1er au 15 mars 2020", "between the 1st and the 15th of March 2020": the first day
        # in the second's month.
        (
            r"(?:entre\s+le|du|from(?:\s+the)?|between(?:\s+the)?)\s+(?P<first>[0-3]?\d)(?:er|st|nd|rd|th)?\s+"
            rf"(?:et\s+le|au|to(?:\s+the)?|and(?:\s+the)?|until(?:\s+the)?)\s+{_d('b')}",
            _days_of_a_month,
        ),
        (
            rf"(?:{_POSTS}\s+(?:{_DATED}\s+)?|{_DATED}\s+)(?:(?:du|le|from|of|on)\s+)?(?:the\s+)?{_d('a')}",
            _by_day(lambda day: (day, day)),
        ),
        (
            _HOW_PUBLISHED + rf"(?:depuis\s+le|a\s+partir\s+du|since|from)\s+(?:the\s+)?{_d('a')}",
            _by_day(lambda day: (day, None)),
        ),
        (
            _HOW_PUBLISHED + rf"(?:apres\s+le|after)\s+(?:the\s+)?{_d('a')}",
            _by_day(lambda day: (day + _DAY, None)),
        ),
        (
            _HOW_PUBLISHED + rf"(?:avant\s+le|before)\s+(?:the\s+)?{_d('a')}",
            _by_day(lambda day: (None, day - _DAY)),
        ),
        (
            _HOW_PUBLISHED + rf"(?:jusqu'?au|until|till|up\s+to)\s+(?:the\s+)?{_d('a')}",
            _by_day(lambda day: (None, day)),
        ),
        # "de mars 2019 à juin 2020", "entre mars et juin 2024", "from March to June 2024": read
        # first, or "from March 2019" is read alone (and nothing of "de mars à juin 2024").
        (
            rf"(?:de|du|entre|from|between)\s+(?P<m1>{_MONTHS})\.?\s+(?:{_y('y1')}\s+)?"
            rf"(?:a|au|et|to|and|until|till|jusqu'?(?:a|en|au))\s+(?P<m2>{_MONTHS})\.?\s+{_y('y2')}",
            _months_between,
        ),
        # "de mars à juin", "entre mars et juin": the last such span begun.
        (
            rf"(?:de|du|entre|from|between)\s+(?P<m1>{_MONTH_NAMES})\s+"
            rf"(?:a|au|et|to|and|until|till|jusqu'?(?:a|en|au))\s+(?P<m2>{_MONTH_NAMES}){_NO_YEAR}",
            _last_months_between,
        ),
        # "de 2019 à aujourd'hui", "from 2019 to date": since that year.
        (
            rf"(?:de|du|depuis|from|since)\s+{_m('m')}{_y('y')}\s+(?:a|au|jusqu'?a|to|until|till)\s+{_TODAY}",
            _since,
        ),
        (  # "entre 2015 et aujourd'hui" was searched as words
            rf"(?:entre|between)\s+{_m('m')}{_y('y')}\s+(?:et|and)\s+{_TODAY}",
            _since,
        ),
        (rf"(?:entre|between)\s+(?:les\s+)?(?:annees\s+)?{_y('y1')}\s+(?:et|and)\s+{_y('y2')}", _between),
        (
            rf"(?:de|du|des\s+annees|from)\s+{_y('y1')}\s+(?:a|au|to|until|till|jusqu'?(?:a|en))\s+{_y('y2')}",
            _between,
        ),
        # "l'année scolaire 2019/2020", "en 2019/20": a school year, its two years ("2019/2020"
        # was searched as a word; a date's "12/2016" has no year before the slash). Alone, as a
        # year alone, it names something ("le budget 2019/2020").
        (
            r"(?:(?:en|in|de|du|from|durant|pendant|during)\s+(?:(?:l'|the\s+)?(?:annee\s+scolaire|school\s+year)\s+)?"
            r"|(?:l'|the\s+)?(?:annee\s+scolaire|school\s+year)\s+)"
            r"(?<![\d/.])(?P<y1>(?:19[5-9]|20\d)\d)\s*/\s*(?P<y2>\d\d(?:\d\d)?)(?![\d/.,-]\d|\d)",
            _school_year,
        ),
        (  # "en 2008-2009": "en" was searched
            r"(?:(?:en|in|durant|pendant|during)\s+)?"
            rf"{_y('y1', first=True)}\s*[-–]\s*{_y('y2', second=True)}",
            _between,
        ),
        # "dans les années 2010", "in the 2000s": that decade (a decade's first year, 1950 to 2090);
        # "depuis les années 2000", "since the 1990s": from it on; "avant les années 2010": up to
        # it; "à la fin des années 2010", "in the early 2000s": a part of it ("early 2010s" was
        # January to April 2010, "fin des années 2010" all of it, "fin" searched). Read after the
        # ranges ("entre les années 2010 et 2015").
        (
            r"(?:(?P<dir>dans|durant|pendant|depuis|avant|apres|in|during|since|before|after)\s+"
            r"|au\s+cours\s+(?=des\s)|(?:au\s+cours\s+)?de\s+(?=la\s+decennie\s)|(?:a|au)\s+(?=(?:la\s+)?(?:debut|milieu|fin)\s))?"
            r"(?:(?:la|le|les|the)\s+)?(?:(?P<part>debut|milieu|fin|early|mid|late)(?:\s+(?:des|de\s+la)\s+|[\s-]+))?"
            # "la décennie 2010", "the 2010s decade" ("décennie", "decade" were searched)
            r"(?:(?:des\s+|decennie\s+des\s+)?annees\s+(?P<d>(?:19[5-9]|20\d)0)(?![\d/.,-]\d|\d)"
            r"|decennie\s+(?P<d3>(?:19[5-9]|20\d)0)(?![\d/.,-]\d|\d)|(?P<d2>(?:19[5-9]|20\d)0)'?s(?:\s+decade)?\b)",
            _decade,
        ),
        # "les billets de 2019 et 2020", "posts from 2019 or 2020": both years and those between (a
        # filter is one period; only 2019 was read, "et 2020" searched).
        (
            rf"{_POSTS}\s+(?:de|from|of|en|in)\s+{_y('y1')}\s*(?:,|et|and|ou|or)\s+(?:de\s+|from\s+|en\s+|in\s+)?{_y('y2')}",
            _between,
        ),
        # "articles de 2015", "articles d'avril 2024", "posts from 2015", "articles 2015": those
        # published then (read before "from 2015"); "les articles en 2023 sur la santé", "posts in
        # 2023 about health" too (about something, "en 2023" alone reads 2023 and after).
        (
            rf"{_POSTS}\s+(?:(?:de|du|from|of|en|in)\s+(?:l'annee\s+|the\s+year\s+)?|d'(?=(?:{_MONTHS}|{_PART_WORDS})))?"
            rf"{_m('m')}{_y('y')}(?!{_ONWARDS})",
            _published_during,
        ),
        (
            _HOW_PUBLISHED + r"(?:depuis|since|a\s+partir\s+de|a\s+compter\s+de|from|starting(?:\s+in)?)\s+"
            rf"(?:le\s+debut\s+de\s+|l'annee\s+|l'|the\s+year\s+)?{_m('m')}{_y('y')}{_ONWARDS}?",
            _since,
        ),
        # "les articles d'avant 2015", "ceux d'après 2020": "d'" kept the period from being read;
        # "postérieurs à 2020", "antérieurs à 2015", "prior to 2015", "pre-2015", "post-2020" too.
        (
            rf"{_HOW_PUBLISHED}(?:(?:d')?(?:apres|after|later\s+than)\s+|posterieure?s?\s+a\s+|post-)"
            rf"(?:l'annee\s+|the\s+year\s+)?{_m('m')}{_y('y')}",
            _after,
        ),
        (
            rf"{_HOW_PUBLISHED}(?:(?:d')?(?:avant|before|earlier\s+than|prior\s+to)\s+|anterieure?s?\s+a\s+|pre-)"
            rf"(?:l'annee\s+|the\s+year\s+)?{_m('m')}{_y('y')}",
            _before,
        ),
        (
            rf"{_HOW_PUBLISHED}(?:jusqu'?(?:a|en|au)|until|till|up\s+to)\s+(?:l'annee\s+|l'|the\s+year\s+)?{_m('m')}{_y('y')}",
            _until,
        ),
        (
            r"(?:(?<!\bfin\s)(?<!\bdebut\s)(?<!\bmilieu\s)(?:au\s+cours\s+)?de\s+l'annee|datant\s+de|dates?\s+de"
            r"|(?:publiee?s?|parue?s?|ecrite?s?|published|publish|written)\s+(?:en|in|au|a|at|during))\s+"
            rf"(?:l'annee\s+|the\s+year\s+)?{_m('m')}{_y('y')}{_MORE_YEARS}",
            _in_period,
        ),
        (
            rf"(?:(?:ces|les|des|depuis\s+les|au\s+cours\s+des|sur\s+les)\s+{_COUNT}\s+dernieres\s+annees"
            rf"|(?:(?:in|over|for)\s+)?(?:the\s+)?(?:last|past)\s+{_COUNT2}\s+years)" + _E,
            _last_years,
        ),
        # "la dernière décennie", "depuis une dizaine d'années", "over the past decade": the last
        # ten years, as "ces 10 dernières années".
        (
            r"(?:(?:au\s+cours\s+de\s+|pendant\s+|durant\s+|sur\s+)?la\s+(?:derniere\s+decennie|decennie\s+passee)"
            r"|depuis\s+(?:une\s+)?(?:dizaine\s+d'annees|decennie)"
            r"|(?:(?:in|over|during)\s+)?the\s+(?:last|past)\s+decade)" + _E,
            _last_decade,
        ),
        # Months, weeks and days, counted back from today: "quoi de neuf ce mois-ci ?".
        (
            rf"(?:(?:ces|les|des|depuis\s+les|au\s+cours\s+des|sur\s+les|durant\s+les|pendant\s+les)\s+{_COUNT}\s+"
            r"(?:derniers\s+(?:mois|jours)|dernieres\s+semaines)"
            rf"|depuis\s+(?:un|une|{_COUNT3})\s+(?:mois|semaines?|jours?|ans?|annees?){_ET_DEMI}"
            rf"|(?:(?:in|over|for|during)\s+)?(?:the\s+)?(?:last|past)\s+(?:{_COUNT2}(?:\s+(?:months|weeks|days)"
            rf"|{_AND_A_HALF}\s+(?:years|months|weeks))|(?:year|month|week){_AND_A_HALF}))" + _E + _NOT_OF,
            # "les 3 derniers mois du programme" are its last, not the last before today.
            _last_units,
        ),
        # "la fin de l'année dernière", "early last year": that part of last year.
        (
            rf"(?:(?P<since>depuis|since)\s+|(?:a|au|en|pendant|durant|in|at|during)\s+)?"
            rf"{_THE}(?P<part>{_PART_WORDS})(?:\s+de\s+l'(?:annee\s+(?:derniere|passee)|an\s+(?:dernier|passe))"
            r"|\s+d'annee\s+(?:derniere|passee)|\s+(?:of\s+)?last\s+year)" + _E,
            _part_of_last_year,
        ),
        # "cet été", "l'été dernier", "au printemps dernier", "last summer": the last such season
        # begun, or ended ("l'été de l'innovation" is no period); "depuis la rentrée", "à la
        # rentrée": the last begun ("la rentrée 2020" is that year's).
        (
            r"(?:(?P<since>depuis|since)\s+|(?:au|a|en|pendant|durant|de|du|d'|in|during|from|of)\s*)?"
            rf"(?:(?:cet|ce|cette|this)\s+(?P<this>{_SEASONS})"
            rf"|(?:l'|le\s+|la\s+)?(?P<last>{_SEASONS})(?:\s+scolaire)?\s+(?:dernier|derniere|passe|passee)"
            r"|la\s+(?P<this2>rentree)(?:\s+scolaire)?+(?!\s+(?:(?:de\s+)?(?:19|20)\d\d|(?:derniere|passee)(?![\w-])))"
            rf"|last\s+(?P<last2>{_SEASONS}))" + _E + _NOT_OF,
            _season,
        ),
        # "la résidence d'il y a deux ans", "posts from two years ago"; "il y a 3 jours de formation"
        # says how long something lasts.
        (
            rf"(?:(?:d')?il\s+y\s+a\s+(?:un|une|{_COUNT})\s+(?P<unit>ans?|annees?|mois|semaines?|jours?){_ET_DEMI}"
            rf"|(?:from\s+)?(?:a|an|one|{_COUNT2})(?:{_AND_A_HALF})?\s+(?P<unit2>years?|months?|weeks?|days?)"
            rf"(?:{_AND_A_HALF})?+\s+ago)" + _E + _NOT_OF,
            _ago,
        ),
        # "depuis l'an dernier" was last year alone: this year's posts were left out.
        (
            r"(?:depuis\s+(?:l'an\s+(?:dernier|passe)|l'annee\s+(?:derniere|passee))|since\s+last\s+year)"
            + _E,
            _since_last_year,
        ),
        (r"(?:depuis\s+le\s+mois\s+(?:dernier|passe)|since\s+last\s+month)" + _E, _since_last_month),
        (r"(?:depuis\s+la\s+semaine\s+(?:derniere|passee)|since\s+last\s+week)" + _E, _since_last_week),
        # "cette semaine de l'innovation publique", "le mois dernier du programme": no period.
        (
            r"(?:ce\s+mois(?:-ci)?|(?:from\s+)?this\s+month|le\s+mois\s+en\s+cours"
            # "depuis le début du mois" was searched as words
            r"|depuis\s+(?:le\s+)?debut\s+du\s+mois|since\s+the\s+(?:start|beginning)\s+of\s+the\s+month)"
            + _E
            + _NOT_OF,
            _this_month,
        ),
        (
            r"(?:(?:le|du)\s+mois\s+(?:dernier|passe|precedent)|(?:from\s+)?last\s+month)" + _E + _NOT_OF,
            _last_month,
        ),
        # "ce trimestre", "le semestre dernier", "last quarter" (a year after is the part of that
        # year's: "last quarter 2020" is its fourth, read with the year).
        (
            r"(?:ce\s+(?:trimestre|semestre)(?:-ci)?|(?:le|du)\s+(?:trimestre|semestre)\s+en\s+cours"
            r"|(?:from\s+)?this\s+quarter|depuis\s+(?:le\s+)?debut\s+du\s+(?:trimestre|semestre))"
            + _E
            + _NOT_OF
            + _NO_YEAR_AFTER,
            _this_block,
        ),
        (
            r"(?:(?:le|du)\s+(?:trimestre|semestre)\s+(?:dernier|passe|precedent)"
            r"|(?:from\s+)?(?:the\s+)?(?:last|previous|past)\s+quarter)" + _E + _NOT_OF + _NO_YEAR_AFTER,
            _last_block,
        ),
        (
            r"(?:cette\s+semaine(?:-ci)?|(?:from\s+)?this\s+week|depuis\s+(?:le\s+)?debut\s+de\s+la\s+semaine"
            r"|since\s+the\s+(?:start|beginning)\s+of\s+the\s+week)" + _E + _NOT_OF,
            _this_week,
        ),
        (
            r"(?:(?:la|de\s+la)\s+semaine\s+(?:derniere|passee|precedente)|(?:from\s+)?last\s+week)"
            + _E
            + _NOT_OF,
            _last_week,
        ),
        # "over the past year": the last twelve months ("over the" was left to search, the last
        # year read as the calendar one); "last year" alone stays that.
        (  # "au cours de la dernière année", "l'année écoulée": the same
            r"(?:(?:(?:in|over|during|for|within)\s+)?the\s+(?:last|past)\s+year"
            r"|(?:(?:au\s+cours\s+de|pendant|durant|sur|de)\s+)?(?:(?:la|cette)\s+derniere\s+annee|l'annee\s+ecoulee))"
            + _E
            + _NOT_OF,
            _past_year,
        ),
        (
            r"(?:cette\s+annee|(?:from\s+)?this\s+year|l'annee\s+en\s+cours|depuis\s+(?:le\s+)?debut\s+(?:de\s+)?(?:l'annee|janvier)"
            r"|since\s+the\s+(?:start|beginning)\s+of\s+the\s+year)" + _E,
            _this_year,
        ),
        (
            r"(?:l'an\s+(?:dernier|passe)|l'annee\s+(?:derniere|passee)|(?:from\s+)?last\s+year)" + _E,
            _last_year,
        ),
        # A month without a year is the last one begun: "depuis septembre", "les billets d'avril",
        # "posts from last March" (read after the months with a year).
        (
            _HOW_PUBLISHED
            + rf"(?:depuis|since|a\s+partir\s+de)\s+(?:le\s+mois\s+de\s+|last\s+)?{_LAST_MONTH}",
            _since_month,
        ),
        (
            rf"(?:{_POSTS}|{PUBLISHED})\s+(?:(?:de|du\s+mois\s+de|from|of|in|en)\s+(?:last\s+)?|d')"
            + _LAST_MONTH,
            _last_begun,
        ),
    )
)

# "en 2014": that period's posts, or when something happened (see parse_question).
_PERIOD = re.compile(
    _P
    + r"(?:(?:en|in|durant|pendant|during|courant)\s+(?:l'annee\s+|the\s+year\s+)?"
    # "pour l'année 2019", "l'année 2019" alone were searched as words ("sur" is left to the
    # question: "les articles sur l'année 2019" asks about it).
    + r"|(?:(?:pour|for)\s+)?(?:l'annee|the\s+year)\s+"
    # "au printemps 2020", "fin 2019", "at the end of 2019": a part of a year needs no "en".
    + rf"|(?:(?:au|a|at)\s+)?(?={_PART}))"
    + _m("m")
    + _y("y")
    + _MORE_YEARS
)


# "quoi de neuf ?": what /nouveautes lists, or the newest posts about what follows. Read after
# the dates, so that "quoi de neuf depuis 2015 ?" keeps its period (and "neuf" is not the number 9).
_NEWS = re.compile(
    _P + r"(?:quoi\s+de\s+(?:neuf|nouveau)|what'?s\s+new|what\s+is\s+new|anything\s+new|nouveautes)" + _E
)
# "les 10 derniers articles", "le dernier billet sur…", "latest posts": the newest posts (about
# what follows), whatever their date. Read before the dates: "latest" alone is a period.
# "l'an dernier", "l'année dernière", "le mois dernier", "la semaine dernière" are periods.
_NOT_A_PERIOD = (
    r"(?<!\ban\s)(?<!\bannee\s)(?<!\bmois\s)(?<!\bsemaine\s)(?<!\btrimestre\s)(?<!\bsemestre\s)"
    + "".join(
        rf"(?<!\b{name}\s)"
        for name in _MONTH_NAMES.split("|") + _SEASONS.split("|")  # "depuis mars dernier", "l'été dernier"
    )
)
_NOT_A_RANGE = (
    rf"(?!\s+(?:a|au|to|until|till|jusqu'?(?:a|en))\s+(?:(?:{_MONTHS})\.?\s+)?(?:(?:19|20)\d\d|{_TODAY}))"
)
# "parus en 2016" is a period of its own (_RULES), "écrits en anglais" a language (_LANGUAGE).
_NOT_PUBLISHED_IN = (
    r"(?!\s+(?:en|in|au|a|at|during|on|le|du)\s+"
    rf"(?:(?:[\w']+[\s/.-]+){{0,4}}(?:19|20)\d\d|(?:{_MONTH_NAMES}){_E}|anglais|francais|english|french))"
)
_LATELY = r"(?:recemment|dernierement|ces\s+derniers\s+(?:temps|jours|mois)|recently|lately)"
# "les derniers articles du blog": the blog is where they are, not what they are about.
_OF_THE_SITE = r"(?:\s+(?:du|de\s+ce|of\s+the|on\s+the|of\s+this)\s+(?:blog|site))?"
# "les derniers articles de 2015": the newest of that period ("de 2015 à 2019" is read as one).
_OF_A_YEAR = (
    rf"\s+(?:de|from|of)\s+(?:l'annee\s+|the\s+year\s+)?{_m('m')}{_y('y')}{_NOT_A_RANGE}(?!{_ONWARDS})"
)
_OF_YEAR = rf"(?:{_OF_A_YEAR})?"
# "le tout dernier article", "le tout premier", "the very latest post" ("tout", "very" were searched).
_VERY = r"(?:(?:tout|very)\s+)?"
# "l'avant-dernier rapport d'activité", "the penultimate report": the newest first, the one asked
# second ("avant-dernier" was searched).
_PENULTIMATE = r"(?:avant[-\s]?derni(?:er|ere)s?|penultimate|second[-\s]to[-\s]last|last\s+but\s+one)"
_NEWEST_POSTS = re.compile(
    _P
    + _NOT_A_PERIOD
    + rf"(?:(?:les|le|la|l'|mes|nos|vos|the)\s*)?(?:{_COUNT}\s+)?"
    + _VERY
    + rf"(?:{_PENULTIMATE}|derni(?:er|ere)s?|nouveaux|nouvel(?:le)?s?"
    + r"|last|latest|newest|new|most\s+recent)\s+"
    rf"(?:{_COUNT2}\s+)?{POST_WORDS}(?:\s+{PUBLISHED}(?:\s+{_LATELY})?(?![\w'-]){_NOT_PUBLISHED_IN})?"
    + r"(?:\s+en\s+date)?"  # "le dernier article en date" ("date" was searched)
    + _OF_THE_SITE
    + _OF_YEAR
    + _E
)
# "qu'est-ce qui a été publié dernièrement ?", "les articles parus récemment", "what was published
# last?", "what did you publish lately?", "what came out recently?", "recently published": the
# newest posts, as "les derniers articles" (read before the dates, where "récemment" is a period).
_CAME_OUT = rf"(?:{PUBLISHED}|publish|came\s+out|come\s+out)"
# Each language's question word with its own verbs: "what ont" is no question of either.
_WHAT_WAS = (
    r"(?:(?:qu'est-ce\s+qui|ce\s+qui)\s+(?:a|ont|est|sont)\s+(?:ete\s+)?"
    r"|(?:what|which)\s+(?:has|have|was|were|is|are|did)\s+(?:been\s+|you\s+)?|what\s+(?=c[ao]me\s+out))"
)
# "last" is a period's when one follows ("what was published last year" searched "year").
_LAST_ALONE = rf"last(?!\s+(?:year|month|week|quarter|{_SEASONS}|{_MONTH_NAMES})(?![\w-]))"
_PUBLISHED_LATELY = re.compile(
    _P
    + _WHAT_WAS
    + rf"?(?:{_CAME_OUT}\s+(?:{_LATELY}|{_LAST_ALONE}|most\s+recently)"
    + rf"|(?:{_LATELY}|most\s+recently)\s+{PUBLISHED})"
    + _E
)
# How posts came out, or "during", right before a period read ("publiés la semaine dernière", "au
# cours du mois dernier": "cours" was searched).
_HOW_BEFORE = re.compile(_P + rf"(?:{PUBLISHED}|au\s+cours|pendant|durant|during)\s+$")
# "qu'est-ce qui a été publié en 2019 ?", "what was published last year?": what came out then, no
# word to search ("publié" was searched among that year's posts); alone, what came out last.
_WHAT_CAME_OUT = re.compile(_P + _WHAT_WAS + _CAME_OUT + _E)
_MONTH_AFTER = re.compile(
    rf"\s+(?:en|in|de|du\s+mois\s+de|au\s+mois\s+de|during)\s+(?:last\s+)?{_LAST_MONTH}"
)
# "le dernier rapport d'activité", "la dernière AG", "the latest annual report": the newest posts
# about a kind of publication or event (one word may come between, not a unit of time), which
# stays searched. Only such kinds: "la dernière étape" is the final one, not the newest.
_KINDS = (
    r"(?:rapports?|bilans?|etudes?|guides?|editions?|numeros?|lettres?|newsletters?|webinaires?"
    r"|rencontres?|conferences?|seminaires?|assemblees?|ag|sessions?|residences?|evenements?"
    r"|appels?|programmes?|reports?|stud(?:y|ies)|issues?|webinars?|events?"
    r"|meetings?|assembl(?:y|ies)|residenc(?:y|ies)|programs?)"
)
_BETWEEN = (
    rf"(?!(?:de|du|des|of|annees?|ans?|mois|semaines?|jours?|years?|months?|weeks?|days?|quarters?|{_MONTH_NAMES}"
    rf"|{_SEASONS})\s)"
)


def _newest_of(words: str) -> re.Pattern[str]:
    return re.compile(
        _P + _NOT_A_PERIOD + rf"(?:(?:les|le|la|l'|the)\s*)?(?:{_COUNT}\s+)?{_VERY}(?:{words})"
        rf"(?=\s+(?:{_BETWEEN}[a-z]+\s+)?{_KINDS}{_E})"
    )


# "rapports d'activité récents", "le plus récent", "recently", "latest" alone: the newest first, as
# "les derniers …". Read as this year and the last, "articles récents sur les communs" showed three
# posts of 2025 about something else under "pas sûr" (the archive's last communs post is of 2023).
_RECENTLY = re.compile(
    _P
    + r"(?:(?:(?:(?:les?|la|l')\s*)?plus\s+)?(?:recent(?:e|s|es)?|recemment|recently|latest|newest)"
    # "ces derniers temps", "ces dernières années", "in recent years": a span too vague to cut
    # the collection at (were searched as words; "recent" read alone left "in years").
    + r"|(?:(?:au\s+cours\s+de|pendant|durant)\s+)?ces\s+(?:derniers\s+(?:temps|mois)|dernieres\s+annees)"
    + _NOT_OF  # "ces derniers mois du programme" are its own
    + r"|(?:(?:in|over|during)\s+)?(?:the\s+)?recent\s+(?:years|months|times)|these\s+days"
    + r"|(?:(?:in|over|during)\s+)?the\s+(?:last|past)\s+(?:few|couple\s+of)\s+(?:years|months|weeks)"
    + r"|depuis\s+(?:peu|quelque\s+temps|quelques\s+(?:annees|mois|semaines))"
    + r"|ces\s+quelques\s+(?:derniers\s+mois|dernieres\s+(?:annees|semaines)))"
    + _E
)
# "les articles récents de 2016", "les publications les plus récentes de mars 2019": that period's
# newest first. "récents" was read alone, and "articles … de 2016" no longer read as a period: the
# year was searched as a word and the newest posts of 2025 shown.
# "les 5 articles les plus récents": those five ("5" was searched, and no count read).
_RECENT_POSTS = re.compile(
    _P + rf"(?:(?:les|des|vos|the)\s+)?(?:{_COUNT}\s+)?{POST_WORDS}(?:\s+{PUBLISHED})?\s+(?:(?:les?|la)\s+)?"
    rf"(?:plus\s+)?recent(?:e|s|es)?(?:{_OF_A_YEAR}|(?(n)(?=\W*$)|(?!)))" + _E
)
# The English forms are read before the dates ("latest" alone is a period), the French ones
# after them ("l'année dernière", "ces 5 dernières années" are periods).
_LATEST_OF = _newest_of(rf"{_PENULTIMATE}|last|latest|newest|most\s+recent")
_DERNIER_OF = _newest_of(r"derni(?:er|ere)s?")

# "le premier article", "les 5 plus anciens billets", "les articles les plus anciens", "the oldest
# posts", "le premier rapport d'activité", "the first general assembly": the oldest first.
_OLDER = r"plus\s+(?:anciens?|anciennes?|vieux|vieilles?)"
_FIRST = rf"(?:premi(?:er|ere)s?|first|{_OLDER}|oldest|earliest)"
_OLDEST_POSTS = re.compile(
    _P + rf"(?:(?:(?:les|le|la|l'|the)\s*)?(?:{_COUNT}\s+)?{_VERY}{_FIRST}\s+(?:{_COUNT2}\s+)?{POST_WORDS}"
    rf"(?:\s+{PUBLISHED}(?![\w'-]){_NOT_PUBLISHED_IN})?"
    rf"|{POST_WORDS}\s+les\s+{_OLDER})" + _OF_THE_SITE + _OF_YEAR + _E
)
_FIRST_OF = _newest_of(_FIRST)


# "la liste des articles de 2024", "tous les articles sur les communs", "all posts from 2024": every
# post asked for, which a listing or a search gives anyway. Left in, "liste" or "tous" was searched:
# "liste des articles de 2024" showed three posts of 2024 under "pas sûr", not the year's list.
# Only before the posts named (up to three words between: "tous les derniers articles", "la liste
# des 10 derniers billets", whose order is read on: "les derniers articles"): "tous les
# départements ont-ils un labo ?" keeps its words.
_ALL_OF = re.compile(
    _P + r"(?:(?:la\s+|une\s+)?liste\s+(?:complete\s+|exhaustive\s+)?(?:des|de\s+tou(?:s|tes)\s+les|de\s+vos)"
    r"|tou(?:s|tes)(?:\s+(?:les|vos)(?!\s+(?:derni|nouve|premi|plus\s)))?|l'ensemble\s+des"
    r"|(?:the\s+|a\s+)?(?:full\s+|complete\s+)?list\s+of(?:\s+(?:all\s+)?(?:the|your))?"
    r"|all(?:\s+(?:the|your)(?!\s+(?:last|latest|newest|new|first|oldest|most)\s))?|every)"
    + rf"(?=\s+(?:[\w']+\s+){{0,3}}(?:{POST_WORDS}|{THINGS}|rapports?|reports?){_E})"
)


# "des articles sur l'école", "y a-t-il des ressources sur les tiers-lieux ?", "posts about
# design": a request for posts about a subject, which is what is searched. Left in, "articles"
# is a word the search matches ("Notre sélection d'articles…" came second for "articles sur
# l'école") and pulls the question's meaning towards posts about articles. Only at the start.
_REQUEST = rf"{REQUESTING}\s+"
_DETERMINER = r"(?:(?:les|des|un|une|l'|le|quelques|vos|tes|the|some|any|quel(?:le)?s?|which|what)\s*|d')"
_REQUESTED_POSTS = (
    # "3 articles sur …", "top 3 des articles sur …", "top 5 of the posts about …": that many
    rf"{_DETERMINER}?(?:top\s+)?(?:{_COUNT}\s+)?(?:(?:des|of\s+the|of)\s+)?"
    r"(?:(?:autres|bons?|bonnes?|meilleur(?:e|s|es)?|principa(?:ux|les?)|incontournables?|other|good|best"
    r"|main|key|useful|interesting)\s+)?"
    rf"(?:{POST_WORDS}|{THINGS})(?:\s+{PUBLISHED})?"
    r"(?:\s+(?:interessant(?:e|s|es)?|utiles?))?\s+"
)
# "que disent les articles sur la Transfo ?", "what do the posts say about labs?": what the posts
# say about a subject, which is what is searched.
_POSTS_SAYING = _REQUESTED_POSTS.replace("?P<n>", "?:")
_SAYING = (
    rf"(?:(?:que|qu'est-ce\s+qu(?:e\s+|'))\s*(?:{SAYING}\s+{_POSTS_SAYING}|{_POSTS_SAYING}{SAYING}\s+)"
    rf"|what\s+do\s+{_POSTS_SAYING}(?:say|tell(?:\s+us)?)\s+)"
)
# The post word may be gone once a period or an order is read: "je cherche des articles de 2019
# sur …" leaves "je cherche des … sur …", "any posts from 2023 about AI?" leaves "any … about
# AI?" ("any" was searched, and an English word the posts use: posts of 2023 about something
# else were shown as sure). Without a request, only a determiner nobody puts before "sur" or
# "about" otherwise: "what about labs?" keeps its words.
_LEFT_BEFORE = r"(?:des|les|le|la|quelques|vos|tes|any|some|the|your)\s+"
_ASKING_FOR_POSTS = re.compile(
    rf"^\W*(?:{_SAYING}|(?P<request>{_REQUEST})?(?:{_REQUESTED_POSTS}|(?(request){_DETERMINER}?|{_LEFT_BEFORE})))"
    rf"{ABOUT}(?:\s+|(?<='))"
)

# Posts and nothing else ("articles", "tous les articles", "la liste des publications"): no subject
# to search ("articles" searched led with "Soyons Re•acteurs !"), the newest posts asked.
_POSTS_ALONE = re.compile(
    rf"\W*(?:(?:les|des|vos|tes|the|your|some|any)\s+)?{POST_WORDS}(?:\s+{PUBLISHED})?\W*"
)


# "combien d'articles sur les tiers-lieux ?", "how many posts about labs?": how many there are,
# about the subject, which is what is searched ("combien" and "articles" were searched with it).
_HOW_MANY = re.compile(
    rf"^\W*(?:combien\s+(?:d'|de\s+)|how\s+many\s+)(?:{POST_WORDS}|{THINGS})\s+"
    r"(?:(?:y\s+a[-\s]t[-\s]il|il\s+y\s+a|as[-\s]tu|avez[-\s]vous|are\s+there|do\s+you\s+have)\s+)?"
    rf"{ABOUT}(?:\s+|(?<='))"
)


def _lead(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The words leading a question to its subject ("des articles sur …", "combien d'articles
    sur …"), when the pattern finds them and a subject is left after them."""
    found = pattern.match(fold_aligned(text))
    return found if found and asks_about_something(text[found.end() :]) else None


def _how_many(text: str) -> tuple[str, bool]:
    """The text without a leading "combien d'articles sur …", if a subject is left, and whether
    it asked how many."""
    asked = _lead(_HOW_MANY, text)
    return (text[asked.end() :], True) if asked else (text, False)


def _unframed(text: str) -> tuple[str, int | None]:
    """The text without a leading request for posts ("des articles sur …"), if words are left,
    and the number of posts it asks for ("3 articles sur …")."""
    framed = _lead(_ASKING_FOR_POSTS, text)
    return (text[framed.end() :], _asked_count(framed, "n")) if framed else (text, None)


# "sur transfo", "site:transfo", "sur le site transfo": never "de la 27e Région" (an article
# before a bare name is ordinary French, not a choice of source).
_SOURCE = re.compile(
    _P + r"(?:site:\s*|(?:sur|on|from)\s+(?:(?:le|la|the)\s+(?:site|blog)\s+(?:de\s+)?)?)"
    r"([a-z0-9][a-z0-9_-]{0,31})" + _E
)
_TAG = re.compile(r"(?<![\w&#])#(\w[\w-]{0,60})")
# "des ressources sur le design en anglais", "posts in French": the posts written in it. The
# English forms only at the end of a phrase: "labs in French departments" is a place.
_LANGUAGE = re.compile(
    _P
    + r"(?:(?:(?:ecrite?s?|redigee?s?)\s+)?en\s+(?P<langue>anglais|francais)"
    + r"|(?:written\s+)?in\s+(?P<language>english|french)"
    + r"(?=\s*(?:$|[^\w\s'-]|(?:about|on|from|since|before|after|please|only|and|or|with|that)(?![\w'-]))))"
    + _E
)
_LANGUAGES: dict[str, Lang] = {"anglais": "en", "english": "en", "francais": "fr", "french": "fr"}


# The conversation around a question ("bonjour, je voudrais savoir …", "… merci"): not words to
# search. On the archive questions, "peux-tu me dire …" cost post R@5 0.919 → 0.862.
_CHAT_START = re.compile(
    rf"^\W*(?:{GREETING}(?=[\s,.!]|$)[\s,.!]*)?"
    # "bonjour, ça va ? quels labos …": "ça va" was searched with the question.
    r"(?:(?:comment\s+)?(?:ca\s+va|tu\s+vas\s+bien|vous\s+allez\s+bien|how\s+are\s+you)\s*[,.!?]+\s*)?"
    # The bot called by its name ("bonjour innobot, …"): "innobot" was searched, the rarest word.
    r"(?:(?:innobot|@\w+)(?=[\s,.!:]|$)[\s,.!:]*)?"
    r"(?:(?:(?:je\s+(?:voudrais|veux|souhaiterais|souhaite|aimerais)|j'aimerais)\s+(?:bien\s+)?"
    r"(?:savoir|connaitre|comprendre)"
    r"|(?:(?:peux|pourrais)[-\s]tu|(?:pouvez|pourriez)[-\s]vous|tu\s+peux|vous\s+pouvez)\s+(?:me\s+dire|m'indiquer"
    r"|m'expliquer)"
    r"|dis[-\s]moi|dites[-\s]moi|explique[-\s]moi|expliquez[-\s]moi"
    r"|(?:can|could)\s+you\s+(?:tell|show)\s+me|i\s+(?:would\s+like|want|'d\s+like)\s+to\s+know"
    r"|tell\s+me)(?:\s+(?:si|if))?\b[\s,:]*)?"
)


# "quand a eu lieu la dernière AG ?", "quand s'est tenue …", "when did it take place?": the verb
# asks when or where; "lieu", "tenue" name no subject (ParsedQuestion.subject). It stays searched:
# the passage that answers often says "a eu lieu" (dropped, one archive answer was no longer shown).
_TAKES_PLACE = re.compile(
    _P + r"(?:(?:(?:a|ont|aura|auront|avait|avaient|aurait|auraient|avoir|va\s+avoir|vont\s+avoir)"
    r"(?:-t-(?:il|elle|on)|-(?:ils|elles))?\s+(?:eu\s+)?lieu)"
    r"|(?:s'est|se\s+sont|s'etait|s'etaient)\s+(?:tenue?s?|deroulee?s?)"
    r"|se\s+(?:tient|tiennent|tiendra|tiendront|deroule|deroulent|deroulera|derouleront)"
    r"|(?:take|takes|took|taken|taking)\s+place)" + _E
)


# Now, as every search is: "quels labs existent actuellement ?", "les labs jusqu'à présent", "labs
# so far" searched "actuel", "present", "far" as much as the subject's words.
_NOW = re.compile(
    _P
    + r"(?:jusqu'?(?:a|au)\s+(?:aujourd'hui|present|maintenant|ce\s+jour)"
    + r"|a\s+ce\s+jour|a\s+l'heure\s+actuelle|en\s+ce\s+moment|actuellement|de\s+nos\s+jours"
    + r"|to\s+date|so\s+far|until\s+now|up\s+to\s+now|currently|nowadays|at\s+the\s+moment|at\s+present)"
    + _E
)

# A while ago, untold: "il y a quelques années vous aviez parlé d'un projet sur …", "à l'époque",
# "a few years ago" searched "années", "époque", "years" as much as the subject's words; no period
# is told, so none is asked ("il y a 2 ans" is one).
_A_WHILE_AGO = re.compile(
    _P
    + r"(?:il\s+y\s+a\s+(?:(?:quelques|plusieurs|des)\s+(?:annees|ans|mois|semaines)|quelque\s+temps"
    + r"|longtemps|un\s+moment|un\s+certain\s+temps|une\s+(?:dizaine|quinzaine|vingtaine)\s+d'annees)"
    + r"|a\s+l'epoque|autrefois|jadis|naguere"
    + r"|(?:a\s+few\s+|a\s+couple\s+of\s+|some\s+|several\s+|many\s+)?(?:years|months|weeks)\s+ago"
    + r"|a\s+while\s+ago|long\s+ago|back\s+then)"
    + _E
)


def _overlapping(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Every match, overlapping ones too: in "sur site:transfo", "sur site" names no source and
    must not hide "site:transfo"."""
    position = 0
    while match := pattern.search(text, position):
        yield match
        position = match.start() + 1


def _chat(folded: str) -> list[tuple[int, int]]:
    """The spans of greeting, "je voudrais savoir" and "merci" around a question."""
    found = (_CHAT_START.match(folded), CLOSING.search(folded))
    spans = [m.span() for m in found if m and any(c.isalpha() for c in m[0])]
    return spans if len(spans) < 2 or spans[0][1] <= spans[1][0] else spans[:1]


def without_periods(text: str) -> str:
    """The text without the periods a question about something keeps as words ("le design en
    2016" → "le design"): a follow-up's own period replaces them."""
    return " ".join(blanked_out(text, [m.span() for m in _PERIOD.finditer(_folded(text))]).split())


# "l annee derniere", "billets d avril 2024": an elision typed without its apostrophe (as many
# type on a phone), restored on the folded text, one character for one.
_UNELIDED = re.compile(r"(?<![\w'-])(l|d|qu|jusqu)\s(?=[aeiouyh])")


def _folded(text: str) -> str:
    """The text as the expressions read it, aligned with it character for character."""
    return _UNELIDED.sub(lambda m: f"{m[1]}'", fold_aligned(text))


def parse_question(
    question: str,
    today: dt.date,
    sources: Collection[str] = (),
    tags: Collection[str] = (),
) -> ParsedQuestion:
    """The words to search and the filter asked: dates always, sources and tags the index knows.

    `sources`: the short names of the index' sources; `tags`: the tag keys (`tag_key`) it holds.
    An expression that names no known source or tag stays a word of the question.
    """
    folded = _folded(question)
    chat = _chat(folded)
    spans: list[tuple[int, int]] = chat if chat and analyze(blanked_out(question, chat)) else []
    found = Filter()
    said: list[tuple[str, int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in spans)

    def take(kind: str, start: int, end: int) -> None:
        """These words name this kind of the filter: not searched, and said (ParsedQuestion.said)."""
        spans.append((start, end))
        said.append((kind, start, end))

    def claim(pattern: re.Pattern[str], overlapping: bool = False) -> list[re.Match[str]]:
        """The pattern's matches on words no expression has taken yet, now taken (`overlapping`:
        a match may start inside one on taken words: "tous les" taken, "les articles récents de
        2016" gives way to "articles récents de 2016")."""
        taken = []
        for match in _overlapping(pattern, folded) if overlapping else pattern.finditer(folded):
            if free(*match.span()):
                spans.append(match.span())
                taken.append(match)
        return taken

    claim(_ALL_OF)
    news = claim(_NEWEST_POSTS) + claim(_RECENT_POSTS, overlapping=True)
    oldest = claim(_OLDEST_POSTS)
    for match in news + oldest:
        if match["y"]:  # "les derniers articles de 2015"
            found = found.narrowed(*_during(match, today))
    news += claim(_PUBLISHED_LATELY) + claim(_LATEST_OF)
    came_out = claim(_WHAT_CAME_OUT)
    for pattern, make in _RULES:
        # Overlapping: "parus" taken by "les premiers articles parus", "avant 2012" is still read.
        for match in _overlapping(pattern, folded):
            if not free(*match.span()):
                continue
            dates = make(match, today)
            if dates is None:
                continue
            take("dates", *match.span())
            found = _asked(found, dates)
            # "les labs publiés l'an dernier": how they came out is no word to search either.
            if (how := _HOW_BEFORE.search(folded, 0, match.start())) and free(how.start(), match.start()):
                take("dates", how.start(), match.start())
    news += claim(_RECENTLY) + claim(_DERNIER_OF) + claim(_NEWS)
    # "qu'est-ce qui a été publié en novembre ?", "quoi de neuf en mai ?": the month after what came
    # out (whose words the month rule follows were taken) is the last one begun.
    for match in came_out + news:
        month = _MONTH_AFTER.match(folded, match.end())
        if month is not None and free(*month.span()):
            take("dates", *month.span())
            found = _asked(found, _last_begun(month, today))
    oldest += claim(_FIRST_OF)
    # "les labs actuellement", "jusqu'à présent": now, as every search is; "il y a quelques années":
    # any time (unless nothing else is asked).
    untold = [*_NOW.finditer(folded), *_A_WHILE_AGO.finditer(folded)]
    now = [m.span() for m in untold if free(*m.span())]
    if now and re.search(r"[^\W\d_]", blanked_out(question, now)):
        spans += now
    # Read once the rest is known; "en 2016 et en 2018" may start on words taken ("parus en 2016").
    periods = claim(_PERIOD, overlapping=True)
    held = [m.span() for m in periods]
    said += [("dates", *span) for span in held]
    names = {s.lower() for s in sources}
    chosen_sources: list[str] = []
    for match in _overlapping(_SOURCE, folded):
        if match[1] in names and free(*match.span()):
            take("sources", *match.span())
            chosen_sources.append(match[1])
    known_tags = set(tags)
    chosen_tags: list[str] = []
    for match in _TAG.finditer(folded):
        key = tag_key(match[1])
        if key in known_tags and free(*match.span()):
            take("tags", *match.span())
            chosen_tags.append(key)
        elif match[1] in names and free(*match.span()):
            take("sources", *match.span())
            chosen_sources.append(match[1])
    in_language = claim(_LANGUAGE)
    said += [("language", *m.span()) for m in in_language]
    languages = [_LANGUAGES[m["langue"] or m["language"]] for m in in_language]
    text = blanked_out(question, spans)
    if periods and asks_about_something(text):
        # A question about something "en 2014" asks what happened then, which a later post often
        # tells (a review, an annual report): posts from that period on, the year searched too.
        text = blanked_out(question, [span for span in spans if span not in held])
        found = _asked(found, (min(_in_period(match, today)[0] for match in periods), None))
    else:  # "en 2016" alone, or with a source: the posts of that year
        for match in periods:
            found = _asked(found, _in_period(match, today))
    text, how_many = _how_many(text)
    text, asked = _unframed(text)
    asked_filter = Filter(
        found.since,
        found.until,
        tuple(dict.fromkeys(chosen_sources)),
        tuple(dict.fromkeys(chosen_tags)),
        languages[-1] if languages else None,
    )
    # "tous les articles", "articles": nothing else asked, the newest ("les articles de 2016": that year's)
    alone = not oldest and (
        (asked_filter == Filter() and _POSTS_ALONE.fullmatch(fold_aligned(text)) is not None)
        or (bool(came_out) and not asks_about_something(text))
    )
    text = "" if alone else text
    subject = blanked_out(text, [m.span() for m in _TAKES_PLACE.finditer(fold_aligned(text))])
    return ParsedQuestion(
        " ".join(text.split()),
        asked_filter,
        bool(news) or alone,
        next((c for m in news + oldest for g in ("n", "n2") if (c := _asked_count(m, g))), asked),
        " ".join(subject.split()),
        bool(oldest) and not news,
        tuple(said),
        question,
        how_many,
    )
