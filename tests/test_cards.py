"""Answer cards are always accepted by (our strict model of) Telegram and fit in one message."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.analysis import iter_terms
from bot.domain import Document, Hit, Passage
from bot.present.cards import MAX_MESSAGE, link, render_card, utf16_len, visible_length
from bot.present.views import render_subscribed
from bot.search.retrieval import SearchResult
from bot.texts import text
from tests.telegram.telegram_html import parse

nasty = st.lists(st.sampled_from([*"ab <>&;\"'/é’«»\n", "😀", "&amp;", "<b>", "</b>", "&lt"])).map("".join)


def passage_of(text: str) -> Passage:
    return Passage(text, tuple((t.start, t.end) for t in iter_terms(text))[:30])


@st.composite
def hits(draw: st.DrawFn) -> Hit:
    body = draw(st.one_of(nasty, st.text(max_size=3000)))
    extra = draw(st.lists(st.one_of(nasty, st.text(max_size=1500)), max_size=2))
    url = draw(st.one_of(st.none(), st.just("https://ex.fr/?a=1&b=<2>"), st.just("javascript:alert(1)")))
    return Hit(
        draw(st.text(min_size=1, max_size=400)),
        draw(st.text(min_size=1, max_size=500)),
        url,
        draw(st.one_of(st.none(), st.just(dt.date(2017, 10, 13)))),
        draw(st.one_of(st.none(), nasty)),
        passage_of(body),
        0.5,
        tuple(passage_of(e) for e in extra),
    )


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(nasty, st.text(max_size=5000)),
    st.lists(hits(), max_size=6),
    st.booleans(),
    st.sampled_from(["fr", "en"]),
)
def test_any_card_is_valid_telegram_html_within_the_limit(question, found, confident, lang):
    card = render_card(SearchResult(question, tuple(found), (), 1.0, confident), lang)
    parsed = parse(card.html)
    assert 0 < utf16_len(parsed.text) <= MAX_MESSAGE
    assert visible_length(card.html) == utf16_len(parsed.text)
    assert card.shown <= len(found)


def test_html_from_users_and_corpus_is_shown_not_interpreted():
    hit = Hit(
        "d",
        "<b>Titre</b> & co",
        "https://ex.fr/p?a=1&b=2",
        None,
        None,
        passage_of("Un <script>alert(1)</script> & des <i>balises</i>"),
        1.0,
    )
    card = render_card(SearchResult("<b>question</b> & <script>", (hit,), ()), "fr")
    text = parse(card.html).text
    assert "<script>alert(1)</script>" in text and "<b>Titre</b> & co" in text
    assert "<b>question</b> & <script>" in text
    assert 'href="https://ex.fr/p?a=1&amp;b=2"' in card.html


def test_only_web_links_become_links():
    assert link("x", "javascript:alert(1)") == "x"
    assert link("x", None) == "x"
    assert link("x", "https://a.fr") == '<a href="https://a.fr">x</a>'


def test_long_results_are_cut_to_fit_one_message():
    long_hits = tuple(
        Hit(f"d{i}", "T" * 200, None, None, None, passage_of("mot " * 700), 1.0) for i in range(10)
    )
    card = render_card(SearchResult("q", long_hits, ()), "fr")
    assert visible_length(card.html) <= MAX_MESSAGE and 1 <= card.shown < 10


def test_a_post_with_two_passages_shows_both_under_its_title():
    hit = Hit(
        "d", "Titre", None, None, None, passage_of("Premier passage."), 1.0, (passage_of("Second passage."),)
    )
    card = render_card(SearchResult("q", (hit,), ()), "fr")
    text = parse(card.html).text
    assert card.shown == 1 and text.count("Titre") == 1
    assert text.index("Premier passage.") < text.index("Second passage.")


@given(
    st.one_of(nasty, st.text(min_size=1, max_size=200)),
    st.lists(st.one_of(nasty, st.text(max_size=30)), max_size=10),
    st.one_of(
        st.none(),
        st.lists(
            st.builds(
                Document,
                id=st.just("p"),
                title=st.one_of(nasty, st.text(min_size=1, max_size=400)),
                text=st.just(""),
                url=st.one_of(st.none(), st.just("https://ex.fr/?a=1&b=<2>"), st.just("javascript:x")),
                date=st.one_of(st.none(), st.dates()),
            ),
            max_size=3,
        ),
    ),
    st.sampled_from(["fr", "en"]),
)
def test_a_subscription_confirmation_is_valid_html_and_names_what_the_collection_holds(
    topic, without, known, lang
):
    html = render_subscribed(topic, without, known, lang)
    shown = parse(html).text  # raises on anything Telegram would refuse
    assert utf16_len(html) <= MAX_MESSAGE
    assert shown.endswith(text("subscribed_unknown", lang)) == (known is None)
    assert 'href="javascript' not in html
    for doc in known or []:
        assert doc.date is None or f"({doc.date.year})" in shown
