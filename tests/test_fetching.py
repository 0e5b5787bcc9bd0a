"""`innobot corpus fetch` against a local HTTP server serving WordPress-style feeds."""

from __future__ import annotations

import frontmatter
import pytest

from bot.ingest.corpus import load_corpus
from bot.ingest.fetching import fetch
from tests.conftest import make_settings
from tests.feed_server import BILLION_LAUGHS, Entry, feed_server, wordpress_feed
from tests.pdf_fixtures import sample_report
from tests.test_cli import innobot

SITE = "https://labo.example.fr"
FIRST = Entry(
    "Un labo d'innovation au Val-d'Oise",
    "labo-val-doise",
    "<p>Le département du Val-d'Oise ouvre un laboratoire d'innovation publique.</p>"
    "<p>Il associe les agents et les usagers.</p>",
)
SECOND = Entry(
    "La résidence en immersion",
    "residence-immersion",
    "<p>Une équipe s'installe trois semaines dans un collège pour observer les usages.</p>",
)


@pytest.fixture
def settings(tmp_path):
    return make_settings(tmp_path, feed_timeout=2.0, fetch_delay=0.0, fetch_retries=1)


def tree(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_fetching_twice_writes_nothing_the_second_time(settings):
    with feed_server() as server:
        url = server.serve("/feed/", wordpress_feed(SITE, [FIRST, SECOND]))
        first = fetch(settings, [url])
        files = {p.name: p.read_text() for p in settings.corpus_dir.glob("*.md")}
        again = fetch(settings, [url])
    (source,) = first.sources
    assert (source.title, source.added, source.updated) == (
        "Blog du labo",
        ("labo-val-doise", "residence-immersion"),
        (),
    )
    assert (again.added, again.updated, again.sources[0].not_modified) == (0, 0, True)  # HTTP 304
    assert {p.name: p.read_text() for p in settings.corpus_dir.glob("*.md")} == files
    assert server.hits == ["/feed/", "/feed/"]
    post = frontmatter.load(settings.corpus_dir / "labo-val-doise.md")
    assert post["url"] == f"{SITE}/2026/11/labo-val-doise/" and post["guid"] == f"{SITE}/?p=101"
    documents = {d.id: d for d in load_corpus(settings.corpus_dir)}
    assert "Partager" not in documents["labo-val-doise"].text
    assert documents["labo-val-doise"].date.isoformat() == "2026-11-03"


def test_a_changed_post_is_rewritten_in_place_and_a_new_one_added(settings):
    with feed_server() as server:
        url = server.serve("/feed/", wordpress_feed(SITE, [FIRST, SECOND]))
        fetch(settings, [url])
        changed = Entry(
            FIRST.title, "nouveau-permalien", FIRST.body_html + "<p>Mise à jour : un second site.</p>"
        )
        third = Entry("Les données ouvertes", "donnees-ouvertes", "<p>Un guide des données ouvertes.</p>")
        # The same GUIDs (?p=101, ?p=102) in the same order; the permalink of the first changed.
        server.serve("/feed/", wordpress_feed(SITE, [changed, SECOND, third]))
        report = fetch(settings, [url])
    assert (report.sources[0].added, report.sources[0].updated) == (
        ("donnees-ouvertes",),
        ("labo-val-doise",),
    )
    assert "un second site" in (settings.corpus_dir / "labo-val-doise.md").read_text()
    assert len(list(settings.corpus_dir.glob("*.md"))) == 3


def test_hostile_and_broken_feeds_are_refused_and_the_others_still_fetched(settings, tmp_path):
    outside_before = tree(tmp_path.parent)
    with feed_server() as server:
        good = server.serve("/good", wordpress_feed(SITE, [FIRST]))
        bomb = server.serve("/bomb", BILLION_LAUGHS)
        huge = server.serve("/huge", b"<rss>" + b" " * 30_000_000 + b"</rss>")
        slow = server.serve("/slow", wordpress_feed(SITE, [SECOND]) * 3, delay=0.5)
        evil = server.serve(
            "/evil",
            wordpress_feed(
                "https://e.fr",
                [Entry("../../etc/x", "x", "<p>Texte piégé.</p>", link="https://e.fr/../../etc/x/")],
            ),
        )
        missing = server.url + "/nothing"
        report = fetch(settings, [bomb, huge, slow, missing, evil, good])
    errors = {s.source.rsplit("/", 1)[1]: s.error for s in report.sources}
    reasons = {name: error.reason for name, error in errors.items() if error}
    assert reasons == {"bomb": "entities", "huge": "too_big", "slow": "too_slow", "nothing": "http"}
    # administrators read these in Telegram after each refresh: in their language
    assert errors["huge"] and errors["huge"].explain("fr") == "plus de 20 Mo"
    assert errors["slow"] and errors["slow"].explain("fr") == "plus de 2 s pour arriver"
    assert errors["nothing"] and errors["nothing"].explain("en") == "HTTP 404"
    assert sorted(p.name for p in settings.corpus_dir.glob("*.md")) == ["etc-x.md", "labo-val-doise.md"]
    new_elsewhere = set(tree(tmp_path.parent)) - set(outside_before)
    assert all(name.startswith(f"{tmp_path.name}/corpus/") for name in new_elsewhere), new_elsewhere


def test_the_command_reads_the_feeds_file_and_exits_1_when_a_feed_fails(tmp_path):
    with feed_server() as server:
        good = server.serve("/feed", wordpress_feed(SITE, [FIRST]))
        (tmp_path / "feeds.txt").write_text(f"# nos flux\n{good}\n{server.url}/gone  # fermé\n")
        env = {"INNOBOT_CORPUS_DIR": str(tmp_path / "corpus"), "INNOBOT_INDEX_DIR": str(tmp_path / "index")}
        proc = innobot("corpus", "fetch", env=env, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "Blog du labo : 1 nouveau(x), 0 modifié(s), 0 inchangé(s), 0 écarté(s)" in proc.stdout
    assert f"{server.url}/gone : échec — le serveur a répondu HTTP 404" in proc.stdout
    assert (tmp_path / "corpus" / "labo-val-doise.md").is_file()


def test_no_feed_at_all_is_a_one_line_error(tmp_path):
    proc = innobot("corpus", "fetch", cwd=tmp_path, env={"INNOBOT_INDEX_DIR": str(tmp_path / "i")})
    assert (
        proc.returncode == 2 and "Aucune source" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    )


def test_refresh_fetches_the_listed_feeds_updates_the_index_and_queues_alerts(tmp_path, seed_index):
    import shutil

    from tests.conftest import SEED_CORPUS

    shutil.copytree(SEED_CORPUS, tmp_path / "corpus")
    shutil.copytree(seed_index.index_dir, tmp_path / "index")
    env = {
        "INNOBOT_CORPUS_DIR": str(tmp_path / "corpus"),
        "INNOBOT_INDEX_DIR": str(tmp_path / "index"),
        "INNOBOT_FEEDS_FILE": str(tmp_path / "feeds.txt"),
        "INNOBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    with feed_server() as server:
        (tmp_path / "feeds.txt").write_text(
            server.serve("/feed", wordpress_feed(SITE, [FIRST, SECOND])) + "\n"
        )
        proc = innobot("refresh", env=env, cwd=tmp_path)
        again = innobot("refresh", env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Blog du labo : 2 nouveau(x)" in proc.stdout
    assert "Posts ajoutés : 2 (labo-val-doise, residence-immersion)" in proc.stdout
    assert "Alertes : 7 nouveau(x) document(s)" in proc.stdout
    assert again.returncode == 0 and "Index à jour" in again.stdout
    assert "Blog du labo : inchangé depuis la dernière récupération" in again.stdout


def test_a_duplicate_guid_and_a_huge_post_served_over_http_are_left_out_and_reported(tmp_path):
    settings = make_settings(tmp_path, post_max_chars=5_000)
    twin = Entry("Ancienne version", "ancienne", "<p>Le même billet, plus ancien.</p>", guid=f"{SITE}/?p=101")
    huge = Entry("Rapport intégral", "rapport", "<p>" + "innovation publique " * 2_000 + "</p>")
    with feed_server() as server:
        url = server.serve("/feed", wordpress_feed(SITE, [FIRST, twin, huge]))
        report = fetch(settings, [url])
    (source,) = report.sources
    assert source.added == ("labo-val-doise",)
    assert [(s.title, s.reason) for s in source.skipped] == [
        ("Ancienne version", "duplicate"),
        ("Rapport intégral", "too_long"),
    ]
    assert [p.name for p in settings.corpus_dir.glob("*.md")] == ["labo-val-doise.md"]


PAGE = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Le labo</title></head><body>
<header class="site-header"><nav class="main-navigation"><ul><li>Accueil</li><li>Blog</li></ul></nav></header>
<main id="main"><article class="post type-post">
<h1 class="entry-title">La résidence en immersion</h1>
<div class="entry-content">
<p>Une équipe s'installe trois semaines dans un collège pour observer les usages.</p>
<p>Les agents de la restauration scolaire et les élèves prototypent un nouveau self.</p>
<div class="sharedaddy"><h3>Partager :</h3><a>Twitter</a></div>
</div></article>
<div id="comments" class="comments-area"><h2>Laisser un commentaire</h2>
<form id="commentform"><label>Nom</label><input name="author"></form></div>
</main><aside class="widget-area"><h2>Articles récents</h2></aside>
<footer class="site-footer">© Le labo — Mentions légales</footer></body></html>"""


def test_a_summary_only_feed_gets_each_post_from_its_page_once(settings):
    with feed_server() as server:
        entry = Entry(
            "La résidence en immersion",
            "residence-immersion",
            "<p>Une équipe s'installe trois semaines dans un collège [&hellip;]</p>",
            excerpt_only=True,
        )
        url = server.serve("/feed", wordpress_feed(server.url, [entry]), etag=False)  # read whole each time
        server.serve("/2026/11/residence-immersion/", PAGE, content_type="text/html; charset=utf-8")
        first = fetch(settings, [url])
        again = fetch(settings, [url])
        page_hits = server.hits.count("/2026/11/residence-immersion/")
    assert first.added == 1 and again.sources[0].unchanged == 1 and page_hits == 1
    text = (settings.corpus_dir / "residence-immersion.md").read_text()
    assert "prototypent un nouveau self" in text
    for furniture in ("Accueil", "Partager", "commentaire", "Nom", "Articles récents", "Mentions légales"):
        assert furniture not in text, furniture


def test_force_reads_feeds_and_pages_again_and_rewrites_only_what_came_out_different(settings):
    entry = Entry(
        "La résidence", "residence-immersion", "<p>Une équipe s'installe [&hellip;]</p>", excerpt_only=True
    )
    with feed_server() as server:
        url = server.serve("/feed", wordpress_feed(server.url, [entry]))  # answers 304 when unchanged
        page = "/2026/11/residence-immersion/"
        server.serve(page, PAGE, content_type="text/html; charset=utf-8")
        fetch(settings, [url])
        forced_unchanged = fetch(settings, [url], force=True)
        better = PAGE.replace("nouveau self.</p>", "nouveau self. Ils restituent en juin.</p>")
        server.serve(page, better, content_type="text/html; charset=utf-8")
        forced_changed = fetch(settings, [url], force=True)
        assert (server.hits.count("/feed"), server.hits.count(page)) == (3, 3)
    assert not forced_unchanged.sources[0].not_modified and forced_unchanged.sources[0].unchanged == 1
    assert forced_changed.updated == 1
    assert "Ils restituent en juin." in (settings.corpus_dir / "residence-immersion.md").read_text()


def test_an_unchanged_feed_costs_a_304_and_a_changed_one_is_read_again(settings):
    with feed_server() as server:
        url = server.serve("/feed", wordpress_feed(SITE, [FIRST]))
        fetch(settings, [url])
        unchanged = fetch(settings, [url])
        server.serve("/feed", wordpress_feed(SITE, [FIRST, SECOND]))
        changed = fetch(settings, [url])
    assert unchanged.sources[0].not_modified and unchanged.sources[0].title == "Blog du labo"
    from bot.present.reports import fetch_lines

    assert fetch_lines(unchanged, "en", 1000) == ["Blog du labo: unchanged since the last fetch"]
    assert not changed.sources[0].not_modified and changed.sources[0].added == ("residence-immersion",)


def test_progress_counts_each_feed_whatever_became_of_it(settings):
    from bot.present.reports import Progress, progress_line

    progress = Progress()
    with feed_server() as server:
        good = server.serve("/feed", wordpress_feed(SITE, [FIRST]))
        sources = [good, server.url + "/nothing", good]
        report = fetch(settings, sources, progress=progress.factory)
    assert [bool(s.error) for s in report.sources] == [False, True, False]
    assert progress_line(progress, "fr") == "⏳ Récupération des flux : 3/3\n▓▓▓▓▓▓▓▓▓▓▓▓ 100 %"


def test_the_pdf_reports_a_post_links_on_its_site_are_fetched_once_and_cite_it(settings, tmp_path, caplog):
    pdf = sample_report(tmp_path / "rapport.pdf").read_bytes()
    with feed_server() as server:
        site = server.url
        server.serve("/wp-content/uploads/rapport-2019.pdf", pdf, content_type="application/pdf")
        server.serve("/wp-content/uploads/casse.pdf", pdf[: len(pdf) // 2], content_type="application/pdf")
        body = (
            "<p>Notre rapport d'activité est en ligne, avec ses résidences et ses ateliers.</p>"
            f'<p><a href="{site}/wp-content/uploads/rapport-2019.pdf">Rapport d’activité 2019 du labo</a>'
            ' · <a href="/wp-content/uploads/casse.pdf">version courte</a>'
            ' · <a href="https://ailleurs.example.org/autre.pdf">sur un autre site</a></p>'
        )
        entry = Entry("Le rapport 2019 est en ligne", "rapport-en-ligne", body)
        url = server.serve("/feed/", wordpress_feed(site, [entry]))
        first = fetch(settings, [url])
        again = fetch(settings, [url], force=True)  # the feed read again: the report is not
        off = fetch(settings.model_copy(update={"fetch_pdf_links": False}), [url], force=True)
    assert first.sources[0].added == ("rapport-2019", "rapport-en-ligne")
    assert server.hits.count("/wp-content/uploads/rapport-2019.pdf") == 1
    assert again.added == 0 and off.added == 0
    assert not any("ailleurs" in hit for hit in server.hits)  # only the post's own site
    assert "casse.pdf skipped: damaged" in caplog.text  # named in the log, the rest goes on
    assert sorted(p.name for p in settings.corpus_dir.glob("*.pdf*")) == [
        "rapport-2019.pdf",
        "rapport-2019.pdf.yml",
    ]
    documents = {d.id: d for d in load_corpus(settings.corpus_dir)}
    report = documents["rapport-2019"]
    assert report.title == "Rapport d’activité 2019 du labo"  # the link's words
    assert report.url == f"{site}/wp-content/uploads/rapport-2019.pdf"
    assert report.cited_by == f"{site}/2026/11/rapport-en-ligne/" and str(report.date) == "2026-11-03"
    assert len(report.page_starts) == 14
    assert not report.backfilled and not documents["rapport-en-ligne"].backfilled  # a feed's: news


def test_a_report_linked_by_a_post_of_an_archive_walk_is_marked_as_back_filled_like_it(settings, tmp_path):
    import datetime as dt
    from functools import partial

    from bot.ingest.feeds import FeedPost
    from bot.ingest.fetching import client_for, fetch_reports, store_posts

    pdf = sample_report(tmp_path / "rapport.pdf").read_bytes()
    with feed_server() as server:
        site = server.url
        server.serve("/wp-content/uploads/rapport-2012.pdf", pdf, content_type="application/pdf")
        post = FeedPost(
            key=f"{site}/2012/rapport/",
            url=f"{site}/2012/rapport/",
            guid=None,
            title="Notre rapport 2012",
            date=dt.date(2012, 6, 1),
            author=None,
            tags=(),
            text="Le rapport d'activité 2012 est en ligne, avec ses résidences et ses ateliers.",
            slug="rapport-2012-en-ligne",
            reports=((f"{site}/wp-content/uploads/rapport-2012.pdf", "Rapport d'activité 2012"),),
        )
        client = client_for(settings)
        walked = partial(fetch_reports, client=client, corpus_dir=settings.corpus_dir, backfill=True)
        added, _, _ = store_posts(settings.corpus_dir, [post], {}, reports=walked, backfill=True)
    assert added == ["rapport-2012", "rapport-2012-en-ligne"]
    documents = {d.id: d for d in load_corpus(settings.corpus_dir)}
    assert documents["rapport-2012-en-ligne"].backfilled and documents["rapport-2012"].backfilled
    assert documents["rapport-2012"].cited_by == post.url
