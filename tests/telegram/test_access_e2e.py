"""A bot kept to some users: refusals, invitations, revocation — real Application, fake Bot API."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import update

from bot.store.schema import invitations
from tests.telegram.test_bot_e2e import BOT_USERNAME, EN, FR, GROUP, World, buttons, running_bot, to_chat
from tests.telegram.test_subscriptions_e2e import press, reply_to, shown

ADMIN, STRANGER = 4242, 3003
QUESTION = "quels départements ont un labo d'innovation ?"


@pytest.fixture
async def kept(retriever, tmp_path) -> AsyncIterator[World]:
    """Open to EN (INNOBOT_ALLOWED_USERS) and to the admin; FR and STRANGER are not let in."""
    async with running_bot(
        tmp_path, lambda _: retriever, allowed_users=frozenset({EN}), admin_ids=frozenset({ADMIN})
    ) as world:
        world.server.add_user(ADMIN, "Dominique", "fr")
        world.server.add_user(STRANGER, "Sam", "en")
        yield world


def questions_of(world: World, user: int) -> int:
    return world.store.user_data(user, user).questions


async def test_others_get_one_polite_refusal_and_no_search_runs(kept: World):
    server = kept.server
    refusal = await reply_to(kept, QUESTION)
    assert "réservé aux agents" in shown(refusal)
    await server.send_text(FR, "labo d'innovation")
    await server.send_text(FR, "/chercher labo")
    # EN is allowed: its answer comes after FR's messages, and FR got nothing more.
    answer = await reply_to(kept, QUESTION, chat=EN, user=EN)
    assert shown(answer).startswith("🔎")
    assert len(server.sent(chat_id=FR)) == 1
    # Inline queries from FR get an empty answer, nothing searched.
    query = await server.inline(FR, "labo")
    (empty,) = await server.wait_for(
        lambda c: c.method == "answerInlineQuery" and c.params["inline_query_id"] == query
    )
    assert empty.params["results"] in ([], "[]")
    # The buttons of a card EN received do nothing for FR.
    pressed = await press(kept, FR, answer, "👍")
    assert "réservé" in pressed.params["text"].lower()
    assert questions_of(kept, FR) == 0 and kept.store.access.refused(FR) == 5
    assert kept.store.feedback_for(int(buttons(answer)["👍"].split(":")[1])) == []
    assert [c for c in server.rejected() if c.method != "setMyCommands"] == []  # admin menu: see admin tests


async def test_in_a_group_not_let_in_only_messages_for_the_bot_are_refused(kept: World):
    server = kept.server
    await server.send_text(FR, "bonjour à tous", chat_id=GROUP)  # not for the bot: silence
    refusal = await reply_to(kept, f"@{BOT_USERNAME} labo d'innovation", chat=GROUP)
    assert "réservé" in shown(refusal)
    assert len(server.sent(chat_id=GROUP)) == 1 and questions_of(kept, FR) == 0


async def test_an_allowed_group_is_open_to_all_its_members(retriever, tmp_path):
    async with running_bot(tmp_path, lambda _: retriever, allowed_chats=frozenset({GROUP})) as world:
        answer = await reply_to(world, f"/chercher {QUESTION}", chat=GROUP)
        assert shown(answer).startswith("🔎")
        refusal = await reply_to(world, QUESTION)  # the same user, in private: not let in
        assert "réservé" in shown(refusal)


async def test_an_invitation_lets_one_person_in_once(kept: World):
    made = shown(await reply_to(kept, "/inviter", chat=ADMIN, user=ADMIN))
    link = next(word for word in made.split() if word.startswith("https://t.me/"))
    assert link.startswith(f"https://t.me/{BOT_USERNAME}?start=")
    code = link.split("start=")[1]
    assert "7 jours" in made

    # The link sends "/start CODE": accepted, then the welcome, then questions are answered.
    await kept.server.send_text(FR, f"/start {code}")
    accepted, welcome = await kept.server.wait_for(to_chat(FR), count=2)
    assert "Invitation acceptée" in shown(accepted) and "Bonjour Camille" in shown(welcome)
    assert shown(await reply_to(kept, QUESTION)).startswith("🔎")

    # /mesdonnees tells the access apart; /oublier says it keeps it, and it does.
    assert "Accès au bot accordé par invitation le" in shown(await reply_to(kept, "/mesdonnees"))
    confirm = await reply_to(kept, "/oublier")
    assert "accès au bot, accordé par invitation, est conservé" in shown(confirm)
    await press(kept, FR, confirm, "Oui, tout effacer")
    assert questions_of(kept, FR) == 0 and shown(await reply_to(kept, QUESTION)).startswith("🔎")

    # The same code a second time, by someone else: refused, and nothing else is answered.
    used = await reply_to(kept, f"/start {code}", chat=STRANGER, user=STRANGER)
    assert "already been used" in shown(used)
    assert questions_of(kept, STRANGER) == 0

    # Only the code's hash is stored.
    with kept.store.engine.connect() as conn:
        stored = [row.code_hash for row in conn.execute(invitations.select())]
    assert stored and code not in stored

    # /retirer takes it back: FR is refused again (a first refusal since the invitation).
    listing = shown(await reply_to(kept, "/retirer", chat=ADMIN, user=ADMIN))
    assert str(FR) in listing
    assert "Accès retiré" in shown(await reply_to(kept, f"/retirer {FR}", chat=ADMIN, user=ADMIN))
    assert "réservé" in shown(await reply_to(kept, QUESTION))
    configured = shown(await reply_to(kept, f"/retirer {EN}", chat=ADMIN, user=ADMIN))
    assert "INNOBOT_ALLOWED_USERS" in configured


async def test_an_expired_or_unknown_code_is_refused_and_admin_commands_stay_admin_only(kept: World):
    made = shown(await reply_to(kept, "/inviter", chat=ADMIN, user=ADMIN))
    code = made.split("start=")[1].split()[0]
    with kept.store.engine.begin() as conn:
        past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
        conn.execute(update(invitations).values(expires_at=past))
    assert "expiré" in shown(await reply_to(kept, f"/start {code}"))
    assert "n'existe pas" in shown(await reply_to(kept, "/start wrong-code"))
    assert questions_of(kept, FR) == 0
    # An allowed user who is not an admin cannot invite.
    assert "administrators only" in shown(await reply_to(kept, "/inviter", chat=EN, user=EN))
