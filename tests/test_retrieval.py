"""Retrieval with the real bundled model, real FAISS and BM25, on the seed corpus."""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import service
from bot.errors import QuestionError
from bot.search.evaluation import evaluate, load_questions
from bot.search.retrieval import Retriever, _highest, _Recent, _shared, clipped
from tests.conftest import EVAL_FILE, REPO, make_settings
from tests.test_cleaning import BOILERPLATE

DEPARTMENTS = "departements-pionniers-innovation-publique"


def test_departments_question_finds_the_departments_day_with_its_link(retriever):
    result = retriever.search("quels départements ont un labo d'innovation ?", 5)
    hits = {h.doc_id: h for h in result.hits}
    assert DEPARTMENTS in hits
    assert hits[DEPARTMENTS].url == (
        "http://www.la27eregion.fr/les-departements-pionniers-des-demarches-dinnovation-publique/"
    )


class _Reading:
    """The real model, remembering what it was given to read."""

    def __init__(self, embedder):
        self.inner, self.read = embedder, []
        self.name, self.dimension = embedder.name, embedder.dimension

    def embed_query(self, text):
        self.read.append(text)
        return self.inner.embed_query(text)

    def embed_passages(self, texts, progress=None):
        return self.inner.embed_passages(texts, progress)


def test_the_model_reads_a_long_message_as_long_as_a_passage_and_the_words_side_reads_it_all(retriever):
    reading = _Reading(retriever.embedder)
    own = Retriever(retriever.index, reading, retriever.params)  # type: ignore[arg-type]
    pasted = "Nous avons lu un long rapport sur les politiques publiques. " * 70 + "Lormes"
    found = own.search(pasted, 5)
    limit = retriever.index.manifest.chunk_size
    assert len(pasted) > 4 * limit and reading.read and all(len(t) <= limit for t in reading.read)
    assert pasted.startswith(reading.read[0]) and pasted[len(reading.read[0])].isspace()  # whole words
    assert "lorm" in found.terms  # the message's last word still counts on the word side


@given(st.text(), st.integers(min_value=1, max_value=50))
def test_clipping_keeps_a_prefix_within_the_limit_without_cutting_a_word(text, limit):
    cut = clipped(text, limit)
    assert text.startswith(cut) and len(cut) <= limit
    if len(text) <= limit:
        assert cut == text
    elif any(c.isspace() for c in text[1:limit]) and not text[limit].isspace():
        # Cut at a space: the next character of the text is a space, or begins the cut word.
        assert text[len(cut)].isspace()


def test_a_question_typed_without_accents_is_read_with_them(retriever):
    # The model and the stemmer read "departements" unlike "départements" ("departement" vs "depart").
    assert retriever.written_out("rapport dactivite de la region") == "rapport d'activité de la région"
    typed = retriever.search("quels departements ont un labo dinnovation", 5)
    written = retriever.search("quels départements ont un labo d'innovation", 5)
    assert typed.terms == written.terms
    assert [h.doc_id for h in typed.hits] == [h.doc_id for h in written.hits]


@pytest.fixture
def names_index(tmp_path, corpus_copy, fake_embedder) -> Retriever:
    """The seed posts and four short ones with names: "CityLab" joined, "Bloomberg" capitalised."""
    posts = {
        "citylab-mexico": "Le CityLab de Mexico teste avec Bloomberg des services pour les habitants.",
        "citylab-londres": "Retour sur CityLab à Londres, où Bloomberg réunit des maires de grandes villes.",
        "open-data": "L'open data des collectivités : ouvrir les données des régions avec Bloomberg.",
        "opendata": "Un hackathon #opendata à Rennes avec les agents du service informatique.",
    }
    for slug, text in posts.items():
        (corpus_copy / f"{slug}.md").write_text(f"---\ntitle: {slug}\n---\n\n{text}\n")
    settings = make_settings(tmp_path, corpus_dir=corpus_copy, embedding_model="fake-model")
    service.build_index(settings, lambda: fake_embedder)
    return service.open_retriever(settings, lambda: fake_embedder)


def test_two_words_typed_apart_are_read_as_the_one_word_the_collection_writes(names_index):
    own = names_index
    # "City Lab" read apart would search "city" and "lab", the words of every post about a lab.
    assert own.written_out("le City Lab") == "le CityLab" and own.topic_terms("city lab") == ["citylab"]
    assert {h.doc_id for h in own.search("City Lab", 5).hits[:2]} == {"citylab-mexico", "citylab-londres"}
    # Written apart as often as joined, or joined once: read as typed.
    assert own.written_out("open data") == "open data"


def test_a_name_typed_in_lower_case_is_read_in_the_case_the_collection_writes_it(names_index):
    # The model reads "bloomberg" unlike "Bloomberg", which the collection always writes with a capital.
    assert names_index.written_out("les projets de bloomberg") == "les projets de Bloomberg"
    assert names_index.written_out("des agents et des données") == "des agents et des données"
    # Only as far as the model reads a message: the words side reads lower case anyway.
    long = "bloomberg " * 200
    written = names_index.written_out(long)
    assert written.startswith("Bloomberg Bloomberg") and written.rstrip().endswith("bloomberg bloomberg")


def test_a_chat_word_the_collection_writes_only_in_passing_is_still_spelled_out(tmp_path, fake_embedder):
    # One post takes payment "par CB"; six are about Washington DC: "cb" is a chat word, "DC" a name.
    posts = {"adhesion": "Adhérez en quelques secondes : paiement par CB sur HelloAsso."}
    for n in range(6):
        posts[f"washington-{n}"] = f"Le lab de Washington DC, épisode {n} : ses agents et ses usagers."
    own = _collection(tmp_path, fake_embedder, posts)
    assert own.written_out("cb de gens ds une i-team ?") == "combien de gens dans une i-team ?"
    assert own.written_out("les labs de Washington DC") == "les labs de Washington DC"


def test_a_typo_typed_without_accents_is_read_as_the_word_the_collection_uses(tmp_path, fake_embedder):
    # "depatement" is two changes from "département" with its accent; it also reads as "d'épatement"
    # typed without the apostrophe, and "épatant" is in one post: the archive searched "épat".
    posts = {f"labo-{n}": f"Le labo d'innovation du département n° {n} et ses agents." for n in range(59)}
    posts["fete"] = "Une fête épatante à Lille."
    own = _collection(tmp_path, fake_embedder, posts)
    assert own.written_out("labo innovtion depatement") == "labo innovation département"
    assert own.topic_terms("depatement") == ["depart"]
    # An elision typed without its apostrophe is still one.
    assert own.written_out("un labo dinnovation") == "un labo d'innovation"


def test_a_question_without_function_words_is_read_in_the_language_of_its_words(retriever):
    assert retriever.search("sustainable forest management", 5).english
    assert retriever.search("Which departments have an innovation lab?", 5).english
    assert not retriever.search("gestion durable des forêts", 5).english
    assert not retriever.search("sobriete energetique", 5).english  # French without accents
    assert not retriever.search("design public", 5).english  # words of both languages: French


def test_one_hit_per_post_with_bounded_highlighted_passages(retriever):
    result = retriever.search("laboratoire d'innovation Pôle emploi", 10)
    ids = [h.doc_id for h in result.hits]
    assert len(ids) == len(set(ids)) and ids
    for hit in result.hits:
        for passage in (hit.passage, *hit.extra_passages):
            assert 0 < len(passage.text) <= 700
            for start, end in passage.highlights:
                assert re.match(r"(?i)lab|innov|p[oô]le|emploi", passage.text[start:end])


@pytest.mark.parametrize(
    "question",
    ["recette de la tarte tatin", "how do I bake sourdough bread", "résultats du match PSG Marseille"],
)
def test_off_topic_questions_get_nothing(retriever, question):
    assert retriever.search(question, 5).hits == ()


def test_typos_and_missing_accents_still_find_the_post(retriever):
    result = retriever.search("departemnts pionniers innovaton", 3)
    assert result.hits and result.hits[0].doc_id == DEPARTMENTS


def test_chat_typing_reads_as_the_written_question(retriever):
    # Unread, "dinnovation" and "koi" weigh as words the corpus never uses: the question's
    # words would seem missing from every post.
    typed = retriever.search("c koi les departements ki ont un labo dinnovation", 3)
    written = retriever.search("c'est quoi les départements qui ont un labo d'innovation", 3)
    assert typed.terms == written.terms == ("depart", "labo", "innov")
    assert typed.hits and typed.hits[0].doc_id == DEPARTMENTS
    # Typos are corrected where the language does not know the word.
    typo = retriever.search("quels dépatements ont un labo d'inovation ?", 3)
    assert typo.terms == ("depart", "labo", "innov") and typo.hits[0].doc_id == DEPARTMENTS
    # Words typed together, as in a hashtag, are searched apart.
    assert retriever.search("#innovationpublique departements", 3).terms == ("innov", "publiqu", "depart")


def test_a_run_of_question_marks_reads_as_one(retriever):
    # Before, "La Transfo ???" was read as typed: on the archive it was answered unsure, with
    # other posts than "La Transfo ?".
    assert retriever.query_key("c'est quoi la Transfo ???") == retriever.query_key("c'est quoi la Transfo ?")
    assert retriever.query_key("des labos ?!") == retriever.query_key("des labos ?")
    assert retriever.query_key("génial !!!") == retriever.query_key("génial !")
    asked = [h.doc_id for h in retriever.search("quels départements ont un labo d'innovation ???", 5).hits]
    assert asked == [
        h.doc_id for h in retriever.search("quels départements ont un labo d'innovation ?", 5).hits
    ]


def test_empty_question_is_refused(retriever):
    with pytest.raises(QuestionError):
        retriever.search(" ?! … ", 5)


def test_paging_skips_the_posts_already_shown(retriever):
    first = retriever.search("innovation publique", 2)
    second = retriever.search("innovation publique", 2, offset=2)
    assert not {h.doc_id for h in first.hits} & {h.doc_id for h in second.hits}


def test_no_passage_ever_shows_boilerplate(retriever):
    questions = [q.question for q in load_questions(EVAL_FILE)]
    questions += ["laisser un commentaire", "adresse de messagerie", "IMG photo suzanne dav", "balises HTML"]
    for question in questions:
        for hit in retriever.search(question, 10).hits:
            for passage in (hit.passage, *hit.extra_passages):
                assert not BOILERPLATE.search(passage.text), (question, passage.text)


def test_quality_floor_on_our_evaluation_set(retriever):
    """CI fails if retrieval regresses below what was measured (see README)."""
    report = evaluate(retriever.search, load_questions(EVAL_FILE), 5)
    assert report.questions >= 60
    assert report.doc_recall >= 0.95
    assert report.passage_recall >= 0.85, [m.id for m in report.misses]
    assert report.mrr10 >= 0.93


def test_offtopic_set_is_mostly_refused(retriever):
    questions = (REPO / "tests" / "eval" / "offtopic.txt").read_text(encoding="utf-8").splitlines()
    refused = sum(not retriever.search(q, 5).hits for q in questions if q.strip())
    assert refused >= 0.75 * len(questions)


def test_only_the_best_post_may_show_more_passages_never_overlapping_each_other(retriever):
    seen_more = False
    for item in load_questions(EVAL_FILE):
        hits = retriever.search(item.question, 5).hits
        assert all(not hit.extra_passages for hit in hits[1:])
        if hits and hits[0].extra_passages:
            seen_more = True
            texts = [p.text for p in hits[0].passages]
            assert len(texts) <= retriever.params.max_passages
            for a, b in itertools.permutations(texts, 2):  # no part of one repeated in another
                assert not any(a[i : i + 60] in b for i in range(0, max(len(a) - 60, 1), 20))
    assert seen_more  # some questions of the set do get more than one passage of their best post


def test_a_second_passage_takes_a_place_only_from_a_post_it_outscores(retriever):
    """The best post's other parts come before the next post only when they score higher."""
    shown_more = 0
    for item in load_questions(EVAL_FILE):
        result = retriever.search(item.question, 5)
        found = retriever._rank(item.question, None, None, None, True)
        if not result.hits or not result.hits[0].extra_passages:
            continue
        shown_more += 1
        best = found.posts[0][1]
        following = found.posts[1][1][0].fused if len(found.posts) > 1 else 0.0
        extra = len(result.hits[0].extra_passages)
        # The best post's chunks that were shown scored at least the next post's best.
        assert sum(c.fused >= following for c in best) >= 1 + extra
    assert shown_more


@pytest.mark.parametrize(
    "question", ["laboratoires d'innovation des départements", "recette de la tarte tatin", "depuis 2016"]
)
def test_rank_posts_is_the_search_order_and_scores_without_passages(retriever, question):
    searched = retriever.search(question, 10, gated=False)
    ranked = retriever.rank_posts(question, 10)
    assert ranked.posts == tuple(hit.doc_id for hit in searched.hits)
    assert ranked.scores == tuple(hit.score for hit in searched.hits)
    assert ranked.relevant == searched.relevant
    assert ranked.posts  # the off-topic question too: floors aside


def test_rank_posts_keeps_the_order_of_relevance_when_the_topic_reads_as_news(retriever):
    # Sorted by date, every new post would come first for an alert topic like "la dernière AG".
    question = "le dernier rapport sur les laboratoires d'innovation"
    assert retriever.search(question, 10, gated=False).recent
    # The answer keeps the posts about the subject (newest first, or by relevance with "⭐"); the
    # alert ranking keeps every post, in the order of relevance.
    about = tuple(hit.doc_id for hit in retriever.search(question, 10, gated=False, recent=False).hits)
    plain_search = retriever.search("rapport sur les laboratoires d'innovation", 10)
    plain = tuple(hit.doc_id for hit in plain_search.hits)
    ranking = retriever.rank_posts(question, 10)
    assert ranking.posts == plain and ranking.posts[: len(about)] == about
    assert list(ranking.scores) == sorted(ranking.scores, reverse=True)


class _Counting:
    """The real model, counting the questions it encodes."""

    def __init__(self, embedder) -> None:
        self.inner, self.name, self.dimension, self.questions = (
            embedder,
            embedder.name,
            embedder.dimension,
            [],
        )

    def embed_passages(self, texts, progress=None):
        return self.inner.embed_passages(texts, progress)

    def embed_query(self, text):
        self.questions.append(text)
        return self.inner.embed_query(text)


def test_a_question_asked_again_is_not_encoded_again(seed_index, real_embedder):
    counting = _Counting(real_embedder)
    retriever = service.open_retriever(seed_index, lambda: counting)
    counting.questions.clear()  # the warm-up's
    first = retriever.search("quels départements ont un labo d'innovation ?", 3)
    page_two = retriever.search("quels départements ont un labo d'innovation ?", 3, offset=3)
    newest = retriever.search("quels départements ont un labo d'innovation ?", 3, recent=True)
    assert counting.questions == ["quels départements ont un labo d'innovation ?"]
    assert first.hits and page_two.hits and newest.hits
    assert not {h.doc_id for h in first.hits} & {h.doc_id for h in page_two.hits}
    # The same question encoded afresh gives the same answer.
    assert [h.doc_id for h in first.hits] == [
        h.doc_id
        for h in service.open_retriever(seed_index, lambda: real_embedder)
        .search("quels départements ont un labo d'innovation ?", 3)
        .hits
    ]
    retriever.search("budget participatif", 3)
    assert counting.questions[-1] == "budget participatif" and len(counting.questions) == 2


def test_recent_values_are_bounded_and_the_last_used_stay():
    recent: _Recent[str, int] = _Recent(2)
    computed: list[str] = []

    def value(key: str) -> int:
        return recent.get(key, lambda: computed.append(key) or len(computed))

    assert [value("a"), value("b"), value("a"), value("c"), value("a"), value("b")] == [1, 2, 1, 3, 1, 4]
    assert computed == ["a", "b", "c", "b"]  # "b" was dropped for "c", "a" kept by its use


_rows = st.sets(st.integers(0, 500), max_size=60).map(lambda r: np.array(sorted(r), dtype=np.int32))


@given(_rows, _rows)
def test_two_lists_of_rows_share_what_their_intersection_holds(rows, others):
    assert _shared(rows, others) == len(np.intersect1d(rows, others))


@given(st.lists(st.floats(0, 10, width=32), max_size=80), st.integers(1, 30))
def test_the_highest_rows_are_the_best_positive_scores(values, count):
    scores = np.array(values, dtype=np.float32)
    chosen = _highest(scores, count)
    positive = np.flatnonzero(scores > 0)
    assert len(chosen) == min(count, len(positive)) and len(set(chosen)) == len(chosen)
    assert all(scores[r] > 0 for r in chosen)
    if len(chosen) < len(positive):  # none left out scores more than one chosen
        assert scores[np.setdiff1d(positive, chosen)].max() <= scores[chosen].min()


def test_a_long_question_needs_less_relevance_than_a_short_one(retriever):
    short = "labos départements"
    long = "quels départements ont créé un laboratoire d'innovation publique pour former leurs agents ?"
    found = {q: retriever.search(q, 1) for q in (short, long)}
    assert len(set(found[short].terms)) == 2 and len(set(found[long].terms)) >= 7
    above = max(r.relevance for r in found.values()) + 0.01  # a floor neither question reaches
    flat = Retriever(
        retriever.index,
        retriever.embedder,
        replace(retriever.params, semantic_floor=above, semantic_floor_long=None),
    )
    stepped = Retriever(
        retriever.index,
        retriever.embedder,
        replace(
            retriever.params,
            semantic_floor=above,
            semantic_floor_long=above - 0.3,
            long_question_terms=7,
            long_question_step=0.06,
        ),
    )
    assert not flat.search(short, 1).relevant and not flat.search(long, 1).relevant
    # Seven terms or more: 0.3 under the floor. Two terms: five steps of 0.06 up, back to the floor.
    assert stepped.search(long, 1).relevant and not stepped.search(short, 1).relevant


def _collection(tmp_path: Path, embedder, texts: dict[str, str]) -> Retriever:
    corpus = tmp_path / "corpus"
    corpus.mkdir(parents=True)
    for slug, text in texts.items():
        (corpus / f"{slug}.md").write_text(f"---\ntitle: {slug}\n---\n\n{text}\n")
    settings = make_settings(tmp_path, corpus_dir=corpus, embedding_model="fake-model")
    service.build_index(settings, lambda: embedder)
    return service.open_retriever(settings, lambda: embedder)


def test_posts_that_all_open_alike_open_typically_close(tmp_path, fake_embedder):
    topics = [
        "budget participatif à Rennes",
        "tiers-lieux en Creuse",
        "cantines scolaires bio",
        "mobilité rurale",
    ]
    boilerplate = "Lettre d'information de la mission innovation du département, numéro mensuel. "
    distinct = _collection(tmp_path / "distinct", fake_embedder, {f"p{i}": t for i, t in enumerate(topics)})
    alike = _collection(
        tmp_path / "alike", fake_embedder, {f"p{i}": boilerplate * 3 + t for i, t in enumerate(topics)}
    )
    assert alike.typical_opening_cosine > distinct.typical_opening_cosine + 0.3
    # Each post's opening is its first chunk's stored vector.
    openings = distinct.openings(["p0", "p1"])
    first = [next(r for r, c in enumerate(distinct.index.chunks) if c.doc_id == d) for d in ("p0", "p1")]
    assert np.allclose(openings, distinct.index.dense.reconstruct_batch(np.array(first, dtype=np.int64)))


def test_the_words_side_looks_for_the_noun_of_a_relational_adjective(tmp_path, fake_embedder):
    # "départementaux" is "of the départements": on the archive, "labos départementaux" found "Les
    # départements, pionniers des démarches d'innovation publique" seventh.
    posts = {
        "pionniers": "Les départements pionniers de l'innovation publique : Gironde, Isère.",
        "regions": "Les Régions et leurs laboratoires d'innovation.",
        "villes": "Les villes et les métropoles innovent aussi.",
        "mutualiser": "Un labo départemental mutualisé entre collectivités.",
    }
    own = _collection(tmp_path, fake_embedder, posts)
    question = "labos départementaux"
    pioneers = [i for i, chunk in enumerate(own.index.chunks) if chunk.doc_id == "pionniers"]
    assert (own._lexical(own.topic_terms(question), question)[pioneers] > 0).all()
    # A topic followed reads its own words.
    assert (own._lexical(own.topic_terms(question))[pioneers] == 0).all()


def test_a_who_question_also_looks_for_the_agent_noun_of_its_verb(retriever: Retriever):
    # "qui dirige … ?": the posts name a "directeur" ("directeur d'ATEMIS" in the seed posts).
    question = "qui dirige la recherche ?"
    terms = retriever.topic_terms(question)
    director = retriever._lexical(retriever.topic_terms("directeur")) > 0
    assert director.any()
    assert not (director & ~(retriever._lexical(terms, question) > 0)).any()
    assert (director & ~(retriever._lexical(terms) > 0)).any()


def test_a_name_the_collection_writes_without_accents_keeps_them_off(tmp_path, fake_embedder):
    # On the archive, "Manon Loisel" was read "Mânon" by the model: the dictionary lists "mânon".
    posts = {
        "sobriete": "Avec Manon Loisel et Nicolas Rio, la sobriété dans la décision publique.",
        "forets": "Dans un article, Manon Loisel propose d'aborder les sentiments d'injustice.",
        "dix-ans": "Selon Manon Loisel, la région a grandi ; merci à Manon pour ce regard.",
    }
    own = _collection(tmp_path, fake_embedder, posts)
    assert own.written_out("qui est manon loisel ?") == "qui est Manon Loisel ?"
    # A word the collection writes with its accents still gets them back.
    assert own.written_out("la sobriete en region") == "la sobriété en région"
