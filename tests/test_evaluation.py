"""How answers are scored: results as shown (one per passage), posts named by id or link, kinds;
and the archive question sets hold together (each answer in the post it names)."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.domain import Hit, Passage
from bot.ingest.feeds import normalise_url
from bot.search.evaluation import EvalQuestion, evaluate, load_questions, phrase_shown
from bot.search.retrieval import SearchResult
from tests.conftest import REPO
from tests.wordpress_site import fixture_posts


def hit(doc: str, *passages: str, url: str | None = None) -> Hit:
    return Hit(doc, doc, url, None, None, Passage(passages[0]), 1.0, tuple(Passage(p) for p in passages[1:]))


ANSWERS = {
    "deux passages": (hit("a", "rien", "ici la réponse"), hit("b", "non")),
    "par lien": (
        hit("x", "rien"),
        hit("post-7", "La Réponse’s là", url="https://site.fr/post/?utm_source=t"),
    ),
    "cinquième place": (hit("a", "1", "2"), hit("b", "3"), hit("c", "4"), hit("d", "5", "la réponse")),
    "hors sujet": (),
}


def search(question: str, k: int) -> SearchResult:
    return SearchResult(question, ANSWERS[question], ())


def test_results_count_as_shown_and_posts_are_named_by_id_or_link():
    questions = [
        EvalQuestion("1", "deux passages", ("a",), "la réponse", "factual"),
        EvalQuestion("2", "par lien", ("https://site.fr/post",), "la réponse's", "paraphrase"),
        EvalQuestion("3", "cinquième place", ("d",), "la réponse", "factual"),
        EvalQuestion("4", "hors sujet", ("a",), "x", "english"),
    ]
    report = evaluate(search, questions, 5)
    # 1: the answer is in the first post's second passage. 2: found by its link, apostrophes
    # folded. 3: the post is fifth in the results (the first shows two passages), its second
    # passage sixth: the post counts, the passage does not. 4: nothing shown.
    assert report.doc_recall == 0.75 and report.passage_recall == 0.5
    assert report.mrr10 == (1 + 1 / 2 + 1 / 5) / 4
    assert report.unanswered == 1
    assert report.by_kind["factual"].passage_recall == 0.5 and report.by_kind["paraphrase"].doc_recall == 1
    assert [(m.id, m.doc_found, m.answered) for m in report.misses] == [
        ("3", True, True),
        ("4", False, False),
    ]


@pytest.fixture(scope="module")
def archive_texts() -> dict[str, str]:
    return {normalise_url(p.url): p.text for p in fixture_posts() if p.url}


@pytest.mark.parametrize("name", ["archive", "short", "unseen"])
def test_every_archive_question_names_a_post_that_holds_its_answer(name: str, archive_texts: dict[str, str]):
    """A question set on the archive scores nothing if a link or a gold phrase is mistyped: each
    question names one of the fixture's posts, and its answer phrase is in that post's text."""
    questions = load_questions(REPO / "tests" / "eval" / f"{name}.jsonl")
    kinds = Counter(q.kind for q in questions)
    wrong = [
        q.id
        for q in questions
        if not any(
            phrase_shown(q.answer_phrase, archive_texts.get(normalise_url(url), "")) for url in q.relevant
        )
    ]
    assert wrong == [] and len({q.id for q in questions}) == len(questions)
    assert set(kinds) <= {"factual", "paraphrase", "english", "sloppy"}
    assert kinds["paraphrase"] >= len(questions) / 4
