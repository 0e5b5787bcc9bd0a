"""Choose the alert-matching floors on tests/eval/alerts.jsonl: precision and recall per setting.

Every seed post is treated as new; each topic of the file lists the posts it must match
("match"), and the posts it may match either way ("maybe"); any other match is a false alarm.
Prints the scores of every pair, then precision / recall / false alarms over a grid.

Run: .venv/bin/python -m benchmarks.alerts_threshold
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import numpy as np

from benchmarks.common import REPO
from bot import service
from bot.alerts.announcing import document_probes
from bot.alerts.matching import MatchParams, TopicProbe, match
from bot.search.embedding import load_embedder
from bot.settings import Settings

EXAMPLES = REPO / "tests" / "eval" / "alerts.jsonl"


def main() -> None:
    examples = [json.loads(line) for line in EXAMPLES.read_text(encoding="utf-8").splitlines() if line]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, corpus_dir=REPO / "corpus", index_dir=Path(tmp) / "index")
        embedder = load_embedder(settings)
        service.build_index(settings, lambda: embedder)
        retriever = service.open_retriever(settings, lambda: embedder)
    docs = document_probes(retriever, sorted(retriever.index.documents))
    topics = [
        TopicProbe(
            i, frozenset(retriever.topic_terms(e["topic"])), frozenset(), embedder.embed_query(e["topic"])
        )
        for i, e in enumerate(examples)
    ]
    everything = match(topics, docs, retriever.idf, retriever.unseen_idf(), MatchParams(-9, -9, 0.5))
    pairs = {(m.subscription_id, m.doc_id): m for m in everything}
    print(f"{len(examples)} topics × {len(docs)} posts; coverage / cosine of expected pairs:")
    for i, e in enumerate(examples):
        for doc in e["match"]:
            m = pairs[(i, doc)]
            print(f"  {e['topic'][:45]:45} {doc[:30]:30} cov {m.coverage:.2f} cos {m.cosine:.2f}")
    print("\nweight  min_cov  threshold  precision  recall  false_alarms  missed")
    for weight in (0.0, 0.5, 0.75, 1.0, 1.5):
        for min_cov in (0.3, 0.4, 0.5):
            for threshold in np.arange(0.5, 1.51, 0.05):
                found = {
                    (m.subscription_id, m.doc_id)
                    for m in everything
                    if m.coverage >= min_cov and m.coverage + weight * m.cosine >= threshold
                }
                expected = {(i, d) for i, e in enumerate(examples) for d in e["match"]}
                neutral = {(i, d) for i, e in enumerate(examples) for d in e["maybe"]}
                hits = len(found & expected)
                alarms = len(found - expected - neutral)
                precision = hits / max(hits + alarms, 1)
                recall = hits / len(expected)
                print(
                    f"{weight:6.2f}  {min_cov:7.2f}  {threshold:9.2f}  {precision:9.3f}  {recall:6.3f}"
                    f"  {alarms:12d}  {len(expected) - hits:6d}"
                )


if __name__ == "__main__":
    main()
