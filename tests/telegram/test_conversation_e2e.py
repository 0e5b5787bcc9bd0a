"""A conversation: follow-ups, greetings, thanks and "encore", end to end; in a private chat,
and in reply to one of the bot's answers (a group, or an older answer)."""

from __future__ import annotations

from bot.telegram.decisions import parse_payload
from tests.telegram.fake_bot_api import Call
from tests.telegram.test_bot_e2e import BOT_USERNAME, EN, FR, GROUP, World, buttons, to_chat
from tests.telegram.test_subscriptions_e2e import press, reply_to, shown


async def test_a_follow_up_naming_only_a_date_narrows_the_previous_question_without_a_model(world: World):
    first = shown(await reply_to(world, "innovation publique"))
    assert "Morceaux choisis" in first  # the 2016 post
    card = shown(await reply_to(world, "et depuis 2017 ?"))
    assert "compris comme : innovation publique depuis 2017 ?" in card
    assert "📅 depuis 2017" in card and "Les départements, pionniers" in card
    assert "Morceaux choisis" not in card
    # The next one narrows the same words: the follow-up's dates replace the previous ones; an
    # acknowledgement before it changes nothing (before, "ok merci, et …" was searched alone).
    card = shown(await reply_to(world, "ok merci, et avant 2017 ?"))
    assert "compris comme : innovation publique avant 2017 ?" in card and "Morceaux choisis" in card
    # Without "et" too: before, "depuis 2017 ?" alone listed the newest posts since 2017.
    card = shown(await reply_to(world, "depuis 2017 ?"))
    assert "compris comme : innovation publique depuis 2017 ?" in card and "Morceaux choisis" not in card
    # A question that stands alone is searched as typed.
    card = shown(await reply_to(world, "c'est quoi une résidence ?"))
    assert "compris comme" not in card
    assert not world.server.rejected()


async def test_a_follow_up_of_another_kind_keeps_the_previous_filter(world: World):
    shown(await reply_to(world, "innovation publique avant 2017"))
    # Before, "innovation publique en français ?": the posts of every year.
    card = shown(await reply_to(world, "et en français ?"))
    assert "compris comme : innovation publique avant 2017 en français ?" in card
    assert "📅 avant 2017 · 🌐 en français" in card and "Morceaux choisis" in card
    assert "Les départements, pionniers" not in card  # 2017's
    # Another order of the same posts keeps their filter (before, the oldest of every year).
    card = shown(await reply_to(world, "et les plus anciens ?"))
    assert "📅 avant 2017 · 🌐 en français" in card and "Les départements, pionniers" not in card
    assert not world.server.rejected()


async def test_before_and_after_the_previous_period(world: World):
    shown(await reply_to(world, "innovation publique depuis 2017"))
    # Before, "innovation publique depuis 2017 avant ?": the same posts, "avant" searched.
    card = shown(await reply_to(world, "et avant ?"))
    assert "compris comme : innovation publique avant 2017 ?" in card
    assert "📅 avant 2017" in card and "Morceaux choisis" in card
    assert "Les départements, pionniers" not in card
    card = shown(await reply_to(world, "et après ?"))
    assert "compris comme : innovation publique depuis 2017 ?" in card
    assert "Les départements, pionniers" in card and "Morceaux choisis" not in card
    assert not world.server.rejected()


async def test_a_subject_alone_after_the_news_asks_for_the_news_about_it(world: World):
    shown(await reply_to(world, "quoi de neuf ?"))
    # Before, "sur l'innovation publique ?" was searched alone, by relevance: the order asked lost.
    card = shown(await reply_to(world, "sur l'innovation publique ?"))
    assert "compris comme : quoi de neuf sur l'innovation publique ?" in card
    assert "du plus récent au plus ancien" in card
    assert card.index("Les départements, pionniers") < card.index("Morceaux choisis")  # 2017, then 2016
    assert not world.server.rejected()


async def test_without_a_model_a_follow_up_is_searched_with_the_previous_question(world: World):
    question = "les aventuriers du LAB Pôle emploi"
    await reply_to(world, question)
    # Alone, "où ont-ils eu lieu ?" shows the departments' post first.
    card = shown(await reply_to(world, "où ont-ils eu lieu ?"))
    assert f"compris comme : {question} où ont-ils eu lieu ?" in card
    assert "1. Les aventuriers de l’innovation publique" in card
    # The next one pointing back points to the same question, not to the chain of both.
    card = shown(await reply_to(world, "qui les a organisés ?"))
    assert f"compris comme : {question} qui les a organisés ?" in card
    await reply_to(world, question)
    card = shown(await reply_to(world, "et dans le Val-d'Oise ?"))
    assert f"compris comme : {question} dans le Val-d'Oise ?" in card
    assert "Restitution « tiède »" in card
    # The next one going on from the end replaces it: not "… dans le Val-d'Oise en Bretagne ?".
    card = shown(await reply_to(world, "et en Bretagne ?"))
    assert f"compris comme : {question} en Bretagne ?" in card
    assert not world.server.rejected()


async def test_another_place_or_name_is_asked_about_instead(world: World):
    await reply_to(world, "les démarches d'innovation dans les départements")
    # Before, both were searched: "… dans les départements dans les régions ?".
    card = shown(await reply_to(world, "et dans les régions ?"))
    assert "compris comme : les démarches d'innovation dans les régions ?" in card
    # The next one going on from the end goes on from the same question.
    card = shown(await reply_to(world, "et dans les ministères ?"))
    assert "compris comme : les démarches d'innovation dans les ministères ?" in card
    # Another name instead of the one the question ended with.
    await reply_to(world, "c'est quoi le LAB ?")
    card = shown(await reply_to(world, "et la Semaine de l'Innovation Publique ?"))
    assert "compris comme : c'est quoi la Semaine de l'Innovation Publique ?" in card
    assert "1. Morceaux choisis de la Semaine" in card
    assert not world.server.rejected()


async def test_how_many_posts_write_a_name_is_told_beside_the_posts(world: World):
    # Before, "combien" and "articles" were searched with the subject, and no count was given.
    card = shown(await reply_to(world, "combien d'articles sur les aventuriers ?"))
    assert "📊 2 article(s) écrivent « Aventuriers »" in card
    assert "Les aventuriers de l’innovation publique" in card
    card = shown(await reply_to(world, "how many posts about the aventuriers?", chat=EN, user=EN))
    assert "📊 2 post(s) write “Aventuriers”" in card
    assert not world.server.rejected()


async def test_greetings_and_thanks_are_answered_and_encore_shows_the_next_posts(world: World):
    welcome = shown(await reply_to(world, "Bonjour !"))
    assert "Je trouve pour vous des ressources" in welcome and "ressource(s) pour" not in welcome
    assert "Avec plaisir" in shown(await reply_to(world, "merci 🙏"))
    assert "Au revoir, et à bientôt" in shown(await reply_to(world, "bonne journée, au revoir !"))
    assert "Comment m'utiliser" in shown(await reply_to(world, "aide"))
    assert "Posez-moi d'abord une question" in shown(await reply_to(world, "encore"))
    first = await reply_to(world, "innovation publique")
    assert "1. " in shown(first) and "4. " not in shown(first)
    more = await reply_to(world, "d'autres ?")
    assert "4. " in shown(more) and "1. " not in shown(more)
    # Its buttons act on the same question (👍 / 👎 on that page).
    assert {"👍", "👎"} <= set(buttons(more))
    # The seed posts are five: nothing after the second page.
    assert "Il n'y a pas d'autres ressources pour « innovation publique »" in shown(
        await reply_to(world, "encore")
    )
    # ➕ under an answer moves "encore" on too.
    answer = await reply_to(world, "innovation publique")
    before = len(world.server.sent("editMessageText"))
    await press(world, FR, answer, "➕ Plus de résultats")
    await world.server.wait_for(lambda c: c.method == "editMessageText", count=before + 1)
    assert "Il n'y a pas d'autres ressources" in shown(await reply_to(world, "plus svp"))
    assert not world.server.rejected()


async def test_an_answer_said_unhelpful_is_voted_down(world: World):
    """ "pas pertinent" was searched: "Je n'ai rien trouvé de pertinent pour « pas pertinent »"."""
    answer = await reply_to(world, "quels départements ont un labo d'innovation ?")
    asked = parse_payload(buttons(answer)["👎"])
    assert asked is not None
    sorry = shown(await reply_to(world, "bof, pas pertinent"))
    assert "Désolé" in sorry and "ressource(s) pour" not in sorry
    # A vote typed rather than tapped: 👎 on the posts that answer showed.
    (vote,) = world.store.feedback_for(asked.ident)
    assert vote[:2] == (FR, -1) and len(vote[2]) == 3
    # Said in reply to an older answer, the vote goes to that one.
    later = await reply_to(world, "innovation publique")
    assert "Désolé" in shown(await _in_reply(world, answer, "ce n'est pas ce que je cherche"))
    assert world.store.feedback_for(parse_payload(buttons(later)["👎"]).ident) == []
    assert "Comment m'utiliser" in shown(await reply_to(world, "je ne comprends pas"))
    assert not world.server.rejected()


async def _in_reply(world: World, answer: Call, text: str, user: int = FR) -> Call:
    """A user replies to one of the bot's messages; the bot's next message in that chat."""
    chat = int(answer.params["chat_id"])
    before = len(world.server.sent(chat_id=chat))
    original = world.server.messages[(chat, answer.result["message_id"])]
    await world.server.send_text(user, text, chat_id=chat, reply_to=original)
    return (await world.server.wait_for(to_chat(chat), count=before + 1))[-1]


async def test_a_reply_to_an_answer_in_a_group_goes_on_from_its_question(world: World):
    first = await reply_to(world, f"@{BOT_USERNAME} innovation publique", chat=GROUP)
    assert "Morceaux choisis" in shown(first)
    # Anyone in the group may go on from it, by replying to the answer.
    card = shown(await _in_reply(world, first, "et depuis 2017 ?", user=EN))
    assert "innovation publique depuis 2017 ?" in card and "Morceaux choisis" not in card
    more = shown(await _in_reply(world, first, "encore"))
    assert "4. " in more and "1. " not in more
    # Addressed without a reply, a follow-up has nothing to go on from in a group.
    alone = shown(await reply_to(world, f"@{BOT_USERNAME} et depuis 2017 ?", chat=GROUP))
    assert "compris comme" not in alone and "innovation publique depuis" not in alone
    assert not world.server.rejected()


async def test_a_reply_to_an_older_answer_goes_on_from_that_answer_not_the_last(world: World):
    older = await reply_to(world, "innovation publique")
    await reply_to(world, "c'est quoi une résidence ?")
    card = shown(await _in_reply(world, older, "et depuis 2017 ?"))
    assert "compris comme : innovation publique depuis 2017 ?" in card
    # ➕ under the older answer moved it on: "encore" in reply to it shows what follows.
    before = len(world.server.sent("editMessageText"))
    await press(world, FR, older, "➕ Plus de résultats")
    await world.server.wait_for(lambda c: c.method == "editMessageText", count=before + 1)
    assert "Il n'y a pas d'autres ressources pour « innovation publique »" in shown(
        await _in_reply(world, older, "encore")
    )
    assert not world.server.rejected()


async def test_a_reply_to_an_answer_the_bot_no_longer_remembers_goes_on_from_its_buttons(world: World):
    answer = await reply_to(world, "innovation publique")
    before = len(world.server.sent("editMessageText"))
    await press(world, FR, answer, "➕ Plus de résultats")
    await world.server.wait_for(lambda c: c.method == "editMessageText", count=before + 1)
    world.app.chat_data[FR].clear()  # as after a restart: the chat's answers are not in memory
    card = shown(await _in_reply(world, answer, "et depuis 2017 ?"))
    assert "compris comme : innovation publique depuis 2017 ?" in card
    world.app.chat_data[FR].clear()
    # Its buttons say which page it shows (the second, after ➕): nothing after it.
    assert "Il n'y a pas d'autres ressources pour « innovation publique »" in shown(
        await _in_reply(world, answer, "encore")
    )
    assert not world.server.rejected()


STICKER = {
    "sticker": {
        "file_id": "CAACAgIAAxkBAAIBb2",
        "file_unique_id": "AgADbwEAAladvQo",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    }
}
PHOTO = {
    "photo": [{"file_id": "AgACAgQAAxkBAAIBd", "file_unique_id": "AQADdwEAAla", "width": 90, "height": 67}]
}
VOICE = {"voice": {"file_id": "AwACAgQAAxkBAAIBc", "file_unique_id": "AgADcwEAAladvQo", "duration": 3}}


async def test_unknown_commands_and_messages_without_text_are_answered_in_a_private_chat(world: World):
    unknown = shown(await reply_to(world, "/abonne design"))
    assert "« /abonne » n'est pas une de mes commandes : /aide les donne toutes" in unknown
    # The English names an agent types by habit are the commands.
    listing = shown(await reply_to(world, "/subscriptions"))
    assert "n'est pas une de mes commandes" not in listing
    for media in (STICKER, VOICE, PHOTO):
        before = len(world.server.sent(chat_id=FR))
        await world.server.send_media(FR, media)
        reply = (await world.server.wait_for(to_chat(FR), count=before + 1))[-1]
        assert "Je ne lis que le texte" in shown(reply)
    # A caption is read as the question.
    before = len(world.server.sent(chat_id=FR))
    await world.server.send_media(FR, {**PHOTO, "caption": "quels départements ont un labo d'innovation ?"})
    reply = (await world.server.wait_for(to_chat(FR), count=before + 1))[-1]
    assert "Les départements, pionniers" in shown(reply)
    assert not world.server.rejected()
