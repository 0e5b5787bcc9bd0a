"""`innobot run` as deployed: a real process, long polling or webhook, stopped by a signal."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
import time
from pathlib import Path

import aiohttp

from bot.settings import Settings
from tests.conftest import REPO
from tests.telegram.fake_bot_api import FakeBotApi

TOKEN = "123456789:AAF-sentinel-token-0123456789abcdefXYZ"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def start_bot(
    server_url: str, seed_index: Settings, tmp_path: Path, **env: str
) -> asyncio.subprocess.Process:
    full_env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("INNOBOT_")},
        "INNOBOT_TELEGRAM_TOKEN": TOKEN,
        "INNOBOT_TELEGRAM_API_URL": server_url,
        "INNOBOT_INDEX_DIR": str(seed_index.index_dir),
        "INNOBOT_CORPUS_DIR": str(REPO / "corpus"),
        "INNOBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'state.sqlite3'}",
        **env,
    }
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=tmp_path,
        env=full_env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def wait_for_log(process: asyncio.subprocess.Process, needle: str) -> None:
    """Read the bot's log until a line holds `needle` (PTB logs it once the webhook listens)."""
    assert process.stderr is not None
    while True:
        line = await asyncio.wait_for(process.stderr.readline(), 60)
        assert line, f"the bot exited before logging {needle!r}"
        if needle in line.decode():
            return


async def stop(process: asyncio.subprocess.Process) -> str:
    process.send_signal(signal.SIGINT)
    out, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, err.decode()[-2000:]
    return out.decode() + err.decode()


async def test_polling_process_answers_and_stops_cleanly(seed_index: Settings, tmp_path: Path):
    server = FakeBotApi()
    url = await server.start()
    server.add_user(42)
    process = await start_bot(url, seed_index, tmp_path)
    try:
        await server.wait_for(lambda c: c.method == "getUpdates", timeout=60)
        await server.send_text(42, "quels départements ont un labo d'innovation ?")
        (reply,) = await server.wait_for(lambda c: c.method == "sendMessage", timeout=30)
        assert "pionniers" in reply.params["text"]
    finally:
        output = await stop(process)
        await server.stop()
    assert TOKEN not in output and server.rejected() == []
    assert {c.params.get("language_code", "") for c in server.calls if c.method == "setMyCommands"} == {
        "",
        "en",
    }


async def test_a_second_instance_refuses_to_start(seed_index: Settings, tmp_path: Path):
    server = FakeBotApi()
    url = await server.start()
    first = await start_bot(url, seed_index, tmp_path)
    try:
        await server.wait_for(lambda c: c.method == "getUpdates", timeout=60)
        second = await start_bot(url, seed_index, tmp_path)
        _, err = await asyncio.wait_for(second.communicate(), 60)
        assert second.returncode == 2 and "un autre innobot tourne déjà ici" in err.decode()
    finally:
        await stop(first)
        await server.stop()


async def test_webhook_mode_checks_the_secret_and_answers(seed_index: Settings, tmp_path: Path):
    server = FakeBotApi()
    url = await server.start()
    server.add_user(42)
    port = free_port()
    process = await start_bot(
        url,
        seed_index,
        tmp_path,
        INNOBOT_WEBHOOK_URL="https://bot.example.gouv.fr",
        INNOBOT_WEBHOOK_SECRET="s3cret-value",
        INNOBOT_WEBHOOK_LISTEN="127.0.0.1",
        INNOBOT_WEBHOOK_PORT=str(port),
    )
    try:
        await server.wait_for(lambda c: c.method == "setWebhook" and c.status == 200, timeout=60)
        await wait_for_log(process, "Application started")
        assert server.webhook == {
            "url": "https://bot.example.gouv.fr/telegram",
            "secret_token": "s3cret-value",
        }
        update = {
            "update_id": 1,
            "message": {
                "message_id": 1,
                "date": int(time.time()),
                "chat": server.chats[42],
                "from": server.users[42],
                "text": "/start",
                "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
            },
        }
        async with aiohttp.ClientSession() as http:
            hook = f"http://127.0.0.1:{port}/telegram"
            async with http.post(
                hook, data=json.dumps(update), headers={"Content-Type": "application/json"}
            ) as refused:
                assert refused.status == 403
            async with http.post(
                hook,
                data=json.dumps(update),
                headers={
                    "Content-Type": "application/json",
                    "X-Telegram-Bot-Api-Secret-Token": "s3cret-value",
                },
            ) as accepted:
                assert accepted.status == 200
        (reply,) = await server.wait_for(lambda c: c.method == "sendMessage", timeout=30)
        assert "Bonjour" in reply.params["text"]
    finally:
        await stop(process)
        await server.stop()
