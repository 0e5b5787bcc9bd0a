"""Feed parsing and HTML-to-text: pure functions, WordPress-style samples and properties."""

from __future__ import annotations

import re
import urllib.parse
from html import escape

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.errors import CorpusError
from bot.ingest.feeds import entry_key, html_to_markdown, normalise_url, parse_feed, report_links
from tests.feed_server import BILLION_LAUGHS, Entry, wordpress_feed

SITE = "https://labo.example.fr"
BODY = (
    "<p>Le <strong>Val-d'Oise</strong> a créé un <a href='https://x.fr'>laboratoire</a> d'innovation.</p>"
    "<h2>Méthode</h2><p>Les agents testent avec les usagers.</p><ul><li>immersion</li><li>prototype</li></ul>"
    "<figure class='wp-block-image'><img src='DSC_0042.jpg' alt='DSC_0042'/><figcaption>DSC_0042</figcaption>"
    "</figure><script>alert('x')</script>"
    "<div id='respond'><h3>Laisser un commentaire</h3><form><input name='email'/></form></div>"
)


def test_a_wordpress_body_keeps_its_prose_and_loses_its_furniture():
    text = html_to_markdown(BODY + "<nav>Accueil Blog Contact</nav>")
    assert "Le Val-d'Oise a créé un laboratoire d'innovation." in text
    assert "## Méthode" in text and "- immersion" in text
    for junk in ("alert", "DSC_0042", "commentaire", "email", "Accueil", "https://x.fr"):
        assert junk not in text
    assert "\n\n" in text  # paragraphs stay paragraphs


def test_a_popup_left_in_a_body_is_not_prose():
    # As in "Fabriquons une relance en transitions !" (2020): a mail extension's popup, three times.
    popup = (
        '<div id="fenetremailtotoPopup"><div id="fenetremailtopopupContentToModalMail">'
        '<div id="fenetremailtoclosePopupModal"></div>'
        '<div id="fenetremailtomailModal">What do you want to do ?'
        '</div><p><a id="fenetremailtonewCreateAppEmailButtonOpen"></a>New mail'
        '<button id="fenetremailtobuttonCopyClipboard">Copy</button></p></div></div>'
    )
    text = html_to_markdown("<p>Pour plus d’informations : infos@la27eregion.fr</p>" + popup * 3)
    assert text == "Pour plus d’informations : infos@la27eregion.fr"


def test_gutenberg_markup_becomes_plain_paragraphs_and_feed_footers_are_dropped():
    from bot.ingest.cleaning import clean_post

    html = (
        "<!-- wp:paragraph --><p>La Mission innovation de la Gironde<br>accompagne les <em>agents</em>.</p>"
        "<blockquote class='wp-block-quote'><p>« On a testé avec les usagers »</p><cite>Une agente</cite>"
        "</blockquote><table><tr><th>Année</th><th>Projets</th></tr><tr><td>2019</td><td>12</td></tr></table>"
        "<p>The post <a href='https://x'>Gironde</a> appeared first on <a href='https://y'>Blog</a>.</p>"
        "<p>L’article <a href='https://x'>Gironde</a> est apparu en premier sur "
        "<a href='https://y'>La 27e</a>.</p>"
    )
    paragraphs = clean_post(html_to_markdown(html), "Gironde").text.split("\n\n")
    assert paragraphs == [
        "La Mission innovation de la Gironde accompagne les agents.",
        "« On a testé avec les usagers »",
        "Une agente",
        "Année — Projets",
        "2019 — 12",
    ]


def test_a_feed_gives_posts_with_their_metadata():
    feed = parse_feed(
        wordpress_feed(
            SITE, [Entry("Les labos des départements", "labos-departements", BODY, categories=("Labo",))]
        ).encode(),
        100_000,
    )
    (post,) = feed.posts
    assert feed.title == "Blog du labo"
    assert (post.title, post.slug, post.url) == (
        "Les labos des départements",
        "labos-departements",
        f"{SITE}/2026/11/labos-departements/",
    )
    assert post.guid == f"{SITE}/?p=101" and post.key == normalise_url(f"{SITE}/?p=101")
    assert str(post.date) == "2026-11-03" and post.tags == ("Labo",) and post.author == "La rédaction"
    assert "Partager" not in post.text and "Articles similaires" not in post.text


def test_duplicate_guids_keep_the_first_entry():
    entries = [
        Entry("Version récente", "a", "<p>Texte récent du billet.</p>", guid="g-1"),
        Entry("Version ancienne", "a-old", "<p>Texte ancien du billet.</p>", guid="g-1"),
    ]
    feed = parse_feed(wordpress_feed(SITE, entries).encode(), 100_000)
    assert [p.title for p in feed.posts] == ["Version récente"]
    assert [(s.title, s.reason) for s in feed.skipped] == [("Version ancienne", "duplicate")]


def test_a_huge_post_is_left_out_not_truncated():
    huge = "<p>" + "innovation publique " * 20_000 + "</p>"
    feed = parse_feed(
        wordpress_feed(
            SITE, [Entry("Énorme", "enorme", huge), Entry("Court", "court", "<p>Un texte.</p>")]
        ).encode(),
        50_000,
    )
    assert [p.title for p in feed.posts] == ["Court"]
    assert feed.skipped[0].reason == "too_long"


def test_a_malicious_slug_becomes_a_plain_file_stem():
    entry = Entry("../../etc/x", "x", "<p>Texte.</p>", link=f"{SITE}/../../etc/passwd%2F..%2Fx")
    (post,) = parse_feed(wordpress_feed(SITE, [entry]).encode(), 10_000).posts
    assert re.fullmatch(r"[a-z0-9-]+", post.slug)


@pytest.mark.parametrize(
    "document",
    [
        BILLION_LAUGHS,
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<rss version="2.0"><channel><title>&x;</title></channel></rss>',
    ],
    ids=["billion-laughs", "external-entity"],
)
def test_xml_entity_attacks_are_refused(document):
    with pytest.raises(CorpusError, match="XML entities"):
        parse_feed(document.encode(), 10_000)


def test_what_is_not_a_feed_is_refused_in_one_line():
    with pytest.raises(CorpusError) as info:
        parse_feed(b"<html><body>Page d'erreur</body>", 10_000)
    assert "\n" not in str(info.value)


@given(st.text())
@example("<![0")  # Python's HTML parser rejects it: found by this test in CI
def test_html_to_markdown_never_fails(raw):
    assert isinstance(html_to_markdown(raw), str)


def test_markup_python_cannot_parse_is_read_by_a_more_forgiving_parser():
    assert html_to_markdown("<p>Un billet sur les communs.</p><![0") == "Un billet sur les communs."


@given(
    st.text(alphabet=st.characters(blacklist_characters="<&")),
    st.text(alphabet=st.characters(blacklist_characters="<&")),
)
def test_scripts_styles_and_forms_never_reach_the_text(before, after):
    text = html_to_markdown(
        f"<p>{before}</p><script>evil()</script><style>x{{}}</style><form>mail</form>{after}"
    )
    assert "evil()" not in text and "x{}" not in text and "mail" not in text.replace(before + after, "")


@given(
    st.from_regex(
        r"https?://[a-zA-Z0-9.-]{1,20}(:[0-9]{1,5})?(/[a-zA-Z0-9._~%-]{0,10}){0,3}/?(\?[a-z_]{1,8}=[a-z0-9]{0,5}(&utm_source=x)?)?(#[a-z]{0,5})?",
        fullmatch=True,
    )
)
def test_url_normalisation_is_idempotent_and_drops_what_does_not_name_the_page(url):
    once = normalise_url(url)
    assert normalise_url(once) == once
    assert "#" not in once and "utm_" not in once and not once.endswith("/")


def test_the_same_post_has_one_key_however_its_link_is_written():
    assert entry_key(None, "HTTPS://Labo.example.fr/2026/11/post/?utm_source=rss#comments") == entry_key(
        None, "https://labo.example.fr/2026/11/post"
    )
    assert entry_key("tag:blog,2026:42", "https://a.fr/x") == "tag:blog,2026:42"


@given(st.text(), st.text())
def test_slugs_are_always_safe_file_stems(title, link_path):
    entry = Entry(title or "t", "s", "<p>Un texte suffisant.</p>", link=f"{SITE}/{link_path}")
    feed = parse_feed(wordpress_feed(SITE, [entry]).encode(), 10_000)
    for post in feed.posts:
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", post.slug) and len(post.slug) <= 80


HREFS = st.sampled_from(
    [
        "/a.pdf", "https://x.fr/b.PDF", "https://www.x.fr/c.pdf#page=2", "javascript:x.pdf", "https://y.fr/d.pdf",
        "//x.fr/e.pdf", "mailto:f.pdf", "g.pdf?v=1", "/h.docx", "", "https://x.fr/i.pdf",
    ]
)  # fmt: skip


@given(
    st.lists(st.tuples(HREFS, st.text(max_size=20), st.text(max_size=30)), max_size=15),
    st.sampled_from(["https://x.fr/p/", None]),
)
def test_report_links_never_fail_and_stay_pdfs_of_the_page_site(anchors, url):
    html = "".join(f'{before}<a href="{escape(href)}">{escape(label)}</a>' for href, label, before in anchors)
    links = report_links(html, url)
    assert len(links) <= 10 and len({link for link, _ in links}) == len(links)
    for link, _ in links:
        parts = urllib.parse.urlsplit(link)
        assert parts.scheme in ("http", "https") and parts.hostname in ("x.fr", "www.x.fr")
        assert parts.path.lower().endswith(".pdf") and not parts.fragment
