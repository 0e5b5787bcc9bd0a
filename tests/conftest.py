"""Shared fixtures: the seed corpus, the real model (loaded once), a real index on the seeds."""

from __future__ import annotations

import os
import shutil
from collections.abc import Collection, Iterator
from pathlib import Path

import numpy as np
import pytest

# No test may reach a model hub: the bundled model is loaded from site-packages.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["PTB_TIMEDELTA"] = "1"  # as bot.cli.main() sets it

from bot import service
from bot.ingest.fetching import store_posts
from bot.search.embedding import SentenceTransformerEmbedder, load_embedder
from bot.search.retrieval import Retriever
from bot.settings import Settings
from bot.store import Store
from tests.fakes import FakeEmbedder
from tests.wordpress_site import fixture_posts

REPO = Path(__file__).resolve().parent.parent
SEED_CORPUS = REPO / "corpus"
EVAL_FILE = REPO / "tests" / "eval" / "questions.jsonl"


def make_settings(tmp: Path, **overrides: object) -> Settings:
    """Settings isolated from the environment and .env, pointing into `tmp`."""
    values: dict[str, object] = {
        "corpus_dir": tmp / "corpus",
        "index_dir": tmp / "index",
        "database_url": f"sqlite:///{tmp / 'state.sqlite3'}",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def archive_posts_index(tmp: Path, embedder, slugs: Collection[str]) -> Retriever:
    """A retriever over these posts of the real archive fixture (by slug), indexed in `tmp`."""
    posts = [p for p in fixture_posts() if p.url and p.url.rstrip("/").rsplit("/", 1)[-1] in slugs]
    assert len(posts) == len(set(slugs))
    settings = make_settings(tmp, corpus_dir=tmp / "corpus")
    store_posts(settings.corpus_dir, posts, {})
    service.build_index(settings, lambda: embedder)
    return service.open_retriever(settings, lambda: embedder)


def subscribe(store: Store, embedder, chat: int, topic: str, exclusions: tuple[str, ...] = ()) -> int:
    """A French subscription to `topic` with its embedding, as /abonner makes it; its id."""
    vector = embedder.embed_query(topic).astype(np.float32).tobytes()
    status, sub = store.subscriptions.add(chat, "fr", topic, exclusions, vector, embedder.name, 20)
    assert status == "added" and sub is not None
    return sub.id


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the seed corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, target)
    return target


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture(scope="session")
def real_embedder() -> SentenceTransformerEmbedder:
    """The bundled offline model, loaded once for the whole run."""
    return load_embedder(Settings(_env_file=None))


@pytest.fixture(scope="session")
def seed_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    tmp = tmp_path_factory.mktemp("seed")
    return make_settings(tmp, corpus_dir=SEED_CORPUS)


@pytest.fixture(scope="session")
def seed_index(seed_settings: Settings, real_embedder: SentenceTransformerEmbedder) -> Settings:
    """A real index (real model, real FAISS and BM25) built once on the seed corpus."""
    service.build_index(seed_settings, lambda: real_embedder)
    return seed_settings


@pytest.fixture(scope="session")
def retriever(seed_index: Settings, real_embedder: SentenceTransformerEmbedder) -> Iterator[Retriever]:
    yield service.open_retriever(seed_index, lambda: real_embedder)
