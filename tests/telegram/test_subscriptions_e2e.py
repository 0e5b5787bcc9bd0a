"""Subscriptions, alerts and privacy through the real Application and the strict fake Bot API."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.domain import NewAlert, Passage
from bot.store.schema import metadata
from tests.telegram.fake_bot_api import BOT_USERNAME, Call
from tests.telegram.telegram_html import parse
from tests.telegram.test_bot_e2e import EN, FR, GROUP, World, buttons, to_chat

TOPIC = "laboratoires d'innovation"


def shown(call: Call) -> str:
    return parse(call.params["text"]).text if call.params.get("parse_mode") == "HTML" else call.params["text"]


async def reply_to(world: World, text: str, chat: int = FR, user: int = FR) -> Call:
    before = len(world.server.sent(chat_id=chat))
    await world.server.send_text(user, text, chat_id=chat)
    return (await world.server.wait_for(to_chat(chat), count=before + 1))[-1]


async def press(world: World, user: int, call: Call, label: str) -> Call:
    """Press a button of a sent message; return the bot's answer to the press."""
    message = world.server.messages[(int(call.params["chat_id"]), call.result["message_id"])]
    query = await world.server.press(user, message, buttons(call)[label])
    (answer,) = await world.server.wait_for(
        lambda c: c.method == "answerCallbackQuery" and c.params["callback_query_id"] == query
    )
    return answer


async def test_subscribe_manage_and_unsubscribe(world: World):
    assert "/abonner participation citoyenne" in shown(await reply_to(world, "/abonner"))
    done = await reply_to(world, f"/abonner {TOPIC} -numérique")
    assert f"« {TOPIC} » (sans : numérique)" in shown(done)
    # What the collection already holds on it, as alert matching ranks it, linked.
    assert "Déjà dans la collection sur ce sujet :\n• " in shown(done) and "<a href=" in done.params["text"]
    assert "Vous suivez déjà" in shown(await reply_to(world, f"/abonner {TOPIC.upper()}"))

    listing = await reply_to(world, "/abonnements")
    assert TOPIC in shown(listing) and "immédiat" in shown(listing)
    await press(world, FR, listing, "1. ⏸ Pause")
    edited = (await world.server.wait_for(lambda c: c.method == "editMessageText"))[-1]
    assert "en pause" in shown(edited)
    await press(world, FR, listing, "⚡ Immédiat")
    edited = (await world.server.wait_for(lambda c: c.method == "editMessageText", count=2))[-1]
    assert "résumé quotidien" in shown(edited)
    await press(world, FR, listing, "🗑 Supprimer")
    edited = (await world.server.wait_for(lambda c: c.method == "editMessageText", count=3))[-1]
    assert "aucun sujet" in shown(edited)

    # One tap under an answer follows the question.
    answer = await reply_to(world, "quels départements ont un labo d'innovation ?")
    await press(world, FR, answer, "🔔 Suivre ce sujet")
    confirmation = (await world.server.wait_for(to_chat(FR), count=len(world.server.sent(chat_id=FR)) + 1))[
        -1
    ]
    # ... without the words that ask: a post must hold the topic's words, not "quels".
    assert "« départements ont un labo d'innovation »" in shown(confirmation)
    # A topic written as a wish follows what is wished for.
    wish = await reply_to(world, "/abonner je voudrais être alertée sur les tiers-lieux svp")
    assert "« les tiers-lieux »" in shown(wish)

    # A topic the collection knows nothing of (misspelt?) is said so at once.
    unknown = await reply_to(world, "/abonner football amateur")
    assert "Rien dans la collection ne parle encore de ce sujet" in shown(unknown)

    ask = await reply_to(world, "/desabonner")
    assert "(3)" in shown(ask)
    await press(world, FR, ask, "Oui, tout arrêter")
    edited = (await world.server.wait_for(lambda c: c.method == "editMessageText", count=4))[-1]
    assert "plus abonné" in shown(edited)
    assert world.store.subscriptions.of_chat(FR) == []
    assert not world.server.rejected()


async def test_a_topic_naming_a_period_follows_the_topic_alone(world: World):
    """An alert is about the posts to come: "/abonner … l'année dernière" stored the period, read
    again on each new post's day, and last year's period kept every new post out."""
    done = await reply_to(world, f"/abonner {TOPIC} l'année dernière -numérique")
    assert f"✅ Abonnement enregistré : « {TOPIC} » (sans : numérique)" in shown(done)
    assert "📅 Période laissée de côté : « l'année dernière »" in shown(done)
    assert [s.topic for s in world.store.subscriptions.of_chat(FR)] == [TOPIC]
    assert "Vous suivez déjà" in shown(await reply_to(world, f"/abonner {TOPIC} depuis 2019"))
    only = await reply_to(world, "/abonner depuis 2020")
    assert "« depuis 2020 » est une période, pas un sujet" in shown(only)
    # The 🔔 under an answer for a period follows its subject.
    answer = await reply_to(world, "innovation publique avant 2017")
    await press(world, FR, answer, "🔔 Suivre ce sujet")
    confirmation = (await world.server.wait_for(to_chat(FR), count=len(world.server.sent(chat_id=FR)) + 1))[
        -1
    ]
    assert "« innovation publique »" in shown(confirmation) and "« avant 2017 »" in shown(confirmation)
    # Named with its period to stop it, as it was typed.
    left = await reply_to(world, "désabonne-moi de l'innovation publique avant 2017")
    assert "🗑 Abonnement supprimé : « innovation publique »" in shown(left)
    english = await reply_to(world, "/abonner open data since 2019", chat=EN, user=EN)
    assert "“open data”" in shown(english) and "📅 Period left out: “since 2019”" in shown(english)
    assert [s.topic for s in world.store.subscriptions.of_chat(FR)] == [TOPIC]
    assert not world.server.rejected()


async def test_alerts_asked_for_in_words_as_their_commands(world: World):
    """People write "abonne-moi à …" rather than /abonner: searched, it showed posts holding
    "abonne" and followed nothing."""
    done = await reply_to(world, "abonne moi à la participation citoyenne svp")
    assert "✅ Abonnement enregistré : « la participation citoyenne »" in shown(done)
    warned = await reply_to(world, "bonjour, peux-tu me prévenir quand il y a du nouveau sur les tiers-lieux")
    assert "« les tiers-lieux »" in shown(warned)
    assert "Quel sujet voulez-vous suivre ?" in shown(await reply_to(world, "abonne-moi"))
    followed = [s.topic for s in world.store.subscriptions.of_chat(FR)]
    assert followed == ["la participation citoyenne", "les tiers-lieux"]

    listing = await reply_to(world, "quels sont mes abonnements ?")
    assert "la participation citoyenne" in shown(listing) and "1. ⏸ Pause" in buttons(listing)
    # To stop one topic, named; else the list and its buttons (/desabonner stops them all).
    left = await reply_to(world, "désabonne-moi des tiers-lieux")
    assert "🗑 Abonnement supprimé : « les tiers-lieux »" in shown(left)
    assert [s.topic for s in world.store.subscriptions.of_chat(FR)] == ["la participation citoyenne"]
    leaving = await reply_to(world, "je veux me désabonner")
    assert "la participation citoyenne" in shown(leaving) and "🗑 Supprimer" in buttons(leaving)
    unknown = await reply_to(world, "désabonne-moi du football")
    assert "🗑 Supprimer" in buttons(unknown) and len(world.store.subscriptions.of_chat(FR)) == 1
    # How to subscribe is asked of the help, not of the collection.
    assert "/abonner" in shown(await reply_to(world, "comment m'abonner ?"))

    english = await reply_to(world, "please notify me about open data", chat=EN, user=EN)
    assert "✅ Subscribed to “open data”" in shown(english)
    # In a group, as with /abonner: its administrators only.
    group = await reply_to(world, f"@{BOT_USERNAME} abonne-nous à l'évaluation", chat=GROUP)
    assert "administrateurs" in shown(group) and world.store.subscriptions.of_chat(GROUP) == []
    world.server.admins[GROUP] = {FR}
    group = await reply_to(world, f"@{BOT_USERNAME} abonne-nous à l'évaluation", chat=GROUP)
    assert "« l'évaluation »" in shown(group)
    assert [s.topic for s in world.store.subscriptions.of_chat(GROUP)] == ["l'évaluation"]
    assert not world.server.rejected()


async def test_in_a_group_only_admins_manage_subscriptions(world: World):
    refused = await reply_to(world, f"/abonner {TOPIC}", chat=GROUP)
    assert "administrateurs" in shown(refused) and world.store.subscriptions.of_chat(GROUP) == []
    world.server.admins[GROUP] = {FR}
    accepted = await reply_to(world, f"/abonner {TOPIC}", chat=GROUP)
    assert "Abonnement enregistré" in shown(accepted)
    assert [s.topic for s in world.store.subscriptions.of_chat(GROUP)] == [TOPIC]
    # An administrator writing anonymously (as the group) is an administrator.
    before = len(world.server.sent(chat_id=GROUP))
    await world.server.send_text(FR, "/abonner données ouvertes", chat_id=GROUP, anonymous=True)
    (anonymous,) = (await world.server.wait_for(to_chat(GROUP), count=before + 1))[before:]
    assert "Abonnement enregistré" in shown(anonymous)
    assert world.server.rejected() == []


async def test_an_alert_arrives_with_its_reason_and_takes_feedback(world: World):
    _, sub = world.store.subscriptions.add(FR, "fr", TOPIC, (), None, None, 5)
    assert sub is not None
    passage = Passage("Le Lab 06 des Alpes-Maritimes <b>expérimente</b>.", ((7, 9),))
    alert = NewAlert(
        sub.id, FR, "doc-x", TOPIC, "Un <nouveau> post", "https://example.org/x", None, passage, 1.3
    )
    world.store.outbox.enqueue([("doc-x", "Un nouveau post")], [alert])
    (message,) = await world.server.wait_for(lambda c: to_chat(FR)(c) and "🔔" in c.params["text"])
    assert f"« {TOPIC} »" in shown(message) and "Un <nouveau> post" in shown(message)
    assert "<b>expérimente</b>" in shown(message)  # corpus text shown as text, never as markup
    thanks = await press(world, FR, message, "👍")
    assert "annoncerai aussi les nouvelles ressources de ce genre" in thanks.params["text"]
    # The vote is what the next matching runs hear; a change of mind replaces it.
    assert world.store.outbox.votes([sub.id]) == {sub.id: (["doc-x"], [])}
    thanks = await press(world, FR, message, "👎")
    assert "ne vous annoncerai plus de ressources de ce genre" in thanks.params["text"]
    assert world.store.outbox.votes([sub.id]) == {sub.id: ([], ["doc-x"])}
    # The outbox row is marked sent after Telegram's reply: the vote may be answered first.
    await world.server.until(lambda: world.store.outbox.counts() == {"sent": 1})
    assert world.store.outbox.counts() == {"sent": 1}


async def test_in_a_group_only_its_administrators_vote_on_its_alerts(world: World):
    # A vote decides what the group's subscription announces next: it manages the subscription.
    _, sub = world.store.subscriptions.add(GROUP, "fr", TOPIC, (), None, None, 5)
    assert sub is not None
    passage = Passage("Le Lab 06 des Alpes-Maritimes expérimente.", ())
    alert = NewAlert(sub.id, GROUP, "doc-y", TOPIC, "Un post", "https://example.org/y", None, passage, 1.3)
    world.store.outbox.enqueue([("doc-y", "Un post")], [alert])
    (message,) = await world.server.wait_for(lambda c: to_chat(GROUP)(c) and "🔔" in c.params["text"])
    refused = await press(world, FR, message, "👎")
    assert "administrateurs" in refused.params["text"] and refused.params.get("show_alert")
    assert world.store.outbox.votes([sub.id]) == {}
    world.server.admins[GROUP] = {FR}
    await press(world, FR, message, "👎")
    assert world.store.outbox.votes([sub.id]) == {sub.id: ([], ["doc-y"])}


async def test_my_data_then_forget_me_leaves_no_row(world: World):
    await reply_to(world, f"/abonner {TOPIC}")
    await reply_to(world, "labo d'innovation")
    data = await reply_to(world, "/mesdonnees")
    assert "Vos données" in shown(data) and TOPIC in shown(data) and "labo d'innovation" in shown(data)
    confirm = await reply_to(world, "/oublier")
    await press(world, FR, confirm, "Oui, tout effacer")
    edited = (await world.server.wait_for(lambda c: c.method == "editMessageText"))[-1]
    assert "effacées" in shown(edited)
    with world.store.engine.connect() as conn:
        for table in metadata.sorted_tables:
            for column in ("chat_id", "user_id"):
                if column in table.c:
                    query = select(func.count()).select_from(table).where(table.c[column] == FR)
                    assert conn.execute(query).scalar_one() == 0, table.name
