"""Back-filling a whole site: the real La 27e Région archive served by a fake WordPress on 127.0.0.1."""

from __future__ import annotations

import json
import re
from pathlib import Path

import frontmatter
import pytest

from bot.ingest.archive import probe
from bot.ingest.corpus import load_corpus
from bot.ingest.fetching import client_for, fetch, source_state
from bot.ingest.sources import Source
from bot.present.reports import fetch_lines, probe_line
from tests.conftest import make_settings
from tests.wordpress_site import Fault, load_fixture, plain_site, wordpress_site

POSTS = 372


@pytest.fixture
def settings(tmp_path):
    return make_settings(tmp_path, fetch_delay=0.0, feed_timeout=2.0)


def corpus_posts(settings) -> dict[str, frontmatter.Post]:
    return {p.stem: frontmatter.load(p) for p in sorted(settings.corpus_dir.glob("*.md"))}


def test_the_rest_api_brings_every_post_with_its_metadata_then_a_rerun_costs_two_requests(settings):
    with wordpress_site() as site:
        report = fetch(settings, [Source(site.base, archive=True)])
        first_requests = len(site.log)
        again = fetch(settings, [Source(site.base, archive=True)])
        rerun = site.paths[first_requests:]
    (source,) = report.sources
    assert (source.method, len(source.added), source.error, source.failed) == ("rest", POSTS, None, ())
    posts = corpus_posts(settings)
    assert len(posts) == POSTS
    for post in posts.values():
        assert post["title"] and post["url"].startswith(site.base) and post["date"] and post["author"]
        assert re.fullmatch(rf"{re.escape(site.base)}/\?p=\d+", post["guid"])
        assert "<" not in post.content and "&rsquo;" not in post.content
    tagged = sum(1 for p in posts.values() if p.get("tags"))
    assert tagged == sum(1 for p in load_fixture() if p["tags"])  # every post the API tags
    long_post = posts["10-ans-et-apres-la-27e-region-fera-t-elle-sa-crise-dado"]
    assert long_post.content.count("\n\n") > 10  # paragraphs kept
    assert (again.added, again.updated) == (0, 0)
    assert len(rerun) <= 2 and any("modified_after=" in p for p in rerun)
    assert "(archive par l'API REST WordPress) : 372 nouveau(x)" in fetch_lines(report, "fr", 1000)[0]


def test_an_edited_post_is_rewritten_in_place_and_a_new_one_added_by_the_next_run(settings):
    with wordpress_site() as site:
        fetch(settings, [Source(site.base, archive=True)])
        site.touch(7795, "<p>Texte révisé : la 27e Région fête ses dix ans à Troyes.</p>")
        import datetime as dt

        site.add(
            "Un billet tout neuf", "<p>Un nouveau laboratoire ouvre à Nancy.</p>", dt.datetime.now(dt.UTC)
        )
        before = len(site.log)
        report = fetch(settings, [Source(site.base, archive=True)])
        requests = len(site.log) - before
    (source,) = report.sources
    assert source.updated == ("10-ans-et-apres-la-27e-region-fera-t-elle-sa-crise-dado",)
    assert len(source.added) == 1 and requests <= 2
    assert "fête ses dix ans à Troyes" in (settings.corpus_dir / f"{source.updated[0]}.md").read_text()
    assert len(list(settings.corpus_dir.glob("*.md"))) == POSTS + 1


@pytest.mark.parametrize("route", ["paged_feed", "sitemap"])
def test_without_the_rest_api_the_same_posts_come_through_the_feed_or_the_sitemap(settings, tmp_path, route):
    with wordpress_site() as site:
        reference = make_settings(tmp_path / "ref", fetch_delay=0.0)
        fetch(reference, [Source(site.base, archive=True)])
        site.rest = False
        site.feed = route == "paged_feed"
        report = fetch(settings, [Source(site.base, archive=True)])
    (source,) = report.sources
    assert source.method == route and not source.failed and source.error is None
    by_rest = {(p["url"], p["title"]) for p in corpus_posts(reference).values()}
    by_route = {(p["url"], p["title"]) for p in corpus_posts(settings).values()}
    assert len(by_route) == POSTS and by_route == by_rest
    documents = {d.url: d for d in load_corpus(settings.corpus_dir)}
    crisis = documents[f"{site.base}/10-ans-et-apres-la-27e-region-fera-t-elle-sa-crise-dado/"]
    assert "Troyes fin aout 2018" in crisis.text
    for furniture in (
        "Laisser un commentaire",
        "Articles récents",
        "Mentions légales",
        "Merci pour ce billet",
    ):
        assert furniture not in crisis.text


def test_a_post_seen_through_the_feed_the_api_and_the_sitemap_is_one_file(settings):
    with wordpress_site() as site:
        site.rest = False
        fetch(settings, [Source(site.base + "/feed/")])  # the 10 latest, as a feed reader
        site.rest = True
        fetch(settings, [Source(site.base, archive=True)])
        state = source_state(settings.corpus_dir)
        state[site.base]["archive"] = {"method": "sitemap"}
        (settings.corpus_dir / ".feeds.json").write_text(json.dumps(state))
        report = fetch(settings, [Source(site.base, archive=True)])
    assert report.sources[0].method == "sitemap" and report.sources[0].added == ()
    assert len(list(settings.corpus_dir.glob("*.md"))) == POSTS


def test_a_feed_listed_before_its_sites_archive_does_not_make_the_latest_posts_news(settings):
    """A new site added with its feed and its archive: the walk runs first and marks every post as
    a back-fill; the feed finds its ten posts known. Read again through the feed after an edit,
    a walked post keeps its mark (an old post is history whichever way it came)."""
    with wordpress_site() as site:
        report = fetch(settings, [Source(site.base + "/feed/"), Source(site.base, archive=True)])
        feed, walk = report.sources  # reported in the order listed
        assert (feed.source, walk.source) == (site.base + "/feed/", site.base)
        assert feed.added == () and len(walk.added) == POSTS
        posts = corpus_posts(settings)
        assert len(posts) == POSTS and all(post["backfill"] is True for post in posts.values())
        newest = max(site.posts, key=lambda p: p["date"])
        site.touch(newest["id"], "<p>Texte révisé : le programme continue à Troyes.</p>")
        again = fetch(settings, [Source(site.base + "/feed/")])
    (edited,) = again.sources[0].updated
    rewritten = corpus_posts(settings)[edited]
    assert "continue à Troyes" in rewritten.content and rewritten["backfill"] is True


def test_a_site_without_feed_or_api_is_read_through_its_sitemap_with_trafilatura(settings):
    pages = {
        f"/blog/projet-{n}": (
            f"Projet {n} du labo",
            f"2024-0{n}-1{n}",
            f"<p>Le projet {n} associe des agents et des usagers du service public.</p>"
            f"<p>Il a été conçu avec une équipe de designers pendant {n} semaines.</p>",
        )
        for n in range(1, 6)
    }
    pages["/prive/brouillon"] = ("Brouillon", "2024-01-01", "<p>Ne pas publier.</p>")
    with plain_site(pages) as site:
        report = fetch(settings, [Source(site.base, archive=True)])
    (source,) = report.sources
    assert source.method == "sitemap" and len(source.added) == 5
    assert any("/prive/brouillon" in where and error.reason == "robots" for where, error in source.failed)
    post = frontmatter.load(settings.corpus_dir / "projet-3.md")
    assert post["title"] == "Projet 3 du labo" and str(post["date"]) == "2024-03-13"
    assert "pendant 3 semaines" in post.content and "Plan du site" not in post.content
    assert "/prive/brouillon" not in " ".join(site.paths)  # robots.txt obeyed: never asked


def test_probe_says_what_each_site_offers(settings):
    with wordpress_site() as site, client_for(settings) as client:
        rest = probe(client, site.base)
        site.rest = False
        paged = probe(client, site.base)
        site.feed = False
        sitemap = probe(client, site.base)
        site.sitemap = False
        nothing = probe(client, site.base)
    assert (rest.method, rest.total) == ("rest", POSTS)
    assert (paged.method, paged.feed_items) == ("paged_feed", 10)
    assert (sitemap.method, sitemap.total) == ("sitemap", POSTS)
    assert nothing.method is None
    assert "372 post(s)" in probe_line(rest, "fr") and "rien d'utilisable" in probe_line(nothing, "fr")


def test_under_faults_every_reachable_post_is_fetched_what_failed_is_named_and_the_pace_kept(tmp_path):
    settings = make_settings(tmp_path, fetch_delay=0.2, feed_timeout=1.0, fetch_retries=2)
    posts = load_fixture()[:250]  # three pages of 100
    with wordpress_site(posts) as site:
        rest = "/wp-json/wp/v2/posts"
        site.faults = {rest: Fault("429", times=1, retry_after=1)}
        page = "{}?per_page=100&page={}&orderby=id&order=asc&_embed=author%2Cwp%3Aterm&_fields=" + (
            "id%2Cdate%2Cdate_gmt%2Cmodified_gmt%2Cguid%2Clink%2Cslug%2Ctitle%2Ccontent%2Cexcerpt%2Cstatus%2C_links%2C_embedded"
        )
        site.faults[page.format(rest, 2)] = Fault("cut", times=1)  # asked again, then fine
        site.faults[page.format(rest, 3)] = Fault("503", times=10)  # never recovers this run
        report = fetch(settings, [Source(site.base, archive=True)])
        first, gap = report.sources[0], site.min_gap()
        site.faults.clear()
        again = fetch(settings, [Source(site.base, archive=True)]).sources[0]
    assert first.method == "rest" and len(first.added) == 200
    assert [(error.reason, error.params.get("status")) for _, error in first.failed] == [("http", 503)]
    assert len(again.added) == 50  # the page that failed is read first on the next run
    assert len(list(settings.corpus_dir.glob("*.md"))) == 250
    assert gap >= 0.2 - 0.01  # never two requests to the host closer than INNOBOT_FETCH_DELAY


def test_a_slow_page_and_a_redirect_loop_are_named_the_other_pages_fetched(tmp_path):
    settings = make_settings(tmp_path, fetch_delay=0.0, feed_timeout=1.0, fetch_retries=1)
    posts = load_fixture()[:12]
    with wordpress_site(posts) as site:
        site.rest = site.feed = False
        slow, looping = (urlpath(p["link"]) for p in site.posts[:2])
        site.faults = {slow: Fault("slow", times=5), looping: Fault("loop", times=50)}
        report = fetch(settings, [Source(site.base, archive=True)])
    (source,) = report.sources
    reasons = {urlpath(where): error.reason for where, error in source.failed}
    assert reasons == {slow: "too_slow", looping: "redirect_loop"}
    assert len(source.added) == 10
    lines = fetch_lines(report, "en", 1000)
    assert "2 page(s) not read" in lines[0] and any("redirect loop" in line for line in lines)


def urlpath(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_a_source_that_offers_nothing_is_named_and_doctor_reports_it(settings, tmp_path):
    from bot.doctor import check_feeds

    sources = tmp_path / "sources.txt"
    with wordpress_site(load_fixture()[:3]) as site:
        site.rest = site.feed = site.sitemap = False
        sources.write_text(f"{site.base} archive  # nothing there\n")
        checked = settings.model_copy(update={"feeds_file": sources})
        report = fetch(checked, [Source(site.base, archive=True)])
    assert report.failed == 1 and report.sources[0].error.reason == "nothing_to_archive"
    row = check_feeds(checked, "en")
    assert row.status == "warn" and site.base in row.detail


def test_the_shipped_sources_file_lists_the_labs_with_a_comment_each():
    from bot.ingest.sources import read_sources

    path = Path(__file__).resolve().parents[1] / "sources.txt"
    sources = read_sources(path)
    hosts = {s.location for s in sources}
    assert "https://www.la27eregion.fr" in hosts and "https://blog.beta.gouv.fr/feed.xml" in hosts
    assert any("territoiresenresidences.wordpress.com" in h for h in hosts)
    assert {s.location for s in sources if s.archive} >= {"https://www.la27eregion.fr"}
    lines = [line for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")]
    assert all("#" in line for line in lines)  # a comment on every source line


def test_a_backfill_killed_five_times_resumes_without_duplicate_or_partial_file(tmp_path):
    import os
    import random
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import REPO

    corpus = tmp_path / "corpus"
    env = {k: v for k, v in os.environ.items() if not k.startswith("INNOBOT_")}
    env.update(
        INNOBOT_FETCH_DELAY="0",
        INNOBOT_INDEX_DIR=str(tmp_path / "index"),
        INNOBOT_FEEDS_FILE=str(tmp_path / "none.txt"),
        PYTHONPATH=str(REPO),
    )
    rng = random.Random(1201)
    with wordpress_site() as site:
        # The paged feed (38 pages of 10 posts): a kill may land while a page's posts are written.
        # (The sitemap route saves progress the same way, after each page; it takes 5× longer.)
        site.rest = False
        command = [
            sys.executable,
            "-m",
            "bot",
            "corpus",
            "fetch",
            "--archive",
            site.base,
            "--corpus",
            str(corpus),
        ]
        for _ in range(5):
            seen = len(site.log)
            child = subprocess.Popen(
                command, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            target = seen + rng.randint(3, 8)
            deadline = time.monotonic() + 60
            while len(site.log) < target and child.poll() is None and time.monotonic() < deadline:
                time.sleep(0.01)  # polls the server's request count; the kill lands mid-fetch
            child.send_signal(signal.SIGKILL)
            child.wait()
        done = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    files = sorted(corpus.glob("*.md"))
    guids = [frontmatter.load(p)["guid"] for p in files]
    assert len(files) == POSTS and len(set(guids)) == POSTS
    assert not [p for p in corpus.iterdir() if p.name.startswith(".post-")]
    assert all(frontmatter.load(p).content.strip() for p in files)


def test_a_backfilled_archive_raises_no_alert_and_a_post_of_today_does(tmp_path):
    import datetime as dt

    from bot import service
    from bot.alerts import announcing
    from tests.fakes import FakeEmbedder

    # The count rule (a run of 1,000 posts or more is a back-fill) is out of the way: what keeps the
    # archive quiet is that its posts came through an archive walk — as for a site of 50 posts, or
    # the rest of a walk that was interrupted.
    settings = make_settings(
        tmp_path, fetch_delay=0.0, embedding_model="fake-model", alerts_backfill_min=1000
    )
    embedder = FakeEmbedder()
    topics = [
        "laboratoire d'innovation publique",
        "communs",
        "design des politiques publiques",
        "résidence",
        "participation citoyenne",
        "évaluation",
        "transition écologique",
        "numérique",
        "achat public",
        "formation des agents",
        "santé",
        "logement",
        "forêts",
        "intelligence artificielle",
        "prospective",
        "métropoles",
        "départements",
        "jeunesse",
        "culture",
        "mobilité",
    ]
    store = service.open_store(settings)
    try:
        for chat, topic in enumerate(topics, start=1):
            vector = embedder.embed_query(topic).tobytes()
            status, _ = store.subscriptions.add(chat, "fr", topic, (), vector, embedder.name, 20)
            assert status == "added"

        def index_and_announce() -> announcing.AnnounceReport:
            service.update_index(settings, lambda: embedder)
            retriever = service.open_retriever(settings, lambda: embedder)
            return announcing.announce(store, retriever, service.match_params(settings))

        with wordpress_site() as site:
            fetch(settings, [Source(site.base, archive=True)])
            assert all(post["backfill"] is True for post in corpus_posts(settings).values())
            backfill = index_and_announce()
            assert (backfill.new_documents, backfill.subscriptions, backfill.alerts) == (POSTS, 20, 0)
            site.add(
                "Un nouveau laboratoire d'innovation publique à Nancy",
                "<p>La métropole ouvre un laboratoire d'innovation publique avec ses agents.</p>"
                "<p>Le laboratoire associe les usagers à la conception des services.</p>",
                dt.datetime.now(dt.UTC),
            )
            fetch(settings, [Source(site.base, archive=True)])
        fresh = index_and_announce()
        assert fresh.new_documents == 1 and fresh.alerts >= 1
        assert sum(store.outbox.counts().values()) == fresh.alerts
    finally:
        store.close()
