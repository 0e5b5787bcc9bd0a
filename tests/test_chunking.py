"""Sentence splitting and chunking of French prose."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain import Document
from bot.search.chunking import (
    Span,
    chunk_document,
    paragraphs,
    sentence_spans,
    split_sentences,
    uncovered,
)


def sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


def test_abbreviations_and_initials_do_not_end_sentences():
    text = "M. Dupont et Mme Durand sont venus, cf. p. 12. J.-C. Martin aussi. Fin."
    assert sentences(text) == [
        "M. Dupont et Mme Durand sont venus, cf. p. 12.",
        "J.-C. Martin aussi.",
        "Fin.",
    ]


def test_guillemets_keep_their_inner_sentences():
    text = "Il a dit « Innovons ! C’est vital. » puis il est parti. Ensuite, rien."
    assert sentences(text) == ["Il a dit « Innovons ! C’est vital. » puis il est parti.", "Ensuite, rien."]


def test_ellipsis_ends_a_sentence_only_before_a_capital():
    text = "Nous partîmes deux… enfin à Cergy. Puis… Nous étions cinq."
    assert sentences(text) == ["Nous partîmes deux… enfin à Cergy.", "Puis…", "Nous étions cinq."]


def test_questions_and_exclamations():
    assert sentences("Que retenir ? Des points communs ! Et après.") == [
        "Que retenir ?",
        "Des points communs !",
        "Et après.",
    ]


def test_chunks_are_bounded_ordered_and_identified_stably():
    text = " ".join(f"Phrase numéro {i} sur l’innovation publique dans les départements." for i in range(60))
    doc = Document("doc", "Titre", text)
    chunks = chunk_document(doc, 300, 80)
    assert all(len(c.text) <= 300 for c in chunks)
    assert [c.ordinal for c in chunks] == list(range(len(chunks)))
    assert chunk_document(doc, 300, 80) == chunks
    assert len({c.id for c in chunks}) == len(chunks)
    assert all(c.id.startswith("doc:") for c in chunks)


def test_an_edit_changes_only_the_ids_of_the_chunks_it_touches():
    paragraphs = [f"Paragraphe {i}. " + "Une phrase de remplissage assez longue. " * 6 for i in range(8)]
    before = chunk_document(Document("d", "T", "\n\n".join(paragraphs)), 300, 0)
    paragraphs[-1] = "Paragraphe final réécrit. " + "Autre chose. " * 10
    after = chunk_document(Document("d", "T", "\n\n".join(paragraphs)), 300, 0)
    assert {c.id for c in before} & {c.id for c in after}
    assert {c.id for c in before} != {c.id for c in after}


prose = st.lists(
    st.one_of(
        st.from_regex(r"[A-ZÉ][a-zéèàùç’' ]{0,80}[.!?…]", fullmatch=True),
        st.sampled_from(["M. Dupont.", "« Oui ! »", "\n\n", "\n", "etc.", "Lab’AATF", "n° 3."]),
        st.text(min_size=0, max_size=60),
    ),
    max_size=40,
).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(prose, st.integers(200, 800), st.integers(0, 99))
def test_chunking_loses_nothing_and_repeats_only_the_overlap(text, size, overlap):
    doc = Document("d", "T", text)
    chunks = chunk_document(doc, size, overlap)
    covered = [False] * len(text)
    for chunk in chunks:
        assert chunk.text == text[chunk.start : chunk.end]
        assert 0 < len(chunk.text) <= size
        for i in range(chunk.start, chunk.end):
            covered[i] = True
    assert all(covered[i] for i, ch in enumerate(text) if not ch.isspace()), "text lost"
    for previous, current in itertools.pairwise(chunks):
        assert current.start > previous.start, "no progress"
        assert previous.end - current.start <= overlap, "repeated beyond the overlap"


@pytest.mark.parametrize("size", [200, 600, 1000])
def test_seed_like_text_has_no_empty_or_whitespace_chunk(size):
    text = "Jour 1 – jeudi 27 juin 2019\n\n \n\nNous prenons un temps. " * 20
    for chunk in chunk_document(Document("d", "T", text), size, 50):
        assert chunk.text.strip() == chunk.text and not re.fullmatch(r"\s*", chunk.text)


@settings(max_examples=150, deadline=None)
@given(prose, st.integers(0, 400), st.integers(0, 400), st.integers(20, 300))
def test_the_sentences_of_a_part_are_those_the_whole_text_has_there(text, start, length, limit):
    whole = sentence_spans(text, limit)
    part = sentence_spans(text, limit, Span(start, start + length))
    assert set(part) <= set(whole)
    assert [s.start for s in part] == sorted(s.start for s in part)
    assert all(s in part for s in whole if s.start < start + length and start < s.end)
    every, later = list(paragraphs(text)), list(paragraphs(text, start))
    assert later == every[len(every) - len(later) :]
    assert all(p in later for p in every if p.end > start)


_spans = st.tuples(st.integers(0, 2000), st.integers(1, 800)).map(lambda t: Span(t[0], t[0] + t[1]))


@given(_spans, st.lists(_spans, max_size=4))
def test_the_uncovered_part_of_a_span_lies_within_it_and_outside_every_shown_span(span, shown):
    part = uncovered(span, shown)
    assert span.start <= part.start <= part.end <= span.end
    if part.end > part.start:
        assert all(part.end <= other.start or part.start >= other.end for other in shown)


def test_the_uncovered_part_is_what_the_shown_passages_leave():
    assert uncovered(Span(100, 600), []) == Span(100, 600)
    assert uncovered(Span(100, 600), [Span(0, 300)]) == Span(300, 600)  # starts inside a passage
    assert uncovered(Span(100, 600), [Span(400, 900)]) == Span(100, 400)  # runs into one
    assert uncovered(Span(100, 600), [Span(200, 300)]) == Span(100, 200)  # holds one: the part before
    assert uncovered(Span(100, 600), [Span(0, 700)]).start == uncovered(Span(100, 600), [Span(0, 700)]).end
