"""Questions that name a period or a source, on the real seed index (real model, FAISS, BM25)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from bot import service
from bot.analysis import analyze
from bot.domain import Document
from bot.ingest.corpus import write_post
from bot.ingest.sources import Source, parse_sources, with_sources
from bot.present.answer import render_terminal, result_json
from bot.present.cards import render_card, stale_year
from bot.search.retrieval import Retriever
from tests.conftest import make_settings

TODAY = dt.date(2026, 12, 1)
PIONEERS = "departements-pionniers-innovation-publique"  # 2017-10-13, la27eregion.fr
WEEK = "semaine-innovation-publique-2016-morceaux-choisis"  # 2016-11-25, la27eregion.fr


def ids(result) -> list[str]:
    return [hit.doc_id for hit in result.hits]


def about_subject(result, retriever: Retriever) -> list[str]:
    """The posts of a relevance-ordered answer that newest-first orders keep: the best ones, and
    those titled with every word searched."""
    best, terms = result.hits[0].score, set(result.terms)
    return [
        hit.doc_id
        for hit in result.hits
        if hit.score >= retriever.params.newest_min_ratio * best or terms <= set(analyze(hit.title))
    ]


def test_a_date_in_the_question_keeps_only_posts_of_that_period(retriever: Retriever):
    plain = retriever.search("innovation publique", 10, today=TODAY)
    assert {PIONEERS, WEEK} <= set(ids(plain)) and len(plain.hits) > 2  # undated posts too
    assert ids(retriever.search("innovation publique depuis 2017", 10, today=TODAY)) == [PIONEERS]
    assert ids(retriever.search("innovation publique publiée en 2016", 10, today=TODAY)) == [WEEK]
    # "en 2016" in a question about something: what happened then, told then or later.
    event = retriever.search("innovation publique en 2016", 10, today=TODAY)
    assert set(ids(event)) == {PIONEERS, WEEK} and event.filter.until is None
    assert "2016" in event.terms
    between = retriever.search("innovation publique entre 2015 et 2019", 10, today=TODAY)
    assert set(ids(between)) == {PIONEERS, WEEK}
    # The date words are not searched: the terms are those of the question without them.
    assert retriever.search("innovation publique depuis 2017", 10, today=TODAY).terms == plain.terms


def test_nothing_in_the_period_is_said_with_the_filter(retriever: Retriever):
    result = retriever.search("innovation publique avant 2010", 10, today=TODAY)
    assert result.hits == () and result.filter.until == dt.date(2009, 12, 31)
    card = render_card(result, "fr").html
    assert "Aucune ressource ne correspond à ce filtre (📅 avant 2010)" in card and result.in_filter == 0
    # The period is what to change, not the words; and the collection's dates say to what.
    span = "Les ressources vont du 25/11/2016 au 13/10/2017."
    assert "Essayez d'autres mots" not in card and span in card
    assert result.published == (dt.date(2016, 11, 25), dt.date(2017, 10, 13))


@pytest.mark.parametrize(
    "question", ["quoi de neuf cette année ?", "les articles de 2025", "what's new since 2020?"]
)
def test_a_period_without_posts_says_when_the_collection_was_published(retriever: Retriever, question):
    result = retriever.search(question, 10, today=dt.date(2025, 6, 1))
    assert result.hits == () and result.in_filter == 0
    english = "No resource matches this filter" in (terminal := render_terminal(result, "en", color=False))
    assert english and terminal.endswith("The resources run from 25/11/2016 to 13/10/2017.")
    assert "Try other words" not in terminal
    # The next page of a list that had posts is just empty.
    assert retriever.search("quoi de neuf ?", 10, 20, today=dt.date(2025, 6, 1)).published is None


def test_nothing_relevant_within_a_filter_is_not_said_as_an_empty_filter(retriever: Retriever):
    # Two posts date from 2015 on: none of them is about cooking, nor any other post.
    result = retriever.search("recette de la pâte à crêpes depuis 2015", 10, today=TODAY)
    assert result.hits == () and result.in_filter == 2
    card = render_card(result, "fr").html
    assert "parmi les 2 ressource(s) de ce filtre (📅 depuis 2015), ni dans le reste" in card
    assert "Aucune ressource ne correspond" not in card
    assert "Nothing relevant among the 2 resource(s) this filter keeps (📅 since 2015), nor in the rest" in (
        render_terminal(result, "en", color=False)
    )


def test_a_question_the_collection_answers_shows_the_closest_posts_of_its_filter(retriever: Retriever):
    # The departments post (2017) answers it; within "avant 2017" only the 2016 post is left, whose
    # best passage is under the relevance floor: it is shown, flagged as uncertain, not refused.
    assert ids(retriever.search("le Lab 06 des Alpes-Maritimes", 10, today=TODAY))[0] == PIONEERS
    result = retriever.search("le Lab 06 des Alpes-Maritimes avant 2017", 10, today=TODAY)
    assert ids(result) == [WEEK] and not result.confident and not result.relevant
    card = render_card(result, "fr").html
    assert "Je ne suis pas sûr que ces ressources répondent" in card and "📅 avant 2017" in card


def test_a_question_that_is_only_a_period_lists_its_posts_newest_first(retriever: Retriever):
    result = retriever.search("depuis 2015", 10, today=TODAY)
    assert ids(result) == [PIONEERS, WEEK] and result.recent
    news = retriever.search("quoi de neuf depuis 2015 ?", 10, today=TODAY)
    assert ids(news) == [PIONEERS, WEEK] and news.recent
    published = retriever.search("des articles publiés depuis 2015", 10, today=TODAY)
    assert ids(published) == [PIONEERS, WEEK] and published.recent  # "publiés" was searched
    # Weeks and months are counted back from today: "le mois dernier", on 2 November 2017.
    last_month = retriever.search("les articles du mois dernier", 10, today=dt.date(2017, 11, 2))
    assert ids(last_month) == [PIONEERS] and last_month.recent
    assert all(hit.passage.text for hit in result.hits)
    # A number written with a decimal point is what is asked: searched, within the period.
    article = retriever.search("49.3 depuis 2015", 10, today=TODAY)
    assert not article.recent and article.terms == ("49", "3") and article.filter.since == dt.date(2015, 1, 1)


def test_asking_for_news_lists_the_newest_posts_or_the_newest_about_a_topic(retriever: Retriever):
    # "neuf" is not searched as the number 9: the newest posts, as /nouveautes lists them.
    news = retriever.search("quoi de neuf ?", 10, today=TODAY)
    assert ids(news)[:2] == [PIONEERS, WEEK] and len(news.hits) == 5 and news.recent
    about = retriever.search("quoi de neuf sur les laboratoires d'innovation ?", 10, today=TODAY)
    relevant = retriever.search("sur les laboratoires d'innovation ?", 10, today=TODAY)
    assert about.recent and not relevant.recent
    assert set(ids(about)) == set(about_subject(relevant, retriever)) and len(about.hits) > 1
    dated = [hit.date for hit in about.hits if hit.date]
    assert dated == sorted(dated, reverse=True)
    # The "most relevant first" button asks for that order explicitly: the same posts.
    ordered = ids(retriever.search(about.question, 10, today=TODAY, recent=False))
    assert ordered == about_subject(relevant, retriever)
    assert "du plus récent au plus ancien" in render_card(news, "fr").html


def test_asking_for_the_last_posts_lists_them_as_news_does(retriever: Retriever):
    news = retriever.search("quoi de neuf ?", 10, today=TODAY)
    assert ids(retriever.search("latest posts", 10, today=TODAY)) == ids(news)
    # A number of posts asked is that many.
    for question in ("les 3 derniers articles", "the three latest posts"):
        last = retriever.search(question, 10, today=TODAY)
        assert ids(last) == ids(news)[:3] and last.recent, question
        assert last.capped and not news.capped  # more follow ("encore", ➕)
    assert not retriever.search("les 3 derniers articles depuis 2015", 10, today=TODAY).capped  # two kept
    # "articles" is not searched: the posts of the period, newest first.
    assert ids(retriever.search("les articles depuis 2015", 10, today=TODAY)) == [PIONEERS, WEEK]
    dated = retriever.search("les articles de 2017", 10, today=TODAY)
    assert ids(dated) == [PIONEERS] and dated.recent
    # "le dernier rapport sur …": the posts about it, newest first.
    last = retriever.search("le dernier rapport sur l'innovation publique", 10, today=TODAY)
    about = retriever.search("rapport sur l'innovation publique", 10, today=TODAY)
    assert last.recent and not about.recent and set(ids(last)) == set(about_subject(about, retriever))


def test_asking_for_the_first_posts_lists_the_oldest_first(retriever: Retriever):
    news = retriever.search("quoi de neuf ?", 10, today=TODAY)
    for question in ("le premier article", "les plus anciens billets", "the oldest posts"):
        first = retriever.search(question, 10, today=TODAY)
        # Before, "premier", "anciens", "oldest" were searched: an uncertain answer by relevance.
        assert ids(first)[:2] == [WEEK, PIONEERS] and first.oldest and not first.recent, question
        assert set(ids(first)) == set(ids(news))  # the undated posts last
    assert "🕒 du plus ancien au plus récent" in render_card(first, "fr").html
    assert result_json(first, 1.0)["sorted"] == "oldest"
    assert ids(retriever.search("les 2 premiers articles depuis 2015", 10, today=TODAY)) == [WEEK, PIONEERS]
    # "le premier rapport sur …": the posts about it, oldest first; 🕒 and ⭐ reorder them.
    first = retriever.search("le premier rapport sur l'innovation publique", 10, today=TODAY)
    about = retriever.search("rapport sur l'innovation publique", 10, today=TODAY)
    assert first.oldest and set(ids(first)) == set(about_subject(about, retriever))
    dates = [hit.date for hit in first.hits if hit.date]
    assert dates == sorted(dates)
    newest = retriever.search(first.question, 10, today=TODAY, recent=True)
    assert ids(newest) == [
        h.doc_id for h in sorted(first.hits, key=lambda h: h.date or dt.date.min, reverse=True)
    ]
    assert newest.recent and not newest.oldest


def test_newest_first_reorders_the_same_posts_those_about_the_subject_first(retriever: Retriever):
    relevant = retriever.search("innovation publique", 10, today=TODAY)
    newest = retriever.search("innovation publique", 10, today=TODAY, recent=True)
    # "🕒 Plus récents" lost every post under the subject's (one of five, on the archive).
    assert sorted(ids(newest)) == sorted(ids(relevant)) and newest.recent
    about = about_subject(relevant, retriever)
    assert 2 <= len(about) < len(newest.hits) and set(ids(newest)[: len(about)]) == set(about)
    for group in (newest.hits[: len(about)], newest.hits[len(about) :]):
        dates = [hit.date for hit in group]
        dated = [d for d in dates if d is not None]
        assert dated == sorted(dated, reverse=True) and dates[: len(dated)] == dated  # undated last
    card = render_card(newest, "fr").html
    assert "du plus récent au plus ancien" in card


def test_a_list_of_a_filters_posts_says_how_many_it_keeps_in_all(retriever: Retriever):
    # "combien d'articles depuis 2015 ?" is answered: the first page shows one, the note says two.
    result = retriever.search("combien d'articles depuis 2015 ?", 1, today=TODAY)
    assert ids(result) == [PIONEERS] and result.listed == 2
    assert "📅 depuis 2015 · 2 en tout · 🕒" in render_card(result, "fr").html
    assert "since 2015 · 2 in all · newest first" in render_terminal(result, "en", color=False)
    assert result_json(result, 1.0)["listed"] == 2
    # The next page counts the same; a list with no filter and a search say no total.
    assert retriever.search("depuis 2015", 1, 1, today=TODAY).listed == 2
    assert retriever.search("quoi de neuf ?", 1, today=TODAY).listed is None
    assert retriever.search("labos d'innovation depuis 2015", 1, today=TODAY).listed is None


def test_the_stale_line_appears_only_when_every_result_is_old(retriever: Retriever):
    result = retriever.search("innovation publique entre 2015 et 2019", 10, today=TODAY)
    assert stale_year(result, TODAY, 5) == 2021
    assert "Ces ressources datent d'avant 2021" in render_card(result, "fr", stale_before=2021).html
    assert stale_year(result, dt.date(2020, 6, 1), 5) is None  # not that old then
    assert stale_year(retriever.search("innovation publique", 10, today=TODAY), TODAY, 5) is None  # undated
    assert stale_year(result, TODAY, 0) is None  # INNOBOT_STALE_YEARS=0: never


def test_json_says_the_filter(retriever: Retriever):
    record = result_json(retriever.search("innovation publique depuis 2017", 5, today=TODAY), 1.0)
    assert record["filter"]["since"] == "2017-01-01" and record["filter"]["label"] == "📅 depuis 2017"
    assert {r["date"][:4] for r in record["results"]} == {"2017"}
    assert result_json(retriever.search("innovation publique", 5, today=TODAY), 1.0)["filter"] is None


def test_posts_take_the_name_of_their_site_from_the_sources_file():
    sources = parse_sources(
        "https://www.la27eregion.fr archive name=27e\n"
        "https://latransfo.la27eregion.fr archive name=transfo\n"
        "https://blog.example.org/feed.xml\n"
    )
    docs = [
        Document("a", "A", "x", url="https://la27eregion.fr/a/"),
        Document("b", "B", "x", url="https://latransfo.la27eregion.fr/b"),
        Document("c", "C", "x", url="https://blog.example.org/c"),
        Document("d", "D", "x", url="https://www.la27eregion.fr/d", source="manual"),
        Document("e", "E", "x"),
    ]
    named = with_sources(docs, sources)
    assert [d.source for d in named] == ["27e", "transfo", None, "manual", None]
    assert with_sources(docs, [Source("https://x.org")]) == docs


def test_a_source_named_in_the_question_narrows_to_it(retriever: Retriever):
    # The seed posts of la27eregion.fr are named "27e" by the repository's sources.txt.
    assert retriever.catalogue.sources == ("27e",)
    narrowed = retriever.search("innovation publique sur 27e", 10, today=TODAY)
    assert set(ids(narrowed)) == {PIONEERS, WEEK} and narrowed.filter.sources == ("27e",)
    assert "📍 sur 27e" in render_card(replace(narrowed, hits=narrowed.hits[:1]), "fr").html


def test_a_tag_named_in_the_question_narrows_to_the_posts_that_carry_it(tmp_path, fake_embedder):
    # An HNSW index (as above INNOBOT_HNSW_THRESHOLD chunks): FAISS skips the other posts there too.
    settings = make_settings(tmp_path, embedding_model="fake-model", hnsw_threshold=1)
    text = "Les agents de la ville ont accueilli une équipe pendant trois semaines. " * 3
    write_post(
        settings.corpus_dir,
        "a",
        {"title": "Résidence à Lille", "tags": ["Résidences"], "date": "2019-05-02"},
        text,
    )
    write_post(
        settings.corpus_dir,
        "b",
        {"title": "Atelier à Rennes", "tags": ["design"], "date": "2021-01-10"},
        text,
    )
    service.update_index(settings, lambda: fake_embedder)
    retriever = service.open_retriever(settings, lambda: fake_embedder)
    assert type(retriever.index.dense).__name__ == "IndexHNSWFlat"
    assert retriever.catalogue.tags == {"residence", "design"}
    assert ids(retriever.search("agents accueillis depuis 2020", 5, today=TODAY)) == ["b"]
    assert set(ids(retriever.search("agents accueillis", 5, today=TODAY))) == {"a", "b"}
    tagged = retriever.search("#résidence agents accueillis", 5, today=TODAY)
    assert ids(tagged) == ["a"] and tagged.filter.tags == ("residence",)
    assert ids(retriever.search("#design", 5, today=TODAY)) == ["b"]  # a tag alone lists its posts


def test_a_request_for_posts_finds_what_its_subject_finds(retriever: Retriever):
    subject = retriever.search("les laboratoires d'innovation des départements", 10, today=TODAY)
    for asked in ("des articles sur", "y a-t-il des ressources sur", "any posts about"):
        found = retriever.search(f"{asked} les laboratoires d'innovation des départements", 10, today=TODAY)
        assert ids(found) == ids(subject) and found.terms == subject.terms
        assert [h.passage.text for h in found.hits] == [h.passage.text for h in subject.hits]


def test_a_number_of_posts_asked_about_a_topic_keeps_that_many_of_the_newest(retriever: Retriever):
    about = retriever.search("quoi de neuf sur l'innovation publique ?", 10, today=TODAY)
    two = retriever.search("les 2 derniers articles sur l'innovation publique", 10, today=TODAY)
    assert ids(two) == ids(about)[:2] == [PIONEERS, WEEK] and two.recent
    assert two.capped and len(about.hits) > 2  # "encore" shows the others about it
    # The "most relevant first" button reorders the same two; alert ranking is never cut short.
    relevant = retriever.search(two.question, 10, today=TODAY, recent=False)
    assert set(ids(relevant)) == set(ids(two)) and not relevant.recent
    ranking = retriever.rank_posts("les 2 derniers articles sur l'innovation publique", 10)
    assert len(ranking.posts) > 2


def test_a_number_of_posts_asked_without_news_keeps_that_many_of_the_most_relevant(retriever: Retriever):
    relevant = retriever.search("l'innovation publique", 10, today=TODAY)
    two = retriever.search("2 articles sur l'innovation publique", 10, today=TODAY)
    assert ids(two) == ids(relevant)[:2] and not two.recent
    newest = retriever.search(two.question, 10, today=TODAY, recent=True)
    assert set(ids(newest)) == set(ids(two)) and newest.recent
