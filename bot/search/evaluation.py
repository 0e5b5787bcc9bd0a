"""Measure retrieval on a question set: post recall@k, passage recall@k, MRR@10, latency.

Results are counted as a reader sees them: one per shown passage, in the card's order, so a post
shown with two passages fills two of the first k places. A relevant post is named by its id (the
corpus file stem) or by its link, which survives a corpus built by another route.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.analysis import normalize
from bot.errors import InnobotError
from bot.ingest.feeds import normalise_url
from bot.search.retrieval import SearchResult


@dataclass(frozen=True)
class EvalQuestion:
    """One line of an evaluation file."""

    id: str
    question: str
    relevant: tuple[str, ...]
    answer_phrase: str
    kind: str = ""  # factual, paraphrase, english, sloppy…: figures are also given per kind

    def is_relevant(self, doc_id: str, url: str | None) -> bool:
        """True when a result is one of the expected posts, named by id or by link."""
        return doc_id in self.relevant or (url is not None and normalise_url(url) in self._links)

    @property
    def _links(self) -> frozenset[str]:
        return frozenset(normalise_url(r) for r in self.relevant if r.startswith(("http://", "https://")))


@dataclass(frozen=True)
class Miss:
    """A question whose answer was not shown in the first k results."""

    id: str
    question: str
    expected: tuple[str, ...]
    got: tuple[str, ...]
    doc_found: bool
    answered: bool = True


@dataclass(frozen=True)
class KindFigures:
    """The figures of the questions of one kind."""

    questions: int
    doc_recall: float
    passage_recall: float
    mrr10: float
    unanswered: int


@dataclass(frozen=True)
class EvalReport:
    """Aggregate figures of one evaluation run."""

    questions: int
    doc_recall: float
    passage_recall: float
    mrr10: float
    latency_p50_ms: float
    latency_p95_ms: float
    misses: list[Miss] = field(default_factory=list)
    unanswered: int = 0  # questions answered "nothing relevant"
    by_kind: dict[str, KindFigures] = field(default_factory=dict)


def load_questions(path: Path) -> list[EvalQuestion]:
    """Read a JSONL question file; a bad line is named."""
    if not path.is_file():
        raise InnobotError(key="error_file_not_found", path=path)
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            questions.append(
                EvalQuestion(
                    str(row["id"]),
                    str(row["question"]),
                    tuple(row["relevant"]),
                    str(row["answer_phrase"]),
                    str(row.get("kind") or ""),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InnobotError(key="error_eval_line", file=path.name, line=number) from exc
    if not questions:
        raise InnobotError(key="error_eval_empty", file=path.name)
    return questions


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", normalize(text)).strip()


def phrase_shown(phrase: str, passage: str) -> bool:
    """True when the passage contains the phrase, ignoring case, spacing and apostrophe style."""
    return _flat(phrase) in _flat(passage)


def _percentile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


@dataclass(frozen=True)
class _Scored:
    """One question's outcome."""

    kind: str
    doc_found: bool
    passage_found: bool
    reciprocal: float
    answered: bool


def _figures(rows: list[_Scored]) -> KindFigures:
    n = len(rows) or 1
    return KindFigures(
        len(rows),
        sum(r.doc_found for r in rows) / n,
        sum(r.passage_found for r in rows) / n,
        sum(r.reciprocal for r in rows) / n,
        sum(not r.answered for r in rows),
    )


def evaluate(
    search: Callable[[str, int], SearchResult], questions: list[EvalQuestion], k: int = 5
) -> EvalReport:
    """Run every question through `search(question, n)` and score the first k shown passages."""
    scored: list[_Scored] = []
    latencies: list[float] = []
    misses: list[Miss] = []
    for item in questions:
        started = time.perf_counter()
        result = search(item.question, max(k, 10))
        latencies.append((time.perf_counter() - started) * 1000)
        shown = result.shown()
        rank = next(
            (i for i, (hit, _) in enumerate(shown[:10], start=1) if item.is_relevant(hit.doc_id, hit.url)),
            None,
        )
        found_doc = rank is not None and rank <= k
        found_passage = any(
            item.is_relevant(hit.doc_id, hit.url) and phrase_shown(item.answer_phrase, passage.text)
            for hit, passage in shown[:k]
        )
        scored.append(_Scored(item.kind, found_doc, found_passage, 1 / rank if rank else 0.0, bool(shown)))
        if not found_passage:
            got = tuple(dict.fromkeys(hit.doc_id for hit, _ in shown[:k]))
            misses.append(Miss(item.id, item.question, item.relevant, got, found_doc, bool(shown)))
    total = _figures(scored)
    kinds = sorted({row.kind for row in scored if row.kind})
    return EvalReport(
        total.questions,
        total.doc_recall,
        total.passage_recall,
        total.mrr10,
        _percentile(latencies, 50),
        _percentile(latencies, 95),
        misses,
        total.unanswered,
        {kind: _figures([r for r in scored if r.kind == kind]) for kind in kinds},
    )
