"""Hybrid search: BM25 over French terms + dense similarity → fused scores → one hit per post.

Ranking fuses per-query min-max normalised signals (weights are settings, measured with
`innobot eval`). Whether anything is relevant at all is decided on an absolute signal instead:
the idf-weighted share of the question's words found together in one chunk. The bundled
English model's cosines on French text sit between 0.4 and 0.7 for related and unrelated text
alike (measured), so they cannot tell an off-topic question apart.
"""

from __future__ import annotations

import bisect
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from bot.analysis import analyze, has_words, iter_terms, looks_english
from bot.domain import Document, Hit, Passage
from bot.errors import QuestionError
from bot.search.chunking import Span, sentence_spans
from bot.search.embedding import Embedder
from bot.search.indexing import LoadedIndex, check_model

FloatArray = npt.NDArray[np.float32]
SENTENCE_CACHE_POSTS = 2048


@dataclass(frozen=True)
class SearchParams:
    """The tunable parts of a search; defaults come from Settings."""

    lexical_weight: float = 0.6
    dense_weight: float = 0.4
    relevance_floor: float = 0.30
    relevance_floor_english: float = 0.10
    confident_floor: float = 0.50
    passage_max_chars: int = 700
    min_relative_score: float = 0.3
    candidates: int = 100
    max_posts: int = 30
    next_sentence_weight: float = 0.25
    chunk_score_weight: float = 0.6
    window_coverage_weight: float = 1.0


@dataclass(frozen=True)
class ScoredChunk:
    """A candidate chunk with its signals."""

    row: int
    fused: float


@dataclass(frozen=True)
class SearchResult:
    """The posts found for a question, best first, and whether any passed the floor."""

    question: str
    hits: tuple[Hit, ...]
    terms: tuple[str, ...]
    relevance: float = 0.0
    confident: bool = True


class Retriever:
    """Answers questions from one loaded index version with one embedder."""

    def __init__(self, index: LoadedIndex, embedder: Embedder, params: SearchParams | None = None) -> None:
        check_model(index.manifest, embedder.name, embedder.dimension)
        self.index = index
        self.embedder = embedder
        self.params = params or SearchParams()
        # Sentences and their terms for recently shown posts; bounded, as the corpus may be large.
        self._sentences: OrderedDict[str, list[tuple[Span, frozenset[str]]]] = OrderedDict()
        self._sentences_lock = threading.Lock()  # the bot searches from several threads

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

    def _lexical(self, terms: list[str]) -> FloatArray:
        """BM25 score of every chunk for the question's known terms."""
        known = [t for t in terms if t in self._idf]
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
        indptr, indices = self._postings
        candidates = np.asarray(sorted(set(rows)), dtype=np.int32)
        found = np.zeros(len(candidates), dtype=np.float64)
        vocab = self.index.lexical.vocab_dict
        for term in unique & self._idf.keys():
            column = vocab[term]
            postings = indices[indptr[column] : indptr[column + 1]]
            where = np.minimum(np.searchsorted(postings, candidates), len(postings) - 1)
            found += self._idf[term] * (postings[where] == candidates)
        return float(found.max()) / total

    def _dense(self, question: str, count: int) -> tuple[FloatArray, dict[int, float]]:
        """The question's vector and the cosine of its nearest chunks."""
        vector = np.ascontiguousarray(self.embedder.embed_query(question), dtype=np.float32)
        sims, rows = self.index.dense.search(vector[None, :], count)
        return vector, {int(r): float(s) for r, s in zip(rows[0], sims[0], strict=True) if r >= 0}

    def _score_chunks(self, question: str, terms: list[str]) -> tuple[list[ScoredChunk], float]:
        p = self.params
        lexical = self._lexical(terms)
        count = min(p.candidates, len(self.index.chunks))
        vector, dense = self._dense(question, count)
        top_lexical = np.argpartition(-lexical, count - 1)[:count] if lexical.any() else np.array([], int)
        for row in (int(r) for r in top_lexical if lexical[r] > 0 and int(r) not in dense):
            # Found by words only: its true cosine, from the vector stored in FAISS.
            dense[row] = float(self.index.dense.reconstruct(row) @ vector)
        rows = sorted(dense)
        if not rows:
            return [], 0.0
        lex = np.array([lexical[r] for r in rows], dtype=np.float32)
        den = np.array([dense[r] for r in rows], dtype=np.float32)
        fused = p.lexical_weight * _minmax(lex) + p.dense_weight * _minmax(den)
        scored = [ScoredChunk(r, float(fused[i])) for i, r in enumerate(rows)]
        best = [s.row for s in sorted(scored, key=lambda s: -s.fused)[:20]]
        top = min(20, len(lexical))
        best += [int(r) for r in np.argpartition(-lexical, top - 1)[:top] if lexical[r] > 0]
        return scored, self._coverage(terms, best)

    # --- used by alert matching -----------------------------------------------------------------
    @property
    def idf(self) -> dict[str, float]:
        """Inverse document frequency of every indexed term."""
        return self._idf

    def unseen_idf(self) -> float:
        """The weight of a word the corpus never uses (as much as its rarest word)."""
        return self._unseen_idf()

    def topic_terms(self, text: str) -> list[str]:
        """A topic's terms as a question's: analysed, typos mapped to indexed words."""
        return self._expand(analyze(text))

    def hit_in(self, doc_id: str, terms: set[str], row: int, score: float) -> Hit:
        """The hit a search would show for one post, around one of its chunks."""
        return self._hit(self.index.documents[doc_id], [ScoredChunk(row, score)], terms)

    def warm_up(self) -> None:
        """Compute the lazy tables and run one query, so the first user does not wait."""
        _ = self._idf, self._vocabulary, self._postings
        self.search("innovation publique", 1)

    def search(self, question: str, k: int = 5, offset: int = 0) -> SearchResult:
        """The best posts for a question, one hit per post, `offset` posts skipped."""
        question = " ".join(question.split())
        if not has_words(question):
            raise QuestionError("empty question")
        terms = self._expand(analyze(question))
        scored, relevance = self._score_chunks(question, terms)
        # An English question cannot match a French corpus word for word: its floor is lower.
        floor = (
            self.params.relevance_floor_english if looks_english(question) else self.params.relevance_floor
        )
        if relevance < floor:
            return SearchResult(question, (), tuple(terms), relevance, False)
        by_doc: dict[str, list[ScoredChunk]] = {}
        for item in sorted(scored, key=lambda s: -s.fused):
            by_doc.setdefault(self.index.chunks[item.row].doc_id, []).append(item)
        ranked = sorted(by_doc.items(), key=lambda kv: -kv[1][0].fused)[: self.params.max_posts]
        # Posts far below the best one are noise of the embeddings, not answers.
        top = ranked[0][1][0].fused if ranked else 0.0
        ranked = [
            (doc, chunks) for doc, chunks in ranked if chunks[0].fused >= self.params.min_relative_score * top
        ]
        hits = tuple(
            self._hit(self.index.documents[doc_id], chunks, set(terms))
            for doc_id, chunks in ranked[offset : offset + k]
        )
        confident = relevance >= self.params.confident_floor
        return SearchResult(question, hits, tuple(terms), round(relevance, 3), confident)

    def _doc_sentences(self, doc: Document) -> list[tuple[Span, frozenset[str]]]:
        """A post's sentences with their terms, kept for the SENTENCE_CACHE_POSTS posts shown last."""
        with self._sentences_lock:
            cached = self._sentences.get(doc.id)
            if cached is not None:
                self._sentences.move_to_end(doc.id)
                return cached
        analysed = [
            (span, frozenset(analyze(doc.text[span.start : span.end])))
            for span in sentence_spans(doc.text, self.params.passage_max_chars)
        ]
        with self._sentences_lock:
            self._sentences[doc.id] = analysed
            while len(self._sentences) > SENTENCE_CACHE_POSTS:
                self._sentences.popitem(last=False)
        return analysed

    def _hit(self, doc: Document, chunks: list[ScoredChunk], terms: set[str]) -> Hit:
        windows = self._windows(doc, chunks, terms)
        best_score, best = windows[0]
        extra = next(
            (
                span
                for score, span in windows[1:]
                if score >= 0.9 * best_score and (span.end <= best.start or span.start >= best.end)
            ),
            None,
        )
        return Hit(
            doc_id=doc.id,
            title=doc.title,
            url=doc.url,
            date=doc.date,
            author=doc.author,
            passage=make_passage(doc.text, best, terms),
            score=round(chunks[0].fused, 4),
            extra_passages=(make_passage(doc.text, extra, terms),) if extra and best_score > 0 else (),
        )

    def _windows(self, doc: Document, chunks: list[ScoredChunk], terms: set[str]) -> list[tuple[float, Span]]:
        """Candidate passages, best first: each opens on a sentence and runs on to the limit.

        A sentence scores by the share of the question's weight it matches, plus part of the
        next sentence's (an answer often follows the heading or question that matches), plus
        the fused score of the best chunk holding it (the dense side of the evidence).
        """
        analysed = self._doc_sentences(doc)
        limit = self.params.passage_max_chars
        p = self.params
        idf = self._idf
        weight = sum(idf.get(t, 0.0) for t in terms) or 1.0
        matched = [words & terms for _, words in analysed]
        coverage = [sum(idf.get(t, 0.0) for t in found) / weight for found in matched]
        starts = [span.start for span, _ in analysed]
        dense = [0.0] * len(analysed)
        for item in chunks:
            chunk = self.index.chunks[item.row]
            for i in range(bisect.bisect_left(starts, chunk.start), bisect.bisect_left(starts, chunk.end)):
                dense[i] = max(dense[i], item.fused)
        windows: list[tuple[float, Span]] = []
        for i in range(len(analysed)):
            first, last = self._window_from(analysed, i, limit)
            following = coverage[i + 1] if i + 1 < len(analysed) else 0.0
            score = coverage[i] + p.next_sentence_weight * following + p.chunk_score_weight * dense[i]
            if p.window_coverage_weight:
                inside = set().union(*matched[first : last + 1])
                score += p.window_coverage_weight * sum(idf.get(t, 0.0) for t in inside) / weight
            windows.append((score, Span(analysed[first][0].start, analysed[last][0].end)))
        windows.sort(key=lambda w: -w[0])
        return windows

    @staticmethod
    def _window_from(analysed: list[tuple[Span, frozenset[str]]], i: int, limit: int) -> tuple[int, int]:
        """First and last sentence of the window opening on sentence i (widened back near the end)."""
        first = last = i
        while last + 1 < len(analysed) and analysed[last + 1][0].end - analysed[first][0].start <= limit:
            last += 1
        while first > 0 and analysed[last][0].end - analysed[first - 1][0].start <= limit:
            first -= 1
        return first, last


def _minmax(values: FloatArray) -> FloatArray:
    low, high = float(np.min(values)), float(np.max(values))
    if high - low < 1e-9:
        return np.ones_like(values) if high > 0 else np.zeros_like(values)
    return (values - low) / (high - low)


def make_passage(text: str, span: Span, terms: set[str]) -> Passage:
    """The passage text (paragraph breaks kept as single newlines) with its highlighted words."""
    raw = text[span.start : span.end]
    shown = "\n".join(line.strip() for line in raw.split("\n") if line.strip())
    highlights = tuple((t.start, t.end) for t in iter_terms(shown) if t.term in terms)
    return Passage(shown, highlights)
