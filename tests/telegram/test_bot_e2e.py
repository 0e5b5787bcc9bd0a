"""The real PTB Application, long polling the strict fake Bot API over HTTP on 127.0.0.1."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.search.retrieval import Retriever
from bot.settings import Settings
from bot.store import Store
from bot.synthesis.client import Synthesizer
from bot.telegram import logsafe
from bot.telegram.app import build_application, on_shutdown, on_startup
from bot.telegram.decisions import UserPacer, parse_payload
from bot.telegram.services import BotApplication, BotServices
from tests.conftest import make_settings
from tests.telegram.fake_bot_api import BOT_USERNAME, Call, FakeBotApi, Fault
from tests.telegram.telegram_html import parse

TOKEN = "123456789:AAF-sentinel-token-0123456789abcdefXYZ"
FR, EN, GROUP = 1001, 1002, -100777


@dataclass
class World:
    server: FakeBotApi
    app: BotApplication
    store: Store


@asynccontextmanager
async def running_bot(
    tmp_path: Path, retriever: Callable[[Settings], Retriever], **overrides: object
) -> AsyncIterator[World]:
    """The real Application long-polling a fresh fake Bot API, started as run_polling() would."""
    server = FakeBotApi()
    url = await server.start()
    server.add_user(FR, "Camille", "fr")
    server.add_user(EN, "Alex", "en")
    server.add_group(GROUP)
    settings = make_settings(tmp_path, telegram_token=SecretStr(TOKEN), telegram_api_url=url, **overrides)
    store = Store(settings.database_url)
    synthesizer = Synthesizer.from_settings(settings)
    app = build_application(BotServices(settings, retriever(settings), store, synthesizer=synthesizer))
    # post_init only runs inside run_polling(); this is the same start sequence, step by step.
    await app.initialize()
    await on_startup(app)
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=2)
    try:
        yield World(server, app, store)
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        await on_shutdown(app)  # post_shutdown, as run_polling() would
        store.close()
        await server.stop()


@pytest.fixture
async def world(retriever, tmp_path) -> AsyncIterator[World]:
    async with running_bot(tmp_path, lambda _: retriever, alerts_poll_seconds=0.3) as world:
        yield world


def to_chat(chat_id: int, method: str = "sendMessage"):
    return lambda c: c.method == method and c.status == 200 and int(c.params.get("chat_id", 0)) == chat_id


def buttons(call: Call) -> dict[str, str]:
    markup = call.params.get("reply_markup") or {}
    return {b["text"]: b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row}


async def test_a_whole_session_is_answered_with_no_request_rejected(world: World):
    server = world.server
    commands = await server.wait_for(lambda c: c.method == "setMyCommands", count=2)
    assert {c.params.get("language_code", "") for c in commands} == {"", "en"}

    await server.send_text(FR, "/start")
    (welcome,) = await server.wait_for(to_chat(FR))
    assert "Bonjour Camille" in welcome.params["text"]

    await server.send_text(FR, "innovation publique dans les départements")
    await server.wait_for(to_chat(FR, "sendChatAction"))
    answer = (await server.wait_for(to_chat(FR), count=2))[-1]
    card = parse(answer.params["text"]).text
    assert "Les départements, pionniers" in card
    keys = buttons(answer)
    assert set(keys) >= {"➕ Plus de résultats", "👍", "👎"}

    message = server.messages[(FR, answer.result["message_id"])]
    query_id = await server.press(FR, message, keys["➕ Plus de résultats"])
    (edit,) = await server.wait_for(lambda c: c.method == "editMessageText" and c.status == 200)
    assert parse(edit.params["text"]).text.startswith("🔎") and "4." in parse(edit.params["text"]).text
    await server.wait_for(
        lambda c: c.method == "answerCallbackQuery" and c.params["callback_query_id"] == query_id
    )

    vote = await server.press(FR, message, keys["👍"])
    await server.wait_for(
        lambda c: c.method == "answerCallbackQuery" and c.params["callback_query_id"] == vote
    )
    press = parse_payload(keys["👍"])
    assert press is not None
    # The press is answered first (the spinner stops), the vote is stored after.
    await server.until(lambda: bool(world.store.feedback_for(press.ident)))
    votes = world.store.feedback_for(press.ident)
    assert votes and votes[0][:2] == (FR, 1) and len(votes[0][2]) == 3

    await server.send_text(EN, "/aide")
    (help_text,) = await server.wait_for(to_chat(EN))
    assert "How to use me" in help_text.params["text"]

    await server.send_text(FR, "quelqu'un a vu le labo ?", chat_id=GROUP)
    await server.send_text(
        FR, f"@{BOT_USERNAME} quels départements ont un labo d'innovation ?", chat_id=GROUP
    )
    await server.wait_for(to_chat(GROUP))
    await server.send_text(FR, "/chercher comptoir des services", chat_id=GROUP)
    replies = await server.wait_for(to_chat(GROUP), count=2)
    assert len(replies) == 2, "the message without mention must get no answer"

    inline_id = await server.inline(EN, "labo d'innovation des départements")
    (inline,) = await server.wait_for(lambda c: c.method == "answerInlineQuery")
    assert inline.params["inline_query_id"] == inline_id and inline.params["results"]

    for command in ("/sources", "/nouveautes", "/apropos"):
        await server.send_text(EN, command)
    await server.wait_for(to_chat(EN), count=4)
    assert server.rejected() == []


@pytest.mark.parametrize(
    "question",
    [
        "<script>alert(1)</script> labo",
        "R&D & <b>innovation</b> publique",
        "labo " * 800,
        "🙂🎉",
        "\x00\x07 labo\u200b d'innovation \x1b",
    ],
)
async def test_hostile_or_odd_questions_get_a_valid_answer(world: World, question: str):
    await world.server.send_text(FR, question)
    (reply,) = await world.server.wait_for(to_chat(FR))
    assert reply.status == 200 and parse(reply.params.get("text", "")).text
    assert world.server.rejected() == []


async def test_the_token_never_reaches_the_logs(world: World, caplog: pytest.LogCaptureFixture):
    logsafe.install(logging.DEBUG)
    # The worst case: an operator turns every logger to DEBUG, httpx (request URLs) included.
    for name in ("", "httpx", "httpcore", "telegram"):
        caplog.set_level(logging.DEBUG, logger=name)
    caplog.handler.addFilter(logsafe.RedactTokens())
    await world.server.send_text(FR, "labo d'innovation")
    await world.server.wait_for(to_chat(FR))
    assert any("<token>" in record.getMessage() for record in caplog.records), "nothing to redact: weak test"
    assert all(TOKEN not in record.getMessage() for record in caplog.records)
    assert TOKEN not in caplog.text


async def test_flood_control_is_retried_and_the_answer_arrives(world: World):
    world.server.faults.append(Fault("sendMessage", "429", times=1, chat_id=FR, retry_after=1))
    await world.server.send_text(FR, "comptoir des services")
    (reply,) = await world.server.wait_for(to_chat(FR))
    refused = [c for c in world.server.calls if c.method == "sendMessage" and c.status == 429]
    assert len(refused) == 1 and reply.at - refused[0].at >= 1.0


async def test_stale_buttons_are_answered_politely(world: World):
    message = await world.server.send_text(FR, "bonjour")
    query_id = await world.server.press(FR, message, "m:999999:1")
    (answer,) = await world.server.wait_for(lambda c: c.method == "answerCallbackQuery")
    assert answer.params["callback_query_id"] == query_id and "expiré" in answer.params["text"]


async def test_a_burst_of_questions_is_answered_in_order_and_none_vanishes(world: World):
    services = world.app.bot_data["services"]
    services.pacer = UserPacer(burst=3, refill_seconds=0.5, queue=4)
    asked = [f"innovation {word}" for word in "un deux trois quatre cinq six sept huit neuf dix".split()]
    for question in asked:
        await world.server.send_text(FR, question)
    # 3 answered at once, 4 queued (one notice), 3 not taken, each named: 3 + 4 + 1 + 3 messages.
    replies = [parse(c.params["text"]).text for c in await world.server.wait_for(to_chat(FR), count=11)]
    assert sum("Doucement" in r for r in replies) == 1
    refused = [q for r in replies for q in asked if "pas été prise" in r and f"« {q} »" in r]
    answered = [q for r in replies for q in asked if "pas été prise" not in r and f"« {q} »" in r]
    assert refused == asked[7:] and sorted(answered) == sorted(asked[:7])  # none lost
    assert answered[3:] == asked[3:7]  # the queued ones in the order asked, after the first three
    assert services.store.stats.usage().questions == 7


async def test_a_user_who_blocked_the_bot_does_not_break_it(world: World):
    world.server.faults.append(Fault("sendMessage", "403", times=1, chat_id=FR))
    await world.server.send_text(FR, "labo d'innovation")
    await world.server.wait_for(lambda c: c.method == "sendMessage" and c.status == 403)
    await world.server.send_text(EN, "innovation lab")
    (reply,) = await world.server.wait_for(to_chat(EN))
    assert reply.status == 200


async def test_slow_telegram_replies_are_waited_for(world: World):
    world.server.faults.append(Fault("sendMessage", "slow", times=1, chat_id=FR, delay=2.0))
    await world.server.send_text(FR, "comptoir des services")
    (reply,) = await world.server.wait_for(to_chat(FR))
    assert "Comptoir" in parse(reply.params["text"]).text or "comptoir" in parse(reply.params["text"]).text


async def test_a_double_tap_on_more_results_is_absorbed(world: World):
    server = world.server
    await server.send_text(FR, "innovation publique dans les départements")
    answer = (await server.wait_for(to_chat(FR)))[-1]
    message = server.messages[(FR, answer.result["message_id"])]
    more = buttons(answer)["➕ Plus de résultats"]
    first = await server.press(FR, message, more)
    await server.wait_for(
        lambda c: c.method == "answerCallbackQuery" and c.params["callback_query_id"] == first
    )
    await server.wait_for(lambda c: c.method == "editMessageText")
    second = await server.press(FR, message, more)
    await server.wait_for(
        lambda c: c.method == "answerCallbackQuery" and c.params["callback_query_id"] == second
    )
    # The press is answered first; the search and the refused identical edit come after.
    await server.wait_for(lambda c: c.method == "editMessageText", count=2)
    refused = [c for c in server.calls if c.method == "editMessageText" and c.status == 400]
    assert len(refused) == 1 and "not modified" in refused[0].description
    assert len(server.sent("sendMessage", FR)) == 1, "no error message may reach the user"
