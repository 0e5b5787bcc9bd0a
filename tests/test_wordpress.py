"""The pure parts of archive back-filling: REST answers, sitemaps, sources, pages, Retry-After."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.errors import CorpusError, FeedError
from bot.ingest.feeds import FeedPost, Skipped, media_note
from bot.ingest.pages import page_post
from bot.ingest.sitemaps import parse_sitemap
from bot.ingest.sources import Source, parse_sources
from bot.ingest.web import retry_after, user_agent
from bot.ingest.wordpress import (
    api_root_from_headers,
    api_root_from_html,
    is_past_the_end,
    parse_posts_page,
    posts_endpoint,
    posts_url,
    rest_post,
    wordpress_com_posts,
)
from tests.wordpress_site import load_fixture

POST = {
    "id": 14318,
    "date": "2025-04-14T13:54:35",
    "modified_gmt": "2025-04-14T15:39:01",
    "guid": {"rendered": "https://www.la27eregion.fr/ancien-lien/"},
    "link": "https://www.la27eregion.fr/et-si-avant-de-supprimer/",
    "title": {"rendered": "Et si, avant de supprimer des institutions, on apprenait &#8230;"},
    "content": {
        "rendered": "<p>Une petite musique monte.</p><script>x()</script><p>Elle <a href='#'>dure</a>.</p>",
        "protected": False,
    },
    "status": "publish",
    "_embedded": {
        "author": [{"name": "Stéphane Vincent"}],
        "wp:term": [
            [{"taxonomy": "category", "name": "Non classé"}],
            [{"taxonomy": "post_tag", "name": "État"}],
        ],
    },
}


def test_a_rest_post_becomes_a_corpus_post_known_by_its_wordpress_id():
    post = rest_post(POST, 10_000)
    assert isinstance(post, FeedPost)
    assert post.guid == "https://www.la27eregion.fr/?p=14318"  # the shortlink every route shows
    assert post.title == "Et si, avant de supprimer des institutions, on apprenait …"
    assert (post.author, post.tags, post.date) == ("Stéphane Vincent", ("État",), dt.date(2025, 4, 14))
    assert post.text == "Une petite musique monte.\n\nElle dure."
    assert post.slug == "et-si-avant-de-supprimer"


def test_protected_empty_and_embed_only_posts():
    assert rest_post({**POST, "content": {"rendered": "<p>x</p>", "protected": True}}, 1000) == Skipped(
        "Et si, avant de supprimer des institutions, on apprenait …", "protected"
    )
    assert isinstance(rest_post({**POST, "content": {"rendered": ""}}, 1000), Skipped)
    slideshow = '<object><param name="movie" value="http://static.slidesharecdn.com/swf/p.swf"/></object>'
    embedded = rest_post({**POST, "content": {"rendered": slideshow}}, 1000)
    assert isinstance(embedded, FeedPost) and "document intégré (slidesharecdn.com)" in embedded.text
    assert media_note("<p>rien</p>", "T") == ""


def test_a_page_of_posts_gives_the_newest_modification_and_refuses_a_cut_answer():
    page = parse_posts_page(
        json.dumps([POST, {**POST, "id": 2, "modified_gmt": "2026-01-01T00:00:00"}]).encode(), 10_000
    )
    assert len(page.posts) == 2 and page.newest_modified == "2026-01-01T00:00:00"
    with pytest.raises(FeedError) as cut:
        parse_posts_page(json.dumps([POST])[:50].encode(), 10_000)
    assert cut.value.reason == "bad_json"
    assert is_past_the_end(400, b'{"code":"rest_post_invalid_page_number","message":"..."}')
    assert not is_past_the_end(400, b'{"code":"rest_invalid_param"}') and not is_past_the_end(200, b"[]")


def test_the_real_export_parses_whole():
    posts = [rest_post(p, 200_000) for p in load_fixture()]
    assert sum(isinstance(p, FeedPost) for p in posts) == 372
    assert len({p.key for p in posts if isinstance(p, FeedPost)}) == 372


def test_endpoints_and_discovery():
    assert posts_endpoint("https://x.fr/wp-json/") == "https://x.fr/wp-json/wp/v2/posts"
    assert posts_endpoint("https://x.fr/?rest_route=/") == "https://x.fr/?rest_route=/wp/v2/posts"
    assert posts_url("https://x.fr/?rest_route=/wp/v2/posts", 2).startswith(
        "https://x.fr/?rest_route=/wp/v2/posts&per_page=100&page=2"
    )
    assert "modified_after=2025-01-01T00%3A00%3A00" in posts_url(
        "https://x.fr/wp-json/wp/v2/posts", 1, "2025-01-01T00:00:00"
    )
    assert wordpress_com_posts("https://territoiresenresidences.wordpress.com/2012/03/") == (
        "https://public-api.wordpress.com/wp/v2/sites/territoiresenresidences.wordpress.com/posts"
    )
    assert wordpress_com_posts("https://www.la27eregion.fr") is None
    assert (
        api_root_from_headers('<https://x.fr/wp-json/>; rel="https://api.w.org/"') == "https://x.fr/wp-json/"
    )
    assert api_root_from_headers('<javascript:x>; rel="https://api.w.org/"') is None
    head = "<link rel='https://api.w.org/' href='https://x.fr/wp-json/' />"
    assert api_root_from_html(head) == "https://x.fr/wp-json/"


def test_sitemaps_index_and_urlset():
    index = parse_sitemap(
        b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>https://x.fr/s1.xml</loc></sitemap><sitemap><loc>ftp://x</loc></sitemap></sitemapindex>"
    )
    assert index.sitemaps == ("https://x.fr/s1.xml",) and index.pages == ()
    urls = parse_sitemap(
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc> https://x.fr/a </loc>'
        b"<lastmod>2024-01-02</lastmod></url><url><loc>https://x.fr/b</loc></url></urlset>"
    )
    assert urls.pages == (("https://x.fr/a", "2024-01-02"), ("https://x.fr/b", None))
    with pytest.raises(FeedError):
        parse_sitemap(b"<html>not a sitemap</html>")


def test_sources_file_lines():
    sources = parse_sources(
        "# comment\nhttps://a.fr  archive  name=27e  # the blog\n\n"
        "https://b.fr/feed.xml\n/tmp/local.xml NAME=Local\n"
    )
    assert sources == [
        Source("https://a.fr", True, "27e"),
        Source("https://b.fr/feed.xml"),
        Source("/tmp/local.xml", False, "local"),
    ]
    with pytest.raises(CorpusError, match="sources:2: unknown word 'archiv'"):
        parse_sources("https://a.fr\nhttps://b.fr archiv\n")


def test_retry_after_and_user_agent():
    assert retry_after("120") == 120.0 and retry_after(None) is None and retry_after("soon") is None
    assert (
        retry_after(
            "Tue, 01 Dec 2026 10:00:30 GMT", now=dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC).timestamp()
        )
        == 30
    )
    assert user_agent("https://ministere.gouv.fr/innobot").startswith("innobot/")
    assert user_agent("https://ministere.gouv.fr/innobot").endswith("(+https://ministere.gouv.fr/innobot)")


WORDPRESS_PAGE = """<html><head><title>Un labo – Le blog</title>
<link rel="canonical" href="https://x.fr/un-labo/"><link rel='shortlink' href='https://x.fr/?p=42'>
<meta property="article:published_time" content="2023-05-04T10:00:00+00:00"></head>
<body><nav>Accueil Contact</nav><article><h1>Un labo</h1><div class="entry-content">
<p>Le département ouvre un laboratoire d'innovation publique avec ses agents et des usagers.</p>
<p>Les premiers projets portent sur l'accueil des usagers et la simplification des formulaires.</p>
<div class="sharedaddy">Partager : Twitter</div></div></article>
<div id="comments">Laisser un commentaire</div><footer>Mentions légales</footer></body></html>"""


def test_a_page_gives_its_post_known_by_shortlink_and_canonical_link():
    post = page_post(WORDPRESS_PAGE.encode(), "https://x.fr/un-labo/?utm_source=x", 10_000)
    assert isinstance(post, FeedPost)
    assert (post.guid, post.url, post.title, post.date) == (
        "https://x.fr/?p=42",
        "https://x.fr/un-labo/",
        "Un labo",
        dt.date(2023, 5, 4),
    )
    assert "simplification des formulaires" in post.text
    for furniture in ("Partager", "Laisser un commentaire", "Mentions légales", "Accueil Contact"):
        assert furniture not in post.text
    assert isinstance(page_post(b"", "https://x.fr/vide", 1000), Skipped)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_any_text_as_a_sources_file_parses_or_names_its_line(content):
    try:
        sources = parse_sources(content)
    except CorpusError as exc:
        assert str(exc).startswith("sources:")
    else:
        assert all(s.location and "#" not in s.location and not s.location.isspace() for s in sources)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(json_values, max_size=4) | json_values)
def test_any_json_answer_gives_posts_or_a_named_refusal(data):
    try:
        page = parse_posts_page(json.dumps(data).encode(), 10_000)
    except FeedError as exc:
        assert exc.reason == "bad_json" and not isinstance(data, list)
    else:
        assert isinstance(data, list)
        for post in page.posts:
            assert post.title and post.text and post.key


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_any_bytes_as_a_sitemap_give_urls_or_a_named_refusal(body):
    try:
        found = parse_sitemap(body)
    except FeedError as exc:
        assert exc.reason in ("not_a_sitemap", "entities")
    else:
        assert all(u.startswith(("http://", "https://")) for u, _ in found.pages)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=500))
def test_any_page_gives_a_post_or_a_reason(html):
    found = page_post(html.encode(), "https://x.fr/p", 10_000)
    assert isinstance(found, Skipped | FeedPost)
    if isinstance(found, FeedPost):
        assert found.title and found.text and found.url == "https://x.fr/p"


def test_a_page_gives_the_reports_its_article_links_not_those_of_its_menus():
    page = (
        '<html><head><title>Le rapport</title><link rel="canonical" href="https://x.fr/rapport/"></head>'
        '<body><nav><a href="/plaquette.pdf">Plaquette</a></nav><article><h1>Le rapport est en ligne</h1>'
        "<p>Nous publions notre rapport d'activité 2019, avec ses résidences, ses ateliers et ses "
        "chantiers dans les territoires : une lecture utile pour les agents.</p>"
        '<p>Téléchargez <a href="/wp-content/uploads/rapport-2019.pdf">le rapport d’activité 2019</a>, '
        'ou <a href="https://ailleurs.fr/autre.pdf">celui d’un autre site</a>.</p></article>'
        '<footer><a href="/mentions.pdf">Mentions légales</a></footer></body></html>'
    )
    post = page_post(page.encode(), "https://x.fr/rapport/", 10_000)
    assert isinstance(post, FeedPost)
    assert post.reports == (
        ("https://x.fr/wp-content/uploads/rapport-2019.pdf", "le rapport d’activité 2019"),
    )
