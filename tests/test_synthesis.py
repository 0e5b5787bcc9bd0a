"""Written answers: citation checks, renumbering, rendering, follow-ups, the breaker, the client."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bot.analysis import analyze
from bot.domain import Hit, Passage
from bot.present.cards import MAX_MESSAGE
from bot.present.synthesis import numbered, plain_answer, render_synthesis, synthesis_json
from bot.search.filters import Filter, ParsedQuestion, parse_question
from bot.search.retrieval import Retriever, SearchResult
from bot.synthesis.answering import Synthesis, synthesize
from bot.synthesis.citations import check, draft_text, strip_citations
from bot.synthesis.client import Breaker, SynthesisError, Synthesizer
from bot.synthesis.followups import Attached, accepted_rewrite, attached, joined, narrowed, needs_context
from bot.synthesis.prompt import REFUSAL, Source, answer_lang, answer_messages, sources_of
from tests.fake_llm import FakeLLM, Reply
from tests.telegram.telegram_html import parse, utf16_len

LABS = (
    "Le département du Val-d'Oise a créé un laboratoire d'innovation publique en 2016. "
    "Il réunit 12 agents autour de la Musette numérique."
)
RESIDENCE = "Les résidences de La 27e Région durent trois semaines dans un lycée ou une mairie."


def result(*hits: Hit, question: str = "quels départements ont un labo d'innovation ?") -> SearchResult:
    return SearchResult(question, hits, (), 1.0, True)


def hit(doc: str, text: str, extra: str | None = None, url: str | None = None) -> Hit:
    return Hit(
        doc,
        f"Titre {doc}",
        url or f"https://www.la27eregion.fr/{doc}/",
        dt.date(2019, 3, 12),
        None,
        Passage(text),
        1.0,
        (Passage(extra),) if extra else (),
    )


def sources(*texts: str) -> list[str]:
    return list(texts)


# --- the checks -------------------------------------------------------------------------------
def test_a_cited_answer_keeps_its_citations_sentence_by_sentence():
    checked = check(
        "Le Val-d'Oise a créé un laboratoire en 2016 [1]. Les résidences durent trois semaines. [2]",
        sources(LABS, RESIDENCE),
        "fr",
    )
    assert [s.cites for s in checked.sentences] == [(1,), (2,)]
    assert checked.usable and not checked.flagged and checked.removed == 0


def test_numbers_outside_the_passages_are_removed():
    checked = check("Le Val-d'Oise a un laboratoire [7][1]. Autre chose [0].", sources(LABS), "fr")
    assert checked.cited == (1,) and checked.removed == 2
    assert "[7]" not in plain_text(checked)


def plain_text(checked) -> str:
    return " ".join(s.text for s in checked.sentences)


def test_an_answer_without_citation_is_not_usable():
    assert not check("Le Val-d'Oise a un laboratoire.", sources(LABS), "fr").usable


def test_an_invented_figure_or_name_is_flagged():
    checked = check("Il réunit 40 agents [1]. Il est dirigé par Jean Dupont [1].", sources(LABS), "fr")
    assert checked.sentences[0].unsupported == ("40",)
    assert set(checked.sentences[1].unsupported) == {"Jean", "Dupont"}
    assert checked.usable and checked.flagged
    supported = check("Il réunit 12 agents autour de la Musette numérique [1].", sources(LABS), "fr")
    assert not supported.flagged


def test_an_english_answer_to_a_french_question_is_not_usable():
    checked = check("The department of Val-d'Oise created a lab in 2016 [1].", sources(LABS), "fr")
    assert checked.wrong_language and not checked.usable
    assert check("The department created a lab in 2016 [1].", sources(LABS), "en").usable


def test_the_refusal_is_recognised():
    assert check(REFUSAL["fr"], sources(LABS), "fr").refused
    assert check(REFUSAL["en"], sources(LABS), "en").refused


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=600), st.integers(0, 6), st.sampled_from(["fr", "en"]))
def test_any_reply_checks_without_error_and_keeps_only_valid_numbers(reply, count, lang):
    passages = [f"Passage {n} 2016" for n in range(count)]
    checked = check(reply, passages, lang)
    assert all(1 <= n <= count for s in checked.sentences for n in s.cites)
    assert not checked.usable or checked.cited
    for sentence in checked.sentences:
        assert not re.search(r"\[\[?\s*\d{1,3}(\s*[,;]\s*\d{1,3})*\s*\]\]?", sentence.text)


@given(st.text(max_size=5000))
def test_drafts_never_show_a_marker_and_stay_within_the_limit(partial):
    shown = draft_text(partial)
    assert len(shown) <= 4000
    assert not re.search(r"\[\d+\]", strip_citations(partial))


def test_a_marker_being_written_is_held_back():
    assert draft_text("Le Val-d'Oise a un laboratoire [1") == "Le Val-d'Oise a un laboratoire"
    assert draft_text("Il réunit 12 agents [1][") == "Il réunit 12 agents"


# --- renumbering and rendering ----------------------------------------------------------------
def synthesis_of(reply: str, res: SearchResult) -> Synthesis:
    found = sources_of(res)
    return Synthesis(found, check(reply, [s.labelled() for s in found], "fr"))


def test_citations_are_renumbered_per_post_in_order_of_first_citation():
    res = result(hit("a", LABS, extra="Le labo publie un rapport annuel."), hit("b", RESIDENCE))
    # Sources sent: [1] a, [2] a (second passage), [3] b. The answer cites b first.
    shape = numbered(synthesis_of("Les résidences durent trois semaines [3]. Le labo publie [2][1].", res))
    assert [(item.number, item.doc_id, item.cited) for item in shape.listed] == [
        (1, "b", True),
        (2, "a", True),
    ]
    assert [numbers for _, numbers, _ in shape.sentences] == [(1,), (2,)]
    assert plain_answer(synthesis_of("Les résidences durent trois semaines [3].", res)).endswith("[1]")


def test_the_message_links_each_citation_to_its_source_listed_below():
    res = result(hit("a", LABS), hit("b", RESIDENCE))
    html = render_synthesis(synthesis_of("Les résidences durent trois semaines [2].", res), "fr")
    parsed = parse(html)
    assert '<a href="https://www.la27eregion.fr/b/">[1]</a>' in html
    assert "Sources" in parsed.text and "1. Titre b · 12/03/2019" in parsed.text
    assert "Voir aussi" in parsed.text and "2. Titre a" in parsed.text  # not cited, still offered


def test_model_text_is_escaped_and_only_web_links_are_made():
    res = result(hit("a", "<b>passage</b> 2016", url="javascript:alert(1)"))
    html = render_synthesis(synthesis_of("<script>alert(1)</script> en 2016 [1].", res), "fr")
    parse(html)
    assert "<script>" not in html and "javascript:" not in html


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=8000), st.lists(st.text(min_size=1, max_size=3000), min_size=1, max_size=5))
def test_any_written_answer_is_valid_telegram_html_within_the_limit(reply, texts):
    res = result(*(hit(f"d{n}", t) for n, t in enumerate(texts)))
    synthesis = synthesis_of(reply + " [1].", res)
    html = render_synthesis(synthesis, "fr", understood="et en Bretagne ?")
    assert 0 < utf16_len(parse(html).text) <= MAX_MESSAGE


def test_json_gives_the_answer_and_its_citations():
    res = result(hit("a", LABS), hit("b", RESIDENCE))
    record = synthesis_json(synthesis_of("Le Val-d'Oise a créé un laboratoire en 2016 [1].", res))
    assert record["answer"].endswith("[1]") and record["answer_status"] == "ok"
    assert [c["doc_id"] for c in record["citations"]] == ["a"]
    assert synthesis_json(synthesis_of("Rien.", res))["answer"] is None
    assert synthesis_json(None)["answer_status"] == "not_asked"


def test_the_prompt_numbers_the_passages_and_asks_for_the_question_language():
    found = sources_of(result(hit("a", LABS), hit("b", RESIDENCE)))
    system, user = answer_messages("quels labos ?", found, "fr")
    assert "[1] Titre a (2019)" in user["content"] and "[2] Titre b" in user["content"]
    assert "Réponds en français" in system["content"] and REFUSAL["fr"] in system["content"]
    assert "Réponds en anglais" in answer_messages("which labs?", found, "en")[0]["content"]


def test_the_answer_follows_the_question_s_language_else_the_reader_s():
    assert answer_lang(result(question="which labs?"), "fr") == "en"
    assert answer_lang(result(), "en") == "fr"  # result()'s question is French
    # No function word to tell: the reader's language, whatever the search read ("civic tech" is
    # read as English for its floors; a French agent still gets a French answer).
    for bare in ("sustainable forest management", "civic tech", "Audrey Tang"):
        assert answer_lang(SearchResult(bare, (), (), 1.0, True, english=True), "fr") == "fr"
        assert answer_lang(SearchResult(bare, (), (), 1.0, True), "en") == "en"


# --- follow-ups -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("question", "leans"),
    [
        ("et en Bretagne ?", True),
        ("qui l'a financé ?", True),
        ("qui les a accueillis ?", True),
        ("où se trouve le LAB Pôle emploi ?", False),
        ("faut-il opposer pensée systémique et pensée design ?", False),
        ("y a-t-il des labos en Bretagne ?", False),
        ("il y a des tiers-lieux ?", False),
        ("Existe-t-il un guide ?", False),
        ("peut-il financer une thèse ?", True),
        ("le labo est-il un catalyseur", False),
        ("la 27e Région a-t-elle un budget ?", False),
        ("Ou alors en Bretagne ?", True),
        ("what about Brittany?", True),
        ("combien ça coûte ?", True),
        ("quels départements ont un labo d'innovation ?", False),
        ("c'est quoi l'innovation publique", False),
        ("comment la 27e Région organise-t-elle ses résidences dans les lycées ?", False),
        # A pronoun before a verb stands for what was asked about; "c'" too.
        ("qui l'organise ?", True),
        ("qui l a écrit ?", True),  # typed without its apostrophe: before, searched alone
        ("comment y participer ?", True),
        ("Comment s'y inscrire ?", True),
        ("où le trouver ?", True),
        ("qui en parle ?", True),
        ("qui la porte ?", True),
        ("comment les contacter ?", True),
        ("c'est quand ?", True),
        ("C'était où ?", True),
        ("quand est-ce que c'est ?", True),
        ("les communs, qu'est-ce que c'est ?", False),
        ("comment les agents travaillent-ils ensemble au quotidien dans les labos ?", False),
        ("qui en Bretagne a un labo ?", False),
        ("comment le numérique change l'action publique ?", False),
        ("comment la démarche fonctionne ?", False),
        ("c'est quoi la Transfo ?", False),
        ("c'est qui Stéphane Vincent ?", False),
        # Asking for more of the answer, with no subject of its own.
        ("donne moi un exemple concret", True),
        ("des exemples ?", True),
        ("Concrètement ?", True),
        ("plus de détails", True),
        ("any examples?", True),
        ("can you give me a concrete example?", True),
        ("des exemples de budgets participatifs ?", False),
        ("les résultats du budget participatif", False),
    ],
)
def test_follow_ups_are_told_from_questions_that_stand_alone(question, leans):
    assert needs_context(question) is leans


def _parse(question: str) -> ParsedQuestion:
    return parse_question(question, dt.date(2026, 12, 4), sources=("transfo", "27e"))


LABS_QUESTION = "quels départements ont un labo d'innovation ?"


@pytest.mark.parametrize(
    ("previous", "question", "understood"),
    [
        (LABS_QUESTION, "et depuis 2020 ?", "quels départements ont un labo d'innovation depuis 2020 ?"),
        (LABS_QUESTION, "Et sur transfo ?", "quels départements ont un labo d'innovation sur transfo ?"),
        (
            "which regions kept an innovation lab?",
            "and since 2019?",
            "which regions kept an innovation lab since 2019?",
        ),
        ("les labos d'innovation", "et en anglais ?", "les labos d'innovation en anglais ?"),
        # The follow-up's dates replace the previous question's.
        ("les labos d'innovation depuis 2020", "et avant 2015 ?", "les labos d'innovation avant 2015 ?"),
        # Something of its own to search: for the model, if any.
        (LABS_QUESTION, "et en Bretagne ?", None),
        (LABS_QUESTION, "qui l'a financé ?", None),
        # Another order for the same posts ("premiers" alone would be searched).
        (
            "des articles sur les tiers-lieux",
            "et les plus anciens ?",
            "les plus anciens articles sur les tiers-lieux",
        ),
        (
            "des articles sur les tiers-lieux",
            "et les 3 premiers ?",
            "les 3 plus anciens articles sur les tiers-lieux",
        ),
        (
            "des articles sur les tiers-lieux",
            "et les plus récents ?",
            "les derniers articles sur les tiers-lieux",
        ),
        # Feminine ("les ressources", "les résidences"): "… les plus récentes ?" was searched.
        (
            "les résidences dans les collèges",
            "et les plus récentes ?",
            "les derniers articles sur les résidences dans les collèges",
        ),
        ("les résidences", "et les plus vieilles ?", "les plus anciens articles sur les résidences"),
        (
            "des articles sur les tiers-lieux",
            "and the oldest ones?",
            "the oldest posts about les tiers-lieux",
        ),
        (
            "des articles sur les tiers-lieux",
            "les plus anciens ?",
            "les plus anciens articles sur les tiers-lieux",
        ),
        # The newest or oldest posts, or a number of them, stay asked ("et avant 2015 ?" searched
        # "le design avant 2015 ?" by relevance; "et en anglais ?" after "les 3 derniers articles
        # sur les communs", any number of posts about them).
        (
            "les derniers articles sur le design",
            "et avant 2015 ?",
            "les derniers articles sur le design avant 2015 ?",
        ),
        (
            "les 3 derniers articles sur les communs ?",
            "et en anglais ?",
            "les 3 derniers articles sur les communs en anglais ?",
        ),
        (
            "les plus anciens articles sur le design",
            "and since 2019?",
            "les plus anciens articles sur le design since 2019?",
        ),
        (
            "les derniers articles sur le design",
            "les plus anciens ?",
            "les plus anciens articles sur le design",
        ),
        # Without "et" too: a message naming only a period, a source or a language narrows the
        # answer just given (before, "en anglais ?" after "les tiers-lieux" listed every post in
        # English). Posts named, news or an order asked make a request of its own.
        (LABS_QUESTION, "depuis 2020", "quels départements ont un labo d'innovation depuis 2020"),
        ("les tiers-lieux", "en anglais ?", "les tiers-lieux en anglais ?"),
        ("les tiers-lieux", "sur transfo", "les tiers-lieux sur transfo"),
        ("les tiers-lieux", "articles en anglais", None),
        ("les tiers-lieux", "quoi de neuf depuis 2020 ?", None),
        ("les tiers-lieux", "les derniers de 2020", None),
        ("les tiers-lieux", "les communs depuis 2020", None),
        # After posts of no subject (news, a period's), a subject alone is what they are about:
        # before, "sur les communs ?" after "quoi de neuf ?" was searched by relevance, order lost.
        ("quoi de neuf ?", "sur les communs ?", "quoi de neuf sur les communs ?"),
        ("les articles de 2016", "about labs?", "les articles de 2016 about labs?"),
        (
            "les 3 derniers articles",
            "à propos des tiers-lieux ?",
            "les 3 derniers articles à propos des tiers-lieux ?",
        ),
        ("les tiers-lieux", "sur les communs ?", None),  # a subject after a subject: a question of its own
        # After newest or oldest posts about something, the subject is replaced: joined, both were searched.
        (
            "les 3 derniers articles sur le design",
            "et sur les communs ?",
            "les 3 derniers articles sur les communs ?",
        ),
        ("le premier article sur la Transfo", "sur les communs ?", "le premier article sur les communs ?"),
        ("quels labos depuis 2019 ?", "et sur les communs ?", None),  # which subject would be left?
        (  # a source
            "les 3 derniers articles sur le design",
            "sur transfo ?",
            "les 3 derniers articles sur le design sur transfo ?",
        ),
        # Another period of the same posts: joined, "les articles de 2019 de 2020 ?" listed 2019's.
        ("les articles de 2019", "et de 2020 ?", "articles de 2020"),
        ("les articles de 2019", "et ceux de 2021 ?", "articles de 2021"),
        ("posts from 2019", "and from 2020?", "posts from 2020"),
        # ... their source and language kept.
        ("les articles en anglais", "et de 2019 ?", "articles de 2019 en anglais"),
        ("les articles de 2019 sur transfo", "et de 2020 ?", "articles de 2020 sur transfo"),
        ("posts from 2019 in English", "and from 2020?", "posts from 2020 in English"),
        ("les tiers-lieux", "et de 2020 ?", None),
        ("quoi de neuf ?", "sur ?", None),
        # The previous period kept as words ("en 2016" in a question about something) gives way
        # to the follow-up's: before, "le design en 2016 avant 2015 ?" kept nothing.
        ("le design en 2016", "et avant 2015 ?", "le design avant 2015 ?"),
        ("le design en 2016", "et en 2018 ?", "le design en 2018 ?"),
        # Typed without its apostrophe, the period was kept beside the follow-up's.
        ("le design pendant l annee 2016", "et en 2018 ?", "le design en 2018 ?"),
        ("le design fin 2019", "et au printemps 2020 ?", "le design au printemps 2020 ?"),
        ("le design en 2016", "et en anglais ?", "le design en 2016 en anglais ?"),
        # What the previous filter asked and the follow-up leaves open stays: before, "les
        # résidences en anglais ?" searched every year, "les labs en 2020 ?" every source.
        ("les résidences avant 2012 ?", "et en anglais ?", "les résidences avant 2012 en anglais ?"),
        ("les labs en anglais", "et depuis 2020 ?", "les labs en anglais depuis 2020 ?"),
        ("les labs sur transfo en 2019", "et en 2020 ?", "les labs sur transfo en 2020 ?"),
        ("les labs en anglais", "et sur transfo ?", "les labs en anglais sur transfo ?"),
        # A kind named again is the follow-up's, the others stay: before, "les labs avant 2015 ?"
        # (every source), "les labs en français ?".
        ("les labs depuis 2019 sur transfo", "et avant 2015 ?", "les labs sur transfo avant 2015 ?"),
        ("les labs en anglais sur transfo", "et en français ?", "les labs sur transfo en français ?"),
        ("les labs publiés depuis 2019 en anglais", "et en 2015 ?", "les labs en anglais en 2015 ?"),
        # ... and another order of the same posts keeps their filter (before, every year's).
        (
            "les résidences avant 2012",
            "et les plus anciens ?",
            "les plus anciens articles sur les résidences avant 2012",
        ),
        (
            "labs since 2019 in English",
            "and the latest?",
            "the latest posts about labs since 2019 in English",
        ),
        ("les résidences", "et les 3 premiers ?", "les 3 plus anciens articles sur les résidences"),
        # ... its filter's words only, not all the previous question held besides its subject
        # ("les derniers articles sur le design les articles sur depuis 2019").
        (
            "les articles sur le design depuis 2019",
            "et les plus récents ?",
            "les derniers articles sur le design depuis 2019",
        ),
        (
            "les labs depuis 2019 sur transfo en anglais",
            "et les plus anciens ?",
            "les plus anciens articles sur les labs depuis 2019 sur transfo en anglais",
        ),
        # A period the subject kept as its words ("en 2016": about it) is named once.
        (
            "le design en 2016 sur transfo",
            "et les plus anciens ?",
            "les plus anciens articles sur le design en 2016 sur transfo",
        ),
        # The period next to the previous one: before, "et avant ?" searched "avant" among the
        # same posts ("les labs en 2019 avant ?": 2019's on).
        ("les labs en 2019", "et avant ?", "les labs avant 2019 ?"),
        ("les labs depuis 2019 sur transfo", "et avant ça ?", "les labs sur transfo avant 2019 ?"),
        ("les labs entre 2015 et 2017", "et après ?", "les labs depuis 2018 ?"),
        # "en 2019" about something reads 2019 and after (later posts tell what happened then);
        # after it is still from 2020 ("et après ?" found no end).
        ("les labs en 2019", "et après ?", "les labs depuis 2020 ?"),
        ("labs in 2019", "and later?", "labs since 2020?"),
        ("les labs en 2019 sur transfo", "et après ?", "les labs sur transfo depuis 2020 ?"),
        ("les labs au printemps 2019", "et après ?", "les labs depuis le 01/07/2019 ?"),
        ("les labs avant le 15 mars 2020", "et après ?", "les labs depuis le 15/03/2020 ?"),
        ("les labs en 2019", "et l'année d'avant ?", "les labs en 2018 ?"),
        ("les labs en 2019", "et l'année suivante ?", "les labs en 2020 ?"),
        ("labs since 2019", "and before?", "labs before 2019?"),
        ("labs in 2019", "and the year before?", "labs in 2018?"),
        ("les articles de 2019", "et l'année d'après ?", "articles de 2020"),
        ("les articles de 2019 en anglais", "et avant ?", "articles avant 2019 en anglais"),
        ("posts from 2019", "and the next year?", "posts from 2020"),
        ("les labs", "et avant ?", None),  # before what?
        ("les labs depuis 2019", "et l'année d'avant ?", "les labs en 2018 ?"),
        ("les labs entre 2015 et 2017", "et l'année d'avant ?", None),  # which year?
        # A previous question that searched no words.
        ("quoi de neuf ?", "et depuis 2020 ?", None),
        ("quoi de neuf ?", "et les plus anciens ?", None),
    ],
)
def test_a_follow_up_naming_only_a_date_or_a_source_narrows_the_previous_question(
    previous, question, understood
):
    assert narrowed(previous, question, _parse) == understood


@pytest.mark.parametrize(
    ("previous", "question", "understood"),
    [
        # A search reads the question written out ("cest" → "c'est"): the filter's words left out are
        # found there, not at the same places in the question as typed.
        (
            "cest quoi les labs depuis 2019 en anglais",
            "et avant 2015 ?",
            "c'est quoi les labs en anglais avant 2015 ?",
        ),
        ("pk les labs sur 27e depuis 2019", "et avant 2015 ?", "pourquoi les labs sur 27e avant 2015 ?"),
        # The previous question's period kept for another order: found beside its subject as read.
        (
            "les labos dinnovation avant 2012",
            "et les plus anciens ?",
            "les plus anciens articles sur les labos d'innovation avant 2012",
        ),
        (
            "les labos dinnovation avant 2012",
            "et les 2 plus récents ?",
            "les 2 derniers articles sur les labos d'innovation avant 2012",
        ),
    ],
)
def test_a_follow_up_reads_the_previous_question_as_it_was_searched(
    retriever: Retriever, previous, question, understood
):
    assert narrowed(previous, question, retriever.parse) == understood


_TOPICS = st.sampled_from(
    [
        LABS_QUESTION,
        "résidences dans les lycées",
        "la Transfo en Bretagne ?",
        "what is a public innovation lab?",
    ]
)
# Not "en 2019": about something, it asks what happened then, which later posts tell too (filters).
_NARROWING = st.sampled_from(
    [
        "depuis 2020",
        "avant 2015",
        "sur transfo",
        "since 2018",
        "entre 2016 et 2018",
        "après 2012",
        "site:27e",
        "en anglais",
        "in French",
    ]
)


@given(
    _TOPICS,
    _NARROWING,
    _NARROWING,
    st.sampled_from(["et", "Et", "and", "mais", "alors"]),
    st.sampled_from(["", " ?", "?"]),
)
def test_a_narrowing_follow_up_keeps_the_previous_words_and_what_it_leaves_open(
    topic, before, after, opener, end
):
    previous = f"{topic} {before}"
    understood = narrowed(previous, f"{opener} {after}{end}", _parse)
    assert understood is not None
    old, new = _parse(previous).filter, _parse(after).filter
    kinds = [
        {k for k, asked in (("d", f.dated), ("s", f.sources), ("l", f.language)) if asked} for f in (old, new)
    ]
    if kinds[0] & kinds[1]:
        # The same kind named again ("depuis 2020", "et avant 2015 ?"): the follow-up's alone.
        wanted = new
    else:  # another kind: both ("avant 2015", "et en anglais ?"), when written together they read so
        both = Filter(
            new.since or old.since,
            new.until or old.until,
            new.sources or old.sources,
            (),
            new.language or old.language,
        )
        # ("in French depuis 2020" does not read as French: one language's expression before the
        # other's is left to search, and the follow-up's filter alone is asked.)
        wanted = both if _parse(f"{previous} {after}").filter == both else new
    assert _parse(understood).filter == wanted
    assert _parse(understood).text.rstrip(" ?") == _parse(previous).text.rstrip(" ?")


@given(
    _TOPICS,
    _NARROWING,
    _NARROWING,
    _NARROWING,
    st.sampled_from(["et", "Et", "and", "mais", "alors"]),
    st.sampled_from(["", " ?", "?"]),
)
def test_a_follow_up_replaces_the_kinds_it_names_and_keeps_the_others(
    topic, first, second, after, opener, end
):
    assume(not _parse(first).filter.kinds & _parse(second).filter.kinds)
    previous = f"{topic} {first} {second}"
    understood = narrowed(previous, f"{opener} {after}{end}", _parse)
    assert understood is not None
    prior, new = _parse(previous).filter, _parse(after).filter
    alone_read = _parse(f"{_parse(previous).text} {after}")  # its words ("in French" may be some)
    alone = alone_read.filter
    # The previous question's expressions of the kinds the follow-up leaves open, then the follow-up.
    kept = [e for e in (first, second) if not _parse(e).filter.kinds & new.kinds]
    together = _parse(" ".join([topic, *kept, after])).filter
    if together == alone.completed(prior):
        assert _parse(understood).filter == alone.completed(prior)
    else:  # ("in French depuis 2020" does not read as French: the follow-up's filter alone)
        assert _parse(understood).filter == alone
    assert analyze(_parse(understood).text) == analyze(alone_read.text)


@given(
    st.sampled_from(["le design", "les résidences", "les articles sur le design", "tiers-lieux"]),
    st.lists(_NARROWING, min_size=1, max_size=2, unique=True),
    st.sampled_from(
        [
            ("et les plus récents ?", (True, False, None)),
            ("et les plus anciens ?", (False, True, None)),
            ("et les 3 premiers ?", (False, True, 3)),
            ("and the latest?", (True, False, None)),
        ]
    ),
)
def test_another_order_of_the_same_posts_keeps_their_filter_and_subject(topic, narrowings, order):
    previous = " ".join([topic, *narrowings])
    prior = _parse(previous)
    understood = narrowed(previous, order[0], _parse)
    assert understood is not None
    read = _parse(understood)
    assert (read.newest, read.oldest, read.count) == order[1]
    assert read.filter == prior.filter
    assert analyze(read.subject) == analyze(prior.subject)


@given(
    st.sampled_from(
        [
            "les derniers articles sur {}",
            "les 3 derniers articles sur {}",
            "les plus anciens articles sur {}",
            "le premier article sur {}",
            "the latest posts about {}",
        ]
    ),
    st.sampled_from(["le design", "les communs", "tiers-lieux", "public innovation labs"]),
    _NARROWING,
    st.sampled_from(["et", "Et", "and", "alors"]),
    st.sampled_from(["", " ?", "?"]),
)
def test_a_narrowing_follow_up_keeps_the_order_and_number_asked(asked, subject, after, opener, end):
    previous = asked.format(subject)
    understood = narrowed(previous, f"{opener} {after}{end}", _parse)
    assert understood is not None
    read, prior = _parse(understood), _parse(previous)
    assert (read.newest, read.oldest, read.count) == (prior.newest, prior.oldest, prior.count)
    assert read.filter == _parse(after).filter
    assert analyze(read.subject) == analyze(prior.subject)


@given(
    _TOPICS,
    st.integers(1990, 2025),
    st.sampled_from(
        [
            ("en {}", "et avant ?"),
            ("in {}", "Et avant ça ?"),
            ("depuis {}", "and before?"),
            ("since {}", "and earlier?"),
            ("entre {} et 2030", "et plus tôt"),
            ("en {}", "et après ?"),
            ("in {}", "Et après ça ?"),
            ("avant {}", "and after?"),
            ("entre 1980 et {}", "and later?"),
            ("en mars {}", "et plus tard"),
            ("au printemps {}", "et après ?"),
        ]
    ),
)
def test_the_period_next_to_the_previous_one_is_up_to_its_start_or_from_its_end(topic, year, asked):
    period, follow_up = asked[0].format(year), asked[1]
    understood = narrowed(f"{topic} {period}", follow_up, _parse)
    # As named: "en 2019" about something also reads the later posts, but ends with 2019.
    named = _parse(f"articles {period}").filter
    assert understood is not None
    if re.search(r"avant|before|earlier|tôt", follow_up):
        assert named.since is not None
        assert _parse(understood).filter == Filter(until=named.since - dt.timedelta(days=1))
    else:
        assert named.until is not None
        assert _parse(understood).filter == Filter(since=named.until + dt.timedelta(days=1))
    assert analyze(_parse(understood).text) == analyze(_parse(topic).text)


@given(
    _TOPICS,
    st.sampled_from(["en 2016", "in 2016", "fin 2019", "au printemps 2020", "en mars 2020"]),
    st.sampled_from(
        ["depuis 2020", "avant 2015", "since 2018", "entre 2016 et 2018", "après 2012", "en 2021"]
    ),
    st.sampled_from(["et", "Et", "and"]),
)
def test_a_follow_up_period_replaces_the_one_the_previous_question_kept_as_words(topic, kept, after, opener):
    understood = narrowed(f"{topic} {kept}", f"{opener} {after} ?", _parse)
    assert understood is not None
    alone = _parse(f"{topic} {after}")
    assert _parse(understood).filter == alone.filter
    assert analyze(_parse(understood).text) == analyze(alone.text)


@given(
    st.sampled_from(
        ["quoi de neuf ?", "les articles de 2016", "les 5 derniers billets", "les premiers articles"]
    ),
    st.sampled_from(["sur", "Sur", "about", "About"]),
    st.sampled_from(["les communs", "tiers-lieux", "design des politiques publiques", "labs"]),
    st.sampled_from(["", " ?", "?"]),
)
def test_a_subject_after_posts_of_no_subject_keeps_their_order_and_period(listing, about, subject, end):
    understood = narrowed(listing, f"{about} {subject}{end}", _parse)
    assert understood is not None
    parsed, asked = _parse(understood), _parse(listing)
    assert (parsed.filter, parsed.newest or not parsed.filter.empty, parsed.oldest, parsed.count) == (
        asked.filter,
        asked.newest or not asked.filter.empty,
        asked.oldest,
        asked.count,
    )
    assert analyze(parsed.text) == analyze(subject)


@given(
    _TOPICS,
    st.sampled_from(
        [
            "les plus anciens",
            "les plus anciennes",
            "les plus récentes",  # was searched: "… les plus récentes ?"
            "la plus récente",
            "les premiers",
            "les 3 premières",
            "les derniers",
            "le dernier",
            "la première",
            "the oldest",
            "the latest",
        ]
    ),
    st.sampled_from(["et", "Et", "and", "alors", ""]),
    st.sampled_from(["", " ?", "?", " d'abord ?"]),
)
def test_a_follow_up_naming_only_an_order_asks_for_the_same_posts_in_it(topic, order, opener, end):
    understood = narrowed(topic, f"{opener} {order}{end}", _parse)
    assert understood is not None
    parsed = _parse(understood)
    oldest = any(word in order for word in ("ancien", "premi", "oldest"))
    assert (parsed.oldest, parsed.newest) == (oldest, not oldest)
    assert parsed.count == (3 if "3" in order else None)
    assert analyze(parsed.text) == analyze(_parse(topic).text)


@pytest.mark.parametrize(
    ("previous", "question", "understood"),
    [
        (LABS_QUESTION, "et en Bretagne ?", "quels départements ont un labo d'innovation en Bretagne ?"),
        ("c'est quoi Vidéocagette ?", "qui l'a financé ?", "c'est quoi Vidéocagette ? qui l'a financé ?"),
        ("c'est quoi Vidéocagette ?", "Et qui l'a financé ?", "c'est quoi Vidéocagette ? qui l'a financé ?"),
        ("qu'est-ce que la Transfo ?", "qui l'organise ?", "qu'est-ce que la Transfo ? qui l'organise ?"),
        ("qu'est-ce que la Transfo ?", "c'est quand ?", "qu'est-ce que la Transfo ? c'est quand ?"),
        (
            "c'est quoi une résidence ?",
            "donne-moi un exemple concret",
            "c'est quoi une résidence ? donne-moi un exemple concret",
        ),
        ("which departments have a lab?", "what about Brittany?", "which departments have a lab Brittany?"),
        # Another place, audience or subject after the same preposition: asked instead of the one
        # named (before, both were searched: "… en Bretagne en Normandie ?").
        (
            "les labos d'innovation en Bretagne ?",
            "et en Normandie ?",
            "les labos d'innovation en Normandie ?",
        ),
        ("les labos d'innovation en Bretagne", "ou en Occitanie ?", "les labos d'innovation en Occitanie ?"),
        ("le design dans les hôpitaux", "et dans les écoles ?", "le design dans les écoles ?"),
        ("la Transfo à Strasbourg", "et au Danemark ?", "la Transfo au Danemark ?"),
        ("des exemples pour les agents", "et pour les élus ?", "des exemples pour les élus ?"),
        ("les articles sur le design", "et sur les communs ?", "les articles sur les communs ?"),
        ("labs in Brittany", "and in Normandy?", "labs in Normandy?"),
        (
            "que pense la 27e Région de l'IA ?",
            "et de la blockchain ?",
            "que pense la 27e Région de la blockchain ?",
        ),
        (
            "les retours d'expérience de la Transfo",
            "et des Labonautes ?",
            "les retours d'expérience des Labonautes ?",
        ),
        # The filter named with it stays, after the place asked.
        ("les labs en Bretagne depuis 2019", "et en Normandie ?", "les labs en Normandie depuis 2019 ?"),
        ("les labs en Bretagne en anglais", "et en Normandie ?", "les labs en Normandie en anglais ?"),
        ("labs in Brittany since 2019", "and in Normandy?", "labs in Normandy since 2019?"),
        # Another name instead of the one the question ended with (before, both were searched).
        ("c'est quoi la Transfo ?", "et les Labonautes ?", "c'est quoi les Labonautes ?"),
        ("qui a lancé la Transfo ?", "et Rebonds ?", "qui a lancé Rebonds ?"),
        ("what is La Transfo?", "and Rebonds?", "what is Rebonds?"),
        ("les résidences de la 27e Région", "et la Transfo ?", "les résidences de la Transfo ?"),
        ("la Transfo à Strasbourg", "et Lille ?", "la Transfo à Lille ?"),
        ("les 3 derniers articles sur la Transfo", "et Rebonds ?", "les 3 derniers articles sur Rebonds ?"),
        ("les articles sur la Transfo depuis 2019", "et Rebonds ?", "les articles sur Rebonds depuis 2019 ?"),
        ("labs about La Transfo since 2019", "and Rebonds?", "labs about Rebonds since 2019?"),
        # Common words ask about the same thing; no name at the end, or a year: joined.
        ("c'est quoi la Transfo ?", "et les résultats ?", "c'est quoi la Transfo les résultats ?"),
        (LABS_QUESTION, "et les Régions ?", "quels départements ont un labo d'innovation les Régions ?"),
        ("les labs en 2019", "et Rebonds ?", "les labs en 2019 Rebonds ?"),
        # One name or two ("Molly Turner des GAFA"): which to replace is not told.
        ("Que pense Molly Turner des GAFA ?", "et Uber ?", "Que pense Molly Turner des GAFA Uber ?"),
        # Not the same preposition, a period, "en" standing for something, the verb "a": joined.
        (
            "les labos d'innovation en Bretagne",
            "et à Lille ?",
            "les labos d'innovation en Bretagne à Lille ?",
        ),
        ("les labs en 2019", "et en Bretagne ?", "les labs en 2019 en Bretagne ?"),
        ("les communs, qui en parle ?", "et en Bretagne ?", "les communs, qui en parle en Bretagne ?"),
        ("qu'est-ce que la Région a fait", "et à Lille ?", "qu'est-ce que la Région a fait à Lille ?"),
        # Points back, but names what it is about; stands alone; nothing but the opener.
        ("c'est quoi Vidéocagette ?", "comment elle marche, la Transfo ?", None),
        (LABS_QUESTION, "qu'est-ce qu'une résidence ?", None),
        (LABS_QUESTION, "Quels risques menacent les forêts et leurs écosystèmes ?", None),
        (LABS_QUESTION, "et ?", None),
    ],
)
def test_without_a_model_a_follow_up_is_searched_with_the_previous_question(previous, question, understood):
    assert joined(previous, question, _parse) == understood


def test_a_follow_up_pointing_back_after_another_points_to_the_same_question():
    # Before, each one was added to the chain: "qu'est-ce que la Transfo ? c'est quand ? qui
    # l'organise ? comment y participer ?" searched "quand" and "organise" for the last.
    first = "qu'est-ce que la Transfo ?"
    when = attached(first, None, None, "c'est quand ?", _parse)
    assert when == Attached(f"{first} c'est quand ?", None, first)
    who = attached(when.question, when.base, when.pointed, "qui l'organise ?", _parse)
    assert who == Attached(f"{first} qui l'organise ?", None, first)
    how = attached(who.question, who.base, who.pointed, "comment y participer ?", _parse)
    assert how.question == f"{first} comment y participer ?"
    # Going on from the end goes on from the last question, and the next one from the same.
    brittany = attached(how.question, how.base, how.pointed, "et en Bretagne ?", _parse)
    assert brittany == Attached(f"{first} comment y participer en Bretagne ?", how.question)
    normandy = attached(brittany.question, brittany.base, brittany.pointed, "et en Normandie ?", _parse)
    assert normandy.question == f"{first} comment y participer en Normandie ?"
    # A question that stands alone leans on nothing, and the next follow-up leans on it.
    assert attached(who.question, who.base, who.pointed, "c'est quoi une résidence ?", _parse) == Attached(
        None
    )


@given(st.text(max_size=120), st.text(max_size=60))
def test_a_joined_follow_up_keeps_the_previous_question_and_the_follow_up(previous, question):
    understood = joined(previous, question, _parse)
    assert understood is None or needs_context(question)
    if understood is not None:
        head = previous.strip().rstrip("?!.… ")
        # The previous question whole, or up to the phrase or name the follow-up's replaces.
        starts = [m.start() for m in re.finditer(r"\S+", head)]
        assert understood.startswith(head) or any(understood.startswith(head[:at]) for at in starts)
        assert understood.endswith(question.strip().rstrip(" ,")[-5:])


@given(
    st.sampled_from(["c'est quoi {} ?", "qui a lancé {} ?", "what is {}?", "les derniers articles sur {}"]),
    st.sampled_from(["la Transfo", "La 27e Région", "le LAB", "Vidéocagette"]),
    st.sampled_from(["les Labonautes", "Rebonds", "la Fabrique des Communs", "l'Atelier"]),
    st.sampled_from(["et", "Et", "and"]),
    st.sampled_from(["", " ?", "?"]),
)
def test_another_name_is_asked_about_instead(frame, before, after, opener, end):
    understood = joined(frame.format(before), f"{opener} {after}{end}", _parse)
    asked = frame.format(after).rstrip(" ?")
    assert understood == f"{asked}{end}"


@given(
    st.sampled_from(["les labos d'innovation", "le design", "quels départements ont un labo", "labs"]),
    st.sampled_from(["en", "dans", "pour", "à", "de", "in", "for", "of"]),
    st.sampled_from(["Bretagne", "les hôpitaux", "les agents", "Lille", "prison"]),
    st.sampled_from(["Normandie", "les écoles", "les élus", "Strasbourg", "milieu rural"]),
    st.sampled_from(["", " depuis 2019", " en anglais", " sur transfo"]),
    st.sampled_from(["et", "Et", "ou", "and"]),
    st.sampled_from(["", " ?", "?"]),
)
def test_another_phrase_after_the_same_preposition_is_asked_instead(
    subject, preposition, before, after, kept, opener, end
):
    understood = joined(
        f"{subject} {preposition} {before}{kept}", f"{opener} {preposition} {after}{end}", _parse
    )
    assert understood == f"{subject} {preposition} {after}{kept}{end}"
    assert _parse(understood).filter == _parse(f"{subject}{kept}").filter


@given(st.text(max_size=400), st.text(max_size=100))
def test_a_rewrite_is_one_line_or_nothing(reply, question):
    kept = accepted_rewrite(reply, question)
    assert kept is None or ("\n" not in kept and 0 < len(kept) <= 300 and kept != question)


# --- the breaker and the client ---------------------------------------------------------------
def test_the_breaker_opens_after_repeated_failures_and_for_retry_after():
    now = [0.0]
    breaker = Breaker(threshold=3, cooldown=60, clock=lambda: now[0])
    breaker.failed()
    breaker.failed()
    assert breaker.allows()
    breaker.failed()
    assert not breaker.allows()
    now[0] = 61
    assert breaker.allows()
    breaker.succeeded()
    breaker.failed(retry_after=120)
    assert not breaker.allows()
    now[0] = 182
    assert breaker.allows()


@pytest.fixture
async def llm():
    server = FakeLLM()
    await server.start()
    yield server
    await server.stop()


def client_of(server: FakeLLM, **options) -> Synthesizer:
    return Synthesizer(server.url, server.key, "albert-large", **options)


async def test_a_streamed_answer_is_checked_and_the_key_is_sent(llm):
    llm.replies.append(Reply("Le Val-d'Oise a créé un laboratoire en 2016 [1]."))
    synthesizer = client_of(llm)
    seen: list[str] = []

    async def on_text(partial: str) -> None:
        seen.append(partial)

    synthesis = await synthesize(synthesizer, result(hit("a", LABS)), "fr", on_text)
    await synthesizer.close()
    assert synthesis.usable and synthesis.checked is not None and synthesis.checked.cited == (1,)
    assert len(seen) > 1 and seen[-1].endswith("[1].")
    request = llm.completions()[0]
    assert request.headers["Authorization"] == f"Bearer {llm.key}"
    assert request.body["stream"] is True and request.body["model"] == "albert-large"
    sent = " ".join(m["content"] for m in request.body["messages"])
    assert "Val-d'Oise" in sent  # the passages, and nothing about the user


@pytest.mark.parametrize(
    "reply",
    [
        Reply(status=429, retry_after=30),
        Reply(status=503),
        Reply("Le Val-d'Oise [1].", stall=3.0),
        Reply("Le Val-d'Oise a créé un laboratoire en 2016 [1].", cut=True),
        Reply("Le Val-d'Oise a créé un laboratoire en 2016 [1].", invalid=True),
        Reply(""),
    ],
    ids=["429", "503", "timeout", "cut", "invalid-json", "empty"],
)
async def test_every_failure_ends_in_no_answer_never_an_exception(llm, reply):
    llm.replies.append(reply)
    synthesizer = client_of(llm, timeout=1.0)
    synthesis = await synthesize(synthesizer, result(hit("a", LABS)), "fr")
    await synthesizer.close()
    assert not synthesis.usable and synthesis.checked is None and synthesis.failure
    if reply.retry_after:
        assert not synthesizer.breaker.allows()  # Retry-After honoured: the service is left alone


async def test_after_repeated_failures_the_service_is_not_called(llm):
    llm.default = Reply(status=500)
    synthesizer = client_of(llm)
    for _ in range(3):
        await synthesize(synthesizer, result(hit("a", LABS)), "fr")
    calls = len(llm.completions())
    with pytest.raises(SynthesisError):
        await synthesizer.complete([{"role": "user", "content": "x"}])
    await synthesizer.close()
    assert calls == 3 and len(llm.completions()) == 3


async def test_a_wrong_key_or_model_is_a_failure_not_a_crash(llm):
    for synthesizer in (
        Synthesizer(llm.url, "wrong-key-0123456789", "albert-large"),
        Synthesizer(llm.url, llm.key, "no-such-model"),
    ):
        synthesis = await synthesize(synthesizer, result(hit("a", LABS)), "fr")
        await synthesizer.close()
        assert synthesis.failure in ("HTTP 401", "HTTP 404")


def test_sources_follow_the_card_order_with_at_most_five_passages():
    res = result(*(hit(f"d{n}", f"texte {n}", extra=f"suite {n}") for n in range(4)))
    found = sources_of(res)
    assert [(s.number, s.doc_id) for s in found] == [(1, "d0"), (2, "d0"), (3, "d1"), (4, "d1"), (5, "d2")]
    assert all(isinstance(s, Source) for s in found)
