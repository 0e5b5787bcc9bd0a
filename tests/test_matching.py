"""Alert matching rules on hand-made probes (bot.alerts.matching, TopicRanking.keeps). Pure, fast."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np

from bot.alerts.announcing import TopicRanking
from bot.alerts.matching import (
    DocumentProbe,
    MatchParams,
    TopicProbe,
    Votes,
    like_the_first,
    match,
    taught,
    worth_announcing,
)

IDF = {"creuse": 5.0, "departement": 1.0, "innovation": 0.5}
PARAMS = MatchParams(threshold=14.72, min_coverage=0.3, dense_weight=16.0, exact_min_cosine=0.82)


def _unit(cosine: float) -> np.ndarray:
    """A 2-d unit vector at this cosine from (1, 0): the topic's vector."""
    return np.array([cosine, np.sqrt(1 - cosine**2)], np.float32)


def _doc(doc_id: str, *chunks: tuple[set[str], float]) -> DocumentProbe:
    return DocumentProbe(
        doc_id,
        tuple(range(len(chunks))),
        tuple(frozenset(terms) for terms, _ in chunks),
        np.vstack([_unit(c) for _, c in chunks]),
    )


def _topic(terms: set[str], excluded: frozenset[str] = frozenset()) -> TopicProbe:
    return TopicProbe(1, frozenset(terms), frozenset(excluded), np.array([1.0, 0.0], np.float32))


def test_all_the_topics_words_in_one_passage_match_on_a_lower_cosine_and_say_so():
    docs = [
        _doc("written", ({"creuse", "departement"}, 0.84)),  # every word, far in meaning
        _doc("close", ({"creuse"}, 0.95)),  # the usual rule: coverage + 16 × cosine
        _doc("scattered", ({"creuse"}, 0.84), ({"departement"}, 0.84)),  # not in one passage
        _doc("far", ({"creuse", "departement"}, 0.80)),
    ]
    found = {m.doc_id: m for m in match([_topic({"creuse", "departement"})], docs, IDF, 9.0, PARAMS)}
    assert set(found) == {"written", "close"}
    assert found["written"].exact and found["written"].coverage == 1.0
    assert not found["close"].exact
    off = MatchParams(threshold=14.72, min_coverage=0.3, dense_weight=16.0)
    assert [m.doc_id for m in match([_topic({"creuse", "departement"})], docs, IDF, 9.0, off)] == ["close"]


def test_an_excluded_word_drops_an_exact_match_too():
    docs = [_doc("written", ({"creuse", "departement", "innovation"}, 0.84))]
    assert match([_topic({"creuse"}, frozenset({"innovation"}))], docs, IDF, 9.0, PARAMS) == []
    assert len(match([_topic({"creuse"})], docs, IDF, 9.0, PARAMS)) == 1


def test_an_exact_match_must_be_among_the_very_first_posts_even_when_the_search_would_not_answer():
    docs = [_doc("written", ({"creuse"}, 0.84)), _doc("close", ({"creuse"}, 0.95))]
    exact, scored = sorted(match([_topic({"creuse"})], docs, IDF, 9.0, PARAMS), key=lambda m: not m.exact)
    refused = TopicRanking(("a", "written", "close"), answered=False)
    assert refused.keeps(exact, PARAMS) and not refused.keeps(scored, PARAMS)
    assert TopicRanking(("a", "b", "written"), answered=True).keeps(exact, PARAMS)
    assert not TopicRanking(("a", "b", "c", "written"), answered=True).keeps(exact, PARAMS)
    assert TopicRanking(("a", "b", "close"), answered=True).keeps(scored, PARAMS)
    assert not TopicRanking((*"abcdefghij", "close"), answered=True).keeps(scored, PARAMS)


def test_a_topic_many_posts_are_about_still_alerts_for_one_ranked_past_max_rank_that_scores_nearly_as_well():
    docs = [_doc("yearly", ({"creuse"}, 0.95))]
    (found,) = match([_topic({"creuse"})], docs, IDF, 9.0, PARAMS)
    older = tuple(f"report-{year}" for year in range(2010, 2022))  # twelve posts ahead of it
    crowded = replace(PARAMS, crowd_ratio=0.7, crowd_max_rank=30)

    def ranking(score: float, answered: bool = True) -> TopicRanking:
        return TopicRanking((*older, "yearly"), answered, (*[1.0 - i / 100 for i in range(12)], score))

    assert ranking(0.75).keeps(found, crowded)
    assert not ranking(0.6).keeps(found, crowded)  # a passing mention of a popular topic
    assert not ranking(0.75, answered=False).keeps(found, crowded)
    assert not ranking(0.75).keeps(found, PARAMS)  # crowd_ratio None: the first max_rank only
    assert not ranking(0.75).keeps(found, replace(crowded, crowd_max_rank=12))
    assert not TopicRanking((*older, "yearly"), True).keeps(found, crowded)  # scores unknown


def _post(
    doc_id: str, title: set[str], *chunks: tuple[set[str], float], counts: dict[str, int] | None = None
) -> DocumentProbe:
    return DocumentProbe(
        doc_id,
        tuple(range(len(chunks))),
        tuple(frozenset(terms) for terms, _ in chunks),
        np.vstack([_unit(c) for _, c in chunks]),
        frozenset(title),
        counts or {},
    )


def test_a_post_whose_title_names_the_topic_matches_if_the_search_shows_it_among_the_first_five():
    docs = [
        _post("titled", {"creuse", "departement"}, ({"innovation"}, 0.70)),  # no score, no words
        _post("half", {"creuse"}, ({"innovation"}, 0.70)),
    ]
    found = {m.doc_id: m for m in match([_topic({"creuse", "departement"})], docs, IDF, 9.0, PARAMS)}
    assert set(found) == {"titled"} and found["titled"].titled and found["titled"].ranked_only
    titled = found["titled"]
    assert TopicRanking(("a", "b", "c", "d", "titled"), answered=False).keeps(titled, PARAMS)
    # Matched on its title alone, it never passes on the usual rank check.
    assert not TopicRanking((*"abcde", "titled"), answered=True).keeps(titled, PARAMS)
    off = MatchParams(threshold=14.72, min_coverage=0.3, dense_weight=16.0, title_max_rank=0)
    assert match([_topic({"creuse", "departement"})], docs, IDF, 9.0, off) == []


def test_a_passage_far_closer_to_the_topic_than_the_posts_opening_is_a_passing_mention():
    params = MatchParams(threshold=14.72, min_coverage=0.3, dense_weight=16.0, opening_margin=0.04)
    docs = [
        _post("mention", {"innovation"}, ({"innovation"}, 0.80), ({"creuse"}, 0.95)),
        _post("about", {"innovation"}, ({"innovation"}, 0.93), ({"creuse"}, 0.95)),
        _post("named", {"creuse"}, ({"innovation"}, 0.80), ({"creuse"}, 0.95)),
        _post("short", set(), ({"creuse"}, 0.95)),  # one chunk: its opening is its best passage
    ]
    found = {m.doc_id: m for m in match([_topic({"creuse"})], docs, IDF, 9.0, params)}
    assert found["mention"].opening == 0.8 and found["mention"].cosine == 0.95
    ranking = TopicRanking(("about", "mention", "named", "short"), answered=True)
    kept = {doc for doc, m in found.items() if ranking.keeps(m, params)}
    assert kept == {"about", "named", "short"}
    # The search's first post is kept whatever its opening.
    assert TopicRanking(("mention", "about"), answered=True).keeps(found["mention"], params)
    assert ranking.keeps(found["mention"], PARAMS)  # no margin: no such check


def test_a_long_post_naming_the_topics_words_about_once_each_is_a_passing_mention_unless_first():
    def post(doc_id: str, chunks: int, counts: dict[str, int], title: frozenset[str] = frozenset()):
        return _post(doc_id, set(title), *[({"creuse", "departement"}, 0.95)] * chunks, counts=counts)

    docs = [
        post("aside", 4, {"creuse": 1, "departement": 1}),  # each word once in a long post
        post("unequal", 4, {"creuse": 2}),  # two mentions of one word: no more than the topic has words
        post("about", 4, {"creuse": 3, "departement": 2}),
        post("brief", 3, {"creuse": 1, "departement": 1}),  # a short post may name it once
        post("named", 4, {"creuse": 1, "departement": 1}, frozenset({"creuse"})),
        post("unseen", 4, {}),  # words of its title and tags only: nothing to count
    ]
    topic = _topic({"creuse", "departement"})
    found = {m.doc_id: m for m in match([topic], docs, IDF, 9.0, PARAMS)}
    assert {d for d, m in found.items() if m.lone} == {"aside", "unequal"}
    ranking = TopicRanking(("about", "brief", "named", "unseen", "aside", "unequal"), answered=True)
    assert {d for d, m in found.items() if ranking.keeps(m, PARAMS)} == {"about", "brief", "named", "unseen"}
    assert TopicRanking(("aside", "about"), answered=True).keeps(found["aside"], PARAMS)  # first
    off = replace(PARAMS, lone_min_chunks=0)
    assert not any(m.lone for m in match([topic], docs, IDF, 9.0, off))
    assert {
        m.doc_id for m in match([topic], docs, IDF, 9.0, replace(PARAMS, lone_min_chunks=3)) if m.lone
    } == {"aside", "unequal", "brief"}


def test_a_post_close_in_meaning_leads_whatever_its_words_if_the_search_answers_and_shows_it_first():
    """A topic written in English against French posts: no word in common, only meaning and order."""
    params = replace(PARAMS, exact_min_cosine=None, lead_min_cosine=0.82, lead_max_rank=2, lead_ratio=0.8)
    docs = [
        _doc("first", ({"innovation"}, 0.85)),  # scores 13.6 + coverage: under the threshold
        _doc("second", ({"departement"}, 0.84)),
        _doc("third", ({"departement"}, 0.83)),
        _doc("far", ({"departement"}, 0.81)),  # under the lead cosine: not even a candidate
    ]
    found = {m.doc_id: m for m in match([_topic({"creuse"})], docs, IDF, 9.0, params)}
    assert set(found) == {"first", "second", "third"} and all(m.ranked_only for m in found.values())
    ranking = TopicRanking(("first", "second", "third"), answered=True, scores=(1.0, 0.85, 0.84))
    assert {d for d, m in found.items() if ranking.keeps(m, params)} == {"first", "second"}
    # Second but far behind the first, or a search that would answer "nothing relevant": no lead.
    behind = TopicRanking(("first", "second"), answered=True, scores=(1.0, 0.7))
    assert not behind.keeps(found["second"], params) and behind.keeps(found["first"], params)
    assert not TopicRanking(("first",), answered=False, scores=(1.0,)).keeps(found["first"], params)
    assert not ranking.keeps(found["first"], replace(params, lead_min_cosine=0.9))
    assert match([_topic({"creuse"})], docs, IDF, 9.0, replace(params, lead_min_cosine=None)) == []


def test_lead_candidates_are_the_few_best_new_documents_of_each_topic():
    params = replace(PARAMS, lead_min_cosine=0.80, lead_max_rank=1)  # LEAD_CANDIDATES more
    docs = [_doc(f"d{i}", ({"innovation"}, 0.81 + i / 100)) for i in range(8)]
    found = match([_topic({"creuse"})], docs, IDF, 9.0, params)
    assert sorted(m.doc_id for m in found) == ["d4", "d5", "d6", "d7"]


def test_a_topic_in_english_may_lead_from_further_down_the_search():
    """An English topic shares no word with French posts: the search's order and meaning decide,
    down to english_lead_max_rank, with a higher cosine and ratio than the general lead rule."""
    params = replace(PARAMS, exact_min_cosine=None, lead_min_cosine=0.82, english_lead_min_cosine=0.85)
    docs = [_doc(f"d{i}", ({"departement"}, 0.90 - i / 200)) for i in range(12)]  # 0.900 … 0.845
    english = TopicProbe(
        1, frozenset({"creuse"}), frozenset(), np.array([1.0, 0.0], np.float32), english=True
    )
    candidates = {m.doc_id: m for m in match([english], docs, IDF, 9.0, params)}
    # The English rule's rank and LEAD_CANDIDATES more, among those at its cosine; a French topic:
    # the general rule's.
    assert set(candidates) == {f"d{i}" for i in range(10)}
    assert {m.doc_id for m in match([_topic({"creuse"})], docs, IDF, 9.0, params)} == {
        f"d{i}" for i in range(5)
    }
    order = tuple(f"d{i}" for i in range(12))
    scores = (1.0, 0.95, 0.93, 0.9, 0.88, 0.86, 0.8, 0.79)
    ranking = TopicRanking(order[:8], answered=True, scores=scores, english=True)
    kept = {d for d, m in candidates.items() if ranking.keeps(m, params)}
    assert kept == {"d0", "d1", "d2", "d3", "d4", "d5"}  # d6: 0.8 of the first's score
    assert {d for d, m in candidates.items() if replace(ranking, english=False).keeps(m, params)} == {
        "d0",
        "d1",
    }
    assert not any(
        ranking.keeps(m, replace(params, english_lead_min_cosine=None, lead_min_cosine=None))
        for m in candidates.values()
    )


def test_a_resource_entering_the_collection_is_news_whatever_its_date_unless_it_comes_in_a_backfill():
    entered = dt.datetime(2026, 12, 2, 9, tzinfo=dt.UTC)
    few = {"report-2019": dt.date(2019, 5, 1), "undated-page": None, "today": dt.date(2026, 12, 2)}
    assert worth_announcing(few, entered, 30, backfill_min=100) == list(few)
    # 150 posts at once: an archive. Only its recent posts may alert; old and undated ones are old news.
    archive = {f"post-{i}": dt.date(2010 + i % 15, 1, 1) for i in range(148)} | few
    assert worth_announcing(archive, entered, 30, backfill_min=100) == ["today"]
    assert worth_announcing(archive, entered, 0, backfill_min=100) == list(archive)  # 0: any age
    edge = {"29-days-before": dt.date(2026, 11, 3), "31-days-before": dt.date(2026, 11, 1)}
    assert worth_announcing(edge, entered, 30, backfill_min=2) == ["29-days-before"]


def test_posts_brought_by_an_archive_walk_are_history_unless_recent_however_few():
    entered = dt.datetime(2026, 12, 2, 9, tzinfo=dt.UTC)
    run = {
        "walked-2015": dt.date(2015, 3, 1),
        "walked-undated": None,
        "walked-last-week": dt.date(2026, 11, 25),
        "report-dropped-by-hand": dt.date(2019, 5, 1),
    }
    walked = {"walked-2015", "walked-undated", "walked-last-week"}
    assert worth_announcing(run, entered, 30, 100, walked) == ["walked-last-week", "report-dropped-by-hand"]
    assert worth_announcing(run, entered, 0, 100, walked) == list(run)  # 0: any age


def test_the_posts_whose_opening_reads_like_the_first_posts_are_its_siblings():
    openings = np.vstack([_unit(1.0), _unit(0.95), _unit(0.85), _unit(0.90)])
    assert like_the_first(("first", "near", "far", "edge"), openings, 0.9) == {"near", "edge"}
    assert like_the_first(("first",), openings[:1], 0.0) == frozenset()


def test_a_sibling_of_the_searchs_first_post_matches_whatever_its_words_if_close_enough_to_be_a_lead():
    """ "bilan annuel" for the yearly reports: no word in common, the search shows them from third
    place on, and each reads like the first."""
    params = replace(
        PARAMS, exact_min_cosine=None, lead_min_cosine=0.82, sibling_min_cosine=0.89, sibling_max_rank=7
    )
    docs = [_doc(f"d{i}", ({"departement"}, 0.88 - i / 200)) for i in range(12)]  # 0.880 … 0.825
    found = {m.doc_id: m for m in match([_topic({"creuse"})], docs, IDF, 9.0, params)}
    # Candidates down to the sibling rank and LEAD_CANDIDATES more, as close in meaning as leads.
    assert set(found) == {f"d{i}" for i in range(10)} and all(m.ranked_only for m in found.values())
    order = tuple(f"d{i}" for i in range(12))
    scores = (1.0, 0.7, 0.65, 0.6, 0.55, 0.5, 0.45, 0.4)
    ranking = TopicRanking(order[:8], answered=True, scores=scores, siblings=frozenset({"d3", "d6"}))
    assert {d for d, m in found.items() if ranking.keeps(m, params)} == {"d0", "d3", "d6"}  # d0: first
    assert {d for d, m in found.items() if replace(ranking, siblings=frozenset()).keeps(m, params)} == {"d0"}
    # Off: the lead rule's candidates only.
    off = replace(params, sibling_min_cosine=None)
    assert {m.doc_id for m in match([_topic({"creuse"})], docs, IDF, 9.0, off)} == {f"d{i}" for i in range(5)}


def _near(base: np.ndarray, cosine: float) -> np.ndarray:
    """A unit vector at this cosine from the unit vector `base` (3-d, base in its first two axes)."""
    return np.array([*(cosine * base[:2]), np.sqrt(1 - cosine**2)], dtype=np.float32)


def test_votes_decide_for_the_posts_of_the_kind_voted_on():
    report, job = np.array([1, 0, 0], np.float32), np.array([0, 1, 0], np.float32)
    none = Votes(np.zeros((0, 3), np.float32), np.zeros((0, 3), np.float32))
    disliked, liked = Votes(none.liked, report[None, :]), Votes(job[None, :], none.disliked)
    floors = (0.91, 0.88)  # liked, disliked
    # No vote yet: the rules decide.
    assert taught(True, report, none, *floors) and not taught(False, report, none, *floors)
    # A 👎 on a yearly report: the next report (its opening at 0.95 of the first's) is not announced,
    # a post of another kind (0.80) still is; with no floor, votes change nothing.
    assert not taught(True, _near(report, 0.95), disliked, *floors)
    assert taught(True, _near(report, 0.80), disliked, *floors)
    assert taught(True, _near(report, 0.95), disliked, None, None)
    # A 👍 on a job offer: the next offer is announced though the rules left it out; a post nearly
    # as close (0.90 < 0.91) is not, nor is any without a floor.
    assert taught(False, _near(job, 0.95), liked, *floors)
    assert not taught(False, _near(job, 0.90), liked, *floors)
    assert not taught(False, _near(job, 0.95), liked, None, None)
    # Close to a post of each kind, the nearer one decides.
    both = Votes(job[None, :], _near(job, 0.96)[None, :])
    closer_to_liked = _near(job, 0.99)  # 0.99 from the liked post, less from the disliked one
    assert float(both.disliked[0] @ closer_to_liked) < 0.99
    assert taught(True, closer_to_liked, both, *floors) and taught(False, closer_to_liked, both, *floors)
    closer_to_disliked = both.disliked[0]  # 0.96 from the liked post
    assert not taught(True, closer_to_disliked, both, *floors)
    assert not taught(False, closer_to_disliked, both, *floors)
