"""The running bot under 20 questions/s while another process updates the index and swaps it."""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import time

from bot import service
from bot.ingest.corpus import write_post
from bot.search import indexing
from bot.telegram import jobs
from tests.conftest import REPO, SEED_CORPUS
from tests.feed_server import Entry, feed_server, wordpress_feed
from tests.telegram.telegram_html import parse
from tests.telegram.test_bot_e2e import FR, running_bot, to_chat

RATE = 20  # questions per second
QUESTION = "résidence des agents de la Drôme au collège Jean-Moulin"
NEW_TITLE = "La Drôme installe une résidence au collège Jean-Moulin"
NEW_TEXT = (
    "Pendant trois semaines, les agents de la Drôme ont tenu une résidence au collège Jean-Moulin "
    "pour observer la restauration scolaire avec les élèves et les cuisiniers. "
) * 3


async def test_questions_never_fail_and_answers_switch_within_a_second_of_the_swap(
    tmp_path, seed_index, real_embedder
):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    shutil.copytree(seed_index.index_dir, tmp_path / "index")  # same model: the update reuses vectors
    async with running_bot(
        tmp_path, lambda settings: service.open_retriever(settings, lambda: real_embedder)
    ) as world:
        server, app, settings = world.server, world.app, world.app.bot_data["services"].settings
        old_version = app.bot_data["services"].retriever.index.version
        write_post(corpus, "drome-residence", {"title": NEW_TITLE}, NEW_TEXT)
        env = {k: v for k, v in os.environ.items() if not k.startswith("INNOBOT_")}
        env.update(
            INNOBOT_CORPUS_DIR=str(corpus),
            INNOBOT_INDEX_DIR=str(tmp_path / "index"),
            INNOBOT_DATABASE_URL=settings.database_url,
            HF_HUB_OFFLINE="1",
        )
        update = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "index",
            "update",
            env=env,
            cwd=REPO,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        finished = asyncio.create_task(update.wait())
        asked: dict[int, float] = {}
        user = 50_000
        swapped_at = None
        # Ask at a steady rate until 3 s after the swap.
        while swapped_at is None or time.time() < swapped_at + 3:
            user += 1
            server.add_user(user, f"Agent {user}", "fr")
            asked[user] = time.time()
            await server.send_text(user, QUESTION)
            if swapped_at is None and finished.done():
                swapped_at = os.stat(tmp_path / "index" / indexing.CURRENT).st_mtime
            await asyncio.sleep(1 / RATE)
            assert len(asked) < 120 * RATE, "the update never finished"
        out, err = await update.communicate()
        assert update.returncode == 0, err.decode()
        assert "Posts ajoutés : 1 (drome-residence)" in out.decode()

        answers = await server.wait_for(
            lambda c: c.method == "sendMessage" and int(c.params["chat_id"]) in asked,
            count=len(asked),
            timeout=120,
        )
        by_user = {int(c.params["chat_id"]): parse(c.params["text"]).text for c in answers}
        assert len(by_user) == len(answers) == len(asked)  # one answer per question, no error
        assert all("erreur" not in a for a in by_user.values())
        assert server.rejected() == []
        late = [u for u, t in asked.items() if t >= swapped_at + 1.0]
        assert late and all(NEW_TITLE in by_user[u] for u in late)
        # Questions were answered by the old version before the swap: the switch happened under load.
        assert any(NEW_TITLE not in answer for answer in by_user.values())
        first_new = min(asked[u] for u in asked if NEW_TITLE in by_user[u])
        assert app.bot_data["services"].retriever.index.version != old_version
        print(
            f"\n{len(asked)} questions at {RATE}/s, 0 failed; update took the swap at +"
            f"{swapped_at - min(asked.values()):.1f} s; first answer from the new version for a "
            f"question asked {first_new - swapped_at:+.2f} s after the swap"
        )


ADMIN = 4242


async def test_reindex_is_for_admins_and_reports_what_it_fetched_and_indexed(
    tmp_path, seed_index, real_embedder
):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    shutil.copytree(seed_index.index_dir, tmp_path / "index")
    entry = Entry(NEW_TITLE, "drome-residence", "".join(f"<p>{s}.</p>" for s in NEW_TEXT.split(". ") if s))
    with feed_server() as feeds:
        feed_url = feeds.serve("/feed/", wordpress_feed("https://drome.example.fr", [entry]))
        (tmp_path / "feeds.txt").write_text(feed_url + "\n")
        async with running_bot(
            tmp_path,
            lambda settings: service.open_retriever(settings, lambda: real_embedder),
            admin_ids=frozenset({ADMIN}),
            feeds_file=tmp_path / "feeds.txt",
        ) as world:
            server = world.server
            server.add_user(ADMIN, "Dominique", "fr")
            await server.send_text(FR, "/reindex")
            (refusal,) = await server.wait_for(to_chat(FR))
            assert "réservée aux administrateurs" in refusal.params["text"]
            assert feeds.hits == []

            await server.send_text(ADMIN, "/reindex")
            (started,) = await server.wait_for(to_chat(ADMIN))
            assert "Mise à jour lancée" in started.params["text"]
            done = (
                await server.wait_for(
                    lambda c: c.method == "editMessageText" and "terminée" in c.params["text"], timeout=60
                )
            )[0]
            assert int(done.params["message_id"]) == started.result["message_id"]  # edited in place
            report = parse(done.params["text"]).text
            assert "Blog du labo : 1 nouveau(x), 0 modifié(s), 0 inchangé(s), 0 écarté(s)" in report
            assert "Posts ajoutés : 1 (drome-residence)" in report

            await server.send_text(FR, QUESTION)
            answer = (await server.wait_for(to_chat(FR), count=2))[-1]
            assert NEW_TITLE in parse(answer.params["text"]).text  # served at once, no restart

            await server.send_text(ADMIN, "/reindex")
            again = await server.wait_for(
                lambda c: c.method == "editMessageText" and "Index à jour" in c.params["text"], timeout=60
            )
            assert (
                "Blog du labo : inchangé depuis la dernière récupération"
                in parse(again[0].params["text"]).text
            )

            with indexing.refresh_lock(tmp_path / "index"):  # another process is refreshing
                await server.send_text(ADMIN, "/reindex")
                busy = await server.wait_for(
                    lambda c: c.method == "editMessageText" and "déjà en cours" in c.params["text"],
                    timeout=60,
                )
            assert len(busy) == 1
            # Only the admin's command menu, refused at start (the admin had not opened the bot).
            assert [c.method for c in server.rejected()] == ["setMyCommands"]


async def test_the_scheduled_refresh_switches_and_tells_admins_when_it_fails(
    tmp_path, seed_index, real_embedder
):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    shutil.copytree(seed_index.index_dir, tmp_path / "index")
    entry = Entry(NEW_TITLE, "drome-residence", f"<p>{NEW_TEXT}</p>")
    with feed_server() as feeds:
        (tmp_path / "feeds.txt").write_text(
            feeds.serve("/feed/", wordpress_feed("https://drome.example.fr", [entry]))
        )
        async with running_bot(
            tmp_path,
            lambda settings: service.open_retriever(settings, lambda: real_embedder),
            admin_ids=frozenset({FR}),
            feeds_file=tmp_path / "feeds.txt",
            eval_file=tmp_path / "missing.jsonl",  # the quality gate cannot run: the refresh fails
        ) as world:
            services = world.app.bot_data["services"]
            serving = services.retriever.index.version
            world.app.job_queue.run_once(jobs.refresh_job, 0)
            (told,) = await world.server.wait_for(lambda c: to_chat(FR)(c) and "échoué" in c.params["text"])
            assert "fichier introuvable" in parse(told.params["text"]).text and serving in told.params["text"]
            assert services.retriever.index.version == serving

            services.settings = services.settings.model_copy(update={"eval_file": None})
            world.app.job_queue.run_once(jobs.refresh_job, 0)
            # last_refresh is set before the switch: wait for the switch itself (a busy machine
            # may poll in between).
            await world.server.wait_for(
                lambda c: c.method == "getUpdates" and services.retriever.index.version != serving,
                timeout=120,
            )
            assert services.retriever.index.version != serving
            assert NEW_TITLE in services.retriever.index.documents["drome-residence"].title
