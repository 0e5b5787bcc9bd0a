"""`innobot doctor`: check every piece a deployment needs and say in one line what is wrong.

Each check returns a row; none raises. The CLI prints the table and exits non-zero on a failure.
"""

from __future__ import annotations

import asyncio
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import httpx
from sqlalchemy.exc import SQLAlchemyError

from bot import service
from bot.errors import InnobotError
from bot.ingest.corpus import corpus_files, read_corpus
from bot.ingest.fetching import feed_sources, source_state
from bot.search import indexing
from bot.search.calibration import calibrated_name
from bot.search.embedding import Embedder
from bot.settings import Settings
from bot.store.database import current_revision, describe, head_revision, known_revisions, make_engine
from bot.synthesis.client import SynthesisError, Synthesizer, reason_of
from bot.synthesis.reranking import Reranker
from bot.texts import Lang, text

Status = Literal["ok", "warn", "fail"]
TOKEN_SHAPE = re.compile(r"^\d{5,}:[A-Za-z0-9_-]{30,}$")


@dataclass(frozen=True)
class Check:
    """One line of the doctor's table."""

    name: str
    status: Status
    detail: str


def _row(name: str, status: Status, key: str, lang: Lang, **values: object) -> Check:
    return Check(name, status, text(f"doctor_{key}", lang, **values))


def check_token(settings: Settings, lang: Lang) -> Check:
    if settings.telegram_token is None:
        return _row("telegram", "warn", "token_unset", lang)
    token = settings.telegram_token.get_secret_value()
    if not TOKEN_SHAPE.match(token):
        return _row("telegram", "fail", "token_shape", lang)
    return _row("telegram", "ok", "token_ok", lang, bot=token.split(":", 1)[0])


def check_webhook(settings: Settings, lang: Lang) -> Check:
    if not settings.webhook_url:
        return _row("updates", "ok", "polling", lang)
    if not settings.webhook_url.startswith("https://"):
        return _row("updates", "fail", "webhook_http", lang)
    if settings.webhook_secret is None:
        return _row("updates", "warn", "webhook_no_secret", lang)
    return _row("updates", "ok", "webhook_ok", lang, port=settings.webhook_port)


def check_admins(settings: Settings, lang: Lang) -> Check:
    if not settings.admin_ids:
        return _row("admins", "warn", "no_admins", lang)
    return _row("admins", "ok", "admins_ok", lang, count=len(settings.admin_ids))


def check_database(settings: Settings, lang: Lang) -> Check:
    try:
        engine = make_engine(settings.database_url)
    except (SQLAlchemyError, ValueError, ImportError) as exc:
        return _row("database", "fail", "db_url", lang, reason=type(exc).__name__)
    where = describe(engine)
    try:
        revision = current_revision(engine)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0][:160]
        return _row("database", "fail", "db_unreachable", lang, where=where, reason=reason)
    finally:
        engine.dispose()
    head = head_revision()
    if revision is None:
        return _row("database", "ok", "db_empty", lang, where=where)
    if revision == head:
        return _row("database", "ok", "db_current", lang, where=where, revision=revision)
    if revision not in known_revisions():
        return _row("database", "fail", "db_newer", lang, where=where, revision=revision, head=head)
    return _row("database", "ok", "db_older", lang, where=where, revision=revision, head=head)


def check_index(settings: Settings, lang: Lang, verify: bool = True) -> Check:
    try:
        version = indexing.locate(settings.index_dir)
        loaded = indexing.load(version, verify=verify)
        indexing.check_model(loaded.manifest, settings.embedding_model)
    except InnobotError as exc:
        return Check("index", "fail", exc.explain(lang))
    m = loaded.manifest
    # Hashing every corpus file is for a thorough check, not the health check run every minute.
    current = not verify or service.index_is_current(settings)
    return _row(
        "index",
        "ok" if current else "warn",
        "index_ok" if current else "index_behind",
        lang,
        version=version.name,
        posts=m.document_count,
        chunks=m.chunk_count,
        built=m.built,
    )


def check_model(settings: Settings, lang: Lang, load: Callable[[Settings], Embedder]) -> Check:
    # The model must come from disk: a deployment cannot count on reaching a model hub.
    os.environ["HF_HUB_OFFLINE"] = "1"
    started = time.perf_counter()
    try:
        embedder = load(settings)
        dimension = int(embedder.embed_query("innovation publique").shape[-1])
    except Exception as exc:  # any loader failure is this check's answer, not a crash
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        return _row("model", "fail", "model_failed", lang, model=settings.embedding_model, reason=first)
    seconds = time.perf_counter() - started
    try:
        manifest = indexing.read_manifest(indexing.locate(settings.index_dir))
        if manifest.dimension != dimension:
            return _row("model", "fail", "model_dimension", lang, got=dimension, want=manifest.dimension)
    except InnobotError:
        pass  # the index row already says what is wrong with it
    # A model never measured works, but with neutral weights and floors on words alone.
    measured = calibrated_name(settings.embedding_model) is not None
    status: Status = "ok" if measured else "warn"
    key = "model_ok" if measured else "model_uncalibrated"
    return _row("model", status, key, lang, model=embedder.name, seconds=seconds, dimension=dimension)


def check_corpus(settings: Settings, lang: Lang, parse: bool = True) -> Check:
    try:
        files = corpus_files(settings.corpus_dir)
        read = read_corpus(settings.corpus_dir) if parse else None
    except InnobotError as exc:
        return Check("corpus", "fail", exc.explain(lang))
    except OSError as exc:
        return _row(
            "corpus", "fail", "corpus_unreadable", lang, path=settings.corpus_dir, reason=exc.strerror
        )
    if read is not None and read.unreadable:
        names = ", ".join(u.file for u in read.unreadable[:5])
        return _row(
            "corpus",
            "warn",
            "corpus_some_unreadable",
            lang,
            path=settings.corpus_dir,
            posts=len(read.documents),
            count=len(read.unreadable),
            names=names,
        )
    posts = len(read.documents) if read is not None else len(files)
    return _row("corpus", "ok", "corpus_ok", lang, path=settings.corpus_dir, posts=posts)


def check_feeds(settings: Settings, lang: Lang) -> Check:
    """The sources file, and the sources that brought nothing at their last fetch (named)."""
    try:
        sources = feed_sources(settings.feeds_file)
    except InnobotError as exc:
        return Check("sources", "fail", exc.explain(lang))
    if not sources:
        return _row("sources", "warn", "no_feeds", lang, path=settings.feeds_file)
    state = source_state(settings.corpus_dir)
    silent = [
        s.location
        for s in sources
        if (last := state.get(s.location, {}).get("last"))
        and (last.get("error") or (not last.get("posts") and not last.get("not_modified")))
    ]
    if silent:
        return _row("sources", "warn", "sources_silent", lang, count=len(silent), names=", ".join(silent))
    archives = sum(1 for s in sources if s.archive)
    return _row(
        "sources", "ok", "feeds_ok", lang, count=len(sources), archives=archives, path=settings.feeds_file
    )


def check_llm(settings: Settings, lang: Lang) -> Check:
    """The written-answer service: reachable, the model listed, a one-token completion."""
    synthesizer = Synthesizer.from_settings(settings)
    if synthesizer is None:
        return _row("llm", "ok", "llm_off", lang)
    import openai

    try:
        return asyncio.run(_probe_llm(synthesizer, lang))
    except (SynthesisError, openai.OpenAIError, httpx.HTTPError, TimeoutError) as error:
        reason = str(error) if isinstance(error, SynthesisError) else reason_of(error)
        return _row("llm", "fail", "llm_unreachable", lang, url=synthesizer.base_url, reason=reason)


async def _probe_llm(synthesizer: Synthesizer, lang: Lang) -> Check:
    try:
        models = await synthesizer.models()
        if synthesizer.model not in models:
            shown = ", ".join(models[:8]) or "—"
            return _row("llm", "fail", "llm_no_model", lang, model=synthesizer.model, models=shown)
        started = time.perf_counter()
        await synthesizer.complete([{"role": "user", "content": "Réponds : oui"}], max_tokens=1)
        seconds = time.perf_counter() - started
    finally:
        await synthesizer.close()
    return _row("llm", "ok", "llm_ok", lang, model=synthesizer.model, seconds=seconds)


def check_rerank(settings: Settings, lang: Lang) -> Check | None:
    """The rerank service, when one is configured: a two-text rerank answered in time."""
    reranker = Reranker.from_settings(settings)
    if reranker is None:
        return None
    try:
        started = time.perf_counter()
        reranker.score("innovation publique", ["innovation publique", "recette de cuisine"])
        seconds = time.perf_counter() - started
    except (httpx.HTTPError, ValueError) as error:
        return _row("rerank", "warn", "rerank_failed", lang, url=reranker.base_url, reason=reason_of(error))
    finally:
        reranker.close()
    return _row("rerank", "ok", "rerank_ok", lang, model=reranker.model, seconds=seconds)


def run_checks(
    settings: Settings, load: Callable[[Settings], Embedder], lang: Lang, quick: bool = False
) -> list[Check]:
    """Every check; `quick` skips loading the model and parsing every post (for health checks)."""
    checks = [
        check_token(settings, lang),
        check_webhook(settings, lang),
        check_admins(settings, lang),
        check_database(settings, lang),
        check_index(settings, lang, verify=not quick),
        check_corpus(settings, lang, parse=not quick),
        check_feeds(settings, lang),
    ]
    if not quick:
        checks.insert(5, check_model(settings, lang, load))
        checks.append(check_llm(settings, lang))
        if (rerank := check_rerank(settings, lang)) is not None:
            checks.append(rerank)
    return checks


def render(checks: list[Check], lang: Lang) -> str:
    """The table: one aligned line per check, then the verdict."""
    marks = {"ok": "✓ ok  ", "warn": "! warn", "fail": "✗ FAIL"}
    width = max(len(c.name) for c in checks)
    lines = [f"{marks[c.status]}  {c.name:<{width}}  {c.detail}" for c in checks]
    failed = [c.name for c in checks if c.status == "fail"]
    verdict = text("doctor_failed", lang, count=len(failed), names=", ".join(failed)) if failed else None
    lines.append("\n" + (verdict or text("doctor_passed", lang)))
    return "\n".join(lines)
