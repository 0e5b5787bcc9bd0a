"""Follow-up questions ("et en Bretagne ?", "qui l'a financé ?") made to stand alone."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.analysis import analyze, asks_about_something, fold_accents, fold_aligned, names_posts
from bot.search.filters import Filter, ParsedQuestion, without_periods
from bot.synthesis.client import SynthesisError, Synthesizer
from bot.synthesis.prompt import rewrite_messages
from bot.topics import ABOUT

WINDOW_SECONDS = 600.0  # a question within 10 minutes of an answer may lean on it
_MAX_WORDS = 8
_OWN_TERMS = 2  # a follow-up pointing back with more words of its own asks something else
_OPENERS = re.compile(r"^(et|mais|ou|alors|donc|and|but|what about|how about)\b", re.IGNORECASE)
# Words that point back at something said before.
_POINTERS = re.compile(
    r"(\b(?:l'|l |les )(?:a|ont|avait|avaient|est)\b|"  # "qui l a écrit ?": typed without its apostrophe
    r"\b(?:il|elle|ils|elles|lui|leur|leurs|ca|cela|celui|celle|ceux|celles|ce projet|ce labo|"
    r"cette experience|ces|dernier|derniere|it|they|them|their|this one|that one|those)\b)",
    re.IGNORECASE,
)
# "il" that stands for nothing said before: "faut-il …", "y a-t-il …", "il existe …".
_IMPERSONAL = re.compile(r"\bil (?:y a|faut|existe|s'agit)\b|\b(?:y a-t|faut|existe-t|s'agit)-il\b")
# A subject named then repeated ("le labo est-il …", "la Région a-t-elle …"): nothing said before.
_REPEATED = re.compile(
    r"^(?:le|la|les|l'|un|une|ce|cet|cette)\s*[\w-]+(?:\s+[\w'-]+){0,3}?\s+[\w']+-(?:t-)?(?:il|elle|ils|elles)\b"
)
# A pronoun standing for the subject before a verb, right after a question word: "qui l'organise ?",
# "comment y participer ?", "comment s'y inscrire ?", "où le trouver ?", "qui en parle ?", "qui la
# porte ?" — on folded text as typed (case kept: "qui en Bretagne …" names a place, no pronoun).
# Only before a verb's ending: "comment l'innovation …" or "comment les agents …" name a subject.
_VERB = r"[a-z]+(?:e|es|ent|er|ir|re|a|ait|aient|ont|it)(?![\w-])"  # "pré-projet" is no "pré"
_OBJECT = re.compile(
    r"^(?i:qui|comment|ou|quand|pourquoi|combien|que|qu'est-ce\s+qui|peut-on|on\s+peut|est-ce\s+qu'on)\s+"
    rf"(?:(?:(?i:s'|se\s+|m'|me\s+|t'|te\s+|l'|nous\s+|vous\s+))?(?:y|en)\s+{_VERB}|(?i:l'){_VERB}"
    rf"|(?i:le|la|les|lui|leur)\s+(?:[a-z]+(?:er|ir|re)(?![\w-])|{_VERB}\s*[?!.]*$))"
)
# "c'est quand ?", "c'était où ?", "quand est-ce que c'est ?": "c'" is what was asked about (with no
# word of its own: "les communs, qu'est-ce que c'est ?" stands alone).
_IT_IS = re.compile(
    r"^c'(?:est|etait)\s+(?:quand|ou|qui|combien|pour\s+qui|gratuit)\s*[?!.]*$|\bc'(?:est|etait)\s*[?!.]*$"
)
# Asking for more of what was just answered, with no subject of its own: "un exemple concret ?",
# "donne-moi des exemples", "concrètement ?", "plus de détails" (on folded text).
_MORE_OF_IT = re.compile(
    r"^(?:(?:et|mais|ok|alors)\s+)?(?:(?:donne|donnez|montre|montrez|cite|citez)[-\s](?:moi|nous)\s+"
    r"|(?:tu\s+(?:as|aurais)|as[-\s]tu|aurais[-\s]tu|vous\s+avez|avez[-\s]vous|y\s+a[-\s]t[-\s]il)\s+)?"
    r"(?:(?:un|des|d'autres|quelques|plus\s+de|davantage\s+de)\s+)?"
    r"(?:exemples?|cas|illustrations?|details|precisions|chiffres|resultats)"
    r"(?:\s+(?:concrets?|precis|pratiques?|chiffres|d'application))?"
    r"|^(?:et\s+)?(?:concretement|en\s+pratique|par\s+exemple|dans\s+les\s+faits|for\s+example|in\s+practice"
    r"|(?:(?:give\s+me|show\s+me|do\s+you\s+have|can\s+you\s+give(?:\s+me)?|got)\s+)?"
    r"(?:(?:an?|some|more|any)\s+)?(?:(?:concrete|real|practical)\s+)?(?:examples?|details|cases?)(?:\s+please)?)"
)
_WORDS = re.compile(r"\w+")


def _unended(text: str) -> str:
    """The text without the spaces and the question or exclamation marks that end it."""
    return text.strip().rstrip("?!.… ").strip()


# A follow-up that is a question of its own ("et qui l'a écrit ?"), not the end of the previous one.
_ASKING = re.compile(
    r"^(qui|que|qu'|qu’|quoi|pourquoi|comment|où|quand|combien|quel|quelle|quels|quelles|est-ce|"
    r"who|what|why|how|where|when|which)\b",
    re.IGNORECASE,
)


def needs_context(question: str) -> bool:
    """True for a short question that leans on the one before it."""
    folded = fold_accents(question.lower()).replace("’", "'")
    if len(_WORDS.findall(folded)) > _MAX_WORDS:
        return False
    # The opener as typed: "où se trouve… ?" is no "ou…".
    unsaid = _REPEATED.sub(" ", _IMPERSONAL.sub(" ", folded.strip()))
    # "les plus anciens ?" alone names only an order: of the posts answered before.
    ordered = _ORDER_ONLY.match(folded.strip())
    cased = fold_accents(question.strip()).replace("’", "'")
    it_is = _IT_IS.search(folded.strip()) and not analyze(question)
    pointing = _OBJECT.match(cased) or it_is or _more_of_it(question)
    return bool(_OPENERS.match(question.strip()) or _POINTERS.search(unsaid) or ordered or pointing)


def _more_of_it(question: str) -> bool:
    """Whether a question asks for more of what was answered ("donne-moi un exemple concret")."""
    folded = fold_accents(question.lower()).replace("’", "'")
    return _MORE_OF_IT.fullmatch(_unended(folded)) is not None


def continues(question: str) -> bool:
    """Whether a follow-up goes on from the previous question's end ("et en Bretagne ?"): after
    "et en Bretagne ?", "et en Normandie ?" goes on from the same question, not from Brittany."""
    return _OPENERS.match(question.strip()) is not None


# "et les plus anciens ?", "et les 3 premiers ?", "and the latest?": the previous question's posts
# in another order, on folded text ("premiers" alone names no posts, so filters would search it).
_ORDER_ONLY = re.compile(
    r"^(?:les|le|la|l'|the)?\s*(?P<n>\d{1,2}\s+)?"
    r"(?:(?P<oldest>premi(?:er|ere)s?|plus\s+(?:anciens?|anciennes?|vieux|vieilles?))|derni(?:er|ere)s?"
    r"|plus\s+recent(?:e|s|es)?"
    r"|(?P<english>(?P<first>first|oldest|earliest)|last|latest|newest|most\s+recent))"
    r"(?:\s+d'abord|\s+ones?|\s+first)?[\s?!.]*$"
)


def _reordered(narrowing: str, words: str) -> str | None:
    """The previous question's words asked for in the order a follow-up names ("et les plus anciens
    ?" → "les plus anciens articles sur …"), or None."""
    order = _ORDER_ONLY.match(fold_accents(narrowing.lower()).replace("’", "'").strip())
    if order is None:
        return None
    oldest = bool(order["oldest"] or order["first"])
    if order["english"]:
        head, posts = ("the {n}oldest" if oldest else "the {n}latest"), "posts about"
    else:
        head, posts = ("les {n}plus anciens" if oldest else "les {n}derniers"), "articles sur"
    return f"{head.format(n=order['n'] or '')} {posts} {words}"


def _only_a_filter(parsed: ParsedQuestion, typed: str) -> bool:
    """Whether a message (`typed`, read as `parsed`) names a period, a source or a language and
    nothing else ("en anglais ?", "depuis 2020 ?"): sent after an answer, it narrows that answer's
    question (taken alone, "en anglais ?" after "les tiers-lieux" listed every post in English).
    Posts named ("articles en anglais") or an order asked ("les derniers de 2020") make it a
    request of its own."""
    return (
        not parsed.filter.empty
        and not (parsed.newest or parsed.oldest or parsed.count)
        and not asks_about_something(parsed.text)
        and not names_posts(typed)
    )


# "sur les communs ?", "about labs?": a subject named as what the last answer was about.
_ABOUT_ONLY = re.compile(r"(?:sur|concernant|a\s+propos\s+(?:de|du|des|d')|about|regarding)\s+")


def _about_instead(
    previous: str,
    prior: ParsedQuestion,
    narrowing: str,
    follow: ParsedQuestion,
    parse: Callable[[str], ParsedQuestion],
) -> str | None:
    """A message naming only a subject ("sur les communs ?") after a request for the newest or
    oldest posts ("quoi de neuf ?", "les 3 derniers articles sur le design") or a period's of no
    subject ("les articles de 2016"): that request about it instead, its order, count and period
    kept. Alone, it was searched by relevance, the order and period asked lost; joined, "les 3
    derniers articles sur le design sur les communs ?" searched both subjects. None otherwise."""
    if _ABOUT_ONLY.match(fold_aligned(narrowing)) is None or not asks_about_something(follow.text):
        return None  # "sur transfo ?" names a source: it narrows
    head = _unended(previous)
    if asks_about_something(prior.text):
        rest = _without_subject(prior) if prior.newest or prior.oldest or prior.count else None
        if rest is None or asks_about_something(parse(rest).text):
            return None  # "quels labos depuis 2019 ?", "et sur les communs ?": which subject is left?
        head = rest
    elif not (prior.newest or prior.oldest or not prior.filter.empty):
        return None
    return f"{head} {narrowing}"


# "et de 2020 ?", "et ceux de 2021 ?" after "les articles de 2019": a period of the same posts.
_OF_PERIOD = re.compile(
    r"(?:(?:ceux|celles|those|the\s+ones)\s+)?(?P<of>(?:de|du|from|of)\s|d')", re.IGNORECASE
)


# A list's language, as a French or an English follow-up names it.
_IN_LANGUAGE = {
    "fr": {"en": "en anglais", "fr": "en français"},
    "en": {"en": "in English", "fr": "in French"},
}


def _other_period(
    prior: ParsedQuestion, narrowing: str, parse: Callable[[str], ParsedQuestion]
) -> str | None:
    """The posts of another period after a list of posts of no subject ("les articles de 2019",
    then "et de 2020 ?"; joined, "les articles de 2019 de 2020 ?" listed 2019's again). None otherwise."""
    of = _OF_PERIOD.match(fold_aligned(narrowing))
    if of is None:
        return None
    return _posts_of(prior, _unended(narrowing[of.start("of") :]), of["of"].strip() in ("from", "of"), parse)


def _posts_of(
    prior: ParsedQuestion, period: str, english: bool, parse: Callable[[str], ParsedQuestion]
) -> str | None:
    """The posts of `period` ("de 2020", "avant 2019") in place of a list of posts of no subject,
    its source, tags and language kept; None after a question about something."""
    if asks_about_something(prior.text) or prior.filter.empty:
        return None
    kept = prior.filter  # its source, tags and language stay: "les articles en anglais", "et de 2019 ?"
    asked = " ".join(
        [
            "posts" if english else "articles",
            period,
            *(f"{'on' if english else 'sur'} {source}" for source in kept.sources),
            *(f"#{tag}" for tag in kept.tags),
            *([_IN_LANGUAGE["en" if english else "fr"][kept.language]] if kept.language else []),
        ]
    )
    parsed = parse(asked)
    return asked if not parsed.filter.empty and not asks_about_something(parsed.text) else None


# "et avant ?", "et l'année d'après ?", "and the year before?": the period next to the previous
# question's (on folded text, the end's marks left out).
_NEXT_TO = re.compile(
    r"(?P<before>avant(?:\s+(?:ca|cela))?|plus\s+tot|before(?:\s+that)?|earlier)"
    r"|(?P<after>(?:apres|depuis)(?:\s+(?:ca|cela))?|plus\s+tard|after(?:\s+that)?|later|since\s+then)"
    r"|(?P<year_before>l'annee\s+(?:d'avant|precedente)|the\s+(?:year\s+before|previous\s+year))"
    r"|(?P<year_after>l'annee\s+(?:d'apres|suivante)|the\s+(?:year\s+after|(?:next|following)\s+year))"
)
_ENGLISH_NEXT_TO = re.compile(r"before|earlier|after|later|since|the\s")


def _as_named(prior: ParsedQuestion, parse: Callable[[str], ParsedQuestion]) -> Filter:
    """The previous filter with its period as named: "les labs en 2019" asks what happened in
    2019, which later posts tell too (2019 on), but "et après ?" is after 2019."""
    named = prior.naming({"dates"})
    alone = parse(" ".join(["articles", *named])).filter if named else prior.filter
    return alone.completed(prior.filter) if alone.dated else prior.filter


def _next_to(
    narrowing: str, prior: ParsedQuestion, listed: bool, parse: Callable[[str], ParsedQuestion]
) -> tuple[str, bool] | None:
    """The period a follow-up names next to the previous question's ("et avant ?" after "depuis
    2019": "avant 2019"), in words the parser reads, and whether they are English; None when it
    names none or the previous filter has no such edge (before what, when nothing started?).
    `listed`: the previous question listed posts of no subject ("de 2020", not "en 2020")."""
    m = _NEXT_TO.fullmatch(_unended(fold_aligned(narrowing)))
    if m is None:
        return None
    before = prior.filter if listed else _as_named(prior, parse)  # read only for such a follow-up
    if not before.dated:
        return None
    english = _ENGLISH_NEXT_TO.match(m[0]) is not None
    since, until = before.since, before.until
    if m["before"] or m["after"]:  # before its start, or from the day after its end
        edge = since if m["before"] else until and until + dt.timedelta(days=1)
        if edge is None:
            return None
        word = (("avant", "before") if m["before"] else ("depuis", "since"))[english]
        if edge == dt.date(edge.year, 1, 1):
            return f"{word} {edge.year}", english
        return f"{word}{'' if english else ' le'} {edge:%d/%m/%Y}", english
    # One whole year asked (or from one on: "en 2019" about something is 2019 and after).
    if (
        since is None
        or since != dt.date(since.year, 1, 1)
        or until not in (None, dt.date(since.year, 12, 31))
    ):
        return None
    year = since.year + (1 if m["year_after"] else -1)
    of = (("en", "in"), ("de", "from"))[listed][english]
    return f"{of} {year}", english


def narrowed(previous: str, question: str, parse: Callable[[str], ParsedQuestion]) -> str | None:
    """A follow-up that only narrows the previous question ("et depuis 2020 ?", "et sur transfo ?",
    "and since 2019?") as one question: the previous question's words, its own filter left out,
    then the follow-up's. None when the follow-up asks about something of its own (the model may
    rewrite it) or the previous question searched no words ("quoi de neuf ?"), unless it names only a
    subject after such a question ("sur les communs ?": the news about it, _about_instead) or
    another period of the same posts ("et de 2020 ?", _other_period).

    No model is needed: a follow-up naming only a date or a source has nothing to misread, and
    alone it would list the newest posts of the whole collection. Without "et" too: "en anglais ?"
    right after an answer narrows it (_only_a_filter).
    """
    narrowing = _OPENERS.sub("", question.strip()).strip(" ,")  # "alors" is no word to search
    prior = parse(previous)
    listed = not asks_about_something(prior.text)  # "les articles de 2019": no subject
    if (next_to := _next_to(narrowing, prior, listed, parse)) is not None:  # "et avant ?": "avant 2019 ?"
        period, english = next_to
        if listed:
            return _posts_of(prior, period, english, parse)
        narrowing = f"{period}{narrowing[len(_unended(narrowing)) :]}"
    follow = parse(narrowing)  # once: "en anglais ?" leans on nothing until read
    instead = _about_instead(previous, prior, narrowing, follow, parse) or _other_period(
        prior, narrowing, parse
    )
    if instead is not None:
        return instead
    if not needs_context(question) and not _only_a_filter(follow, narrowing):
        return None
    words = _unended(prior.text)
    if follow.filter.dated:  # "le design en 2016", "et en 2018 ?": 2018's
        words = without_periods(words)
    # "les derniers articles sur le design" searches "sur le design": "avant 2015" narrows "le design".
    if (link := re.match(rf"(?:{ABOUT})\s+", fold_aligned(words))) and analyze(words[link.end() :]):
        words = words[link.end() :]
    if (reordered := _reordered(narrowing, words)) is not None:
        if not asks_about_something(words):
            return None
        return _with_filter(reordered, prior, parse) or reordered
    if (follow.filter.empty and not follow.newest) or asks_about_something(follow.text):
        return None
    if not asks_about_something(words):
        return None
    alone = f"{words} {narrowing}"
    return _also_kept(prior, narrowing, follow.filter, alone, parse) or alone


def _without_subject(prior: ParsedQuestion) -> str | None:
    """The previous question (as read) without its subject's words (what is left: its order, number
    and filter), or None when the subject is not in one piece there."""
    whole, subject = _unended(prior.read), _unended(prior.text)
    return " ".join(whole.replace(subject, " ", 1).split()) if subject in whole else None


def _with_filter(asked: str, prior: ParsedQuestion, parse: Callable[[str], ParsedQuestion]) -> str | None:
    """The previous question's posts in another order (`asked`) within its filter too: "les
    résidences avant 2012", then "et les plus anciens ?" asked for the oldest of every year. The
    filter's words are those the previous question named it with ("avant 2012"; all it held
    besides its subject gave "… le design les articles sur depuis 2019"); None when they do not
    read the same after the order."""
    if prior.filter.empty:
        return None
    # Words the subject kept ("le design en 2016": about 2016) are in `asked` already.
    named = [words for words in prior.naming(prior.filter.kinds) if words not in asked]
    candidate = " ".join([asked, *named])
    read, order = parse(candidate), parse(asked)
    same_order = (read.newest, read.oldest, read.count) == (order.newest, order.oldest, order.count)
    return candidate if read.filter == prior.filter and same_order else None


def _also_kept(
    prior: ParsedQuestion,
    narrowing: str,
    after: Filter,
    alone: str,
    parse: Callable[[str], ParsedQuestion],
) -> str | None:
    """The previous question whole, then the follow-up, when the follow-up narrows what the previous
    filter left open ("les résidences avant 2012 ?", then "et en anglais ?": both apply; the previous
    question's own period was left out, "les résidences en anglais ?"); a kind both name is the
    follow-up's ("les labs depuis 2019 sur transfo", then "et avant 2015 ?": before 2015, on transfo;
    transfo was left out); the newest, oldest or a number of posts asked stay asked ("les 3 derniers
    articles sur les communs", then "et en anglais ?"). None when both name the same kinds only and
    no order ("en 2016", then "et en 2018 ?": the follow-up's replaces it), or the whole reads otherwise."""
    kinds, replaced = prior.filter.kinds, after.kinds
    order = (prior.newest, prior.oldest, prior.count)
    if not kinds - replaced and not any(order):
        return None
    whole = f"{_unended(prior.without(replaced))} {narrowing}"
    # The previous question's words with the follow-up's filter, and what the previous one kept.
    both = parse(alone).filter.completed(prior.filter)
    read = parse(whole)
    return whole if read.filter == both and (read.newest, read.oldest, read.count) == order else None


# "et en Normandie ?" after "les labos d'innovation en Bretagne": the same question there instead.
_PREPOSITION = re.compile(
    r"(?<![\w'-])(en|a|au|aux|dans|pour|sur|chez|avec|de|du|des|in|at|for|on|about|with|of)\s+(?=\w)"
)
# "qui en parle", "on en sait plus": "en" stands for something said, no place follows.
_PRONOUN_BEFORE = re.compile(r"(?<![\w'-])(?:qui|que|on|il|elle|ils|elles|nous|vous|je|j'|tu|ne|n')\s*$")
_MAX_SWAPPED_WORDS = 6


def _family(word: str, typed: str) -> str | None:
    """The preposition as compared ("à", "au" and "aux" name a place alike, "de", "du" and "des"
    what something is of), None for the verb "a" ("la Région a fait")."""
    if word == "a":
        return "à" if typed.lower() == "à" else None
    return {"au": "à", "aux": "à", "du": "de", "des": "de"}.get(word, word)


def _filter_words(head: str, parse: Callable[[str], ParsedQuestion]) -> list[tuple[int, int]]:
    """Where a question names its filter ("depuis 2019" of "les labs en Bretagne depuis 2019"), in
    order; none known when it does not read as typed (the places are in the question as read)."""
    whole = parse(head)
    return sorted((start, end) for _, start, end in whole.said) if whole.read == head else []


def _last_phrase(head: str, said: list[tuple[int, int]]) -> tuple[re.Match[str], int] | None:
    """The last preposition of a question outside the words naming its filter (`said`), and where
    its phrase ends: before the filter's words that follow ("en Bretagne depuis 2019"), or at the
    end."""
    folded = fold_aligned(head)
    free = [m for m in _PREPOSITION.finditer(folded) if not any(a <= m.start() < b for a, b in said)]
    if not free or _PRONOUN_BEFORE.search(folded[: free[-1].start()]):
        return None
    return free[-1], min((start for start, _ in said if start > free[-1].start()), default=len(head))


def _swapped(
    head: str, rest: str, said: list[tuple[int, int]], parse: Callable[[str], ParsedQuestion]
) -> str | None:
    """The previous question (`head`, unended) asked again with the follow-up's phrase (`rest`)
    in place of its last one, when both start with the same preposition and name no filter:
    "les labos d'innovation en Bretagne", then "et en Normandie ?" → "les labos d'innovation en
    Normandie ?" (joined, both places were searched); "le design dans les hôpitaux", then "et dans
    les écoles ?"; "labs in Brittany", then "and in Normandy?". The filter named after the phrase
    stays ("… en Bretagne depuis 2019": "… en Normandie depuis 2019 ?"). None otherwise."""
    follow, last = _PREPOSITION.match(fold_aligned(rest)), _last_phrase(head, said)
    if follow is None or last is None:
        return None
    preposition, end = last
    family = _family(follow[1], rest[: follow.end(1)])
    if family is None or family != _family(preposition[1], head[preposition.start(1) : preposition.end(1)]):
        return None
    phrase, kept, asked = head[preposition.start() : end].rstrip(), head[end:].strip(), _unended(rest)
    if max(len(phrase.split()), len(asked.split())) > _MAX_SWAPPED_WORDS or not analyze(phrase):
        return None
    # "les labs en 2019", then "et en Bretagne ?": a period, kept; "et en anglais ?" narrows.
    if any(not p.filter.empty or p.newest or p.oldest for p in (parse(phrase), parse(rest))):
        return None
    return _in_place(head[: preposition.start()], rest, kept)


def _in_place(before: str, rest: str, kept: str) -> str:
    """The previous question's words before what a follow-up replaces, the follow-up's (`rest`),
    then the filter the previous question named after it (`kept`), with the follow-up's end."""
    asked = _unended(rest)
    return f"{before}{asked}{f' {kept}' if kept else ''}{rest[len(asked) :]}"


_ARTICLES = frozenset("le la les l' un une the a an".split())
# Words that join two names ("Molly Turner des GAFA") or hold one together ("la Fabrique des Communs").
_LINKING = frozenset("de du des d' et & of".split())
# Words a name holds between its capitalised ones ("la 27e Région", "Territoires en résidences" aside).
_NAME_LINKS = _LINKING | {"la", "le", "les", "l'", "the"}
_MAX_NAME_WORDS = 5


def _named(word: str) -> bool:
    """Whether a word is part of a name: capitalised ("Transfo", "l'Europe") or numbered ("27e";
    a year or a number alone is none)."""
    bare = re.sub(r"^(?:[ldLD]['’])", "", word)
    return bare[:1].isupper() or (any(c.isdigit() for c in bare) and not bare.isdigit())


def _last_name(head: str) -> int | None:
    """Where the name that ends a question starts, its article with it ("c'est quoi la Transfo" →
    "la Transfo", "les résidences de la 27e Région" → "la 27e Région"), or None."""
    words = list(re.finditer(r"\S+", head))
    start = len(words)
    while start and (_named(words[start - 1][0]) or words[start - 1][0].lower() in _NAME_LINKS):
        start -= 1
    while start < len(words) and not _named(words[start][0]):  # "de la 27e": from "27e"
        start += 1
    # "Molly Turner des GAFA", "la Fabrique des Communs": one name or two, which to replace is not
    # told.
    linked = any(w[0].lower() in _LINKING or w[0][:2].lower() in ("d'", "d’") for w in words[start + 1 :])
    if start == len(words) or len(words) - start > _MAX_NAME_WORDS or linked:
        return None
    if start and words[start - 1][0].lower() in _ARTICLES:
        start -= 1
    return words[start].start()


def _name_instead(
    head: str, rest: str, said: list[tuple[int, int]], parse: Callable[[str], ParsedQuestion]
) -> str | None:
    """The previous question (`head`, unended) asked again about the name a follow-up gives
    (`rest`) instead of the name it ended with: "c'est quoi la Transfo ?", then "et les Labonautes
    ?" → "c'est quoi les Labonautes ?" (joined, both were searched); "qui a lancé la Transfo ?",
    then "et Rebonds ?"; "what is La Transfo?", then "and Rebonds?". A follow-up of common words
    ("et les résultats ?") asks about the same thing: None."""
    asked = _unended(rest)
    words = asked.split()
    first = 1 if words and words[0].lower() in _ARTICLES else 0
    if not (first < len(words) <= _MAX_NAME_WORDS and _named(words[first])) or _ASKING.match(asked):
        return None
    # The filter named after the name stays: "les articles sur la Transfo depuis 2019", then "et
    # Rebonds ?" → "les articles sur Rebonds depuis 2019 ?".
    cut = len(head)
    for start, end in reversed(said):
        if head[end:cut].strip():
            break
        cut = start
    named, kept = head[:cut].rstrip(), head[cut:].strip()
    at = _last_name(named)
    if at is None or any(
        not p.filter.empty or p.newest or p.oldest for p in (parse(named[at:]), parse(rest))
    ):
        return None
    return _in_place(named[:at], rest, kept)


def joined(previous: str, question: str, parse: Callable[[str], ParsedQuestion]) -> str | None:
    """A follow-up that leans on the previous question, searched with it when no model rewrites it:
    "et en Bretagne ?" continues the previous question ("quels départements ont un labo
    d'innovation en Bretagne ?") or asks it again with its own place instead of the one it named
    (_swapped: "… en Bretagne", then "et en Normandie ?"), "qui l'a financé ?" or "et qui l'a
    financé ?" follows it ("c'est quoi Vidéocagette ? qui l'a financé ?"). Alone, such a follow-up
    has nothing of its own to search and shows posts about something else. None for a question
    that stands alone, and for one that points back but names what it is about ("comment elle
    marche, la Transfo ?": a name after its first word) or says much of its own ("quels risques
    menacent les forêts et leurs écosystèmes ?": more than two words to search).
    """
    question = question.strip()
    if not needs_context(question):
        return None
    going_on = continues(question)
    if (
        not going_on
        and not _more_of_it(question)
        and (
            any(word[:1].isupper() for word in question.split()[1:])
            or len(set(analyze(question))) > _OWN_TERMS
        )
    ):
        return None
    rest = _OPENERS.sub("", question).strip(" ,") if going_on else question
    if not _WORDS.search(rest):
        return None
    head = previous.strip()
    if going_on:
        unended = _unended(head)
        said = _filter_words(unended, parse)
        if instead := _swapped(unended, rest, said, parse) or _name_instead(unended, rest, said, parse):
            return instead
    return f"{_unended(head) if going_on and not _ASKING.match(rest) else head} {rest}"


@dataclass(frozen=True)
class Attached:
    """A follow-up as searched, and what the next follow-up leans on."""

    question: str | None  # None: the follow-up stands alone
    base: str | None = None  # what the next one going on from the end attaches to (None: this one)
    pointed: str | None = None  # what the next one pointing back points to (None: this one)


def attached(
    previous: str,
    base: str | None,
    pointed: str | None,
    question: str,
    parse: Callable[[str], ParsedQuestion],
) -> Attached:
    """`joined` to what the follow-up leans on: one going on from the end attaches to `base`, the
    question the previous one went on from ("et en Normandie ?" after "et en Bretagne ?"); one
    pointing back, to `pointed`, the question the previous one pointed to ("qui l'organise ?"
    after "c'est quand ?" is about what "c'" was: before, it searched "qu'est-ce que la Transfo ?
    c'est quand ? qui l'organise ?"); any other to the previous question."""
    if continues(question):
        base = base or previous
        understood = joined(base, question, parse)
        return Attached(understood, base if understood else None)
    pointed = pointed or previous
    understood = joined(pointed, question, parse)
    return Attached(understood, None, pointed if understood else None)


def accepted_rewrite(reply: str, question: str) -> str | None:
    """The model's rewrite when it is one plausible question, else None (the question stays as is)."""
    line = " ".join(reply.strip().strip('«»"“” ').split())
    if not line or len(line) > 300 or "\n" in reply.strip() or line == question:
        return None
    if not any(c.isalpha() for c in line):
        return None
    return line


async def standalone(synthesizer: Synthesizer, previous: str, question: str) -> str | None:
    """The follow-up rewritten to stand alone, or None when the service cannot say."""
    try:
        reply = await synthesizer.complete(rewrite_messages(previous, question))
    except SynthesisError:
        return None
    return accepted_rewrite(reply, question)
