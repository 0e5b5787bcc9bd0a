"""Acronyms the collection defines, spelled out for the model (bot.search.acronyms). Pure, fast."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from bot.analysis import asks_about_something
from bot.search.acronyms import (
    ACRONYM,
    ENGLISH_FORMS,
    forms,
    french_forms,
    mine,
    other_forms,
    spelled_out,
    used_with,
)
from bot.search.retrieval import Retriever

SIP = "Semaine de l’innovation publique"


def test_an_acronym_is_defined_by_the_long_form_before_or_after_it_in_brackets():
    assert mine(
        [
            f"Nous étions à la {SIP} (SIP) cette année, avec la DITP (Délégation "
            "interministérielle à la transformation publique).",
            "Les pôles territoriaux de coopération économique (PTCE) se développent.",
        ]
    ) == {
        "SIP": SIP,
        "DITP": "Délégation interministérielle à la transformation publique",
        "PTCE": "pôles territoriaux de coopération économique",
    }


def test_brackets_whose_words_do_not_spell_the_acronym_define_nothing():
    assert mine(["Une belle fête (SIP).", "Le labo du Kent (GB).", "La DFCG de la culture (DC)."]) == {}
    assert mine(["Un seul mot (A).", "(SIP) sans rien avant"]) == {}


def test_an_acronym_defined_several_ways_takes_the_way_most_often_written():
    texts = [
        "le programme d'investissements d'avenir (PIA)",
        "le Programme d'investissements d'avenir (PIA)",
        "le plan d'investissement d'avenir (PIA)",
    ]
    assert mine(texts) == {"PIA": "programme d'investissements d'avenir"}


def test_an_acronym_never_bracketed_takes_the_long_form_the_posts_using_it_write():
    posts = [
        "Retour sur l'AG de juin. Notre assemblée générale a voté le budget.",
        "Ah zut, j'ai raté l'AG ! L'Assemblée générale était à Lyon, la DRH y était.",
        "Les RH de la région : la direction des ressources humaines et l'AG.",
        "Les RH encore, avec les ressources humaines du département.",
    ]
    assert used_with(posts) == {"AG": "assemblée générale", "RH": "ressources humaines"}
    assert mine(posts) == {}  # no bracket
    # One post is not enough, and an acronym a bracket defines is left to it.
    assert used_with(posts[:1]) == {}
    assert used_with(posts, defined={"AG"}) == {"RH": "ressources humaines"}


def test_words_next_to_each_other_by_chance_are_not_a_long_form():
    # Function words ("est très", "une série"), a list of names, another acronym, a tie, a word
    # typed in capitals ("ET"): nothing to spell out.
    assert (
        used_with(["La RE est très belle. ET encore trop.", "La RE est très grande. ET encore trop."]) == {}
    )
    assert used_with(['partager : "Linkedin","Email" LE', 'partager : "Linkedin","Email" LE']) == {}
    assert used_with(["Le PS du Public Sector, Pôle Social.", "Le PS : Pôle Social, Public Sector."]) == {}
    assert used_with(["La DRH de la Direction Régionale RH", "la DRH, Direction Régionale RH"]) == {}


@given(st.lists(st.text(alphabet=st.sampled_from("ABGab ()’'-éÉ,.\n"), max_size=60), max_size=6))
def test_a_long_form_found_beside_an_acronym_spells_it(texts: list[str]):
    for acronym, long in used_with(texts).items():
        initials = [
            word[0]
            for word in re.findall(r"[^\W\d_]+", long)
            if word.lower() not in ("a", "à", "de", "d", "l")
        ]
        assert "".join(initials).upper().replace("É", "E") == acronym


def test_a_question_s_acronyms_are_spelled_out_once_unless_it_writes_them_out():
    table = {"SIP": SIP, "IA": "intelligence artificielle"}
    assert spelled_out("la SIP et l'IA, encore la SIP", table) == (
        f"la SIP ({SIP}) et l'IA (intelligence artificielle), encore la SIP"
    )
    assert (
        spelled_out("SIP semaine de l'innovation publique", table) == "SIP semaine de l'innovation publique"
    )
    assert spelled_out("l'IA (intelligence)", table) == "l'IA (intelligence)"
    assert spelled_out("QUE FAIT LA SIP ?", table) == "QUE FAIT LA SIP ?"  # typed in capitals
    assert spelled_out("la SIPP et les IAs", table) == "la SIPP et les IAs"


def test_the_words_side_looks_for_the_other_form_of_an_acronym():
    known = forms({"PTCE": "pôles territoriaux de coopération économique", "IA": "intelligence artificielle"})
    assert [acronym for acronym, _ in known] == ["ptce", "ia"]
    ptce = known[0][1]
    assert sorted(other_forms(["ptce", "financ"], known)) == sorted(ptce)
    assert other_forms([*sorted(ptce), "financ"], known) == ["ptce"]
    # Part of a long form is not the long form; a question with both forms needs nothing more.
    assert other_forms(["pol", "financ"], known) == []
    assert other_forms(["ptce", *sorted(ptce)], known) == []


@given(st.lists(st.sampled_from(["ptce", "ia", "intelligent", "artificiel", "pol", "x"]), max_size=8))
def test_the_other_forms_are_new_terms_each_once(terms: list[str]):
    known = forms({"PTCE": "pôles territoriaux de coopération économique", "IA": "intelligence artificielle"})
    extra = other_forms(terms, known)
    assert len(extra) == len(set(extra)) and not set(extra) & set(terms)


@given(st.text(max_size=300))
def test_spelling_out_only_adds_the_long_forms(text: str):
    table = {"SIP": SIP, "RSA": "revenu de solidarité active"}
    assume(not any(f"({long})" in text for long in table.values()))
    spelled = spelled_out(text, table)
    for long in table.values():
        spelled = spelled.replace(f" ({long})", "")
    assert spelled == text
    assert spelled_out(text, {}) == text


@given(st.lists(st.text(alphabet=st.sampled_from("ABCDab ()’'-é\n"), max_size=80), max_size=5))
def test_mining_any_text_gives_acronyms_with_long_forms(texts: list[str]):
    for acronym, long in mine(texts).items():
        assert re.fullmatch(ACRONYM, acronym) and long.strip() == long and len(long.split()) >= 1


def test_the_search_reads_the_collection_s_acronyms_spelled_out(retriever: Retriever):
    # The seed posts define "programme d'investissements d'avenir (PIA)".
    long = retriever.acronyms["PIA"]
    assert long.lower().startswith("programme d")
    question = "les lauréats du PIA"
    embed = retriever.embedder.embed_query
    vector = retriever.query_vector(question)
    assert float(np.dot(vector, embed(f"{question} ({long})"))) > 0.999
    assert float(np.dot(vector, embed(question))) < 0.99


def test_an_acronym_the_seed_posts_only_use_is_read_spelled_out_by_the_model_alone(retriever: Retriever):
    # The seed posts write "PE" and "Pôle Emploi", never one in brackets after the other.
    long = retriever.acronyms["PE"]
    assert long.lower() == "pôle emploi"
    question = "les agents de PE"
    vector = retriever.query_vector(question)
    assert float(np.dot(vector, retriever.embedder.embed_query(f"{question} ({long})"))) > 0.999
    # The words side keeps to bracketed acronyms: "Pôle emploi" typed in full does not look for "PE".
    assert "pe" not in {acronym for acronym, _ in retriever._acronym_forms}


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("any posts from 2023 about AI?", "any posts from 2023 about IA?"),
        ("AI", "IA"),
        ("AI in local government", "IA in local government"),
        ("NGOs and the EU", "ONG and the UE"),
        ("labs in the US and the UK", "labs in the États-Unis and the Royaume-Uni"),
        # Not the acronym: shouted French, after an apostrophe, inside a word or a compound.
        ("J'AI BESOIN D'AIDE", "J'AI BESOIN D'AIDE"),
        ("QUID DE L AI", "QUID DE L AI"),
        ("l'AI", "l'AI"),
        ("OpenAI", "OpenAI"),
        ("AIR quality", "AIR quality"),
        ("AI-driven labs", "AI-driven labs"),
    ],
)
def test_english_acronyms_are_written_as_french_writes_them(typed: str, written: str):
    assert french_forms(typed) == written


@given(st.text(alphabet=st.sampled_from("AIEUNGOKSa é'’-&?"), max_size=40))
@example("UK ABc")
def test_writing_english_acronyms_the_french_way_changes_only_them_once(text: str):
    written = french_forms(text)
    assert french_forms(written) == written
    if written != text:
        assert any(form in written for form in ENGLISH_FORMS.values())
        tokens = re.findall(r"[\w&]+", text)
        assert any(token in ENGLISH_FORMS for token in tokens)


def test_an_english_question_about_ai_searches_ia(retriever: Retriever):
    # "AI" lower-cased is "ai", a French function word: "any posts from 2023 about AI?" searched
    # nothing and listed the posts of 2023.
    parsed = retriever.parse("any posts from 2023 about AI?")
    assert "IA" in parsed.text and asks_about_something(parsed.text)
    assert "ia" in retriever.topic_terms("AI in local government")
