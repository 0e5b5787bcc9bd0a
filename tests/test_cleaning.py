"""The cleaner removes blog furniture from any post, starting with the raw seed posts."""

from __future__ import annotations

import datetime as dt
import re

import frontmatter
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.ingest.cleaning import clean_post, parse_date
from tests.conftest import SEED_CORPUS

BOILERPLATE = re.compile(
    r"Laisser un commentaire|Votre adresse de messagerie|balises et attributs HTML|"
    r"champs obligatoires|IMG_\d+|TS9 - suzanne|\bdav\b|Posted on|<a href",
)


@pytest.mark.parametrize("path", sorted(SEED_CORPUS.glob("*.md")), ids=lambda p: p.stem)
def test_seed_posts_lose_their_boilerplate_and_keep_their_prose(path):
    post = frontmatter.load(path)
    cleaned = clean_post(post.content, str(post["title"]))
    assert not BOILERPLATE.search(cleaned.text), BOILERPLATE.search(cleaned.text)
    # Nothing but furniture goes: the cleaned text keeps >90 % of the characters.
    assert len(cleaned.text) > 0.9 * len(" ".join(post.content.split())) - 400


def test_raw_seeds_do_carry_boilerplate():
    raw = "\n".join(p.read_text(encoding="utf-8") for p in SEED_CORPUS.glob("*.md"))
    for marker in ("Laisser un commentaire", "IMG_3547", "TS9 - suzanne (49)", "dav dav", "Posted on"):
        assert marker in raw


def test_comment_section_is_cut_whatever_follows():
    raw = "Un vrai paragraphe.\n\nLaisser un commentaire\n\nJean : bravo !\n\nNom *"
    assert clean_post(raw).text == "Un vrai paragraphe."


def test_byline_becomes_metadata():
    cleaned = clean_post("Posted on 25 novembre 2016 par Magali Marlin\n\nLe texte.")
    assert cleaned.text == "Le texte."
    assert cleaned.date == dt.date(2016, 11, 25)
    assert cleaned.author == "Magali Marlin"


def test_leading_title_repeats_are_dropped_but_not_later_mentions():
    title = "Les aventuriers font escale"
    raw = f"billet blogger | {title}\n\n{title}\n\nTexte.\n\n{title}"
    assert clean_post(raw, title).text == f"Texte.\n\n{title}"


@pytest.mark.parametrize(
    "caption",
    [
        "IMG_3547",
        "DSC01234",
        "TS9 - suzanne (29) dav dav",
        "dav",
        "PJJ guadeloupe_SIP 2016",
        "190719 carte postale",
        "photo.jpeg",
        "musette",
    ],
)
def test_image_captions_are_dropped(caption):
    assert clean_post(f"Avant.\n\n{caption}\n\nAprès.").text == "Avant.\n\nAprès."


@pytest.mark.parametrize("heading", ["Ailleurs", "Outils / méthodes", "Jour 1 – jeudi 27 juin 2019", "Vital"])
def test_real_headings_stay(heading):
    assert heading in clean_post(f"Avant.\n\n{heading}\n\nAprès.").text


def test_markdown_and_html_are_reduced_to_text():
    raw = "## Titre\n\nVoir [le rapport](https://x.fr) et ![img](a.png) **important** <em>ici</em>."
    assert clean_post(raw).text == "Titre\n\nVoir le rapport et important ici."


def test_share_furniture_is_dropped():
    raw = "Texte utile.\n\nPartager :\n\nTwitter\n\nFacebook\n\nJ’aime ça :"
    assert clean_post(raw).text == "Texte utile."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2017-10-13", dt.date(2017, 10, 13)),
        ("13/10/2017", dt.date(2017, 10, 13)),
        ("1er août 2019", dt.date(2019, 8, 1)),
        ("25 Novembre 2016", dt.date(2016, 11, 25)),
        ("sans date", None),
        ("31 février 2019", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@given(st.text())
def test_cleaning_any_text_is_total_and_idempotent(raw):
    once = clean_post(raw)
    assert clean_post(once.text).text == once.text
    assert "\r" not in once.text
    assert all(line.strip() == line and line for line in once.text.split("\n\n") if once.text)
