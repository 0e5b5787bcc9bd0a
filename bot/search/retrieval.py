"""Hybrid search: BM25 over French terms + dense similarity → fused chunk scores → posts.

Chunks are scored by both signals (per-query min-max normalised, weights calibrated per model,
`bot.search.calibration`; BM25's shrinks when the question's words are not found together, as in
a paraphrase), optionally reordered by a rerank service, and the chunks shown are the best-scoring
ones: the unit the model scored is the unit the reader sees, widened to whole sentences. Posts
are ranked by their best chunk; each shows that chunk, and the best post up to two more parts of
itself that score better than the next post's best (the others leave the first page to other
posts).

Whether anything is relevant at all is decided on an absolute signal: for a calibrated
multilingual model, the cosine of the best passage in the whole index (plus a little of the word
coverage below), which also answers paraphrases that share no word with the text; otherwise, the
idf-weighted share of the question's words found together in one chunk (an English-trained
model's cosines on French text cannot tell an off-topic question apart).
"""

from __future__ import annotations

import bisect
import datetime as dt
import gc
import math
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Generic, Protocol, TypeVar, get_args

import faiss
import numpy as np
import numpy.typing as npt

from bot.analysis import (
    agent_nouns,
    analyze,
    asks_about_something,
    correct_typos,
    has_words,
    iter_terms,
    join_apart,
    one_mark,
    reads_english,
    related_nouns,
    restore_accents,
    restore_case,
    spell_out,
    split_glued,
    term_of,
    unglue,
    written_in,
)
from bot.domain import Document, Hit, Passage
from bot.errors import QuestionError
from bot.search import spelling
from bot.search.acronyms import forms as acronym_forms
from bot.search.acronyms import french_forms, other_forms, spelled_out
from bot.search.acronyms import mine as mine_acronyms
from bot.search.acronyms import used_with as acronyms_used
from bot.search.chunking import Span, sentence_spans, uncovered
from bot.search.embedding import Embedder
from bot.search.filters import Filter, ParsedQuestion, parse_question, tag_key
from bot.search.house import asked_actor, without
from bot.search.indexing import LoadedIndex, check_model, vector_key
from bot.search.links import link_key, pasted_links
from bot.search.phrases import named, phrase_pattern
from bot.search.places import apart, french_places
from bot.texts import Lang

FloatArray = npt.NDArray[np.float32]
# A question asked again (the next page, newest first, an inline query as the user types) is not
# encoded again: encoding is most of a search's time.
QUERY_CACHE = 1024
# How a text is written out (Retriever.written_out), kept for this many texts: an alert run reads
# each subscription's topic three times (its words, its vector's key, its search).
WRITTEN_CACHE = 16_384
PHRASE_CHUNKS = 300  # chunks holding a short question's words read for it written side by side
OPENINGS_SAMPLE = 2_000  # posts whose openings are compared for Retriever.typical_opening_cosine
# A word typed glued to another splits only into words the collection uses this often: a typo's
# leftover is seldom one (bot.analysis.split_glued).
COMMON_CHUNKS = 5
RARER = 20  # a glued "linnovation" is read "l'innovation" when this many times rarer than "innovation"
# Two words typed apart are read as one when the collection writes them joined this many times as
# often (in chunks) as apart (bot.analysis.join_apart).
JOINED = 2
# A word typed in lower case takes the case the collection writes it in when this share of its uses
# inside a sentence have a capital, in a sample of the chunks that hold it (bot.analysis.restore_case).
NAME_SHARE = 0.9
# A name written in half the posts or more is the collection's own author ("la 27e Région": 234
# of the archive's 372 posts; "l'État", 160, is not), told on HOUSE_SAMPLE posts spread over it.
HOUSE_SHARE = 0.5
HOUSE_SAMPLE = 300
CASE_SAMPLE = 50
_INSIDE = re.compile(r"[^\W_][ '’]|, ")  # what comes before a word inside a sentence
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class _Recent(Generic[K, V]):
    """The values last computed, at most `size`; safe from the bot's several search threads."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._values: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K, compute: Callable[[], V]) -> V:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = compute()  # outside the lock: two threads may compute the same value once each
        with self._lock:
            self._values[key] = value
            while len(self._values) > self._size:
                self._values.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


@dataclass(frozen=True)
class SearchParams:
    """The tunable parts of a search; defaults come from Settings and the model's calibration."""

    lexical_weight: float = 0.6
    dense_weight: float = 0.4
    coverage_exponent: float = 0.0  # lexical weight × (word coverage of the question) ** this
    semantic_floor: float | None = None  # None: decide on word coverage (relevance_floor) alone
    semantic_floor_english: float | None = None
    coverage_weight: float = 0.03  # share of word coverage added to the cosine for the semantic floor
    # A long question sits farther from every passage in the model's space than a short one: a
    # French question of `long_question_terms` distinct terms or more needs `semantic_floor_long`,
    # and `long_question_step` more for each term fewer, up to `semantic_floor` (None: that floor
    # whatever the length).
    semantic_floor_long: float | None = None
    long_question_terms: int = 7
    long_question_step: float = 0.0025
    relevance_floor: float = 0.30
    relevance_floor_english: float = 0.10
    confident_margin: float = 0.20  # results under floor + margin are flagged as uncertain
    # The cosine an English question gains from a passage for being in English too: taken off the
    # passages of posts in English when the question reads as English (0: none; the model's scale).
    english_affinity: float = 0.0
    passage_max_chars: int = 700
    min_relative_score: float = 0.3
    # Newest first ("le dernier rapport…", "🕒 Plus récents"), only the posts scoring at least
    # this share of the best one: a date order puts a weak match of last month before the
    # posts about the subject (chosen on half of 16 news questions; docs/measurements.md).
    newest_min_ratio: float = 0.75
    candidates: int = 100
    max_posts: int = 30
    # The best post may show up to `max_passages` parts of itself: each scoring at least
    # `extra_passage_ratio` of its best part and at least `extra_passage_over_next` × the next
    # post's best, so that a place goes to another part of the best post only when that part
    # outscores what the next post would show (chosen on half of the archive, short-page and seed
    # questions; docs/measurements.md, "More passages of the best post").
    max_passages: int = 3
    extra_passage_ratio: float = 0.7
    extra_passage_over_next: float = 1.0
    extra_passage_posts: int = 1
    # A part overlapping a passage already shown shows what that passage does not, if this long.
    extra_passage_min_chars: int = 150
    rerank_candidates: int = 20  # best chunks a reranker (when there is one) may reorder


class Reranker(Protocol):
    """A service that scores (question, text) pairs more finely than the index can."""

    def rerank(self, query: str, texts: Sequence[str]) -> Sequence[float] | None:
        """One score per text, higher is better; None when the search's own order must stand."""
        ...


@dataclass(frozen=True)
class Catalogue:
    """The posts of an index as arrays, so a filter is a few vector operations per question."""

    ids: tuple[str, ...]
    chunk_doc: npt.NDArray[np.int32]  # the post (position in ids) of each chunk row
    first_row: npt.NDArray[np.int64]  # the first chunk row of each post
    dates: npt.NDArray[np.int64]  # proleptic ordinal of each post's date, -1 when it has none
    source_ids: npt.NDArray[np.int32]  # position in `sources`, -1 when none
    sources: tuple[str, ...]
    tags: frozenset[str]  # every tag key of the index
    # Which posts are written in each language (analysis.written_in), read by the warm-up (or the
    # first question asking for one): filled in one update, a search in another thread sees all or none.
    languages: dict[Lang, npt.NDArray[np.bool_]] = field(default_factory=dict, compare=False)

    def written(self, documents: dict[str, Document]) -> dict[Lang, npt.NDArray[np.bool_]]:
        """Which posts are written in each language, read once."""
        if not self.languages:
            written = [written_in(documents[d].text) for d in self.ids]
            self.languages.update({lang: np.array([w == lang for w in written]) for lang in get_args(Lang)})
        return self.languages

    def allowed(self, documents: dict[str, Document], wanted: Filter) -> npt.NDArray[np.bool_]:
        """Which posts the filter keeps (same rule as Filter.keeps, vectorised)."""
        keep = np.ones(len(self.ids), dtype=bool)
        if wanted.dated:
            keep &= self.dates >= 0
            if wanted.since:
                keep &= self.dates >= wanted.since.toordinal()
            if wanted.until:
                keep &= self.dates <= wanted.until.toordinal()
        if wanted.sources:
            chosen = [self.sources.index(s) for s in wanted.sources if s in self.sources]
            keep &= np.isin(self.source_ids, chosen)
        if wanted.tags:
            keep &= np.array([wanted.tagged(documents[d].tags) for d in self.ids], dtype=bool)
        if wanted.language:
            keep &= self.written(documents)[wanted.language]
        return keep


@dataclass(frozen=True)
class ScoredChunk:
    """A candidate chunk with its fused score."""

    row: int
    fused: float


@dataclass(frozen=True)
class Mentioning:
    """How many posts write a name ("combien d'articles sur les tiers-lieux ?")."""

    count: int
    name: str  # as typed, without its article ("tiers-lieux")


@dataclass(frozen=True)
class SearchResult:
    """The posts found for a question, best first, and whether any passed the floor."""

    question: str
    hits: tuple[Hit, ...]
    terms: tuple[str, ...]
    relevance: float = 0.0
    confident: bool = True
    filter: Filter = field(default_factory=Filter)  # what the question narrowed to (dates, sources)
    recent: bool = False  # sorted by date, newest first, instead of by relevance
    relevant: bool = True  # the relevance reached the floor (a search with gated=False shows hits anyway)
    english: bool = False  # reads as English (Retriever.reads_english): the English floors apply
    # With a filter and no hit: how many posts the filter keeps (0: none, the filter alone
    # emptied the answer; more: none of them is relevant). None: not counted.
    in_filter: int | None = None
    # A period that keeps no post: the dates of the collection's first and last posts, which say
    # what to ask instead ("quoi de neuf cette année ?" in a collection whose last post is of 2025).
    published: tuple[dt.date, dt.date] | None = None
    # A question that is only a filter ("articles de 2019", "combien d'articles depuis 2020 ?"): how
    # many posts it keeps, all pages together. None: not such a list.
    listed: int | None = None
    # Sorted by date, oldest first, as the question asked ("le premier article sur …").
    oldest: bool = False
    # A number asked ("les 2 derniers articles") cut the list short of posts that "encore" shows.
    capped: bool = False
    # "combien d'articles sur les tiers-lieux ?": how many posts (within the filter) write the
    # name asked about. None: not asked, or no name.
    mentioning: Mentioning | None = None

    def shown(self) -> list[tuple[Hit, Passage]]:
        """Every shown passage with its post, in the card's order (a post may come more than once)."""
        return [(hit, passage) for hit in self.hits for passage in hit.passages]


@dataclass(frozen=True)
class PostRanking:
    """The posts a search ranks first for a question, with their scores, and whether it would answer."""

    posts: tuple[str, ...]
    scores: tuple[float, ...]  # each post's best fused score, in the same order
    relevant: bool
    english: bool = False  # the question reads as English (Retriever.reads_english)


@dataclass(frozen=True)
class _Ranked:
    """What a search found before its passages are made (Retriever._rank)."""

    question: str
    terms: tuple[str, ...]
    wanted: Filter
    newest: bool
    relevance: float
    floor: float
    posts: list[tuple[str, list[ScoredChunk]]]  # best first (newest first when asked); [] when refused
    browse: npt.NDArray[np.bool_] | None = None  # a question that is only a filter: the posts it keeps
    english: bool = False  # the question reads as English (Retriever.reads_english)
    in_filter: int | None = None  # refused within a filter: how many posts the filter keeps
    oldest: bool = False  # by date, oldest first ("le premier article sur …"): `newest` says by date
    named: bool = False  # under the floor, but a name some passage writes (Retriever._writes_name)
    capped: bool = False  # a number asked left posts out (SearchResult.capped)
    # How many posts write the name asked about (SearchResult.mentioning).
    mentioning: Mentioning | None = None

    @property
    def recent(self) -> bool:
        """Shown newest first."""
        return self.newest and not self.oldest

    @property
    def relevant(self) -> bool:
        """Whether the question gets an answer (`gated=False` ranks the posts either way)."""
        return self.relevance >= self.floor or self.named


class Retriever:
    """Answers questions from one loaded index version with one embedder."""

    def __init__(
        self,
        index: LoadedIndex,
        embedder: Embedder,
        params: SearchParams | None = None,
        reranker: Reranker | None = None,
    ) -> None:
        check_model(index.manifest, embedder.name, embedder.dimension)
        self.index = index
        self.embedder = embedder
        self.params = params or SearchParams()
        self.reranker = reranker
        # Vectors of recent questions, how the collection writes recent words; bounded.
        self._queries: _Recent[str, FloatArray] = _Recent(QUERY_CACHE)
        self._cases: _Recent[str, str | None] = _Recent(QUERY_CACHE)
        self._joined: _Recent[tuple[str, str], bool] = _Recent(QUERY_CACHE)
        self._written: _Recent[str, str] = _Recent(WRITTEN_CACHE)
        self._houses: _Recent[str, bool] = _Recent(QUERY_CACHE)

    @cached_property
    def _idf(self) -> dict[str, float]:
        """Inverse document frequency of every indexed term, from the BM25 matrix."""
        lexical = self.index.lexical
        indptr = np.asarray(lexical.scores["indptr"])
        df = np.diff(indptr)
        n = max(int(lexical.scores.get("num_docs", len(self.index.chunks))), 1)
        return {
            term: math.log(1 + (n - df[i] + 0.5) / (df[i] + 0.5))
            for term, i in lexical.vocab_dict.items()
            if i < len(df)
        }

    @cached_property
    def _vocabulary(self) -> tuple[list[str], dict[str, list[str]]]:
        """Indexed terms sorted (for prefix search) and by one-letter deletion (for typos)."""
        terms = sorted(self._idf)
        deletions: dict[str, list[str]] = {}
        for term in terms:
            if len(term) >= 5:
                for i in range(len(term)):
                    deletions.setdefault(term[:i] + term[i + 1 :], []).append(term)
        return terms, deletions

    def _expand(self, terms: list[str]) -> list[str]:
        """Replace words the corpus never uses by a close indexed term, if there is one.

        Covers typos ("departemnts") and cognates whose stems share a long prefix
        ("departments"/"départements", "innovaton"/"innovation"): general string rules, no
        word lists.
        """
        return [t if t in self._idf else (self._closest(t) or t) for t in terms]

    def _closest(self, term: str) -> str | None:
        if len(term) < 5 or term.isdigit():
            return None
        ordered, deletions = self._vocabulary
        candidates: set[str] = set()
        if len(term) >= 7:
            # One edit is a typo only in a long word; in short ones it is another word.
            candidates |= set(deletions.get(term, []))  # a letter missing from the query word
            candidates |= {v for i in range(len(term)) if (v := term[:i] + term[i + 1 :]) in self._idf}
            for i in range(len(term)):
                candidates |= set(deletions.get(term[:i] + term[i + 1 :], []))  # a letter swapped
        # A stem of at least 5 letters that starts the query word and covers half of it.
        candidates |= {term[:n] for n in range(5, len(term)) if term[:n] in self._idf and 2 * n >= len(term)}
        start = bisect.bisect_left(ordered, term)
        while (
            start < len(ordered) and ordered[start].startswith(term) and len(ordered[start]) <= len(term) + 3
        ):
            candidates.add(ordered[start])
            start += 1
        if not candidates:
            return None
        # The most frequent candidate (lowest idf) is the likeliest intended word.
        return min(candidates, key=lambda c: (self._idf[c], abs(len(c) - len(term)), c))

    def _unseen_idf(self) -> float:
        n = max(len(self.index.chunks), 1)
        return math.log(1 + (n + 0.5) / 0.5)

    def _lexical(self, terms: list[str], asked: str | None = None) -> FloatArray:
        """BM25 score of every chunk for the question's known terms, for the other form of each
        acronym it names and, for a question `asked` (not a topic followed), the noun of each
        relational adjective ("départementaux": "départements") and the agent noun of the verb a
        "qui …" question asks about ("qui dirige …": "directeur"); the word coverage stays the
        question's own terms'. A topic followed reads its own words: "conseil départemental du
        Val d'Oise" matched a post on départements (one false alarm more on the seed posts'
        topics, no expected one found)."""
        others = other_forms(terms, self._acronym_forms)
        if asked is not None:
            others += related_nouns(terms, self._told_apart)
            others += [noun for noun in agent_nouns(asked) if noun not in terms]
        known = [t for t in [*terms, *others] if t in self._idf]
        if not known:
            return np.zeros(len(self.index.chunks), dtype=np.float32)
        return np.asarray(self.index.lexical.get_scores(known), dtype=np.float32)

    @cached_property
    def _postings(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int32]]:
        """The BM25 matrix' column pointers and chunk rows: which chunks hold each term."""
        scores = self.index.lexical.scores
        indptr = np.asarray(scores["indptr"], dtype=np.int64)
        indices = np.asarray(scores["indices"], dtype=np.int32)
        # Membership is tested by binary search, which needs each column's rows sorted.
        steps = np.diff(indices)
        boundaries = np.zeros(len(steps), dtype=bool)
        inner = indptr[1:-1]
        boundaries[inner[(inner > 0) & (inner <= len(steps))] - 1] = True
        if np.any((steps <= 0) & ~boundaries):
            indices = indices.copy()
            for column in range(len(indptr) - 1):
                indices[indptr[column] : indptr[column + 1]].sort()
        return indptr, indices

    def _coverage(self, terms: list[str], rows: list[int]) -> float:
        """The largest idf-weighted share of the question's distinct terms found in one chunk.

        Words the corpus never uses weigh as much as its rarest word: a question about
        something else entirely matches a common word or two, never most of its weight.
        """
        unique = set(terms)
        total = sum(self._idf.get(t, self._unseen_idf()) for t in unique)
        if not total or not rows:
            return 0.0
        candidates = np.asarray(sorted(set(rows)), dtype=np.int32)
        found = np.zeros(len(candidates), dtype=np.float64)
        for term in unique & self._idf.keys():
            found += self._idf[term] * _among(candidates, self._holding(term))
        return float(found.max()) / total

    def _holding(self, term: str | None) -> npt.NDArray[np.int32]:
        """The rows of the chunks that hold a term, in order (none for a term the index lacks)."""
        vocab = self.index.lexical.vocab_dict
        indptr, indices = self._postings
        if term is None or term not in vocab:
            return indices[:0]
        return indices[indptr[vocab[term]] : indptr[vocab[term] + 1]]

    def _dense(
        self, vector: FloatArray, count: int, rows: npt.NDArray[np.bool_] | None = None
    ) -> dict[int, float]:
        """The cosine of the question's nearest chunks (among `rows` when given)."""
        index = self.index.dense
        if rows is None:
            sims, found = index.search(vector[None, :], count)
        else:
            # FAISS skips the other rows while it searches: exact for a flat index, and HNSW
            # still returns `count` allowed neighbours when they exist.
            bitmap = np.packbits(rows, bitorder="little")
            selector = faiss.IDSelectorBitmap(len(rows), faiss.swig_ptr(bitmap))
            if isinstance(index, faiss.IndexHNSW):
                params: faiss.SearchParameters = faiss.SearchParametersHNSW(  # type: ignore[attr-defined]
                    sel=selector, efSearch=max(index.hnsw.efSearch, count)
                )
            else:
                params = faiss.SearchParameters(sel=selector)  # type: ignore[call-arg]
            sims, found = index.search(vector[None, :], count, params=params)
        return {int(r): float(s) for r, s in zip(found[0], sims[0], strict=True) if r >= 0}

    def _score_chunks(
        self,
        question: str,
        terms: list[str],
        rows: npt.NDArray[np.bool_] | None = None,
        vector: FloatArray | None = None,
        english: bool = False,
        widened: bool = True,
    ) -> tuple[list[ScoredChunk], float, float]:
        """Candidate chunks with fused scores, the word coverage, and the best cosine in the index.

        With `rows`, only those chunks compete (a filter applies before anything is ranked).
        `english`: the question reads as English (passages in English lose their head start);
        `widened`: the words side also looks for the nouns the question's adjectives and "qui …"
        verb stand for (see _lexical).
        """
        p = self.params
        lexical = self._lexical(terms, question if widened else None)
        if rows is not None:
            lexical = np.where(rows, lexical, np.float32(0))
        count = min(p.candidates, len(self.index.chunks) if rows is None else int(rows.sum()))
        if count == 0:
            return [], 0.0, 0.0
        if vector is None:
            vector = self._encoded(question)  # the question as _rank wrote it out
        vector = np.ascontiguousarray(vector, dtype=np.float32)
        dense = self._dense(vector, count, rows)
        best_cosine = max(dense.values(), default=0.0)
        # The chunks with the best BM25 scores, best first: `count` compete, 20 say the coverage.
        top_lexical = _highest(lexical, max(count, 20))
        top_lexical = top_lexical[np.argsort(-lexical[top_lexical], kind="stable")]
        words_only = [int(r) for r in top_lexical[:count] if int(r) not in dense]
        if words_only:
            # Found by words only: their true cosines, from the vectors stored in FAISS (one call).
            stored = self.index.dense.reconstruct_batch(np.array(words_only, dtype=np.int64))
            dense.update(zip(words_only, (stored @ vector).tolist(), strict=True))
        found = sorted(dense)
        if not found:
            return [], 0.0, best_cosine
        if english and p.english_affinity:
            # An English question sits closer to a passage in English whatever either says: without
            # its head start, a French post about the subject is no longer outranked by the few
            # English posts of a French collection (the floor above still reads the plain cosine).
            in_english = self._english_rows
            dense = {r: c - p.english_affinity if in_english[r] else c for r, c in dense.items()}
        lexical_best = [int(r) for r in top_lexical[:20]]
        lexical_weight = p.lexical_weight
        if p.coverage_exponent:
            # A question whose words the corpus does not hold together (a paraphrase, English)
            # gets BM25 scores from stray common words: the model then decides more of the order.
            lexical_weight *= self._coverage(terms, lexical_best) ** p.coverage_exponent
        lex = np.array([lexical[r] for r in found], dtype=np.float32)
        den = np.array([dense[r] for r in found], dtype=np.float32)
        fused = lexical_weight * _minmax(lex) + p.dense_weight * _minmax(den)
        scored = [ScoredChunk(r, float(fused[i])) for i, r in enumerate(found)]
        best = [s.row for s in sorted(scored, key=lambda s: -s.fused)[:20]] + lexical_best
        return scored, self._coverage(terms, best), best_cosine

    def _relevance(
        self, english: bool, coverage: float, best_cosine: float, terms: int
    ) -> tuple[float, float]:
        """The relevance of the best answer, and the floor it must reach to be shown at all (lower
        for a question in English, and for a long one: `terms` distinct terms)."""
        p = self.params
        semantic = p.semantic_floor_english if english else p.semantic_floor
        if semantic is not None:
            if not english and p.semantic_floor_long is not None:
                longer = p.semantic_floor_long + p.long_question_step * max(0, p.long_question_terms - terms)
                semantic = min(semantic, longer)
            return best_cosine + p.coverage_weight * coverage, semantic
        # An English question cannot match a French corpus word for word: its floor is lower.
        return coverage, p.relevance_floor_english if english else p.relevance_floor

    # --- used by alert matching -----------------------------------------------------------------
    @property
    def idf(self) -> dict[str, float]:
        """Inverse document frequency of every indexed term."""
        return self._idf

    def unseen_idf(self) -> float:
        """The weight of a word the corpus never uses (as much as its rarest word)."""
        return self._unseen_idf()

    def topic_terms(self, text: str) -> list[str]:
        """A topic's terms as a question's: written out, analysed, typos mapped to indexed words."""
        return self._expand(analyze(self.written_out(text)))

    def written_out(self, text: str) -> str:
        """The text as it would be written out: words typed apart that the collection writes as
        one joined ("City Lab"), chat abbreviations spelled out ("c koi", "pk"), accents put back
        ("region"), names given the case the collection writes them in ("bloomberg"), elisions
        typed without their apostrophe ("cest", "dinnovation") written with one, words typed
        together ("tierslieux") split and typos corrected ("compliqé"), for the words this
        collection never uses (accents: the words the dictionary does not know as typed). A text
        that reads as English only has its words joined, split and named, and its countries given
        their French names too ("Denmark (Danemark)")."""
        return self._written.get(text, lambda: self._write_out(text))

    def _write_out(self, text: str) -> str:
        known = self._idf.__contains__
        text = join_apart(one_mark(french_forms(text)), self._written_joined)
        if self.reads_english(text):  # "cooking recipes" has no typo, "taxes" no elision
            # "labs in Denmark": the posts write "Danemark" (bot.search.places).
            return french_places(self._named(split_glued(text, known, self._common)))
        dictionary = self._dictionary
        # A chat word the collection writes only in passing ("CB" of one "paiement par CB") is still
        # the chat word; one it writes in COMMON_CHUNKS chunks or more ("DC" of Washington DC) is its own.
        spelled = spell_out(text, self._common)
        written = self._named(restore_accents(spelled, self._as_typed, dictionary.accented))
        written = split_glued(unglue(written, known, self._far_rarer, self._misspelt), known, self._common)
        return correct_typos(written, self._idf.get, dictionary.knows, self._near)

    def _told_apart(self, noun: str) -> bool:
        """Whether a noun cut from a relational adjective is a French word that tells posts apart:
        not the collection's own author's name ("régional" → "Région", written by most posts as
        "La 27e Région": added, it moved an English question's passage to "Le mot de La 27e
        Région")."""
        return self._dictionary.knows_unaccented(noun) and not self._house(noun)

    def _as_typed(self, word: str) -> bool:
        """Whether a lower-case word stays as typed when accents are put back: a word of the
        language, or a name the collection writes so ("Manon Loisel" was read "Mânon" by the model,
        the French dictionary listing "mânon"; `_cased` finds the word only as typed)."""
        return self._dictionary.knows(word) or self._cased(word) is not None

    def _near(self, word: str) -> list[tuple[str, int]]:
        """The French words one letter away from a word, accents aside when it is typed without any
        ("depatement" → "département": two changes with the accent)."""
        dictionary = self._dictionary
        near = dictionary.near(word)
        return near + dictionary.near_unaccented(word) if word.isascii() else near

    def _misspelt(self, word: str, rest: str) -> bool:
        """Whether a word the collection never uses, which reads as an elision without its
        apostrophe (unglue: "depatement" as "d'épatement"), is rather a typo of a word it uses far
        more than the remainder's term `rest` ("département")."""
        for candidate, _ in self._near(word.lower()):
            term = term_of(candidate)
            if term is not None and term != rest and self._far_rarer(rest, term):
                return True
        return False

    @cached_property
    def _dictionary(self) -> spelling.Dictionary:
        return spelling.french()

    @cached_property
    def _english(self) -> spelling.Dictionary:
        return spelling.english()

    @cached_property
    def _english_rows(self) -> npt.NDArray[np.bool_]:
        """Which chunks belong to posts written in English."""
        catalogue = self.catalogue
        return catalogue.written(self.index.documents)["en"][catalogue.chunk_doc]

    def reads_english(self, text: str) -> bool:
        """Whether a question or topic reads as English: by its function words or, without them
        ("sustainable forest management"), by the words only English knows."""
        return reads_english(text, self._english.knows, self._dictionary.knows_unaccented)

    def _named(self, text: str) -> str:
        """The text with names typed in lower case given their case, as far as the model reads it
        (`clipped`): case is the model's matter (the words side reads lower case), and each word
        costs a sample of the collection the first time (0.16 s for 4,000 characters of French
        read whole, 12 ms for the part the model reads)."""
        head = clipped(text, self.index.manifest.chunk_size)
        return restore_case(head, self._cased) + text[len(head) :]

    def _cased(self, word: str) -> str | None:
        """How the collection writes a word typed in lower case when it writes it as a name: the
        commonest form of the word inside a sentence (after a word, a comma or an apostrophe), if
        at least NAME_SHARE of its uses there (and 3) have a capital, in CASE_SAMPLE chunks that
        hold it, spread over the collection (in the whole archive: "Bloomberg" 75 times of 75,
        "Région" 754 of 848; "design" and "Lab" stay as typed: 145 of 1,042, 148 of 209)."""
        return self._cases.get(word, lambda: self._case_of(word))

    def _case_of(self, word: str) -> str | None:
        holding = self._holding(term_of(word))
        rows = holding[np.linspace(0, len(holding) - 1, min(len(holding), CASE_SAMPLE)).astype(int)]
        forms: Counter[str] = Counter()
        for row in rows:
            text = self.index.chunks[row].text
            lower = text.lower()
            if len(lower) != len(text):  # a letter whose lower case is longer ("İ"): skipped
                continue
            start = lower.find(word)
            while start >= 0:
                end = start + len(word)
                whole = not lower[end : end + 1].isalnum() and not lower[start - 1 : start].isalnum()
                if whole and _INSIDE.fullmatch(text[max(start - 2, 0) : start]):
                    forms[text[start:end]] += 1
                start = lower.find(word, end)
        uses = sum(forms.values())
        named = [(n, form) for form, n in forms.items() if not form.islower()]
        if uses < 3 or sum(n for n, _ in named) < NAME_SHARE * uses:
            return None
        return max(named)[1]

    def _written_joined(self, left: str, right: str) -> bool:
        """Whether the collection writes two words as one far more often than apart: at least twice
        as many chunks (and 2) hold the joined word as hold both words (the archive: "CityLab" 177
        against 20, "MindLab" 99 against 3; "opendata" 4 against 63, "civictech" 23 against 16:
        both spellings are in use and neither is chosen)."""
        pair = (left.lower(), right.lower())
        return self._joined.get(pair, lambda: self._joined_more(*pair))

    def _joined_more(self, left: str, right: str) -> bool:
        written = len(self._holding(term_of(left + right)))
        if written < 2:
            return False
        return written >= JOINED * _shared(self._holding(term_of(left)), self._holding(term_of(right)))

    def _far_rarer(self, term: str, other: str) -> bool:
        """Whether the collection uses a term in at most a twentieth of the chunks it uses another in
        (idf is about the log of the inverse share: a difference of log 20)."""
        return self._idf.get(term, math.inf) - self._idf.get(other, math.inf) >= math.log(RARER)

    def _common(self, term: str) -> bool:
        """Whether the collection uses a term in at least COMMON_CHUNKS chunks."""
        return self._idf.get(term, math.inf) <= self._common_idf

    @cached_property
    def _common_idf(self) -> float:
        """The idf of a term found in COMMON_CHUNKS chunks (BM25's formula, as `_idf`)."""
        n = max(len(self.index.chunks), 1)
        df = min(COMMON_CHUNKS, n)
        return math.log(1 + (n - df + 0.5) / (df + 0.5)) + 1e-9

    def query_vector(self, question: str) -> FloatArray:
        """The embedding of a question as a search reads it (written out, the acronyms the
        collection defines spelled out), computed once for the QUERY_CACHE questions asked last."""
        return self._encoded(self.written_out(question))

    def query_key(self, question: str) -> str:
        """What a question's embedding depends on: the model and the text it reads, which changes
        with the collection (an acronym it comes to define, a word it comes to use). A topic's
        stored embedding whose key differs is computed again."""
        return vector_key(self.embedder.name, self._model_text(self.written_out(question)))

    def keyed_vector(self, question: str) -> tuple[FloatArray, str]:
        """A question's embedding with its key (query_key), as a subscription stores them (the
        vector is often one just asked for: the 🔔 button under an answer)."""
        return self.query_vector(question), self.query_key(question)

    @cached_property
    def _acronym_tables(self) -> tuple[dict[str, str], dict[str, str]]:
        """The acronyms the collection defines in brackets, and those its posts only use, each with
        its long form (bot.search.acronyms)."""
        texts = [f"{d.title}\n{d.text}" for d in self.index.documents.values()]
        defined = mine_acronyms(texts)
        return defined, acronyms_used(texts, defined)

    @cached_property
    def acronyms(self) -> dict[str, str]:
        """The acronyms the model reads spelled out, with their long forms."""
        defined, used = self._acronym_tables
        return {**used, **defined}

    @cached_property
    def _acronym_forms(self) -> list[tuple[str, frozenset[str]]]:
        # Only the bracketed ones: a guessed acronym on the words side finds its letters anywhere.
        return acronym_forms(self._acronym_tables[0])

    def _encoded(self, written: str) -> FloatArray:
        # The model reads as much of a question as it read of each passage (a chunk): a pasted
        # page of 4,000 characters took 1 to 2 s to encode, for a vector no passage is like; the
        # words side still reads all of it.
        read = self._model_text(written)
        return self._queries.get(read, lambda: self.embedder.embed_query(read)).copy()

    def _model_text(self, written: str) -> str:
        """What the model reads of a question written out: its acronyms spelled out, without the
        collection's own author when it asks that author's view of something ("que pense la 27e
        Région de l'IA ?": the model reads "que pense de l'IA ?"; bot.search.house), clipped."""
        read = spelled_out(written, self.acronyms)
        if (actor := asked_actor(read)) and self._house(read[actor[0] : actor[1]]):
            read = without(read, actor)
        return clipped(read, self.index.manifest.chunk_size)

    def _house(self, name: str) -> bool:
        """Whether the collection's posts write `name` as their own author's: in HOUSE_SHARE of
        them at least (however its words are typed: bot.search.phrases)."""
        return self._houses.get(name, lambda: self._written_by_most(name))

    def _written_by_most(self, name: str) -> bool:
        pattern = phrase_pattern(name)
        documents = list(self.index.documents.values())
        if pattern is None or not documents:
            return False
        # A word of the name fewer chunks hold than half the posts: no need to read them (49 ms).
        if any(len(self._holding(term)) < HOUSE_SHARE * len(documents) for term in analyze(name)):
            return False
        picked = np.linspace(0, len(documents) - 1, min(len(documents), HOUSE_SAMPLE)).astype(int)
        writing = sum(bool(pattern.search(documents[i].text)) for i in picked)
        return writing >= HOUSE_SHARE * len(picked)

    def forget_questions(self) -> None:
        """Drop the remembered questions, their vectors and how they were written out (a timing run
        must encode every question)."""
        self._queries.clear()
        self._written.clear()

    def hit_in(self, doc_id: str, terms: set[str], row: int, score: float) -> Hit:
        """The hit a search would show for one post, around one of its chunks."""
        return self._hit(self.index.documents[doc_id], [ScoredChunk(row, score)], terms)

    def warm_up(self) -> None:
        """Compute the lazy tables and run one query, so the first user does not wait."""
        _ = self._idf, self._vocabulary, self._postings, self._dictionary, self._english, self._acronym_forms
        # The posts' languages: 0.2 s on the 372 archive posts, seconds on ten thousand.
        _ = self._english_rows
        # Before the retriever serves anyone: the rerank service is not called for the warm-up.
        reranker, self.reranker = self.reranker, None
        try:
            self.search("innovation publique", 1)
        finally:
            self.reranker = reranker
        # Loading an index leaves a full collection pending: 0.3 s at 100k chunks, which the
        # first search would otherwise pay.
        gc.collect()

    @cached_property
    def catalogue(self) -> Catalogue:
        """The index' posts as arrays: dates, sources, the rows of their chunks."""
        documents = self.index.documents
        ids = tuple(documents)
        position = {doc_id: i for i, doc_id in enumerate(ids)}
        chunk_doc = np.fromiter((position[c.doc_id] for c in self.index.chunks), dtype=np.int32)
        first_row = np.full(len(ids), -1, dtype=np.int64)
        for row in range(len(chunk_doc) - 1, -1, -1):
            first_row[chunk_doc[row]] = row
        sources = tuple(sorted({d.source for d in documents.values() if d.source}))
        return Catalogue(
            ids=ids,
            chunk_doc=chunk_doc,
            first_row=first_row,
            dates=np.array(
                [d.date.toordinal() if d.date else -1 for d in documents.values()], dtype=np.int64
            ),
            source_ids=np.array(
                [sources.index(d.source) if d.source else -1 for d in documents.values()], dtype=np.int32
            ),
            sources=sources,
            tags=frozenset(tag_key(t) for d in documents.values() for t in d.tags),
        )

    @cached_property
    def _first_rows(self) -> dict[str, int]:
        catalogue = self.catalogue
        return {doc_id: int(row) for doc_id, row in zip(catalogue.ids, catalogue.first_row, strict=True)}

    def openings(self, doc_ids: Sequence[str]) -> FloatArray:
        """The stored embedding of each post's opening: its first chunk, which starts with its title."""
        rows = np.array([self._first_rows[doc_id] for doc_id in doc_ids], dtype=np.int64)
        return np.asarray(self.index.dense.reconstruct_batch(rows), dtype=np.float32)

    @cached_property
    def typical_opening_cosine(self) -> float:
        """How close two posts of the collection typically open: the median cosine of their pairs
        of openings (from OPENINGS_SAMPLE posts at most). Posts that all open alike make it high."""
        ids = list(self.index.documents)
        if len(ids) > OPENINGS_SAMPLE:
            picked = np.random.default_rng(0).choice(len(ids), OPENINGS_SAMPLE, replace=False)
            ids = [ids[i] for i in sorted(picked)]
        if len(ids) < 2:
            return 1.0
        openings = self.openings(ids)
        return float(np.median((openings @ openings.T)[np.triu_indices(len(ids), 1)]))

    def search(
        self,
        question: str,
        k: int = 5,
        offset: int = 0,
        *,
        today: dt.date | None = None,
        recent: bool | None = None,
        vector: FloatArray | None = None,
        gated: bool = True,
    ) -> SearchResult:
        """The best posts for a question (the first with up to three passages), `offset` posts skipped.

        Dates, sources and tags the question names ("depuis 2018", "sur transfo") narrow the posts
        before anything is ranked; `recent` sorts the relevant posts newest first (None: when the
        question asks for news, "quoi de neuf sur les résidences ?"). `vector`: the
        question's embedding when it is already known (a subscription's topic), not computed again.
        `gated=False`: the posts are ranked even under the relevance floor (`relevant` says so).
        A number asked ("les 3 derniers articles") caps the list until `offset` reaches it: then
        the next ones ("encore").
        """
        found = self._rank(question, today, recent, vector, gated, offset=offset)
        if found.browse is not None:
            return self._browse(
                found.question, found.browse, found.wanted, k, offset, found.oldest, found.capped
            )
        question, terms, wanted, newest = found.question, found.terms, found.wanted, found.newest
        relevance, relevant = round(found.relevance, 3), found.relevant
        english = found.english
        ranked = found.posts
        if not ranked:
            return SearchResult(
                question,
                (),
                terms,
                relevance,
                False,
                wanted,
                found.recent,
                relevant,
                english,
                in_filter=found.in_filter,
                published=self._published(wanted) if found.in_filter == 0 else None,
            )
        hits = tuple(
            self._hit(
                self.index.documents[doc_id], chunks, set(terms), self._extra_floor(ranked, rank, newest)
            )
            for rank, (doc_id, chunks) in enumerate(ranked[offset : offset + k], start=offset)
        )
        confident = found.relevance >= found.floor + self.params.confident_margin
        return SearchResult(
            question,
            hits,
            terms,
            relevance,
            confident,
            wanted,
            found.recent,
            relevant,
            english,
            oldest=found.oldest,
            capped=found.capped,
            mentioning=found.mentioning,
        )

    def _mentioning(self, words: str, allowed: npt.NDArray[np.bool_] | None) -> Mentioning | None:
        """How many posts (those `allowed`, or all) write the name `words` is ("combien d'articles
        sur les tiers-lieux ?": "tiers-lieux"; a country given its French name, either), as
        `_writes_name` reads it. None: no name (a sentence is not counted: which posts are about
        it, no count of words tells)."""
        names = [name for text in apart(words) if (name := named(text))]
        patterns = [pattern for name in names if (pattern := phrase_pattern(name))]
        if not patterns:
            return None
        catalogue, documents = self.catalogue, self.index.documents
        posts: set[int] = set()
        for name in names:  # the posts holding every word of one name, then the name itself read
            held = [set(catalogue.chunk_doc[self._holding(term)].tolist()) for term in set(analyze(name))]
            posts |= set.intersection(*held) if held else set()
        written = (documents[catalogue.ids[post]] for post in posts if allowed is None or allowed[post])
        writing = sum(
            1 for doc in written if any(p.search(doc.title) or p.search(doc.text) for p in patterns)
        )
        return Mentioning(writing, " / ".join(names))

    @cached_property
    def _linked(self) -> dict[str, str]:
        """The posts by the key of their address (bot.search.links)."""
        return {link_key(doc.url): doc_id for doc_id, doc in self.index.documents.items() if doc.url}

    def _pasted(self, question: str) -> tuple[str, str | None]:
        """The question with each pasted link to a post of the collection written as that post's
        title (the words of its address found it second or third among posts sharing them), and
        the post of the first such link (None: no link to a post)."""
        first = None
        for link in reversed(pasted_links(question)):
            if (doc_id := self._linked.get(link.key)) is not None:
                title = self.index.documents[doc_id].title
                question, first = f"{question[: link.start]}{title}{question[link.end :]}", doc_id
        return question, first

    def _opening_first(self, doc_id: str, chunks: list[ScoredChunk]) -> list[ScoredChunk]:
        """A post's chunks with its opening first, at its best chunk's score: the post whose link
        was pasted is shown from its start (what it is about), then its parts nearest its title
        (searched alone, the title found the Transfo post's closing lines)."""
        row = self._first_rows[doc_id]
        return [ScoredChunk(row, chunks[0].fused)] + [c for c in chunks if c.row != row]

    def parse(self, question: str, today: dt.date | None = None) -> ParsedQuestion:
        """The words a question searches and the filter it names (dates, this index's sources and
        tags), as a search reads them."""
        catalogue = self.catalogue
        # Written out first: "bjr" is then a greeting, "cest" nothing to search.
        return parse_question(
            self.written_out(question), today or dt.date.today(), catalogue.sources, catalogue.tags
        )

    def rank_posts(self, question: str, k: int, *, vector: FloatArray | None = None) -> PostRanking:
        """The first `k` posts a search shows for a question and their scores, floors aside, without
        their passages: what alert matching compares a new post with (one call per topic). Always in
        the order of relevance: a topic that reads as asking for news ("la dernière AG") would
        otherwise put every new post first, nor a count ("les 3 derniers rapports") cut it short."""
        found = self._rank(question, None, False, vector, gated=False, as_asked=False)
        if found.browse is not None:
            ids = tuple(self.catalogue.ids[i] for i in self._browsed(found.browse)[:k])
            return PostRanking(ids, tuple(1.0 for _ in ids), bool(ids), found.english)
        posts = found.posts[:k]
        return PostRanking(
            tuple(doc_id for doc_id, _ in posts),
            tuple(round(chunks[0].fused, 4) for _, chunks in posts),  # as Hit.score
            found.relevant,
            found.english,
        )

    def _rank(
        self,
        question: str,
        today: dt.date | None,
        recent: bool | None,
        vector: FloatArray | None,
        gated: bool,
        as_asked: bool = True,
        offset: int = 0,
    ) -> _Ranked:
        """A question's posts in the order shown, each with its chunks best first (see search).

        `as_asked`: what the question asks of the list shapes it — the newest posts about the
        subject ("le dernier rapport…"), a number of them ("les 3 derniers articles"); alert
        ranking (False) wants every post in the order of relevance, by the topic's own words.
        """
        question = " ".join(question.split())
        if not has_words(question):
            raise QuestionError(key="error_empty_question")
        catalogue = self.catalogue
        searched, pasted = self._pasted(question)
        parsed = self.parse(searched, today)
        wanted = parsed.filter
        dated = parsed.newest or parsed.oldest  # the question asks for an order by date
        count, asked = (parsed.count, dated) if as_asked else (None, False)
        if count and offset >= count:  # "encore" after "les 3 derniers articles": the next ones
            count = None
        # "le premier article sur …": oldest first, unless the user chose another order (🕒, ⭐).
        oldest = parsed.oldest and as_asked and recent is None
        rows, kept = None, None
        if (dated or not wanted.empty) and not asks_about_something(parsed.text):
            # "quoi de neuf ?", "depuis 2020": the newest posts (there), as /nouveautes lists them.
            allowed = catalogue.allowed(self.index.documents, wanted)
            capped = False
            if count:  # "les 3 derniers articles": those three
                browsed = self._browsed(allowed, parsed.oldest)
                capped = len(browsed) > count
                allowed = np.zeros_like(allowed)
                allowed[browsed[:count]] = True
            return _Ranked(question, (), wanted, True, 1.0, 0.0, [], allowed, oldest=oldest, capped=capped)
        within: npt.NDArray[np.bool_] | None = None  # the posts the filter keeps, if any
        if not wanted.empty:
            within = catalogue.allowed(self.index.documents, wanted)
            rows, kept = within[catalogue.chunk_doc], int(within.sum())
        newest = dated if recent is None else recent
        words = parsed.text  # the question itself when it names no filter
        terms = self._expand(analyze(words))
        english = self.reads_english(words)
        scored, coverage, best_cosine = self._score_chunks(words, terms, rows, vector, english, as_asked)
        relevance, floor = self._relevance(english, coverage, best_cosine, len(set(terms)))
        named = relevance < floor and self._writes_name(words, rows)
        refused = (
            gated
            and relevance < floor
            and not named
            and not (rows is not None and self._on_topic(words, terms, english, vector))
        )
        if refused or not scored:
            return _Ranked(question, tuple(terms), wanted, newest, relevance, floor, [], None, english, kept)
        scored = self._reranked(words, scored)
        by_doc: dict[str, list[ScoredChunk]] = {}
        for item in sorted(scored, key=lambda s: -s.fused):
            by_doc.setdefault(self.index.chunks[item.row].doc_id, []).append(item)
        ranked = sorted(by_doc.items(), key=lambda kv: -kv[1][0].fused)[: self.params.max_posts]
        # Posts far below the best one are noise of the embeddings, not answers.
        top = ranked[0][1][0].fused
        ranked = [
            (doc, chunks) for doc, chunks in ranked if chunks[0].fused >= self.params.min_relative_score * top
        ]
        capped = False
        if newest or count or asked:
            subject = set(self._expand(analyze(parsed.subject)))
            ranked, capped = self._newest_kept(ranked, asked, newest, count, subject, parsed.oldest, oldest)
        elif pasted is not None:  # the post whose link was pasted, then those like it
            ranked.sort(key=lambda kv: kv[0] != pasted)
            if ranked and ranked[0][0] == pasted:
                ranked[0] = (pasted, self._opening_first(pasted, ranked[0][1]))
        return _Ranked(
            question,
            tuple(terms),
            wanted,
            newest,
            relevance,
            floor,
            ranked,
            english=english,
            oldest=oldest,
            named=named,
            capped=capped,
            mentioning=self._mentioning(parsed.subject, within) if parsed.how_many else None,
        )

    def _newest_kept(
        self,
        ranked: list[tuple[str, list[ScoredChunk]]],
        asked: bool,
        newest: bool,
        count: int | None,
        subject: set[str],
        first: bool = False,
        oldest: bool = False,
    ) -> tuple[list[tuple[str, list[ScoredChunk]]], bool]:
        """The posts shown when a question asks for the newest (`asked`: "le dernier rapport…") or
        the oldest (`first` too: "le premier rapport…"), for a number of posts, or when they are
        shown by date (`newest`; `oldest`: oldest first).

        The newest are those of the posts about the subject: scoring at least `newest_min_ratio`
        of the best, or titled with every term of the subject (`subject`). A post titled "AG de la 27e
        Région : le calme avant la tempête" is about the assembly though its text only says
        "assemblée générale": its score for "la dernière AG" is 0.57 of the best. "les 3 derniers
        billets sur …" keeps three of them, "3 articles sur …" the three most relevant. Shown in
        the order asked: the "🕒 Plus récents" / "⭐ Plus pertinents" buttons reorder the same posts
        (a question that asked for none: the posts about the subject newest first, then the others
        newest first, a weak match of last month after them). And whether the number left some out.
        """
        documents = self.index.documents
        top = ranked[0][1][0].fused
        about = [
            (doc, chunks)
            for doc, chunks in ranked
            if chunks[0].fused >= self.params.newest_min_ratio * top
            or (subject and subject <= set(analyze(documents[doc].title)))
        ]

        def dated(
            posts: list[tuple[str, list[ScoredChunk]]], ascending: bool = False
        ) -> list[tuple[str, list[ScoredChunk]]]:
            if ascending:  # undated posts last either way
                return sorted(posts, key=lambda kv: (documents[kv[0]].date or dt.date.max).toordinal())
            return sorted(posts, key=lambda kv: -(documents[kv[0]].date or dt.date.min).toordinal())

        chosen = dated(about, first) if asked else ranked
        kept = {doc for doc, _ in chosen[: count or len(chosen)]}
        by_date = dated(about, oldest)
        if newest and not asked:  # "🕒 Plus récents": the same posts, those about the subject first
            shown = {doc for doc, _ in about}
            by_date += dated([post for post in ranked if post[0] not in shown])
        kept_posts = [(doc, chunks) for doc, chunks in (by_date if newest else ranked) if doc in kept]
        return kept_posts, len(chosen) > len(kept)

    def _writes_name(self, words: str, within: npt.NDArray[np.bool_] | None) -> bool:
        """Whether the question is a name some passage writes ("design fiction", "tiers lieux"):
        its few words side by side in one chunk (bot.search.phrases), among `within` when given
        (a filter's chunks). A country given its French name is one written either way ("posts
        about Denmark?" → "Denmark (Danemark)?": refused, though 21 posts write "Danemark")."""
        return any(self._writes_words(name, within) for name in apart(words))

    def _writes_words(self, words: str, within: npt.NDArray[np.bool_] | None) -> bool:
        pattern = phrase_pattern(words)
        if pattern is None:
            return False
        rows: npt.NDArray[np.int32] | None = None
        for term in set(analyze(words)):
            holding = self._holding(term)
            rows = holding if rows is None else np.intersect1d(rows, holding, assume_unique=True)
            if within is not None:
                rows = rows[within[rows]]
            if not len(rows):
                return False
        # The chunks holding every word; the first few hundred tell (3 ms at most on the archive).
        chunks = self.index.chunks
        return rows is not None and any(pattern.search(chunks[int(r)].text) for r in rows[:PHRASE_CHUNKS])

    def _on_topic(self, words: str, terms: list[str], english: bool, vector: FloatArray | None) -> bool:
        """Whether a question passes the relevance floor on the whole collection.

        Within a filter ("articles de 2015 sur l'école") the best passage is sought among the
        filter's posts only, so a question the collection answers can fall under the floor there:
        its closest posts within the filter are then shown, flagged as uncertain. An off-topic
        question is still refused, filter or not.
        """
        _, coverage, best_cosine = self._score_chunks(words, terms, None, vector, english)
        relevance, floor = self._relevance(english, coverage, best_cosine, len(set(terms)))
        return relevance >= floor

    def _extra_floor(
        self, ranked: list[tuple[str, list[ScoredChunk]]], rank: int, newest: bool
    ) -> float | None:
        """The score another part of the post at `rank` needs to be shown too (None: one part only).

        A question about a detail of a post often matches its opening best (the title and the
        subject are there) while the answer lies further down; when the next post is far behind,
        its place is better spent on that other part. Posts sorted by date show one part each.
        """
        p = self.params
        if newest or rank >= p.extra_passage_posts:
            return None
        best = ranked[rank][1][0].fused
        following = ranked[rank + 1][1][0].fused if rank + 1 < len(ranked) else 0.0
        return max(p.extra_passage_ratio * best, p.extra_passage_over_next * following)

    def _reranked(self, question: str, scored: list[ScoredChunk]) -> list[ScoredChunk]:
        """The best chunks in the reranker's order; the rest, and everything on failure, as they were.

        The reordered chunks take the fused scores of the same ranks, so every threshold that
        compares scores (relative floor, second passage) keeps its meaning.
        """
        if self.reranker is None:
            return scored
        ordered = sorted(scored, key=lambda s: -s.fused)
        head = ordered[: self.params.rerank_candidates]
        documents = self.index.documents
        texts = [f"{documents[(c := self.index.chunks[s.row]).doc_id].title}\n{c.text}" for s in head]
        scores = self.reranker.rerank(question, texts)
        if scores is None or len(scores) != len(head):
            return scored
        order = sorted(range(len(head)), key=lambda i: -scores[i])
        reordered = [ScoredChunk(head[i].row, head[rank].fused) for rank, i in enumerate(order)]
        return reordered + ordered[len(head) :]

    def _browse(
        self,
        question: str,
        allowed: npt.NDArray[np.bool_],
        wanted: Filter,
        k: int,
        offset: int,
        oldest: bool = False,
        capped: bool = False,
    ) -> SearchResult:
        """A question that is only a filter: the posts it keeps, newest (`oldest`: oldest) first,
        from their start (`capped`: a number asked kept fewer)."""
        catalogue = self.catalogue
        hits = tuple(
            self._hit(
                self.index.documents[catalogue.ids[i]], [ScoredChunk(int(catalogue.first_row[i]), 1.0)], set()
            )
            for i in self._browsed(allowed, oldest)[offset : offset + k]
        )
        if hits or offset:
            listed = None if wanted.empty else int(np.count_nonzero(allowed & (catalogue.first_row >= 0)))
            return SearchResult(
                question,
                hits,
                (),
                1.0 if hits else 0.0,
                bool(hits),
                wanted,
                not oldest,
                listed=listed,
                oldest=oldest,
                capped=capped,
            )
        return SearchResult(
            question, (), (), 0.0, False, wanted, True, in_filter=0, published=self._published(wanted)
        )

    def _published(self, wanted: Filter) -> tuple[dt.date, dt.date] | None:
        """The first and last publication dates of the collection, when `wanted` names a period."""
        dates = self.catalogue.dates[self.catalogue.dates >= 0]
        if not wanted.dated or not len(dates):
            return None
        return dt.date.fromordinal(int(dates.min())), dt.date.fromordinal(int(dates.max()))

    def _browsed(self, allowed: npt.NDArray[np.bool_], oldest: bool = False) -> list[int]:
        """The posts a filter keeps (their places in the catalogue), newest (`oldest`: oldest)
        first, undated last, max_posts at most."""
        catalogue = self.catalogue
        kept = [int(i) for i in np.flatnonzero(allowed) if catalogue.first_row[i] >= 0]
        if oldest:
            kept.sort(key=lambda i: (catalogue.dates[i] < 0, catalogue.dates[i], catalogue.ids[i]))
        else:
            kept.sort(key=lambda i: (-catalogue.dates[i], catalogue.ids[i]))
        return kept[: self.params.max_posts]

    def _widened(self, doc: Document, span: Span) -> Span:
        """A chunk followed by the next whole sentences, up to the passage limit.

        The answer often comes just after what matched (a heading, a question, a name).
        """
        limit = self.params.passage_max_chars
        if span.end - span.start > limit:  # chunks set longer than passages: keep the first part
            cut = doc.text.rfind(" ", span.start, span.start + limit)
            return Span(span.start, cut if cut > span.start + limit // 2 else span.start + limit)
        # Only the paragraphs the passage may run into are split: splitting whole posts took 5 ms a
        # search at 100k chunks, where most posts shown had not been shown before.
        sentences = sentence_spans(doc.text, limit, Span(span.end, span.start + limit + 1))
        end = span.end
        for sentence in sentences[bisect.bisect_left([s.start for s in sentences], span.end) :]:
            if sentence.end - span.start > limit:
                break
            end = sentence.end
        return Span(span.start, end)

    def _hit(
        self, doc: Document, chunks: list[ScoredChunk], terms: set[str], extra_floor: float | None = None
    ) -> Hit:
        """A post with its best chunk and its other parts scoring `extra_floor`, none repeating another.

        Chunks overlap, and a passage runs on to the next sentences: a part that starts or ends
        inside a passage already chosen shows only what that passage does not (the answer may be
        just there), when that is at least `extra_passage_min_chars` long.
        """
        most = self.params.max_passages if extra_floor is not None else 1
        shown: list[Span] = []
        for item in chunks[: most * 4]:
            if len(shown) >= most or (shown and extra_floor is not None and item.fused < extra_floor):
                break
            chunk = self.index.chunks[item.row]
            span = uncovered(Span(chunk.start, chunk.end), shown)
            if shown and span.end - span.start < self.params.extra_passage_min_chars:
                continue
            widened = self._widened(doc, span)
            # ... but not into a passage that follows it.
            end = min([s.start for s in shown if s.start >= span.end] + [widened.end])
            shown.append(Span(widened.start, end))
        passages = [make_passage(doc.text, s, terms, doc.page_at(s.start)) for s in shown]
        return Hit(
            doc_id=doc.id,
            title=doc.title,
            url=doc.url,
            date=doc.date,
            author=doc.author,
            passage=passages[0],
            score=round(chunks[0].fused, 4),
            extra_passages=tuple(passages[1:]),
            cited_by=doc.cited_by,
        )


def clipped(text: str, limit: int) -> str:
    """The text cut to at most `limit` characters, at the last space within them when there is
    one (a word is not cut in two); the whole text when it is short enough."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    if text[limit].isspace():
        return head
    last_space = max((i for i, c in enumerate(head) if c.isspace()), default=0)
    return head[:last_space] if last_space > 0 else head


def _among(rows: npt.NDArray[np.int32], sorted_rows: npt.NDArray[np.int32]) -> npt.NDArray[np.bool_]:
    """Which of `rows` are in `sorted_rows` (binary search: a term's chunk rows are sorted)."""
    if not len(sorted_rows):
        return np.zeros(len(rows), dtype=bool)
    where = np.minimum(np.searchsorted(sorted_rows, rows), len(sorted_rows) - 1)
    return np.asarray(sorted_rows[where] == rows)


def _shared(rows: npt.NDArray[np.int32], others: npt.NDArray[np.int32]) -> int:
    """How many rows two sorted lists of distinct rows have in common (the shorter one is looked up
    in the longer: a common word's list holds a third of the collection)."""
    if len(rows) > len(others):
        rows, others = others, rows
    return int(np.count_nonzero(_among(rows, others)))


def _highest(values: FloatArray, count: int) -> npt.NDArray[np.intp]:
    """The rows of the `count` highest positive values, in no order. Most chunks hold none of a
    question's words: choosing among the others is a tenth of the work at 100k chunks."""
    positive = np.flatnonzero(values > 0)
    if len(positive) <= count:
        return positive
    return positive[np.argpartition(-values[positive], count - 1)[:count]]


def _minmax(values: FloatArray) -> FloatArray:
    low, high = float(np.min(values)), float(np.max(values))
    if high - low < 1e-9:
        return np.ones_like(values) if high > 0 else np.zeros_like(values)
    return (values - low) / (high - low)


def make_passage(text: str, span: Span, terms: set[str], page: int | None = None) -> Passage:
    """The passage text (paragraph breaks kept as single newlines) with its highlighted words."""
    raw = text[span.start : span.end]
    shown = "\n".join(line.strip() for line in raw.split("\n") if line.strip())
    highlights = tuple((t.start, t.end) for t in iter_terms(shown) if t.term in terms)
    return Passage(shown, highlights, page)
