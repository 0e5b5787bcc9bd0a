"""Posts in a language ("des ressources sur les labs en anglais"), on real archive posts: the
archive holds a few English posts among French ones, some of them on the same subject."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from bot.present.cards import render_card
from bot.search.retrieval import Retriever
from tests.conftest import archive_posts_index

ENGLISH = ["the-strange-life-of-lab", "hong-kong-a-perfect-place-for-a-labs-conversation-2"]
FRENCH = ["la-drole-de-vie-des-labs", "des-labos-dinnovation-pour-les-nouvelles-grandes-regions"]


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory: pytest.TempPathFactory, real_embedder):
    return archive_posts_index(tmp_path_factory.mktemp("languages"), real_embedder, ENGLISH + FRENCH)


def test_the_warm_up_reads_the_posts_languages_so_the_first_asker_does_not_wait(bilingual):
    fresh = Retriever(bilingual.index, bilingual.embedder, bilingual.params)
    assert not fresh.catalogue.languages
    fresh.warm_up()  # as every retriever is before it serves (service.open_retriever, hot swap)
    written = fresh.catalogue.languages
    assert {fresh.catalogue.ids[i] for i in np.flatnonzero(written["en"])} == set(ENGLISH)
    assert int(written["fr"].sum()) == len(FRENCH)


def test_a_language_keeps_the_posts_written_in_it(bilingual):
    plain = bilingual.search("les labos d'innovation", 10)
    assert set(ENGLISH) & {h.doc_id for h in plain.hits} and set(FRENCH) & {h.doc_id for h in plain.hits}
    english = bilingual.search("les labos d'innovation en anglais", 10)
    assert english.hits and {h.doc_id for h in english.hits} <= set(ENGLISH)
    assert english.terms == plain.terms  # "en anglais" is not searched
    assert "🌐 in English" in render_card(english, "en").html
    french = bilingual.search("labs written in French", 10)
    assert french.hits and {h.doc_id for h in french.hits} <= set(FRENCH)
    # Alone, the posts in that language, newest first.
    listed = bilingual.search("les articles en anglais", 10)
    assert [h.doc_id for h in listed.hits] == [ENGLISH[1], ENGLISH[0]] and listed.recent
    assert "🌐 en anglais" in render_card(listed, "fr").html


@pytest.mark.parametrize(
    "question", ["which French regions have an innovation lab?", "labs for the new large regions"]
)
def test_an_english_question_finds_the_french_post_about_it_before_english_ones(bilingual, question):
    # "Des labos d'innovation pour les nouvelles grandes Régions ?" answers it; before, the English
    # "The strange life of lab" came first: an English question sits closer to any English passage.
    result = bilingual.search(question, 4)
    assert result.english and result.hits[0].doc_id == FRENCH[1], [h.doc_id for h in result.hits]
    plain = Retriever(bilingual.index, bilingual.embedder, replace(bilingual.params, english_affinity=0.0))
    unchanged = plain.search(question, 4)
    assert unchanged.hits[0].doc_id == ENGLISH[0]  # without it, as before
    assert unchanged.relevance == result.relevance  # whether to answer reads the plain cosine


def test_a_french_question_is_ranked_as_before(bilingual):
    plain = Retriever(bilingual.index, bilingual.embedder, replace(bilingual.params, english_affinity=0.0))
    for question in ("les labos d'innovation des régions", "la drôle de vie des labs"):
        assert [h.doc_id for h in bilingual.search(question, 4).hits] == [
            h.doc_id for h in plain.search(question, 4).hits
        ]
