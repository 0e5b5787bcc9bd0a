"""/stats and the editors' weekly content-gaps digest, through the real Application."""

from __future__ import annotations

from bot.telegram import jobs
from bot.telegram.decisions import parse_payload
from tests.telegram.test_bot_e2e import EN, FR, running_bot, to_chat
from tests.telegram.test_subscriptions_e2e import buttons, press, reply_to, shown

ADMIN = 4242


async def test_stats_for_admins_and_the_weekly_content_gaps(tmp_path, retriever):
    async with running_bot(tmp_path, lambda _: retriever, admin_ids=frozenset({ADMIN})) as world:
        world.server.add_user(ADMIN, "Dominique", "fr")
        # The admin had not opened the bot at start: no menu for them, a warning, and the bot runs.
        assert not any(key.startswith("chat:") for key in world.server.commands)
        refusal = await reply_to(world, "/stats")
        assert "réservée aux administrateurs" in shown(refusal)

        answered = await reply_to(world, "quels départements ont un labo d'innovation ?")
        await press(world, FR, answered, "👎")
        voted = parse_payload(buttons(answered)["👎"])
        assert voted is not None
        await world.server.until(lambda: bool(world.store.feedback_for(voted.ident)))  # stored after
        await reply_to(world, "recette de la tarte tatin aux pommes")
        await reply_to(world, "Recette de la  tarte tatin aux pommes")

        stats = shown(await reply_to(world, "/stats", chat=ADMIN, user=ADMIN))
        assert "Statistiques des 7 derniers jours" in stats
        assert "Questions : 3" in stats and "Sans réponse : 2 (67 %)" in stats
        assert "👍 0 / 👎 1 (0 % positifs)" in stats
        assert f"version {retriever.index.version}" in stats

        (job,) = world.app.job_queue.get_jobs_by_name("content-gaps")
        assert job.trigger.fields[4].name == "day_of_week" and str(job.trigger.fields[4]) == "mon"
        world.app.job_queue.run_once(jobs.content_gaps_job, 0)
        (digest,) = await world.server.wait_for(
            lambda c: to_chat(ADMIN)(c) and "Contenus manquants" in c.params["text"]
        )
        text = shown(digest)
        assert "recette de la tarte tatin aux pommes (×2)" in text.lower()
        assert "quels départements ont un labo d'innovation ? (×1)" in text
        assert str(FR) not in text  # questions only, never who asked
        (menu,) = world.server.rejected()  # the admin's menu, refused at start: chat not found
        assert menu.method == "setMyCommands" and menu.params["scope"]["chat_id"] == ADMIN


async def test_admins_who_opened_the_bot_get_the_admin_commands_in_their_menu(tmp_path, retriever):
    async with running_bot(tmp_path, lambda _: retriever, admin_ids=frozenset({EN})) as world:
        menus = world.server.commands
        assert [c["command"] for c in menus[f"chat:{EN}:"]][-4:] == ["reindex", "stats", "inviter", "retirer"]
        assert {"command": "stats", "description": "Usage statistics"} in menus[f"chat:{EN}:en"]
        assert "reindex" not in [c["command"] for c in menus[""]]  # not in everyone's menu

        # Messages sent on a timer go out in the language the admin last wrote in.
        await reply_to(world, "which departments have an innovation lab?", chat=EN, user=EN)
        world.app.job_queue.run_once(jobs.content_gaps_job, 0)
        (digest,) = await world.server.wait_for(
            lambda c: to_chat(EN)(c) and "content gaps" in c.params["text"]
        )
        assert "Questions left unanswered" in shown(digest)
