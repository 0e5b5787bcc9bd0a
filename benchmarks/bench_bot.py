"""Telegram bot latency: update → reply sendMessage, and process start → first getUpdates.

Both against the fake Bot API of the tests (127.0.0.1), on the seed corpus, with the real model.
Run: .venv/bin/python -m benchmarks.bench_bot
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from pydantic import SecretStr

from benchmarks.common import REPO, percentiles
from bot import service
from bot.search.embedding import load_embedder
from bot.search.evaluation import load_questions
from bot.settings import Settings
from bot.store import Store
from bot.telegram.app import build_application, on_startup
from bot.telegram.services import BotServices
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.test_run import TOKEN, start_bot, stop


async def reply_latency(tmp: Path) -> None:
    server = FakeBotApi()
    url = await server.start()
    settings = Settings(
        _env_file=None,
        corpus_dir=REPO / "corpus",
        index_dir=tmp / "index",
        database_url=f"sqlite:///{tmp / 'state.sqlite3'}",
        telegram_token=SecretStr(TOKEN),
        telegram_api_url=url,
    )
    embedder = load_embedder(settings)
    service.build_index(settings, lambda: embedder)
    app = build_application(
        BotServices(
            settings, service.open_retriever(settings, lambda: embedder), Store(settings.database_url)
        )
    )
    await app.initialize()
    await on_startup(app)
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=2)
    latencies = []
    questions = [q.question for q in load_questions(REPO / "tests" / "eval" / "questions.jsonl")]
    for user_id, question in enumerate(questions, start=5000):
        server.add_user(user_id)
        started = time.monotonic()
        await server.send_text(user_id, question)
        (reply,) = await server.wait_for(
            lambda c, u=user_id: c.method == "sendMessage" and int(c.params["chat_id"]) == u
        )
        latencies.append((reply.at - started) * 1000)
    p50, p95 = percentiles(latencies)
    print(
        f"update → reply sendMessage: p50 {p50:.0f} ms, p95 {p95:.0f} ms, max {max(latencies):.0f} ms "
        f"over {len(latencies)} questions; rejected requests: {len(server.rejected())}"
    )
    await app.updater.stop()
    await app.stop()
    await app.shutdown()
    await server.stop()


async def startup(tmp: Path) -> None:
    server = FakeBotApi()
    url = await server.start()
    server.add_user(42)
    settings = Settings(_env_file=None, index_dir=tmp / "index")
    started = time.monotonic()
    process = await start_bot(url, settings, tmp)
    (poll,) = (await server.wait_for(lambda c: c.method == "getUpdates", timeout=60))[:1]
    print(f"innobot run: start → first getUpdates {poll.at - started:.1f} s (model and index load included)")
    await server.send_text(42, "/start")
    await server.wait_for(lambda c: c.method == "sendMessage", timeout=30)
    output = await stop(process)
    print(f"innobot run answered /start, stopped on SIGINT with exit code {process.returncode}")
    if TOKEN in output:
        print("WARNING: the token appears in the bot's output")
    await server.stop()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(reply_latency(Path(tmp)))
        asyncio.run(startup(Path(tmp)))


if __name__ == "__main__":
    main()
