"""Written answers end to end: the real Application, the strict fake Bot API, a fake LLM service.

Every case ends in one final message Telegram accepts, with only valid citations linked; drafts
come at most once a second in private chats and never in groups; the key never reaches the logs.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.search.retrieval import Retriever
from bot.telegram import logsafe
from bot.telegram.decisions import parse_payload
from tests.fake_llm import FakeLLM, Reply
from tests.telegram.fake_bot_api import BOT_USERNAME
from tests.telegram.telegram_html import parse
from tests.telegram.test_bot_e2e import EN, FR, GROUP, World, buttons, running_bot, to_chat

QUESTION = "quels départements ont un labo d'innovation ?"
GOOD = "Plusieurs départements ont créé leur propre laboratoire d'innovation publique [1]."


@pytest.fixture
async def llm() -> AsyncIterator[FakeLLM]:
    server = FakeLLM()
    await server.start()
    yield server
    await server.stop()


async def bot_with(
    tmp_path: Path, retriever: Retriever, llm: FakeLLM, llm_timeout: float = 1.5, **overrides: object
):
    return running_bot(
        tmp_path,
        lambda _: retriever,
        llm_url=llm.url,
        llm_api_key=SecretStr(llm.key),
        llm_model="albert-large",
        llm_timeout=llm_timeout,
        **overrides,
    )


async def ask(world: World, text: str, chat: int = FR, count: int = 1):
    """Send a question; return the bot's final sendMessage (answers come after sendChatAction)."""
    await world.server.send_text(FR, text, chat_id=None if chat == FR else chat)
    return (await world.server.wait_for(to_chat(chat), count=count))[-1]


async def test_a_private_answer_is_drafted_then_sent_with_its_sources(tmp_path, retriever, llm):
    llm.replies.append(Reply(GOOD, pieces=8, pace=0.4))
    async with await bot_with(tmp_path, retriever, llm, llm_timeout=10) as world:
        final = await ask(world, QUESTION)
        shown = parse(final.params["text"]).text
        assert shown.startswith("💡 Plusieurs départements") and "Sources" in shown
        assert '">[1]</a>' in final.params["text"]
        drafts = world.server.sent("sendMessageDraft", FR)
        assert len(drafts) >= 2, "a slow answer is previewed"
        assert all("[" not in d.params["text"] for d in drafts)
        gaps = [b.at - a.at for a, b in itertools.pairwise(drafts)]
        assert all(gap >= 1.0 for gap in gaps), gaps
        assert drafts[-1].at < final.at
        keys = buttons(final)
        assert {"👍", "👎"} <= set(keys)
        message = world.server.messages[(FR, final.result["message_id"])]
        vote = await world.server.press(FR, message, keys["👍"])
        await world.server.wait_for(
            lambda c: c.method == "answerCallbackQuery" and c.params["callback_query_id"] == vote
        )
        press = parse_payload(keys["👍"])
        assert press is not None
        record = world.store.get_query(press.ident)
        assert record is not None and record.synthesis and record.synthesis.endswith("[1]")
        await world.server.until(lambda: bool(_on_synthesis(world, press.ident)))
        assert _on_synthesis(world, press.ident) == [True]
        assert world.server.rejected() == []


def _on_synthesis(world: World, query_id: int) -> list[bool]:
    from sqlalchemy import select

    from bot.store.schema import feedback

    with world.store.engine.connect() as conn:
        rows = conn.execute(select(feedback.c.on_synthesis).where(feedback.c.query_id == query_id))
        return [bool(r[0]) for r in rows]


async def test_in_a_group_there_is_no_draft_and_one_final_message(tmp_path, retriever, llm):
    llm.replies.append(Reply(GOOD, pieces=4, pace=0.2))
    async with await bot_with(tmp_path, retriever, llm) as world:
        final = await ask(world, f"@{BOT_USERNAME} {QUESTION}", chat=GROUP)
        assert parse(final.params["text"]).text.startswith("💡")
        assert world.server.sent("sendMessageDraft") == []
        assert len(world.server.sent("sendMessage", GROUP)) == 1
        assert world.server.rejected() == []


@pytest.mark.parametrize(
    ("reply", "expect"),
    [
        (Reply(GOOD.replace("[1]", "[7][1]")), "answer"),
        (Reply("Plusieurs départements ont créé 40 laboratoires [1]."), "flagged"),
        (Reply("Plusieurs départements ont créé un laboratoire."), "unchecked"),
        (Reply("Several departments created their own public innovation lab [1]."), "unchecked"),
        (Reply("Je ne trouve pas la réponse dans ces ressources."), "not_found"),
        (Reply(status=429, retry_after=60), "card"),
        (Reply(status=500), "card"),
        (Reply(GOOD, stall=5.0), "card"),
        (Reply(GOOD, cut=True), "card"),
        (Reply(GOOD, invalid=True), "card"),
    ],
    ids=[
        "out-of-range",
        "invented-figure",
        "no-citation",
        "english",
        "refusal",
        "429",
        "500",
        "timeout",
        "cut",
        "invalid-json",
    ],
)
async def test_every_reply_ends_in_one_message_telegram_accepts(tmp_path, retriever, llm, reply, expect):
    llm.replies.append(reply)
    async with await bot_with(tmp_path, retriever, llm) as world:
        final = await ask(world, QUESTION)
        html = final.params["text"]
        shown = parse(html).text
        assert len(world.server.sent("sendMessage", FR)) == 1
        assert "erreur" not in shown.lower()
        if expect in ("answer", "flagged"):
            assert shown.startswith("💡") and "[7]" not in shown and html.count("</a>") >= 2
            assert ("⚠️" in shown) is (expect == "flagged")
        else:
            assert "Les départements" in shown  # the passages, as without a service
            notes = {"unchecked": "ne citait pas", "not_found": "pas de réponse directe", "card": "🔎"}
            assert shown.startswith("ℹ️" if expect != "card" else "🔎") and notes[expect] in shown
        assert world.server.rejected() == []


async def test_a_question_that_does_not_tell_its_language_is_answered_in_the_askers(tmp_path, retriever, llm):
    """No function word ("innovation publique départements"): the written answer is in the
    asker's Telegram language, like the card around it."""
    bare = "innovation publique départements"
    llm.replies.append(Reply(GOOD))
    llm.replies.append(Reply("Several departments created their own public innovation lab [1]."))
    async with await bot_with(tmp_path, retriever, llm) as world:
        for user in (FR, EN):
            await world.server.send_text(user, bare)
            (final,) = await world.server.wait_for(to_chat(user))
            assert parse(final.params["text"]).text.startswith("💡")
        systems = [r.body["messages"][0]["content"] for r in llm.completions()]
        assert ["Réponds en français" in c for c in systems] == [True, False]
        assert ["Réponds en anglais" in c for c in systems] == [False, True]
        assert world.server.rejected() == []


async def test_after_a_429_the_service_is_left_alone_and_answers_stay_fast(tmp_path, retriever, llm):
    llm.replies.append(Reply(status=429, retry_after=120))
    async with await bot_with(tmp_path, retriever, llm) as world:
        await ask(world, QUESTION)
        final = await ask(world, "comptoir des services", count=2)
        assert len(llm.completions()) == 1  # the second question did not wait for the service
        assert world.server.sent("sendMessageDraft") == []
        assert parse(final.params["text"]).text.startswith("🔎")


async def test_synthese_off_gives_passages_only_and_on_brings_it_back(tmp_path, retriever, llm):
    async with await bot_with(tmp_path, retriever, llm) as world:
        await world.server.send_text(FR, "/synthese off")
        (reply,) = await world.server.wait_for(to_chat(FR))
        assert "désactivées" in reply.params["text"]
        final = await ask(world, QUESTION, count=2)
        assert parse(final.params["text"]).text.startswith("🔎") and llm.completions() == []
        await world.server.send_text(FR, "/synthese on")
        await world.server.wait_for(to_chat(FR), count=3)
        llm.replies.append(Reply(GOOD))
        final = await ask(world, QUESTION, count=4)
        assert parse(final.params["text"]).text.startswith("💡")


async def test_a_follow_up_is_rewritten_and_says_how_it_was_understood(tmp_path, retriever, llm):
    llm.replies += [
        Reply(GOOD),
        Reply("Quels départements ont un labo d'innovation en Bretagne ?"),
        Reply(GOOD),
    ]
    async with await bot_with(tmp_path, retriever, llm) as world:
        await ask(world, QUESTION)
        final = await ask(world, "et en Bretagne ?", count=2)
        assert (
            "compris comme : Quels départements ont un labo d'innovation en Bretagne ?"
            in parse(final.params["text"]).text
        )
        rewrite = llm.completions()[1].body["messages"][1]["content"]
        assert QUESTION in rewrite and "et en Bretagne ?" in rewrite


async def test_the_daily_cap_gives_passages_once_reached(tmp_path, retriever, llm):
    llm.default = Reply(GOOD)
    async with await bot_with(tmp_path, retriever, llm, llm_daily_cap=1) as world:
        assert parse((await ask(world, QUESTION)).params["text"]).text.startswith("💡")
        final = await ask(world, "comptoir des services", count=2)
        assert parse(final.params["text"]).text.startswith("🔎") and len(llm.completions()) == 1


async def test_the_api_key_never_reaches_the_logs(tmp_path, retriever, llm, caplog):
    llm.replies += [Reply(GOOD), Reply(status=401)]
    async with await bot_with(tmp_path, retriever, llm) as world:
        logsafe.install(logging.DEBUG, secrets=[llm.key])
        for name in ("", "httpx", "httpcore", "openai", "telegram"):
            caplog.set_level(logging.DEBUG, logger=name)
        caplog.handler.addFilter(logsafe.RedactTokens([llm.key]))
        await ask(world, QUESTION)
        await world.server.send_text(EN, "which departments have an innovation lab?")
        await world.server.wait_for(to_chat(EN))
    assert llm.completions()[0].headers["Authorization"] == f"Bearer {llm.key}"
    assert caplog.records and llm.key not in caplog.text


async def test_with_the_service_down_every_question_gets_its_passages(tmp_path, retriever, llm):
    await llm.stop()  # nothing listens on its port any more: connections are refused
    async with await bot_with(tmp_path, retriever, llm) as world:
        for number, question in enumerate([QUESTION, "comptoir des services", "résidences", QUESTION], 1):
            final = await ask(world, question, count=number)
            assert parse(final.params["text"]).text.startswith("🔎")
        services = world.app.bot_data["services"]
        assert not services.synthesizer.breaker.allows()  # skipped now, no connection attempted
        assert world.server.rejected() == []
