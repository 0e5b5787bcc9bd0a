"""Topics typed by users, digest schedules, alert messages: pure, with property tests."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.alerts.subscribing import excluded_terms, next_mode, parse_topic, undated
from bot.analysis import CLOSING, analyze, fold_aligned
from bot.domain import Alert, Passage
from bot.present.cards import MAX_MESSAGE, render_alerts, visible_length
from bot.search.filters import parse_question
from bot.store.schedule import due_time
from bot.topics import MAX_TOPIC, alert_request, topic_core
from tests.telegram.telegram_html import parse


def test_exclusions_are_words_after_a_minus_sign():
    request = parse_topic("participation citoyenne -budget −Numérique")
    assert request is not None
    assert request.topic == "participation citoyenne"
    assert request.exclusions == ("budget", "numérique")
    assert excluded_terms(request.exclusions) == {"budget", "numer"}


def test_a_topic_needs_searchable_words():
    assert parse_topic("") is None and parse_topic("-budget") is None and parse_topic("le la les ?") is None
    assert parse_topic("l'open-data") is not None  # a hyphen inside a word is not an exclusion


_TODAY = dt.date(2026, 12, 1)


@given(
    st.sampled_from(["gestion des déchets", "les tiers-lieux", "open data", "la Transfo"]),
    st.sampled_from(
        [
            "depuis 2019",
            "avant 2015",
            "l'année dernière",
            "entre 2012 et 2015",
            "en 2016",
            "cette année",
            "depuis un an et demi",
            "since 2019",
            "in 2018",
        ]
    ),
    st.sampled_from(["", " -budget"]),
    st.booleans(),
)
def test_a_topic_is_followed_without_the_period_it_names(topic, period, exclusion, first):
    raw = f"{period} {topic}{exclusion}" if first else f"{topic} {period}{exclusion}"
    request = parse_topic(raw)
    assert request is not None
    followed, periods = undated(request, parse_question(request.topic, _TODAY))
    assert followed is not None and periods == (period,)
    assert followed.topic == topic and followed.exclusions == request.exclusions
    assert not parse_question(followed.topic, _TODAY).filter.dated


@given(st.text(max_size=200))
def test_any_topic_is_followed_without_a_period_or_not_at_all(raw):
    request = parse_topic(raw)
    if request is not None:
        followed, periods = undated(request, parse_question(request.topic, _TODAY))
        assert (followed == request) == (not periods)
        if followed is not None:
            assert 0 < len(followed.topic) <= MAX_TOPIC
            assert not parse_question(followed.topic, _TODAY).filter.dated


@pytest.mark.parametrize(
    ("raw", "period"),
    [
        ("depuis 2020", "depuis 2020"),
        ("quoi de neuf depuis 2020 ?", "depuis 2020"),
        ("les articles de 2019", "articles de 2019"),
    ],
)
def test_a_period_alone_is_no_topic(raw, period):
    request = parse_topic(raw)
    assert request is not None
    assert undated(request, parse_question(request.topic, _TODAY)) == (None, (period,))


@given(st.text(max_size=400))
def test_any_text_gives_a_bounded_topic_or_none(raw):
    request = parse_topic(raw)
    if request is not None:
        assert 0 < len(request.topic) <= MAX_TOPIC
        assert all(c.isprintable() for c in request.topic)
        assert len(request.exclusions) <= 10


@pytest.mark.parametrize(
    "raw",
    [
        "gestion des déchets",
        "je veux suivre la gestion des déchets",
        "Je voudrais être alertée sur la gestion des déchets",
        "tout ce qui concerne la gestion des déchets ?",
        "actualités : la gestion des déchets",
        "les nouveaux articles sur la gestion des déchets svp",
        "quoi de neuf sur la gestion des déchets ?",
        "prévenez-moi quand il y a du nouveau sur la gestion des déchets",
        "m’abonner à la gestion des déchets",
        "keep me posted on la gestion des déchets",
        "nouveautés gestion des déchets",
        "Actualités gestion des déchets",
        "quoi de neuf gestion des déchets",
        # Questions asking for posts, as the 🔔 button under their answer stores them:
        "je cherche des articles sur la gestion des déchets",
        "y a-t-il des ressources sur la gestion des déchets ?",
        "tu as des trucs sur la gestion des déchets",
        "les 3 derniers articles sur la gestion des déchets",
        "quels articles parlent de la gestion des déchets ?",
        "any posts about la gestion des déchets",
        "que disent les articles sur la gestion des déchets ?",
        "qu'est-ce que les billets racontent sur la gestion des déchets",
        "what do the posts say about la gestion des déchets?",
        # How subscribers say when to be told:
        "préviens-moi quand un article parle de la gestion des déchets",
        "dis-moi quand il y a un article sur la gestion des déchets",
        "alerte-moi dès qu'un article sort sur la gestion des déchets",
        "les articles mis en ligne sur la gestion des déchets",
        "tell me when there is a post about la gestion des déchets",
        "notify me when a post is published about la gestion des déchets",
        "anything published about la gestion des déchets",
        "ce qui se publie sur la gestion des déchets",
        "m'alerter sur la gestion des déchets",
        "abonnez-moi aux articles sur la gestion des déchets",
        "subscribe me to la gestion des déchets",
        "sign me up for la gestion des déchets",
        # Typed on a phone, without the hyphen:
        "abonne moi à la gestion des déchets",
        "previens moi quand il y a du nouveau sur la gestion des déchets",
        # As typed in the chat instead of /abonner, or in a group:
        "peux-tu me prévenir quand il y a du nouveau sur la gestion des déchets ?",
        "je m'abonne à la gestion des déchets",
        "please notify me about la gestion des déchets",
        "abonne-nous à la gestion des déchets",
        "tenez-nous au courant de la gestion des déchets",
    ],
)
def test_the_words_framing_a_topic_are_left_out(raw):
    """Left in, they are words a post must hold: "je veux suivre X" matched 9 % of the alerts X did."""
    request = parse_topic(raw)
    assert request is not None and request.topic in ("gestion des déchets", "la gestion des déchets")


@pytest.mark.parametrize(
    "topic",
    [
        "nouvelles formes d'innovation publique",
        "rapports d'activité",
        "design des politiques publiques",
        "articles de presse sur la 27e Région",
        "e-administration",
        "quoi de neuf",
        "veille sanitaire",
        "alertes précoces",
        "care homes",
        "tout",
        "trucs et astuces",
        "liens entre design et évaluation",
        "documents d'urbanisme",
        "que disent les agents sur le terrain",
        "rapport publié par la DITP",
        "sub saharan africa",
        "informer les usagers",
        "mettre en place un budget participatif",
        "activer les leviers de la transition",
    ],
)
def test_a_topic_that_only_looks_framed_is_kept(topic):
    assert topic_core(topic) == topic


@given(st.text(max_size=200))
def test_the_core_of_a_topic_is_part_of_it_and_keeps_its_searchable_words(raw):
    core = topic_core(raw)
    assert core in raw
    assert bool(analyze(core)) == bool(analyze(raw))
    assert topic_core(core) == core


def test_modes_cycle():
    assert [next_mode(m) for m in ("instant", "daily", "weekly", "?")] == [
        "daily",
        "weekly",
        "instant",
        "instant",
    ]


def test_digests_are_due_at_the_local_hour():
    paris_morning = dt.datetime(2026, 11, 22, 6, 30, tzinfo=dt.UTC)  # 07:30 in Paris, a Sunday
    assert due_time("instant", paris_morning, 8, "Europe/Paris") == paris_morning
    assert due_time("daily", paris_morning, 8, "Europe/Paris") == dt.datetime(2026, 11, 22, 7, tzinfo=dt.UTC)
    assert due_time("weekly", paris_morning, 8, "Europe/Paris") == dt.datetime(2026, 11, 23, 7, tzinfo=dt.UTC)
    # Across the change to summer time, 8:00 stays 8:00 local.
    saturday = dt.datetime(2027, 3, 27, 12, tzinfo=dt.UTC)
    assert due_time("daily", saturday, 8, "Europe/Paris") == dt.datetime(2027, 3, 28, 6, tzinfo=dt.UTC)


@given(st.datetimes(timezones=st.just(dt.UTC)), st.integers(0, 23), st.sampled_from(["daily", "weekly"]))
def test_a_digest_is_always_in_the_future_within_a_week(now, hour, mode):
    due = due_time(mode, now, hour, "Europe/Paris")
    assert now < due <= now + dt.timedelta(days=8)


def _alert(i: int, title: str, passage: str, topic: str, mode: str = "instant") -> Alert:
    return Alert(
        i, 1, 1, f"d{i}", topic, title, "https://e.org/a?b=1&c=<2>", None, Passage(passage), 1.0, mode
    )


@given(
    st.lists(
        st.tuples(st.text(max_size=300), st.text(max_size=2000), st.text(max_size=300)),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from(["instant", "daily", "weekly"]),
)
def test_alert_messages_are_valid_telegram_html_within_the_limit(items, mode):
    alerts = [_alert(i, t or "x", p or "y", s or "z", mode) for i, (t, p, s) in enumerate(items)]
    html, shown = render_alerts(alerts, "fr")
    assert visible_length(html) <= MAX_MESSAGE
    parse(html)  # raises on what Telegram would refuse
    assert 1 <= len(shown) <= len(alerts) and list(shown) == alerts[: len(shown)]


def test_an_alert_says_why_it_matched():
    html, _ = render_alerts([_alert(1, "Les <labos>", "Un passage & demi", "labos")], "fr")
    assert "« labos »" in html and "&lt;labos&gt;" in html and "Un passage &amp; demi" in html
    digest, _ = render_alerts([_alert(1, "A", "p", "t1", "daily"), _alert(2, "B", "q", "t2", "daily")], "en")
    assert "daily selection" in digest and "“t1”" in digest and "“t2”" in digest


@pytest.mark.parametrize(
    ("message", "kind", "topic"),
    [
        ("abonne-moi à la Transfo", "follow", "la Transfo"),
        ("abonne moi aux tiers-lieux svp", "follow", "tiers-lieux"),
        ("Bonjour, abonne-moi à la Transfo", "follow", "la Transfo"),
        ("préviens-moi quand il y a du nouveau sur les tiers-lieux", "follow", "les tiers-lieux"),
        ("peux-tu me prévenir des nouveaux articles sur les achats ?", "follow", "les achats"),
        ("tu peux m’abonner à la Transfo ?", "follow", "la Transfo"),
        ("je voudrais m'abonner aux budgets participatifs", "follow", "budgets participatifs"),
        ("je veux être alertée sur l'évaluation", "follow", "l'évaluation"),
        ("je souhaite recevoir les alertes sur les communs", "follow", "les communs"),
        ("tiens-moi au courant des résidences", "follow", "résidences"),
        ("dis-moi quand il y a du nouveau sur le design", "follow", "le design"),
        ("je m'abonne à la Transfo", "follow", "la Transfo"),
        ("abonnez-nous à l'évaluation", "follow", "l'évaluation"),
        ("alerte-moi sur les communs -urbains", "follow", "les communs"),
        ("notify me about public innovation labs", "follow", "public innovation labs"),
        ("can you subscribe me to design fiction?", "follow", "design fiction"),
        ("I would like to be notified about the commons", "follow", "the commons"),
        ("inscris-moi aux alertes sur la Transfo", "follow", "la Transfo"),
        ("je voudrais m'inscrire aux alertes sur les communs", "follow", "les communs"),
        ("créer une alerte sur les tiers-lieux", "follow", "les tiers-lieux"),
        ("peux-tu activer des alertes pour le design ?", "follow", "le design"),
        ("je veux recevoir les nouveaux articles sur l'évaluation", "follow", "l'évaluation"),
        ("abonne-moi", "follow", None),
        ("abonne moi svp !", "follow", None),
        ("mes abonnements", "list", None),
        ("quels sont mes abonnements ?", "list", None),
        ("montre-moi mes alertes stp", "list", None),
        ("à quoi suis-je abonné ?", "list", None),
        ("my subscriptions", "list", None),
        ("désabonne-moi de la Transfo", "unfollow", "Transfo"),
        ("je veux me désabonner", "unfollow", None),
        ("stop alertes", "unfollow", None),
        ("désabonne-nous de la Transfo", "unfollow", "Transfo"),
        ("je veux me désabonner des tiers-lieux svp", "unfollow", "tiers-lieux"),
        ("unsubscribe from open data", "unfollow", "open data"),
        ("unsubscribe", "unfollow", None),
    ],
)
def test_alerts_asked_for_in_words(message, kind, topic):
    """Typed in the chat instead of /abonner, /abonnements, /desabonner: searched, "abonne-moi à la
    Transfo" showed posts holding "abonne" and followed nothing."""
    asked = alert_request(message)
    assert asked is not None and asked.kind == kind
    if kind != "list":
        request = parse_topic(asked.text) if asked.text else None
        assert (request.topic if request else None) == topic


@pytest.mark.parametrize(
    "message",
    [
        "comment m'abonner ?",  # how: the help
        "je veux suivre une formation sur le design",
        "dis-moi quand a eu lieu la Transfo",
        "alertes précoces dans les hôpitaux",
        "les abonnements aux transports publics",
        "qu'est-ce qu'un système d'alerte ?",
        "stop aux idées reçues sur l'innovation",
        "mes collègues veulent s'abonner",
        "inscris-moi à la Transfo",  # to the programme, perhaps: a question
        "créer un labo d'innovation",
        "comment créer une alerte ?",
    ],
)
def test_a_question_about_alerts_or_subscribing_is_no_request(message):
    assert alert_request(message) is None


@given(
    st.sampled_from(
        [
            "abonne-moi à",
            "préviens-moi quand il y a du nouveau sur",
            "je voudrais m'abonner à",
            "peux-tu m'alerter sur",
            "subscribe me to",
            "tenez-nous au courant de",
        ]
    ),
    st.text(alphabet=st.characters(categories=["L", "Zs", "Pd"]), min_size=1, max_size=60),
)
@example("abonne-moi à", "THANK")  # a courtesy, no topic (found by a 1,500-examples run)
def test_a_request_to_follow_names_what_follows_it(frame, rest):
    """Whatever is asked for: the request is read, and its topic is taken from what follows."""
    asked = alert_request(f"{frame} {rest}")
    assert asked is not None and asked.kind == "follow"
    if asked.text:
        request = parse_topic(asked.text)
        assert request is not None and request.topic in " ".join(f"{frame} {rest}".split())
        assert analyze(request.topic)
    else:  # nothing to follow but, at most, a courtesy ("abonne-moi svp")
        assert not analyze(CLOSING.sub("", fold_aligned(rest)))
