"""Index build, atomic versions, manifest checks and embedding reuse (fast: fake embedder)."""

from __future__ import annotations

import json

import pytest

from bot import service
from bot.errors import IndexMismatchError, IndexMissingError
from bot.ingest.corpus import write_post
from bot.search import indexing
from tests.conftest import make_settings
from tests.fakes import FakeEmbedder


@pytest.fixture
def settings(tmp_path, corpus_copy):
    return make_settings(tmp_path, corpus_dir=corpus_copy)


def test_round_trip_and_manifest(settings, fake_embedder):
    report = service.build_index(settings, lambda: fake_embedder)
    loaded = indexing.load(indexing.locate(settings.index_dir))
    m = loaded.manifest
    assert (m.model, m.dimension, m.document_count, m.format_version) == ("fake-model", 32, 5, 1)
    assert m.chunk_count == len(loaded.chunks) == loaded.dense.ntotal == m.embedded_chunks
    assert len(m.corpus_fingerprint) == 16 and m.built_at
    assert loaded.documents["departements-pionniers-innovation-publique"].title.startswith("Les départements")
    chunk = loaded.chunks[0]
    assert chunk.text == loaded.documents[chunk.doc_id].text[chunk.start : chunk.end]
    assert report.path == loaded.path


def test_rebuild_embeds_only_new_text_and_swaps_current(settings, fake_embedder):
    first = service.build_index(settings, lambda: fake_embedder)
    calls = fake_embedder.embedded_count
    write_post(settings.corpus_dir, "nouveau", {"title": "Nouveau"}, "Un tout nouveau laboratoire. " * 5)
    second = service.build_index(settings, lambda: fake_embedder)
    assert fake_embedder.embedded_count - calls == 1
    assert second.manifest.reused_chunks == first.manifest.chunk_count
    assert indexing.current_version(settings.index_dir) == second.path
    assert second.manifest.document_count == 6


def test_old_versions_are_pruned(settings, fake_embedder):
    for _ in range(4):
        service.build_index(settings, lambda: fake_embedder)
    assert len(indexing.list_versions(settings.index_dir)) == settings.index_keep_versions
    assert not list((settings.index_dir / "versions").glob(".build-*"))


def test_missing_index_names_the_command(tmp_path):
    with pytest.raises(IndexMissingError, match="innobot index build"):
        indexing.locate(tmp_path / "index")


def test_other_model_is_refused_before_loading_it(settings, fake_embedder):
    service.build_index(settings, lambda: fake_embedder)
    other = settings.model_copy(update={"embedding_model": "intfloat/multilingual-e5-small"})

    def must_not_load() -> FakeEmbedder:
        raise AssertionError("the model was loaded although the index cannot serve it")

    with pytest.raises(IndexMismatchError, match="built with model 'fake-model'"):
        service.open_retriever(other, must_not_load)


def test_wrong_dimension_is_refused(settings, fake_embedder):
    service.build_index(settings, lambda: fake_embedder)
    with pytest.raises(IndexMismatchError, match="dimension"):
        service.open_retriever(
            settings.model_copy(update={"embedding_model": "fake-model"}), lambda: FakeEmbedder(dimension=16)
        )


@pytest.mark.parametrize("damage", ["truncate-faiss", "drop-manifest", "bad-format", "edit-chunks"])
def test_damaged_versions_are_refused_with_a_reason(settings, fake_embedder, damage):
    report = service.build_index(settings, lambda: fake_embedder)
    path = report.path
    if damage == "truncate-faiss":
        data = (path / "dense.faiss").read_bytes()
        (path / "dense.faiss").write_bytes(data[: len(data) // 2])
    elif damage == "drop-manifest":
        (path / "manifest.json").unlink()
    elif damage == "bad-format":
        manifest = json.loads((path / "manifest.json").read_text())
        manifest["format_version"] = 99
        (path / "manifest.json").write_text(json.dumps(manifest))
    else:
        with (path / "chunks.jsonl").open("a") as handle:
            handle.write("\n")
            handle.write('{"id": "x"}\n')
    with pytest.raises(IndexMismatchError) as info:
        indexing.load(path)
    assert "\n" not in str(info.value)


def test_a_second_concurrent_build_is_refused(settings):
    with (
        indexing.build_lock(settings.index_dir),
        pytest.raises(indexing.IndexLockedError),
        indexing.build_lock(settings.index_dir),
    ):
        pass


def test_hnsw_above_the_threshold_finds_what_flat_finds(settings, fake_embedder):
    settings = settings.model_copy(update={"hnsw_threshold": 10})
    report = service.build_index(settings, lambda: fake_embedder)
    assert report.manifest.dense_index == "IndexHNSWFlat"
    loaded = indexing.load(report.path)
    query = fake_embedder.embed_query("laboratoire d'innovation des départements")
    _, rows = loaded.dense.search(query[None, :], 1)
    assert rows[0][0] >= 0


def test_a_field_added_to_documents_does_not_make_every_saved_document_look_changed():
    import datetime as dt
    from dataclasses import asdict

    from bot.domain import Document

    doc = Document("p", "Titre", "Texte.", "https://x.test/p", dt.date(2020, 1, 2))
    saved_before = {k: v for k, v in asdict(doc).items() if k != "backfilled"}  # an older version's row
    assert indexing.document_digests([doc])["p"] == indexing._digest(saved_before)
    marked = Document("p", "Titre", "Texte.", "https://x.test/p", dt.date(2020, 1, 2), backfilled=True)
    assert indexing.document_digests([marked])["p"] != indexing._digest(saved_before)
