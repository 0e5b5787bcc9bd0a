"""Links pasted in a question: read whatever way they are typed, and the post they name first."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.search.links import link_key, pasted_links
from tests.conftest import archive_posts_index

FING = "https://www.la27eregion.fr/celebrer-la-fing/"


@pytest.mark.parametrize(
    "typed",
    [
        FING,
        "http://la27eregion.fr/celebrer-la-fing",
        "www.la27eregion.fr/celebrer-la-fing/",
        "la27eregion.fr/celebrer-la-fing/",
        "HTTPS://WWW.LA27EREGION.FR/Celebrer-la-FING/",
        "https://www.la27eregion.fr/celebrer-la-fing/?utm_source=newsletter#commentaires",
        "https://www.la27eregion.fr/celebrer%2Dla%2Dfing/",
    ],
)
def test_an_address_has_one_key_whatever_way_it_is_typed(typed):
    assert link_key(typed) == "la27eregion.fr/celebrer-la-fing"


@pytest.mark.parametrize(
    ("text", "links"),
    [
        (f"{FING}", [FING]),
        (f"c'est quoi ce post {FING} ?", [FING]),
        (f"vu ici : {FING}.", [FING]),
        (f"(source : {FING})", [FING]),
        (f"« {FING} »", [FING]),
        ("lu sur la27eregion.fr/celebrer-la-fing, et alors ?", ["la27eregion.fr/celebrer-la-fing"]),
        ("la 27e Région, etc. et la FING", []),
        ("quels labos en 2020.", []),
        ("le site la27eregion.fr sans chemin", []),
    ],
)
def test_links_are_found_in_a_question_without_the_punctuation_around_them(text, links):
    assert [text[link.start : link.end] for link in pasted_links(text)] == links


@given(st.text(max_size=200))
def test_any_text_gives_links_that_stand_in_it_each_with_its_key(text):
    previous_end = 0
    for link in pasted_links(text):
        assert previous_end <= link.start < link.end <= len(text)
        assert link.key and link.key == link_key(text[link.start : link.end])
        previous_end = link.end


@given(
    st.sampled_from(["", "http://", "https://", "HTTPS://"]),
    st.booleans(),
    st.from_regex(r"[a-z0-9]{1,12}\.(fr|org|eu)", fullmatch=True),
    st.lists(st.from_regex(r"[a-z0-9-]{1,20}", fullmatch=True), min_size=1, max_size=3),
    st.sampled_from(["", "/", "/?utm_source=x", "#top"]),
    st.sampled_from(["", " ?", ".", ")", " !"]),
)
def test_a_pasted_address_is_found_and_keyed_as_its_plain_form(scheme, www, host, path, end, mark):
    address = f"{scheme}{'www.' if www else ''}{host}/{'/'.join(path)}{end}"
    (link,) = pasted_links(f"vu sur {address}{mark}")
    assert link.key == f"{host}/{'/'.join(path)}"


FING_AND_NEIGHBOURS = [  # the FING post, and posts that share the words of its address
    "celebrer-la-fing",
    "technologie-et-prospective-territoriale",
    "la-recherche-et-la-27e-region-nouveau-cap",
    "fabriquons-une-relance-en-transitions",
    "10-ans-et-apres-la-27e-region-fera-t-elle-sa-crise-dado",
    "la-27e-region-a-besoin-de-ses-lecteurs",
    "la-transfo-des-labos-dinnovation-pour-agir-sur-le-reel",
]


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory, real_embedder):
    return archive_posts_index(tmp_path_factory.mktemp("links"), real_embedder, FING_AND_NEIGHBOURS)


@pytest.mark.parametrize(
    "question", [FING, "la27eregion.fr/celebrer-la-fing", f"tu peux me résumer {FING} ?"]
)
def test_the_post_whose_address_is_pasted_comes_first(linked, question):
    """Searched as words, the address found "La recherche et la 27e Région : nouveau cap" first on
    the archive; the post it names is now first, then the posts like it."""
    result = linked.search(question, 5)
    assert result.question == question  # the card names what was typed
    assert result.hits[0].doc_id == "celebrer-la-fing", [h.doc_id for h in result.hits]
    assert len({h.doc_id for h in result.hits}) > 1
    # "Plus de résultats" goes on without it.
    assert "celebrer-la-fing" not in [h.doc_id for h in linked.search(question, 5, offset=1).hits]


def test_the_post_whose_address_is_pasted_is_shown_from_its_start(linked):
    """Searched as its title, the Transfo post showed its closing lines ("… Le meilleur reste à
    venir !"); its opening says what it is about."""
    (first, *_) = linked.search(
        "https://www.la27eregion.fr/la-transfo-des-labos-dinnovation-pour-agir-sur-le-reel/", 5
    ).hits
    assert first.doc_id == "la-transfo-des-labos-dinnovation-pour-agir-sur-le-reel"
    assert first.passage.text.startswith("La Transfo est un programme de recherche-action")


def test_a_link_to_no_post_of_the_collection_is_searched_as_typed(linked):
    unknown = "https://example.org/celebrer-la-fing/"
    assert linked._pasted(f"et {unknown} ?") == (f"et {unknown} ?", None)
