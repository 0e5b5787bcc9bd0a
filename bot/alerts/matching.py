"""Which subscriptions a new document is about: words and meaning, scored in bulk. Pure.

A document matches a topic when the idf-weighted share of the topic's words found together in
one of its chunks (the "coverage", as for questions) reaches a floor, and the coverage plus the
weighted cosine of the topic and chunk embeddings reaches the threshold. Both are calibrated
per model (bot.search.calibration, `python -m benchmarks.alerts_threshold --set archive`) and
can be set. A document holding every word of the topic in one chunk may also match on a lower
cosine ("exact" matches), and one whose title holds them all on any cosine ("titled" matches):
the caller then asks the search to rank it among the very first posts. Each match also carries
the cosine of the document's opening (its first chunk, which starts with the title), so that the
caller can tell a post about the topic from a passing mention in a long post about something else.
A document close enough in meaning to the topic (a "lead" candidate, among the few best new
documents for it) is passed on too, whatever its words: the caller keeps it if a search for the
topic answers and shows it first, or second and nearly as good — a topic written in other words
than the post's (in English, or as a paraphrase) has no word coverage to show. A topic that reads
as English has nothing else to go by: its lead posts may come from further down the search.
Scoring is matrix work (sparse words × chunks, dense topics × chunks) so that 10,000
subscriptions against 100 new documents take seconds, not minutes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from scipy import sparse

FloatArray = npt.NDArray[np.float32]
BLOCK = 1024  # topics scored at once: bounds memory at BLOCK × chunks floats
FULL = 0.999  # word coverage of a passage that holds every word of the topic (rounding aside)


@dataclass(frozen=True)
class TopicProbe:
    """A subscription ready for matching: analysed words, exclusions and embedding."""

    subscription_id: int
    terms: frozenset[str]
    excluded: frozenset[str]
    vector: FloatArray
    english: bool = False  # the topic reads as English (Retriever.reads_english)


@dataclass(frozen=True)
class DocumentProbe:
    """A new document ready for matching: its chunks' rows, terms and embeddings."""

    doc_id: str
    rows: tuple[int, ...]
    chunk_terms: tuple[frozenset[str], ...]
    vectors: FloatArray  # one per chunk, in the document's order: the first is its opening
    title_terms: frozenset[str] = frozenset()
    # How often each term occurs in the document's text (its title aside).
    term_counts: Mapping[str, int] = field(default_factory=dict)


class LeadRule(NamedTuple):
    """A post this close in meaning (its best passage's cosine) leads when an answered search for
    the topic shows it among its first `max_rank` with `ratio` of the first post's score."""

    min_cosine: float
    max_rank: int
    ratio: float


@dataclass(frozen=True)
class MatchParams:
    threshold: float = 1.0
    min_coverage: float = 0.4
    dense_weight: float = 1.0
    max_age_days: int = 30  # 0: any age (applies to back-fills only, see worth_announcing)
    backfill_min: int = 100  # new documents in one run from which the run is a back-fill
    max_rank: int = 10  # the post must be among the first posts a search for the topic shows (0: off)
    # ... or, further down (to `crowd_max_rank`), score at least this share of the first post's: a
    # topic many posts are about must not stop alerting once ten of them exist (None: no such match).
    crowd_ratio: float | None = None
    crowd_max_rank: int = 30
    # A post holding every word of the topic in one passage matches on a lower cosine, if a search
    # for the topic ranks it among the first `exact_max_rank` posts (None: no such match).
    exact_min_cosine: float | None = None
    exact_max_rank: int = 3
    # A post whose title holds every word of the topic matches if the search ranks it among the
    # first `title_max_rank` posts, whatever its score (0: no such match).
    title_max_rank: int = 5
    # A post whose best passage is closer to the topic than its opening by more than this margin
    # is a passing mention, unless the search ranks it first or its title names the topic
    # (None: no such check; the margin is on the model's cosine scale).
    opening_margin: float | None = None
    # So is a post of at least this many chunks whose text holds the topic's words no more often
    # than the topic has words (each named about once) and whose title holds none (0: no such check).
    lone_min_chunks: int = 4
    # A post whose best passage reaches this cosine matches, whatever its words, if a search for
    # the topic answers and ranks it among its first `lead_max_rank` posts with at least
    # `lead_ratio` of the first post's score (None: no such match; the cosine is the model's scale).
    lead_min_cosine: float | None = None
    lead_max_rank: int = 2
    lead_ratio: float = 0.8
    # A topic that reads as English shares no word with French posts: only their meaning and the
    # search's order can show it its posts, so they may lead from further down (None: no such match).
    english_lead_min_cosine: float | None = None
    english_lead_max_rank: int = 7
    english_lead_ratio: float = 0.85
    # A post among the first `sibling_max_rank` of an answered search whose opening is at least this
    # close to the opening of the search's first post (cosine of their first chunks) is a post of the
    # same kind: the next yearly report, another award, whatever the words of the topic ("bilan
    # annuel" for "rapport d'activité"). It matches if it is close enough in meaning to the topic to
    # be a lead candidate (None: no such match; the cosine is the model's scale).
    sibling_min_cosine: float | None = None
    sibling_max_rank: int = 7
    # A subscriber's 👎 on an alert teaches the subscription: a new post whose opening is at least
    # this close to the opening of a post marked 👎 for the topic (and closer to it than to any
    # marked 👍) is a post of the same kind, not announced. A 👍 does the converse: a post passed on
    # by the matcher (a lead candidate, say) whose opening is at least `liked_min_cosine` close to
    # a post marked 👍 is announced though the rules above would not keep it. None: votes are not
    # used (the cosines are the model's scale, see taught).
    disliked_min_cosine: float | None = None
    liked_min_cosine: float | None = None

    def leads(self, english: bool) -> list[LeadRule]:
        """The lead rules of a topic: an English topic has its own too."""
        rules = []
        if self.lead_min_cosine is not None and self.lead_max_rank > 0:
            rules.append(LeadRule(self.lead_min_cosine, self.lead_max_rank, self.lead_ratio))
        if english and self.english_lead_min_cosine is not None and self.english_lead_max_rank > 0:
            rules.append(
                LeadRule(self.english_lead_min_cosine, self.english_lead_max_rank, self.english_lead_ratio)
            )
        return rules

    def candidates(self, english: bool) -> list[tuple[float, int]]:
        """The cosine floor and search depth of the posts passed on whatever their words: the lead
        posts, and the first post's siblings (as close in meaning as a lead post must be)."""
        found = [(rule.min_cosine, rule.max_rank) for rule in self.leads(english)]
        if (
            self.sibling_min_cosine is not None
            and self.lead_min_cosine is not None
            and self.sibling_max_rank > 1
        ):
            found.append((self.lead_min_cosine, self.sibling_max_rank))
        return found


LEAD_CANDIDATES = 3  # new documents per topic, beyond lead_max_rank, passed on as lead candidates


def is_news(published: dt.date | None, entered: dt.datetime, max_age_days: int) -> bool:
    """True when a post published `published` is recent news at `entered` (`max_age_days` 0: any
    post is). A post without a date is not: an undated page cannot tell."""
    if max_age_days <= 0:
        return True
    if published is None:
        return False
    return (entered.date() - published).days <= max_age_days


def worth_announcing(
    published: Mapping[str, dt.date | None],
    entered: dt.datetime,
    max_age_days: int,
    backfill_min: int,
    backfilled: Collection[str] = (),
) -> list[str]:
    """The new documents that may raise alerts, among those entering the index now (id → date).

    A resource entering the collection is news to its subscribers whatever its date: an old report
    dropped in corpus/, a page without a date, a new feed's last posts. A back-fill is not: the
    documents brought by a walk through a site's archive (`backfilled`, however few: a small site,
    or the rest of a walk that was interrupted), and every document of a run that brings at least
    `backfill_min` at once (a copied export). Those published more than `max_age_days` before they
    entered (or undated) are old news, marked announced without an alert, so that subscribers are
    not flooded with years of posts.
    """
    if len(published) >= max(backfill_min, 1):
        backfilled = published.keys()
    return [
        doc_id
        for doc_id, date in published.items()
        if doc_id not in backfilled or is_news(date, entered, max_age_days)
    ]


@dataclass(frozen=True)
class Match:
    """A document worth announcing to a subscription, with its best chunk."""

    subscription_id: int
    doc_id: str
    row: int
    score: float
    coverage: float
    cosine: float
    exact: bool = False  # matched by holding all the topic's words (MatchParams.exact_min_cosine)
    titled: bool = False  # the document's title holds every word of the topic
    # Matched neither on its score nor on all the topic's words: only the search's ranking can
    # keep it, by its title (MatchParams.title_max_rank) or as a lead post (lead_min_cosine).
    ranked_only: bool = False
    opening: float = 0.0  # cosine of the topic and the document's first chunk
    lone: bool = False  # a long post naming the topic's words about once each, none in its title

    def passing(self, margin: float | None) -> bool:
        """True for a passing mention: a lone one, or a best passage that beats the opening by more
        than `margin`."""
        if self.titled:
            return False
        return self.lone or (margin is not None and self.cosine - self.opening > margin)


def _weights(topic: TopicProbe, idf: Mapping[str, float], unseen: float) -> dict[str, float]:
    """Each word's share of the topic's weight; words the corpus never uses weigh the most."""
    raw = {t: idf.get(t, unseen) for t in topic.terms}
    total = sum(raw.values())
    return {t: w / total for t, w in raw.items()} if total else {}


def _incidence(term_sets: Sequence[Collection[str]], vocabulary: Mapping[str, int]) -> sparse.csr_matrix:
    """Which of the topics' words each text holds: texts × vocabulary, 1 where it does."""
    return _counts([{t: 1 for t in terms} for terms in term_sets], vocabulary)


def _counts(counts: Sequence[Mapping[str, int]], vocabulary: Mapping[str, int]) -> sparse.csr_matrix:
    """How often each text holds each of the topics' words: texts × vocabulary."""
    cells = [(i, vocabulary[t], n) for i, c in enumerate(counts) for t, n in c.items() if t in vocabulary]
    return sparse.csr_matrix(
        (
            np.array([c[2] for c in cells], np.float32),
            ([c[0] for c in cells], [c[1] for c in cells]),
        ),
        shape=(len(counts), len(vocabulary)),
    )


def match(
    topics: Sequence[TopicProbe],
    documents: Sequence[DocumentProbe],
    idf: Mapping[str, float],
    unseen: float,
    params: MatchParams,
) -> list[Match]:
    """Every (subscription, document) pair above the floors, best chunk included."""
    documents = [d for d in documents if d.rows]
    if not topics or not documents:
        return []
    vocabulary = {t: j for j, t in enumerate(sorted({t for topic in topics for t in topic.terms}))}
    chunk_terms = [terms for d in documents for terms in d.chunk_terms]
    rows = np.array([r for d in documents for r in d.rows])
    starts = np.cumsum([0] + [len(d.rows) for d in documents[:-1]])
    owner = np.repeat(np.arange(len(documents)), [len(d.rows) for d in documents])
    words = _incidence(chunk_terms, vocabulary)
    titles = _incidence([d.title_terms for d in documents], vocabulary)
    occurrences = _counts([d.term_counts for d in documents], vocabulary)
    long = np.array([len(d.rows) for d in documents]) >= max(params.lone_min_chunks, 1)
    vectors = np.vstack([d.vectors for d in documents]).astype(np.float32)
    doc_terms = [frozenset().union(*d.chunk_terms) for d in documents]
    found: list[Match] = []
    for first in range(0, len(topics), BLOCK):
        block = topics[first : first + BLOCK]
        weights = [_weights(t, idf, unseen) for t in block]
        cells_q = [(i, vocabulary[t], w) for i, ws in enumerate(weights) for t, w in ws.items()]
        query = sparse.csr_matrix(
            (
                np.array([c[2] for c in cells_q], np.float32),
                ([c[0] for c in cells_q], [c[1] for c in cells_q]),
            ),
            shape=(len(block), len(vocabulary)),
        )
        coverage = np.asarray((query @ words.T).todense(), dtype=np.float32)
        cosine = np.stack([t.vector for t in block]).astype(np.float32) @ vectors.T
        score = coverage + params.dense_weight * cosine
        best_coverage = np.maximum.reduceat(coverage, starts, axis=1)
        best_score = np.maximum.reduceat(score, starts, axis=1)
        scored = (best_coverage >= params.min_coverage) & (best_score >= params.threshold)
        best_cosine = np.maximum.reduceat(cosine, starts, axis=1)
        exact = np.zeros_like(scored)
        if params.exact_min_cosine is not None:
            exact = ~scored & (best_coverage >= FULL) & (best_cosine >= params.exact_min_cosine)
        in_title = np.asarray((query @ titles.T).todense(), dtype=np.float32)
        titled = np.zeros_like(scored)
        if params.title_max_rank > 0:
            titled = in_title >= FULL
        lone = np.zeros_like(scored)
        if params.lone_min_chunks > 0:
            present = (query > 0).astype(np.float32)
            mentions = np.asarray((present @ occurrences.T).todense())
            sizes = np.asarray(present.sum(axis=1))  # each topic's words
            lone = (mentions > 0) & (mentions <= sizes) & (in_title == 0) & long[np.newaxis, :]
        leading = np.zeros_like(scored)
        for english in (False, True):
            group = np.array([t.english == english for t in block])
            for min_cosine, max_rank in params.candidates(english) if group.any() else ():
                leading[group] |= _best_few(best_score[group], max_rank + LEAD_CANDIDATES) & (
                    best_cosine[group] >= min_cosine
                )
        leading &= ~scored & ~exact
        for t_index, d_index in np.argwhere(scored | exact | titled | leading):
            topic, document = block[t_index], documents[d_index]
            if topic.excluded & doc_terms[d_index]:
                continue
            columns = np.flatnonzero(owner == d_index)
            best = int(columns[np.argmax(score[t_index, columns])])
            found.append(
                Match(
                    subscription_id=topic.subscription_id,
                    doc_id=document.doc_id,
                    row=int(rows[best]),
                    score=round(float(score[t_index, best]), 4),
                    coverage=round(float(coverage[t_index, best]), 4),
                    cosine=round(float(cosine[t_index, best]), 4),
                    exact=bool(exact[t_index, d_index]),
                    titled=bool(titled[t_index, d_index]),
                    ranked_only=not scored[t_index, d_index] and not exact[t_index, d_index],
                    opening=round(float(cosine[t_index, starts[d_index]]), 4),
                    lone=bool(lone[t_index, d_index]),
                )
            )
    return found


@dataclass(frozen=True)
class Votes:
    """A subscriber's votes on earlier alerts of one topic: the openings (unit vectors, one row per
    post still in the index) of the posts marked 👍 and of those marked 👎."""

    liked: FloatArray
    disliked: FloatArray


def taught(
    kept: bool, opening: FloatArray, votes: Votes, liked_min: float | None, disliked_min: float | None
) -> bool:
    """Whether a match is announced once the subscriber's votes are heard: `kept` is what the
    rules decided, `opening` the new post's opening. A post of the kind marked 👎 (its opening at
    least `disliked_min` close to one, and closer to it than to any marked 👍) is not announced; one
    of the kind marked 👍 (at least `liked_min` close, closer than to any marked 👎) is."""
    near_liked = float(np.max(votes.liked @ opening)) if len(votes.liked) else -1.0
    near_disliked = float(np.max(votes.disliked @ opening)) if len(votes.disliked) else -1.0
    if kept:
        return disliked_min is None or near_disliked < disliked_min or near_disliked <= near_liked
    return liked_min is not None and near_liked >= liked_min and near_liked > near_disliked


def like_the_first(posts: Sequence[str], openings: FloatArray, min_cosine: float) -> frozenset[str]:
    """The posts after the first whose opening (one unit vector per post, in the same order) has at
    least `min_cosine` with the first post's: posts of the same kind as the one a search shows first."""
    if len(posts) < 2:
        return frozenset()
    close = openings[1:] @ openings[0] >= min_cosine
    return frozenset(doc_id for doc_id, near in zip(posts[1:], close, strict=True) if near)


def _best_few(score: npt.NDArray[np.float32], count: int) -> npt.NDArray[np.bool_]:
    """Each row's `count` highest cells: a search can rank only a few new documents first, and
    this bounds the lead candidates (and the searches that check them) when many arrive at once."""
    chosen = np.zeros(score.shape, dtype=bool)
    if score.shape[1] <= count:
        chosen[:] = True
        return chosen
    best = np.argpartition(-score, count - 1, axis=1)[:, :count]
    np.put_along_axis(chosen, best, True, axis=1)
    return chosen
