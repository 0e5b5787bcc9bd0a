"""Measure retrieval on a question set: post recall@k, passage recall@k, MRR@10, latency."""

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
from bot.search.retrieval import SearchResult


@dataclass(frozen=True)
class EvalQuestion:
    """One line of an evaluation file."""

    id: str
    question: str
    relevant: tuple[str, ...]
    answer_phrase: str


@dataclass(frozen=True)
class Miss:
    """A question whose answer was not shown in the first k results."""

    id: str
    question: str
    expected: tuple[str, ...]
    got: tuple[str, ...]
    doc_found: bool


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


def load_questions(path: Path) -> list[EvalQuestion]:
    """Read a JSONL question file; a bad line is named."""
    if not path.is_file():
        raise InnobotError(f"file not found: {path}")
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            questions.append(
                EvalQuestion(
                    str(row["id"]), str(row["question"]), tuple(row["relevant"]), str(row["answer_phrase"])
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InnobotError(f"{path.name}:{number}: needs id, question, relevant, answer_phrase") from exc
    if not questions:
        raise InnobotError(f"{path.name}: no question")
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


def evaluate(
    search: Callable[[str, int], SearchResult], questions: list[EvalQuestion], k: int = 5
) -> EvalReport:
    """Run every question through `search(question, n)` and score the first k posts."""
    doc_hits = passage_hits = 0
    reciprocal = 0.0
    latencies: list[float] = []
    misses: list[Miss] = []
    for item in questions:
        started = time.perf_counter()
        result = search(item.question, max(k, 10))
        latencies.append((time.perf_counter() - started) * 1000)
        ids = [hit.doc_id for hit in result.hits]
        rank = next((i for i, doc in enumerate(ids[:10], start=1) if doc in item.relevant), None)
        reciprocal += 1 / rank if rank else 0.0
        found_doc = rank is not None and rank <= k
        # Only the main passage counts: it is what `ask --json` returns as "passage".
        shown = any(
            hit.doc_id in item.relevant and phrase_shown(item.answer_phrase, hit.passage.text)
            for hit in result.hits[:k]
        )
        doc_hits += found_doc
        passage_hits += shown
        if not shown:
            misses.append(Miss(item.id, item.question, item.relevant, tuple(ids[:k]), found_doc))
    n = len(questions)
    return EvalReport(
        n,
        doc_hits / n,
        passage_hits / n,
        reciprocal / n,
        _percentile(latencies, 50),
        _percentile(latencies, 95),
        misses,
    )
