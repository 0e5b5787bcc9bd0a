"""French lexical analysis: elisions, accents, apostrophes, hyphens, numbers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.analysis import (
    CHAT_WORDS,
    _function_words,
    after_courtesy,
    agent_nouns,
    analyze,
    asks_about_something,
    correct_typos,
    fold_accents,
    fold_aligned,
    glued_elision,
    has_words,
    iter_terms,
    join_apart,
    looks_english,
    one_mark,
    reads_english,
    related_nouns,
    restore_accents,
    restore_case,
    small_talk,
    spell_out,
    split_glued,
    told_language,
    unglue,
)
from bot.search import spelling
from bot.topics import alert_request


def test_elisions_and_apostrophe_variants_give_the_same_terms():
    assert analyze("l’innovation") == analyze("l'innovation") == analyze("innovation") == ["innov"]
    assert analyze("qu’il s’agit d’expérimenter") == analyze("il agit expérimenter")


def test_an_elision_typed_without_its_apostrophe_is_read_as_one():
    assert glued_elision("cest") == "est"
    assert glued_elision("Léquipe") == "équipe"
    assert glued_elision("quil") == "il"
    assert glued_elision("lœuvre") == "œuvre"
    # No elided letter, or none before a vowel: not an elision.
    assert glued_elision("transfo") is None
    assert glued_elision("c") is None
    # One letter left: only "y" and "a" ("n'y", "m'a"); "lu" is a word.
    assert glued_elision("ny") == "y" and glued_elision("ma") == "a"
    assert glued_elision("lu") is None and glued_elision("nu") is None and glued_elision("ci") is None
    known = set(analyze("innovation équipe administration départ dune")).__contains__
    assert (
        unglue("Cest quoi ladministration de léquipe, quil dit, dinnovation ?", known)
        == "C'est quoi l'administration de l'équipe, qu'il dit, d'innovation ?"
    )
    # A word the collection uses stays as typed, and so does one whose remainder it does not use,
    # a noun after a letter that elides only before pronouns and verbs ("t'axes"), or English.
    assert unglue("départ, dune, linconnu, lance", known) == "départ, dune, linconnu, lance"
    assert unglue("taxes et impôts", set(analyze("axes")).__contains__) == "taxes et impôts"
    assert unglue("the sun is a star", known) == "the sun is a star"
    # A two-letter word the collection uses, glued in a word it never uses: "lag" is "l'AG".
    acronyms = set(analyze("AG IA")).__contains__
    assert unglue("lag de la 27e region et dia", acronyms) == "l'ag de la 27e region et d'ia"
    assert unglue("lag", known) == "lag"  # unless the collection does not use it either
    # A word the collection uses, far more rarely than the word after the elided letter: a typo of
    # its own posts. Not a name inside the text.
    rare = {"linnov", "laval"}

    def rarer(term: str, other: str) -> bool:
        return term in rare and other not in rare

    uses = set(analyze("innovation aval linnovation laval")).__contains__
    assert unglue("semaine de linnovation", uses, rarer) == "semaine de l'innovation"
    assert unglue("semaine de linnovation", uses) == "semaine de linnovation"
    assert unglue("le labo à Laval", uses, rarer) == "le labo à Laval"
    # A word the collection never uses that is rather a typo of a word it uses far more than the
    # remainder: left to the typo correction ("depatement" is "département", not "d'épatement").
    epat = set(analyze("épatement innovation")).__contains__
    assert unglue("labo depatement", epat) == "labo d'epatement"
    assert unglue("labo depatement dinnovation", epat, misspelt=lambda word, rest: rest == "epat") == (
        "labo depatement d'innovation"
    )


@given(
    st.sampled_from("c d j l m n s t qu".split()),
    st.from_regex(r"[aeiouyhéè][a-z0-9]{0,12}", fullmatch=True),
)
def test_a_glued_elision_gives_back_the_word_after_it(letter, word):
    expected = word if len(word) > 1 or word in ("a", "y") else None
    assert glued_elision(letter + word) == expected


@given(st.text(), st.sets(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", max_size=8)))
def test_ungluing_only_adds_apostrophes(text, known):
    repaired = unglue(text, known.__contains__)
    assert repaired.replace("'", "") == text.replace("'", "")
    assert repaired.count("'") - text.count("'") == len(repaired) - len(text) >= 0
    # A collection that uses every word leaves the text as typed.
    assert unglue(text, lambda term: True) == text


def test_chat_abbreviations_are_spelled_out_unless_the_collection_uses_them():
    known = set(analyze("départements innovation Washington DC")).__contains__
    assert spell_out("c koi les labos ds les départements, pk ?", known) == (
        "c quoi les labos dans les départements, pourquoi ?"
    )
    assert spell_out("Bcp d'assos", known) == "beaucoup d'associations"
    assert spell_out("CityLab à Washington DC", known) == "CityLab à Washington DC"
    assert spell_out("the PR team vs the lab", known) == "the PR team vs the lab"
    # "il ya": the "il" typed is kept once (it read "il il y a").
    assert spell_out("les labs il ya 2 ans", known) == "les labs il y a 2 ans"
    assert spell_out("ya des labs ?", known) == "il y a des labs ?"


@given(st.text())
def test_spelling_out_changes_only_chat_abbreviations(text):
    assert spell_out(text, lambda term: True) == text
    spelled = spell_out(text, lambda term: False)
    if looks_english(text) or not any(w.lower() in CHAT_WORDS for w in _words(text)):
        assert spelled == text
    else:
        assert [w for w in _words(spelled) if w.lower() in CHAT_WORDS] == []


def _words(text):
    return re.findall(r"[^\W_]+", text)


def test_words_typed_together_split_into_two_common_words():
    common = set(analyze("tiers lieux innovation publique laboratoire")).__contains__
    known = set(analyze("tiers lieux innovation publique laboratoire aton")).__contains__
    assert split_glued("les tierslieux et #innovationpublique", known, common) == (
        "les tiers lieux et #innovation publique"
    )
    # A typo leaves a rare word ("aton"), a known word stays whole, short parts are endings.
    assert split_glued("innovaton laboratoire publiques", known, common) == "innovaton laboratoire publiques"


@given(st.text(), st.sets(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)))
def test_splitting_only_adds_spaces(text, words):
    split = split_glued(text, words.__contains__, words.__contains__)
    assert split.replace(" ", "") == text.replace(" ", "")
    assert split_glued(text, lambda term: True, lambda term: True) == text


def test_words_typed_apart_join_when_the_collection_writes_them_as_one():
    joined = {("city", "lab"), ("mind", "lab"), ("coup", "main"), ("cop", "21")}

    def written_joined(left, right):
        return (left.lower(), right.lower()) in joined

    assert (
        join_apart("le City Lab de Mexico et le mind-lab", written_joined)
        == "le CityLab de Mexico et le mindlab"
    )
    # Stop words, digits and single letters are never joined; nor are words the collection writes apart.
    assert join_apart("un coup de main", written_joined) == "un coup de main"
    assert join_apart("COP 21 et open data", written_joined) == "COP 21 et open data"
    assert join_apart("city, lab", written_joined) == "city, lab"  # not typed as one name


@given(st.text(), st.booleans())
def test_joining_only_takes_away_the_gaps_between_words(text, always):
    joined = join_apart(text, lambda left, right: always)
    assert re.sub(r"[ \t-]", "", joined) == re.sub(r"[ \t-]", "", text)
    if not always:
        assert joined == text


def test_names_typed_in_lower_case_take_the_case_the_collection_writes_them_in():
    names = {"bloomberg": "Bloomberg", "tang": "Tang", "ditp": "DITP", "de": "De", "innovation": "INNOVATION"}
    cased = names.get
    assert restore_case("innovation teams de bloomberg", cased) == "INNOVATION teams de Bloomberg"
    assert restore_case("la ditp et audrey tang", cased) == "la DITP et audrey Tang"
    # Stop words, and words typed with a capital, stay as typed.
    assert restore_case("De Bloomberg, bLOOMBERG", cased) == "De Bloomberg, bLOOMBERG"


@given(st.text(), st.dictionaries(st.text(min_size=1), st.text(min_size=1)))
def test_restoring_case_changes_nothing_but_case(text, forms):
    restored = restore_case(text, forms.get)
    assert restored.lower() == text.lower()
    assert restore_case(text, lambda word: None) == text


def test_a_typo_becomes_the_nearest_word_the_collection_uses():
    used = {t: 1.0 for t in analyze("compliqué décisions habitants terrain")} | {analyze("train")[0]: 3.0}
    language = {"compliqué": 90, "décisions": 50, "disions": 5, "terrain": 40, "train": 80, "robinet": 3}

    def near(word):
        return [(w, n) for w, n in language.items() if _one_letter_apart(word, w)]

    def fix(text):
        return correct_typos(text, used.get, language.__contains__, near)

    assert (
        fix("Pourqoi est-ce compliqé pour les dcisions ?") == "Pourqoi est-ce compliqué pour les décisions ?"
    )
    # The word the collection uses most (lowest idf) wins over the language's commonest.
    assert fix("le terain") == "le terrain"
    # A word of the language, a name, a short word, English: as typed.
    assert fix("le robinet, Dcisions et iPhone, le trai") == "le robinet, Dcisions et iPhone, le trai"
    assert fix("Decisions of the comittee") == "Decisions of the comittee"


def _one_letter_apart(a, b):
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


@given(st.text())
def test_typo_correction_only_replaces_words_the_language_does_not_know(text):
    assert correct_typos(text, lambda t: None, lambda w: True, lambda w: [("mot", 1)]) == text
    assert correct_typos(text, lambda t: 1.0, lambda w: False, lambda w: [("mot", 1)]) == text


def test_accents_do_not_matter():
    assert analyze("départements expérimentation") == analyze("departements experimentation")


def test_hyphenated_words_are_split():
    assert analyze("Seine-Saint-Denis") == ["sein", "saint", "den"]


def test_numbers_in_words_meet_digits():
    assert analyze("trois groupes") == analyze("3 groupes")


def test_a_number_at_the_end_of_a_word_is_read_apart():
    assert analyze("COP21") == analyze("COP 21") == analyze("la COP-21") == ["cop", "21"]
    assert analyze("covid19") == analyze("Covid-19") and analyze("Agenda21") == analyze("Agenda 21")
    # Two letters and a number, or a number inside the word, are a name as they are.
    assert analyze("G20 A4 mp3 B2B h2o COP21s") == ["g20", "a4", "mp3", "b2b", "h2o", "cop21"]


def test_an_ordinal_is_one_term_however_typed():
    # Before, "27ème" was "27em": "la 27ème Région" missed the 675 "27e" of the archive.
    assert (
        analyze("la 27ème Région")
        == analyze("la 27e Région")
        == analyze("LA 27EME REGION")
        == ["27e", "region"]
    )
    assert analyze("le 4ème Congrès") == analyze("le 4e congrès") and analyze("27") == ["27"]


@given(
    st.integers(min_value=1, max_value=10**4),
    st.sampled_from(["e", "E", "è", "ème", "eme", "ÈME", "ième", "ieme", "em"]),
)
def test_any_spelling_of_an_ordinal_reads_as_its_plain_form(number, suffix):
    assert analyze(f"le {number}{suffix} siècle") == [f"{number}e", "siecl"]


@given(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèàç", min_size=3, max_size=12),
    st.integers(min_value=0, max_value=10**6),
)
def test_a_word_and_its_number_read_the_same_typed_together_or_apart(word, number):
    assert analyze(f"{word}{number}") == analyze(f"{word} {number}") == analyze(f"{word}-{number}")
    assert [t.term for t in iter_terms(f"la {word}{number}")] == analyze(f"la {word} {number}")


def test_stop_and_question_words_are_dropped():
    assert analyze("quels sont les départements qui ont un labo ?") == ["depart", "labo"]


def test_language_guess():
    assert looks_english("Which departments have an innovation lab?")
    assert not looks_english("quels départements ont un labo d'innovation ?")
    assert not looks_english("Lab Pôle emploi")
    # An English possessive is English, not the French elided "s'".
    assert looks_english("the association's carbon footprint")
    assert looks_english("Bordeaux’s innovation lab")
    assert not looks_english("s'il y a un labo à Bordeaux")
    # "à" is French; a bare "a" is either language's (or "à" typed without its accent).
    assert not looks_english("résidence à Lormes")
    assert not looks_english("intrapreneuriat a pole emploi")
    assert looks_english("what is a public innovation lab")


def test_the_language_told_by_function_words_or_none():
    assert told_language("Which departments have an innovation lab?") == "en"
    assert told_language("quels départements ont un labo d'innovation ?") == "fr"
    assert told_language("la civic tech") == "fr"
    # Names and words both languages write tell nothing: the reader's language decides.
    for bare in ("civic tech", "Audrey Tang", "sustainable forest management", "design thinking", ""):
        assert told_language(bare) is None


@given(st.text())
def test_a_told_language_agrees_with_looks_english(text):
    told = told_language(text)
    assert told in (None, "en", "fr") and (told == "en") is looks_english(text)
    if told is not None:
        assert told_language(text + " Audrey Tang") == told  # a name does not change it


@given(st.text())
def test_french_words_added_to_a_text_never_make_it_look_english(text):
    if looks_english(text + " s'il y a des labos"):
        assert looks_english(text)
    assert looks_english(text + " — the lab's") or not looks_english(text)


# Tiny dictionaries, as spelling's would answer (French accents aside).
_EN = {"sustainable", "forest", "management", "design", "thinking", "public", "the", "lab"}.__contains__
_FR = {"gestion", "durable", "forets", "management", "design", "public", "resilience"}.__contains__


def _fr(word: str) -> bool:
    return _FR(fold_accents(word.lower()))


def test_a_text_without_function_words_reads_as_the_language_of_its_words():
    assert reads_english("sustainable forest management", _EN, _fr)
    assert reads_english("design thinking", _EN, _fr)  # "design" is both languages', "thinking" English
    assert not reads_english("gestion durable forêts", _EN, _fr)
    assert not reads_english("resilience administrations", _EN, _fr)  # French typed without accents
    # Words both use, or neither (a name): French, the collection's language.
    assert not reads_english("design public", _EN, _fr)
    assert not reads_english("CityLab", _EN, _fr)
    # Function words decide when there are some.
    assert not reads_english("le design thinking", _EN, _fr)
    assert reads_english("the gestion durable", _EN, _fr)


@given(st.text(), st.booleans())
def test_function_words_decide_before_the_dictionaries(text, every_word_english):
    # Dictionaries that take every word for English, or every word for French.
    def in_english(word: str) -> bool:
        return every_word_english

    def in_french(word: str) -> bool:
        return not every_word_english

    english, french = _function_words(text)
    if english != french:
        assert reads_english(text, in_english, in_french) == looks_english(text)
    else:
        assert reads_english(text, in_english, in_french) == (every_word_english and has_words(text))


# A tiny French dictionary: the words it knows as typed, and its accented words.
_WORDS = {"activité": 50, "région": 40, "générale": 30, "crée": 20, "créé": 25, "ou": 90, "où": 60, "a": 99}


def _exists(word: str) -> bool:
    return word in _WORDS


def _accented(word: str) -> str | None:
    forms = [w for w in _WORDS if fold_accents(w) == fold_accents(word)]
    return max(forms, key=_WORDS.__getitem__) if forms else None


def test_words_typed_without_accents_get_them_back():
    assert restore_accents("rapport d'activite de la region", _exists, _accented) == (
        "rapport d'activité de la région"
    )
    assert restore_accents("Assemblee GENERALE", _exists, _accented) == "Assemblee GÉNÉRALE"
    assert restore_accents("Region cree", _exists, _accented) == "Région créé"  # the commonest form
    # Words the language knows as typed, and names, stay.
    assert restore_accents("ou a Lormes", _exists, _accented) == "ou a Lormes"
    # Typed with an accent already, or in mixed case: as typed.
    assert restore_accents("jà regIon", _exists, _accented) == "jà regIon"


@given(st.text())
def test_restoring_accents_changes_nothing_but_accents(text):
    assert fold_accents(restore_accents(text, _exists, _accented)) == fold_accents(text)


def test_fold_accents():
    assert fold_accents("Œuvre élève ça") == "Oeuvre eleve ca"


@given(st.text())
def test_term_spans_point_at_the_words_they_index(text):
    terms = list(iter_terms(text))
    assert [t.term for t in terms] == analyze(text)
    for term in terms:
        assert 0 <= term.start < term.end <= len(text)
        # A word in -ons after "nous" indexes as its verb: alone, it may not.
        word = text[term.start : term.end]
        assert term.term in analyze(word) or term.term in analyze(f"nous {word}")


def test_the_first_person_plural_meets_the_verb_and_its_noun():
    # Snowball leaves "recrutons" whole; after "nous" it is the verb of "recrutement".
    assert analyze("Nous recrutons un stagiaire") == analyze("recrutement stagiaire")
    assert analyze("nous les accompagnons") == analyze("accompagnement")
    assert analyze("nous lançons") == analyze("lancer") and analyze("nous mangeons") == analyze("manger")
    assert analyze("nous étudions") == analyze("étude")
    # Nouns in -ons keep their term, and so does a verb Snowball already reduces ("organisions").
    assert analyze("des maisons, des saisons et des actions") == ["maison", "saison", "action"]
    assert analyze("nous organisions") == analyze("organiser")
    assert [t.term for t in iter_terms("Nous recrutons")] == analyze("nous recrutons")


_AROUND_NOUS = st.sampled_from(["nous", "Nous", "les", "recrutons", "maisons", "lançons"])


@given(st.lists(st.one_of(_AROUND_NOUS, st.text())))
def test_reading_after_nous_changes_only_words_in_ons(parts):
    text = " ".join(parts)
    terms = list(iter_terms(text))
    # Context changes the term of a word in -ons only, and only after "nous".
    for term in terms:
        word = text[term.start : term.end]
        if term.term not in analyze(word):
            assert word.lower().endswith("ons")
            assert "nous" in text[: term.start].lower()


def test_decomposed_accents_stay_in_their_word():
    assert analyze("départements") == analyze("départements") == ["depart"]


def test_a_question_asks_about_something_when_a_word_is_left_besides_stop_words_and_numbers():
    assert not asks_about_something("quoi de neuf ?")  # "neuf" is the number 9
    assert not asks_about_something("et les 12 ?")
    assert asks_about_something("les 3 labs")
    assert asks_about_something("what is new")
    assert asks_about_something("49.3") and asks_about_something("le 49,3 ?")  # an article, looked up
    assert not asks_about_something("49 3")
    # How posts came out is not what they are about: "des articles publiés depuis 2020" lists them.
    assert not asks_about_something("des articles publiés") and not asks_about_something("posts published")
    assert asks_about_something("des articles publiés sur les labs")


NUMBERS_AND_STOP_WORDS = st.lists(
    st.one_of(
        st.integers(0, 10_000).map(str), st.sampled_from("quoi de neuf le la les des du en ? , !".split())
    )
)


@given(NUMBERS_AND_STOP_WORDS, NUMBERS_AND_STOP_WORDS)
def test_numbers_and_stop_words_ask_nothing_until_a_word_comes(before, after):
    assert not asks_about_something(" ".join(before + after))
    assert asks_about_something(" ".join([*before, "laboratoires", *after]))


@given(NUMBERS_AND_STOP_WORDS, st.integers(0, 999), st.sampled_from(".,"), st.integers(0, 999))
def test_a_number_written_with_a_decimal_point_is_always_something_asked(words, whole, point, part):
    assert asks_about_something(" ".join([*words, f"{whole}{point}{part}"]))


@given(st.text(max_size=200))
def test_aligned_folding_keeps_every_offset(text):
    folded = fold_aligned(text)
    assert len(folded) == len(text)
    assert folded == folded.lower() or any(len(c.lower()) != 1 for c in text)


def test_aligned_folding_lowers_unaccents_and_straightens_apostrophes():
    assert fold_aligned("L’Été Œuvre") == "l'ete œuvre"  # œ stays one character


# --- small talk ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("Bonjour !", "greeting"),
        ("bonjour à tous", "greeting"),
        ("Salut 👋", "greeting"),
        ("Hello there", "greeting"),
        ("merci", "thanks"),
        ("Merci beaucoup 🙏", "thanks"),
        ("ok merci", "thanks"),
        ("super", "thanks"),
        ("thanks!", "thanks"),
        ("encore", "more"),
        ("d’autres ?", "more"),
        ("la suite", "more"),
        ("tu en as d'autres ?", "more"),
        ("Next", "more"),
        ("y en a-t-il d'autres ?", "more"),
        # Typed as in a chat, with a courtesy at the end: before, each was searched as a question.
        ("plus", "more"),
        ("voir plus", "more"),
        ("encore svp", "more"),
        ("d autres stp", "more"),
        ("Suivant ➡️", "more"),
        ("page suivante", "more"),
        ("montre-m'en d'autres", "more"),
        ("more please", "more"),
        # Searched before: "bonjour, ça va ?" led with "Et vous, avec la police, ça va ?", "thank
        # you so much" with "Soyons Re•acteurs !"; "t'es qui" got "rien de pertinent".
        ("bonjour, ça va ?", "greeting"),
        ("salut, comment ça va ?", "greeting"),
        ("ça va ?", "greeting"),
        ("hello, how are you?", "greeting"),
        ("thank you so much", "thanks"),
        ("thank you very much!", "thanks"),
        ("t'es qui ?", "help"),
        # The next ones named so were searched: "montre-moi les suivants" showed an AG's post.
        ("montre-moi les suivants", "more"),
        ("les 5 suivants ?", "more"),
        ("affiche la suite", "more"),
        ("d'autres articles ?", "more"),
        ("encore des résultats", "more"),
        ("encore 5", "more"),
        ("show me more", "more"),
        ("next ones", "more"),
        ("aide svp", "help"),
        ("c'est quoi innobot ?", "help"),
        ("tu es qui ?", "help"),
        ("comment m'abonner ?", "help"),
        ("je ne comprends pas", "help"),
        ("ce n'est pas ce que je cherche", "unhelpful"),
        ("Pas pertinent", "unhelpful"),
        ("bof, pas très utile", "unhelpful"),
        ("ça ne répond pas à ma question !", "unhelpful"),
        ("c'est hors sujet", "unhelpful"),
        ("rien à voir", "unhelpful"),
        ("not what I was looking for", "unhelpful"),
        ("Comment s'abonner aux alertes ?", "help"),
        ("comment créer une alerte ?", "help"),
        ("alertes", "help"),
        ("how do I subscribe?", "help"),
        ("merci pour ton aide", "thanks"),
        ("Merci pour ces ressources !", "thanks"),
        # Praise, with thanks or alone: "merci beaucoup c'est top" was answered "rien de pertinent".
        ("merci beaucoup c'est top", "thanks"),
        ("super merci, très utile !", "thanks"),
        ("C'est parfait, merci", "thanks"),
        ("c'est exactement ce que je cherchais", "thanks"),
        ("thanks, very helpful", "thanks"),
        ("pas top", "unhelpful"),
        ("c'est pas génial", "unhelpful"),
        ("super labo", None),
        ("top 10 des labos", None),
        ("is it helpful?", None),
        ("qu'est-ce que tu sais faire ?", "help"),
        ("tu fais quoi ?", "help"),
        ("au revoir", "bye"),
        ("Bonne journée !", "bye"),
        ("ok merci, au revoir", "bye"),
        ("à bientôt 👋", "bye"),
        ("comment ça marche ?", None),  # after an answer, it asks about its subject
        ("au revoir les labos", None),
        ("pas pertinent le budget participatif", None),
        ("pas de labo en Bretagne ?", None),
        ("inutile de chercher des labos", None),
        ("des ressources inutiles", None),
        ("bonne pratique de design", None),
        ("merci svp", "thanks"),
        ("plus de labos", None),
        ("autres labos d'innovation", None),
        ("d'autres articles sur les communs ?", None),
        ("ça va le design ?", None),
        ("comment ça va se passer ?", None),
        ("encore des articles sur le design", None),
        ("les suivants sur la liste", None),
        ("la suite du programme Transfo", None),
        ("svp", None),
        ("aide", "help"),
        ("Aide-moi !", "help"),
        ("tu sers à quoi ?", "help"),
        ("What can you do?", "help"),
        ("aide aux entreprises", None),
        # What the collection holds (searched, posts about open source and reading lists).
        ("d'où viennent tes sources ?", "collection"),
        ("Quelles sont tes sources ?", "collection"),
        ("combien d'articles as-tu ?", "collection"),
        ("que contient la base ?", "collection"),
        ("what are your sources?", "collection"),
        ("How many posts do you have?", "collection"),
        ("combien d'articles sur les tiers-lieux ?", None),
        ("combien d'articles en 2019 ?", None),
        ("les sources du droit", None),
        ("sources de financement des labs", None),
        ("bonjour, quels départements ont un labo d'innovation ?", None),
        ("merci pour les labos", None),
        ("innovation publique", None),
        ("???", None),
        ("", None),
    ],
)
def test_greetings_thanks_and_requests_for_more_are_no_questions(message, kind):
    assert small_talk(message) == kind


@pytest.mark.parametrize(
    ("message", "asked"),
    [
        ("ok merci, et en Bretagne ?", "et en Bretagne ?"),
        ("super ! et les régions ?", "et les régions ?"),
        ("Merci beaucoup. Qui l’a financé ?", "Qui l’a financé ?"),
        ("ok merci et depuis 2020 ?", "et depuis 2020 ?"),  # no comma: the opener tells
        ("Parfait, merci ! Et en anglais ?", "Et en anglais ?"),
        ("thanks! what about Brittany?", "what about Brittany?"),
        # A greeting likewise: the next follow-up was searched with it ("slt, c'est quoi la Transfo ?
        # qui l'a lancée ?").
        ("slt, c'est quoi la Transfo ?", "c'est quoi la Transfo ?"),
        (
            "Bonjour ! Quels départements ont un labo d'innovation ?",
            "Quels départements ont un labo d'innovation ?",
        ),
        ("hello, what is La Transfo?", "what is La Transfo?"),
        ("bonjour à tous", "bonjour à tous"),
        ("Bonjour !", "Bonjour !"),
        # The first word belongs to the question, or the message is only thanks.
        ("top 10 des labos d'innovation", "top 10 des labos d'innovation"),
        ("bien commun et communs urbains", "bien commun et communs urbains"),
        ("super U et commerce rural", "super U et commerce rural"),
        ("ok merci !", "ok merci !"),
        ("merci", "merci"),
    ],
)
def test_an_acknowledgement_or_a_greeting_before_a_question_is_left_out(message, asked):
    assert after_courtesy(message) == asked


@given(
    st.sampled_from(
        [
            "ok",
            "Ok merci",
            "super",
            "merci beaucoup",
            "parfait",
            "d'accord",
            "thanks",
            "top",
            "bonjour",
            "slt",
        ]
    ),
    st.sampled_from([", ", " ! ", ". ", " … ", ",", "!"]),
    st.text(min_size=1, max_size=60),
)
def test_what_follows_an_acknowledgement_is_the_question(ack, stop, rest):
    message = f"{ack}{stop}{rest}"
    left = after_courtesy(message)
    assert message.endswith(left)
    if any(c.isalnum() for c in rest) and not rest[:1].isspace() and rest[:1] not in ",.!;:…":
        assert left == rest


@given(st.text(max_size=80))
def test_leaving_out_an_acknowledgement_only_takes_the_message_s_start(text):
    left = after_courtesy(text)
    assert text.endswith(left) and (left == text or any(c.isalnum() for c in left))


@given(st.text(alphabet=st.sampled_from("ab ?!？！.\n"), max_size=40) | st.text(max_size=40))
def test_runs_of_marks_become_one_mark_and_nothing_else_changes(text):
    calm = one_mark(text)
    assert one_mark(calm) == calm and not re.search(r"[?!？！]\s*[?!？！]", calm)
    assert re.sub(r"[?!？！\s]", "", calm) == re.sub(r"[?!？！\s]", "", text)
    assert ("?" in calm or "？" in calm) == bool(re.search("[?？]", text))


EVAL = Path(__file__).parent / "eval"


def test_no_question_of_the_eval_sets_reads_as_small_talk_or_a_request_about_alerts():
    questions = [
        json.loads(line)["question"]
        for name in ("archive", "short", "questions")
        for line in (EVAL / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert len(questions) > 200
    assert [q for q in questions if small_talk(q) is not None] == []
    assert [q for q in questions if alert_request(q) is not None] == []


@given(
    st.sampled_from(["bonjour", "merci", "encore", "plus", "d'autres", "la suite", "aide", "next"]),
    st.sampled_from(["svp", "stp", "s'il vous plaît", "please", "merci", "merci d'avance"]),
    st.sampled_from(["", " !", " ?", " 🙏"]),
)
def test_a_courtesy_at_the_end_changes_nothing(message, courtesy, end):
    assert small_talk(f"{message} {courtesy}{end}") == small_talk(message) is not None


@given(st.sampled_from(["bonjour", "merci", "encore", "ok", "salut"]), st.text(min_size=1, max_size=60))
def test_small_talk_followed_by_words_of_a_question_is_a_question(opening, rest):
    words = re.findall(r"[^\W\d_]{4,}", rest)
    if not words:
        return
    assert small_talk(f"{opening} {' '.join(words)} innovation") is None


@pytest.mark.parametrize(
    ("words", "nouns"),
    [
        # "labos départementaux" found "Les départements, pionniers…" seventh on the archive.
        ("labos départementaux", ["depart"]),
        ("les conseils régionaux", ["region"]),
        ("politiques environnementales", ["environ"]),
        ("un regard institutionnel", ["institu"]),
        # A cut that is no noun, and words that are no such adjective.
        ("un enjeu fondamental", []),
        ("l'innovation internationale", []),
        ("la santé mentale", []),
        ("les départements et leurs labos", []),
    ],
)
def test_a_relational_adjective_names_the_noun_it_is_made_of(words, nouns):
    assert related_nouns(analyze(words), spelling.french().knows_unaccented) == nouns


@given(st.lists(st.text(alphabet="abcdeilmnorstu", max_size=14), max_size=6), st.booleans())
def test_the_related_nouns_are_new_terms_each_once(terms, every_cut_a_word):
    nouns = related_nouns(terms, lambda word: every_cut_a_word)
    assert len(nouns) == len(set(nouns)) and not set(nouns) & set(terms)
    assert every_cut_a_word or not nouns


@pytest.mark.parametrize(
    ("question", "agents"),
    [
        # "qui dirige la 27e Région ?" found nothing: the posts say "directeur".
        ("qui dirige la 27e Région ?", ["directeur", "directric"]),
        ("Et qui préside le jury ?", ["president"]),
        (
            "c'est quoi Vidéocagette ? qui l'a financé ?",
            ["financateur", "financeur", "financatric", "financric"],
        ),
        ("qui a fondé la 27e Région ?", ["fondateur", "fondeur", "fondatric", "fondric"]),
        # No verb asked about: a name, a noun, a relative clause.
        ("qui est Stéphane Vincent ?", []),
        ("qui sont les partenaires ?", []),
        ("les designers qui travaillent sur l'avenir", []),
        ("à qui le centre a-t-il confié son étude ?", []),
        ("quels départements ont un labo ?", []),
    ],
)
def test_a_who_question_names_the_agent_nouns_of_its_verb(question, agents):
    assert agent_nouns(question) == agents


@given(st.text(max_size=80))
def test_agent_nouns_come_only_from_a_who_question(question):
    agents = agent_nouns(question)
    assert not agents or "qui" in fold_accents(question.lower())
    assert len(agents) == len(set(agents))
