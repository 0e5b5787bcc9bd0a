"""Dated questions, "quoi de neuf", "🕒 Plus récents", the stale line, /sources, digest hours: end to end."""

from __future__ import annotations

from tests.telegram.test_bot_e2e import EN, FR, World, buttons
from tests.telegram.test_subscriptions_e2e import TOPIC, press, reply_to, shown


async def test_a_dated_question_is_narrowed_and_says_so(world: World):
    card = shown(await reply_to(world, "innovation publique depuis 2017"))
    assert "📅 depuis 2017" in card and "Les départements, pionniers" in card
    assert "Morceaux choisis" not in card  # a 2016 post
    # Every seed post is older than INNOBOT_STALE_YEARS (5): the card says so.
    assert "Ces ressources datent d'avant" in card
    nothing = shown(await reply_to(world, "innovation publique avant 2010"))
    assert "Aucune ressource ne correspond à ce filtre (📅 avant 2010)" in nothing


async def test_a_day_or_a_part_of_a_year_narrows_as_the_card_shows_it(world: World):
    # Before, "publié le 13/10/2017" and "fin 2016" were searched as words.
    card = shown(await reply_to(world, "l'article publié le 13/10/2017"))
    assert "📅 le 13/10/2017" in card and "Les départements, pionniers" in card
    assert "Morceaux choisis" not in card
    card = shown(await reply_to(world, "les articles de fin 2016"))
    assert "📅 de septembre 2016 à décembre 2016" in card and "Morceaux choisis" in card
    assert "Les départements, pionniers" not in card
    assert not world.server.rejected()


async def test_newest_first_edits_the_card_and_goes_back(world: World):
    answer = await reply_to(world, "innovation publique")
    assert "🕒 Plus récents" in buttons(answer)
    before = len(world.server.sent("editMessageText"))
    pressed = await press(world, FR, answer, "🕒 Plus récents")
    assert "text" not in pressed.params  # answered at once, before the search
    edited = (await world.server.wait_for(lambda c: c.method == "editMessageText", count=before + 1))[-1]
    card = shown(edited)
    assert "du plus récent au plus ancien" in card
    assert card.index("Les départements, pionniers") < card.index("Morceaux choisis")  # 2017, then 2016
    assert "⭐ Plus pertinents" in buttons(edited)
    # ➕ on the re-sorted card continues in the same order.
    more = buttons(edited).get("➕ Plus de résultats")
    assert more is None or more.endswith(":r")
    await press(world, FR, edited, "⭐ Plus pertinents")
    back = (await world.server.wait_for(lambda c: c.method == "editMessageText", count=before + 2))[-1]
    assert "du plus récent" not in shown(back) and "🕒 Plus récents" in buttons(back)
    assert not world.server.rejected()


async def test_asking_what_is_new_gives_the_newest_first_and_the_most_relevant_on_demand(world: World):
    answer = await reply_to(world, "quoi de neuf sur l'innovation publique ?")
    card = shown(answer)
    assert "du plus récent au plus ancien" in card and "⭐ Plus pertinents" in buttons(answer)
    assert card.index("Les départements, pionniers") < card.index("Morceaux choisis")  # 2017, then 2016
    before = len(world.server.sent("editMessageText"))
    await press(world, FR, answer, "⭐ Plus pertinents")
    back = (await world.server.wait_for(lambda c: c.method == "editMessageText", count=before + 1))[-1]
    assert "du plus récent" not in shown(back) and "🕒 Plus récents" in buttons(back)
    assert not world.server.rejected()


async def test_a_list_of_the_newest_posts_offers_no_order_and_no_topic_to_follow(world: World):
    for question in ("quoi de neuf ?", "depuis 2015"):
        answer = await reply_to(world, question)
        assert "du plus récent au plus ancien" in shown(answer)
        assert {"👍", "👎"} <= set(buttons(answer))
        assert not {"🕒 Plus récents", "⭐ Plus pertinents", "🔔 Suivre ce sujet"} & set(buttons(answer))


async def test_the_first_posts_come_oldest_first_on_every_page(world: World):
    answer = await reply_to(world, "les premiers articles")
    card = shown(answer)
    assert "du plus ancien au plus récent" in card
    assert card.index("Morceaux choisis") < card.index("Les départements, pionniers")  # 2016, then 2017
    # ➕ keeps the order the question asked (before, the next page came newest first).
    assert buttons(answer)["➕ Plus de résultats"].endswith(":o")
    before = len(world.server.sent("editMessageText"))
    await press(world, FR, answer, "➕ Plus de résultats")
    page = (await world.server.wait_for(lambda c: c.method == "editMessageText", count=before + 1))[-1]
    assert "du plus ancien au plus récent" in shown(page) and "Morceaux choisis" not in shown(page)
    # "encore" after a new answer goes on in that order too.
    await reply_to(world, "les plus anciens articles")
    more = shown(await reply_to(world, "encore"))
    assert "4. " in more and "du plus ancien au plus récent" in more
    assert not world.server.rejected()


async def test_the_last_two_posts_are_two(world: World):
    answer = await reply_to(world, "les 2 derniers articles")
    card = shown(answer)
    assert "Les départements, pionniers" in card and "Morceaux choisis" in card
    assert "aventuriers" not in card and "Session #9" not in card
    # "encore" goes on past the number asked (before: "Il n'y a pas d'autres ressources").
    more = shown(await reply_to(world, "encore"))
    assert "3. " in more and "1. " not in more and "2. " not in more  # numbered on from the third
    assert "Les départements, pionniers" not in more and "Morceaux choisis" not in more
    # ➕ does the same (before, it was not offered: the number seemed to be all there was).
    before = len(world.server.sent("editMessageText"))
    await press(world, FR, answer, "➕ Plus de résultats")
    page = (await world.server.wait_for(lambda c: c.method == "editMessageText", count=before + 1))[-1]
    next_page = shown(page)
    assert next_page.count("3. ") == 1 and "1. " not in next_page and "Morceaux choisis" not in next_page
    # All there is: no ➕ (two posts since 2016, both shown).
    assert "➕ Plus de résultats" not in buttons(await reply_to(world, "les 2 derniers articles depuis 2016"))


async def test_sources_lists_the_short_names_with_counts_and_years(world: World):
    listing = shown(await reply_to(world, "/sources"))
    assert "27e — 2 ressource(s), 2016–2017 (la27eregion.fr)" in listing
    assert "« sur NOM »" in listing
    # Asked in words, the same (searched, it showed posts about something else).
    assert shown(await reply_to(world, "d'où viennent tes sources ?")) == listing
    english = shown(await reply_to(world, "how many posts do you have?", chat=EN, user=EN))
    assert "The collection holds 5 resources" in english
    assert not world.server.rejected()


async def test_a_chat_chooses_its_digest_hour(world: World):
    await reply_to(world, f"/abonner {TOPIC}")
    listing = await reply_to(world, "/abonnements")
    assert "🕗 Résumés à 8 h" in buttons(listing)
    await press(world, FR, listing, "🕗 Résumés à 8 h")
    hours = (await world.server.wait_for(lambda c: c.method == "editMessageText"))[-1]
    assert "À quelle heure" in shown(hours) and "✅ 8 h" in buttons(hours)
    chosen = await press(world, FR, hours, "18 h")
    assert "18 h" in chosen.params["text"]
    edited = (await world.server.wait_for(lambda c: c.method == "editMessageText", count=2))[-1]
    assert "envoi à 18 h" in shown(edited) and "🕗 Résumés à 18 h" in buttons(edited)
    assert world.store.subscriptions.digest_hour_of(FR) == 18
