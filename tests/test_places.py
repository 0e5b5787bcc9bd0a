"""An English question's countries are given their French names too ("labs in Denmark" →
"labs in Denmark (Danemark)"): the collection is French, and neither side matched the two."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.search.places import apart, french_places
from tests.conftest import archive_posts_index


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("labs in Denmark", "labs in Denmark (Danemark)"),
        ("innovation labs in the United Kingdom", "innovation labs in the United Kingdom (Royaume-Uni)"),
        ("public innovation in the netherlands?", "public innovation in the netherlands (Pays-Bas)?"),
        ("labs in Chile and Spain", "labs in Chile (Chili) and Spain (Espagne)"),
        # Written alike, or given already: as typed.
        ("labs in Canada", "labs in Canada"),
        ("Audrey Tang and Taiwan", "Audrey Tang and Taiwan"),
        ("labs in Denmark (Danemark)", "labs in Denmark (Danemark)"),
        # Part of a word, or no place a post is about.
        ("Danish design and Spanish labs", "Danish design and Spanish labs"),
        ("labs around the world", "labs around the world"),
        ("European Union and innovation", "European Union and innovation"),
        ("labs in Latin America", "labs in Latin America"),
    ],
)
def test_english_country_names_are_given_their_french_names(text, written):
    assert french_places(text) == written


@given(st.text(max_size=80))
@example("Spain-based labs in Spain")
def test_the_text_is_kept_whole_and_given_its_french_names_once(text):
    written = french_places(text)
    # Only added: every character typed is kept, in order; and once given, the names stay once.
    rest = iter(written)
    assert all(c in rest for c in text)
    assert french_places(written) == written


DENMARK = "le-danemark-ou-le-discours-de-la-methode-de-linnovation"
LABS = [  # posts about labs anywhere, two of them in English
    "la-drole-de-vie-des-labs",
    "the-strange-life-of-lab",
    "le-dessous-des-labs",
    "lab-builders-why-how-and-some-thinking-about-the-next-generation-of-labs-programmes",
    "labs-for-system-change-des-labos-qui-veulent-changer-le-systeme-partie-1",
    "ischool-une-ecole-pour-remettre-de-la-reflexivite-dans-linnovation-publique",
    "penser-la-nouvelle-fabrique-des-politiques-publiques",
    "think-the-new-factory-of-public-policies",
    "que-peut-faire-leurope-pour-booster-linnovation-publique",
    "que-faire-des-politiques-dinnovation",
]


@pytest.fixture(scope="module")
def places_retriever(tmp_path_factory: pytest.TempPathFactory, real_embedder):
    return archive_posts_index(tmp_path_factory.mktemp("places"), real_embedder, [DENMARK, *LABS])


def test_a_text_given_names_is_read_apart_as_each():
    assert apart("posts about Denmark (Danemark)?") == ("posts about Denmark?", "Danemark")
    assert apart("labs in Chile (Chili) and Spain (Espagne)") == (
        "labs in Chile and Spain",
        "Chili",
        "Espagne",
    )
    assert apart("les tiers-lieux") == ("les tiers-lieux",)


def test_a_country_alone_is_a_name_the_posts_write_in_french(places_retriever):
    # "Denmark (Danemark)?" was no name (brackets): refused, though the posts write "Danemark".
    result = places_retriever.search("posts about Denmark?", 5)
    assert DENMARK in [hit.doc_id for hit in result.hits]
    counted = places_retriever.search("how many posts about Denmark?", 5).mentioning
    assert counted is not None and counted.name == "Denmark / Danemark" and counted.count >= 1


@pytest.mark.parametrize(("question", "rank"), [("public innovation in Denmark", 1), ("labs in Denmark", 3)])
def test_an_english_question_naming_a_country_finds_the_posts_about_it(places_retriever, question, rank):
    # Before, the posts about labs or innovation anywhere came first: the post about Denmark fifth
    # for the first question, not shown for the second.
    result = places_retriever.search(question, 5)
    shown = [hit.url.rstrip("/").rsplit("/", 1)[-1] for hit in result.hits]
    assert result.relevant and DENMARK in shown[:rank], shown
