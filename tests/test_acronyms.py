"""Acronyms the collection defines, spelled out for the model (bot.search.acronyms). Pure, fast."""

from __future__ import annotations

import re

import numpy as np
from hypothesis import assume, given
from hypothesis import strategies as st

from bot.search.acronyms import ACRONYM, forms, mine, other_forms, spelled_out
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
