"""The optional /v1/rerank pass: reply shapes, the real client against a fake service, the search order."""

from __future__ import annotations

import json
import math
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.search.retrieval import Retriever
from bot.synthesis.reranking import Reranker, read_scores
from tests.fake_llm import FakeLLM, Reply

QUESTION = "quels départements ont un labo d'innovation ?"


# --- reply shapes ------------------------------------------------------------------------------
def test_the_common_reply_shapes_give_one_score_per_text_in_order():
    cohere = {"results": [{"index": 2, "relevance_score": 0.9}, {"index": 0, "relevance_score": 0.1}]}
    assert read_scores(cohere, 3) == [0.1, -math.inf, 0.9]  # left out by top_n: ranks last
    assert read_scores({"data": [{"index": 1, "score": 2}, {"index": 0, "score": 1}]}, 2) == [1.0, 2.0]
    assert read_scores([{"index": 0, "score": -3.5}], 1) == [-3.5]  # TEI


@pytest.mark.parametrize(
    "payload",
    [
        {},
        [],
        {"results": "no"},
        [{"index": 3, "score": 1}],
        [{"index": 0, "score": 1}, {"index": 0, "score": 2}],
        [{"index": 0, "score": "high"}],
        [{"index": True, "score": 1}],
        [{"index": 0, "score": float("nan")}],
        ["0.5"],
    ],
)
def test_a_reply_that_does_not_score_the_texts_is_refused(payload):
    with pytest.raises(ValueError):
        read_scores(payload, 2)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=True) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(
        ["results", "data", "index", "score", "relevance_score", "x"]), inner, max_size=4),
    max_leaves=12,
)  # fmt: skip


@given(json_values, st.integers(1, 6))
def test_any_reply_gives_a_score_per_text_or_a_named_refusal(payload, count):
    try:
        scores = read_scores(payload, count)
    except ValueError as refusal:
        assert str(refusal)
    else:
        assert len(scores) == count and all(isinstance(s, float) and not math.isnan(s) for s in scores)


# --- the client against the fake service ---------------------------------------------------------
@pytest.fixture
def service():
    server = FakeLLM()
    with server.in_thread():
        yield server


@pytest.fixture
def reranker_of():
    """Makes clients of the fake service; closes them after the test."""
    opened: list[Reranker] = []

    def make(server: FakeLLM, **options) -> Reranker:
        reranker = Reranker(server.url, "rerank-small", server.key, **options)
        opened.append(reranker)
        return reranker

    yield make
    for reranker in opened:
        reranker.close()


def reranks(server: FakeLLM) -> list:
    return [r for r in server.requests if r.path.endswith("/rerank")]


def test_the_service_scores_every_text_and_gets_the_key(service, reranker_of):
    texts = ["Les résidences durent trois semaines", "Un laboratoire d'innovation départemental"]
    scores = reranker_of(service).rerank("laboratoire d'innovation", texts)
    assert scores is not None and scores[1] > scores[0]
    (sent,) = reranks(service)
    assert sent.headers["Authorization"] == f"Bearer {service.key}"
    assert sent.body == {
        "model": "rerank-small", "query": "laboratoire d'innovation", "documents": texts, "top_n": 2,
    }  # fmt: skip


def test_a_tei_service_is_asked_its_way_once_then_directly(service, reranker_of):
    service.rerank_style = "texts"
    reranker = reranker_of(service)
    for _ in range(2):
        scores = reranker.rerank("laboratoire", ["laboratoire public", "autre chose"])
        assert scores is not None and scores[0] > scores[1]
    assert [("documents" in r.body, "texts" in r.body) for r in reranks(service)] == [
        (True, False), (False, True), (False, True),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "fault",
    [Reply(status=503), Reply(status=429, retry_after=30), Reply(invalid=True), Reply(status=500)],
    ids=["503", "429", "cut-json", "500"],
)
def test_a_failing_service_leaves_the_order_alone(service, fault, reranker_of):
    service.rerank_replies.append(fault)
    assert reranker_of(service).rerank("laboratoire", ["a b c", "laboratoire"]) is None


def test_a_slow_service_costs_at_most_its_timeout(service, reranker_of):
    service.rerank_replies.append(Reply(stall=5))
    started = time.perf_counter()
    assert reranker_of(service, timeout=0.3).rerank("laboratoire", ["laboratoire"]) is None
    assert time.perf_counter() - started < 2


def test_after_repeated_failures_the_service_is_skipped(service, reranker_of):
    service.rerank_replies += [Reply(status=503)] * 3
    reranker = reranker_of(service)
    for _ in range(5):
        assert reranker.rerank("laboratoire", ["laboratoire"]) is None
    assert len(reranks(service)) == 3  # the breaker is open: questions 4 and 5 cost nothing


# --- the search's order ---------------------------------------------------------------------------
class Reversed:
    """A judge that ranks the search's candidates upside down (to see that its order is followed)."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def rerank(self, query: str, texts):
        self.calls.append(list(texts))
        return [float(i) for i in range(len(texts))]


def test_the_search_shows_the_rerankers_order_with_the_same_scores(retriever: Retriever):
    judge = Reversed()
    reranked = Retriever(retriever.index, retriever.embedder, retriever.params, judge)
    scored, _, _ = retriever._score_chunks(QUESTION, retriever.topic_terms(QUESTION))
    best = sorted(scored, key=lambda s: -s.fused)[: retriever.params.rerank_candidates]
    result = reranked.search(QUESTION, 5)
    (texts,) = judge.calls
    assert len(texts) == len(best) and all("\n" in t for t in texts)  # title, then the chunk
    last = reranked.index.chunks[best[-1].row]
    assert result.hits[0].doc_id == last.doc_id  # the judge's first was the search's last
    assert result.hits[0].score == round(best[0].fused, 4)  # and it takes the best rank's score


def test_the_search_with_the_real_client_reranks_and_without_the_service_answers_as_before(
    retriever: Retriever, service, reranker_of
):
    plain = retriever.search(QUESTION, 5)
    reranked = Retriever(retriever.index, retriever.embedder, retriever.params, reranker_of(service))
    result = reranked.search(QUESTION, 5)
    assert result.hits and len(reranks(service)) == 1
    service.rerank_replies += [Reply(status=503)] * 3
    down = reranked.search(QUESTION, 5)
    assert [h.doc_id for h in down.hits] == [h.doc_id for h in plain.hits]
    assert [h.passage.text for h in down.hits] == [h.passage.text for h in plain.hits]


def test_eval_measures_the_search_with_the_reranker(seed_index, service, tmp_path):
    from tests.conftest import EVAL_FILE
    from tests.test_cli import innobot

    # A dozen of the seed questions: the count of rerank calls is what is checked, not the scores.
    questions = tmp_path / "questions.jsonl"
    questions.write_text("".join(EVAL_FILE.read_text(encoding="utf-8").splitlines(keepends=True)[:12]))
    env = {
        "INNOBOT_INDEX_DIR": str(seed_index.index_dir),
        "INNOBOT_LLM_URL": service.url,
        "INNOBOT_LLM_API_KEY": service.key,
        "INNOBOT_RERANK_MODEL": "rerank-small",
    }
    measured = innobot("eval", str(questions), "--json", env=env)
    assert measured.returncode == 0, measured.stderr
    report = json.loads(measured.stdout)
    assert report["questions"] == 12
    answered = report["questions"] - report["unanswered"]
    assert len(reranks(service)) == answered > 0  # one rerank per answered question, none at warm-up
    assert service.key not in measured.stdout + measured.stderr
