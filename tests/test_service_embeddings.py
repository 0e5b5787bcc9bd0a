"""INNOBOT_EMBEDDING_MODEL=openai:<model>: an index built and searched through a /v1/embeddings service."""

from __future__ import annotations

import json

import pytest

from bot.errors import EmbeddingError
from bot.search.embedding import ServiceEmbedder, load_embedder
from tests.conftest import SEED_CORPUS, make_settings
from tests.fake_llm import EMBEDDING_DIMENSION, FakeLLM
from tests.test_cli import assert_one_line_error, innobot


@pytest.fixture
def service():
    server = FakeLLM()
    with server.in_thread():
        yield server


def embedding_calls(server: FakeLLM) -> list:
    return [r for r in server.requests if r.path.endswith("/embeddings")]


def test_vectors_come_from_the_service_in_batches_and_unit_length(service, tmp_path):
    settings = make_settings(
        tmp_path,
        embedding_model="openai:embeddings-small",
        llm_url=service.url,
        llm_api_key=service.key,
        embedding_batch_size=4,
    )
    embedder = load_embedder(settings)
    assert isinstance(embedder, ServiceEmbedder)
    assert (embedder.name, embedder.dimension) == ("openai:embeddings-small", EMBEDDING_DIMENSION)
    texts = [f"laboratoire d'innovation numéro {n}" for n in range(10)]
    vectors = embedder.embed_passages(texts)
    assert vectors.shape == (10, EMBEDDING_DIMENSION)
    assert abs(float((vectors**2).sum(axis=1).min()) - 1) < 1e-5
    calls = embedding_calls(service)
    assert [len(c.body["input"]) for c in calls] == [1, 4, 4, 2]  # the probe, then batches of 4
    assert all(c.body["model"] == "embeddings-small" for c in calls)
    assert all(c.headers["Authorization"] == f"Bearer {service.key}" for c in calls)


def test_without_a_url_or_with_the_service_down_the_error_names_the_service(service, tmp_path):
    with pytest.raises(EmbeddingError, match="INNOBOT_EMBEDDING_URL"):
        load_embedder(make_settings(tmp_path, embedding_model="openai:embeddings-small"))
    service.embeddings_down = True
    with pytest.raises(EmbeddingError, match=r"embedding service .* failed: HTTP 503"):
        load_embedder(
            make_settings(
                tmp_path, embedding_model="openai:embeddings-small", embedding_url=service.url,
                llm_api_key=service.key,
            )
        )  # fmt: skip


def test_an_index_built_through_the_service_answers_and_records_the_model(service, tmp_path):
    index = str(tmp_path / "index")
    env = {
        "INNOBOT_EMBEDDING_MODEL": "openai:embeddings-small",
        "INNOBOT_EMBEDDING_URL": service.url,
        "INNOBOT_LLM_API_KEY": service.key,
        "INNOBOT_INDEX_DIR": index,
    }
    built = innobot("index", "build", "--corpus", str(SEED_CORPUS), env=env)
    assert built.returncode == 0, built.stderr
    info = json.loads(innobot("index", "info", env=env).stdout)
    assert (info["model"], info["dimension"]) == ("openai:embeddings-small", EMBEDDING_DIMENSION)
    asked = innobot("ask", "--json", "quels départements ont un laboratoire d'innovation ?", env=env)
    assert asked.returncode == 0, asked.stderr
    assert json.loads(asked.stdout)["results"], asked.stdout
    # Another model configured: the index is refused, not searched with the wrong vectors.
    other = innobot("ask", "quels départements ?", env={**env, "INNOBOT_EMBEDDING_MODEL": "openai:bge-m3"})
    assert other.returncode == 2 and "openai:embeddings-small" in other.stderr
    service.embeddings_down = True
    assert_one_line_error(
        innobot("index", "build", "--corpus", str(SEED_CORPUS), env=env), "le service d'embeddings"
    )
    assert json.loads(innobot("index", "info", env=env).stdout)["version"] == info["version"]
    for proc in (built, asked):
        assert service.key not in proc.stdout + proc.stderr
