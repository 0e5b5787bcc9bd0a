"""Rendering results for the terminal and as JSON."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from bot.domain import Hit, Passage
from bot.present.answer import mark, render_terminal, result_json
from bot.search.retrieval import SearchResult


def hit(url: str | None = "https://ex.fr/p", passage: Passage | None = None) -> Hit:
    return Hit(
        "p",
        "Un titre",
        url,
        dt.date(2017, 10, 13),
        "Nadège",
        passage or Passage("Le labo du département."),
        0.9,
    )


def test_json_keeps_the_contract():
    record = result_json(SearchResult("q ?", (hit(),), ("labo",)), 12.345)
    assert record["took_ms"] == 12.3
    assert set(record["results"][0]) >= {"doc_id", "title", "url", "date", "passage", "score"}
    assert record["results"][0]["date"] == "2017-10-13"


def test_json_lists_each_shown_passage_in_the_cards_order():
    two = Hit("p", "Un titre", None, None, None, Passage("Premier."), 0.9, (Passage("Second."),))
    record = result_json(SearchResult("q", (two, hit()), ()), 1.0)
    assert [(r["doc_id"], r["passage"]) for r in record["results"]] == [
        ("p", "Premier."),
        ("p", "Second."),
        ("p", "Le labo du département."),
    ]


def test_terminal_answer_shows_title_date_author_and_link_or_its_absence():
    text = render_terminal(SearchResult("q", (hit(), hit(url=None)), ()), color=False)
    assert "1. Un titre" in text and "13/10/2017" in text and "Nadège" in text
    assert "https://ex.fr/p" in text and "lien d'origine inconnu" in text


def test_uncertain_results_say_so():
    result = SearchResult("q", (hit(),), (), relevance=0.4, confident=False)
    assert "pas sûr" in render_terminal(result, color=False)
    assert result_json(result, 1.0)["confident"] is False


def test_no_result_is_said_honestly_in_french_or_english():
    assert "rien trouvé" in render_terminal(SearchResult("tarte", (), ()))
    assert "found nothing" in render_terminal(SearchResult("tarte", (), ()), "en")


@given(st.text(), st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50)), max_size=5))
def test_marking_only_adds_the_markers(text, raw_spans):
    spans, position = [], 0
    for a, b in sorted(raw_spans):
        start, end = max(a, position), max(a, position) + abs(b - a)
        if end <= len(text) and start < end:
            spans.append((start, end))
            position = end
    marked = mark(Passage(text, tuple(spans)), "[", "]")
    assert marked.replace("[", "").replace("]", "") == text.replace("[", "").replace("]", "")
