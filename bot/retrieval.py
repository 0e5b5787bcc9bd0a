"""Hybrid search: BM25 over French terms + dense similarity → fused scores → one hit per post.

Ranking fuses per-query min-max normalised signals (weights are settings, measured with
`innobot eval`). Whether anything is relevant at all is decided on absolute signals instead:
the share of the question's weight that BM25 matched, and how far the best cosine stands above
the corpus' usual similarity to this question (a z-score), so that an off-topic question is
told so rather than shown the least bad post.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from bot.analysis import analyze, iter_terms
from bot.chunking import Span, sentence_spans
from bot.domain import Document, Hit, Passage
from bot.embedding import Embedder
from bot.errors import QuestionError
from bot.indexing import LoadedIndex, check_model

FloatArray = npt.NDArray[np.float32]


@dataclass(frozen=True)
class SearchParams:
    """The tunable parts of a search; defaults come from Settings."""

    lexical_weight: float = 0.6
    dense_weight: float = 0.4
    relevance_floor: float = 0.35
    passage_max_chars: int = 700
    candidates: int = 100
    max_posts: int = 30


@dataclass(frozen=True)
class ScoredChunk:
    """A candidate chunk with its signals."""

    row: int
    lexical: float
    dense: float
    fused: float


@dataclass(frozen=True)
class SearchResult:
    """The posts found for a question, best first, and whether any passed the floor."""

    question: str
    hits: tuple[Hit, ...]
    terms: tuple[str, ...]


class Retriever:
    """Answers questions from one loaded index version with one embedder."""

    def __init__(self, index: LoadedIndex, embedder: Embedder, params: SearchParams | None = None) -> None:
        check_model(index.manifest, embedder.name, embedder.dimension)
        self.index = index
        self.embedder = embedder
        self.params = params or SearchParams()
        self._sentences: dict[str, list[tuple[Span, frozenset[str]]]] = {}

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
    def _dense_stats(self) -> tuple[FloatArray, FloatArray]:
        """Mean and covariance of the corpus vectors, for the z-score of a question's best match."""
        vectors = np.load(self.index.path / "vectors.npy", mmap_mode="r", allow_pickle=False)
        rng = np.random.default_rng(0)
        rows = rng.choice(len(vectors), size=min(len(vectors), 20_000), replace=False)
        sample = np.asarray(vectors[np.sort(rows)], dtype=np.float32)
        mean = sample.mean(axis=0)
        centered = sample - mean
        cov = (centered.T @ centered) / max(len(sample) - 1, 1)
        return mean.astype(np.float32), cov.astype(np.float32)

    def _unseen_idf(self) -> float:
        n = max(len(self.index.chunks), 1)
        return math.log(1 + (n + 0.5) / 0.5)

    def _lexical(self, terms: list[str]) -> tuple[FloatArray, float]:
        """BM25 score of every chunk, and the highest score this question could reach."""
        known = [t for t in terms if t in self._idf]
        # One occurrence of a term in a chunk of average length scores about its idf, so the sum
        # of idfs is what a chunk matching the whole question reaches; unknown words count in
        # full, so a question made of words the corpus never uses gets a low coverage.
        ceiling = sum(self._idf.get(t, self._unseen_idf()) for t in terms)
        if not known:
            return np.zeros(len(self.index.chunks), dtype=np.float32), max(ceiling, 1e-9)
        scores = self.index.lexical.get_scores(known)
        return np.asarray(scores, dtype=np.float32), max(ceiling, 1e-9)

    def _dense(self, question: str, count: int) -> tuple[FloatArray, dict[int, float], float]:
        """The question's vector, the cosine of the top chunks, and the best one's z-score."""
        vector = np.ascontiguousarray(self.embedder.embed_query(question), dtype=np.float32)
        sims, rows = self.index.dense.search(vector[None, :], count)
        found = {int(r): float(s) for r, s in zip(rows[0], sims[0], strict=True) if r >= 0}
        mean, cov = self._dense_stats
        spread = math.sqrt(max(float(vector @ cov @ vector), 1e-9))
        best = max(found.values(), default=0.0)
        return vector, found, (best - float(vector @ mean)) / spread

    def _score_chunks(self, question: str, terms: list[str]) -> tuple[list[ScoredChunk], float]:
        p = self.params
        lexical, ceiling = self._lexical(terms)
        count = min(p.candidates, len(self.index.chunks))
        vector, dense, z = self._dense(question, count)
        top_lexical = np.argpartition(-lexical, count - 1)[:count] if lexical.any() else []
        for row in (int(r) for r in top_lexical if lexical[r] > 0 and int(r) not in dense):
            # Found by words only: its true cosine, from the vector stored in FAISS.
            dense[row] = float(self.index.dense.reconstruct(row) @ vector)
        rows = sorted(dense)
        if not rows:
            return [], 0.0
        lex = np.array([lexical[r] for r in rows], dtype=np.float32)
        den = np.array([dense[r] for r in rows], dtype=np.float32)
        fused = p.lexical_weight * _minmax(lex) + p.dense_weight * _minmax(den)
        # Absolute relevance: lexical coverage, or a dense match well above the corpus' usual.
        coverage = min(float(lex.max()) / ceiling, 1.0)
        relevance = max(coverage, min(max((z - 2.0) / 3.0, 0.0), 1.0))
        scored = [
            ScoredChunk(r, float(lex[i]) / ceiling, float(den[i]), float(fused[i]))
            for i, r in enumerate(rows)
        ]
        return scored, relevance

    def search(self, question: str, k: int = 5, offset: int = 0) -> SearchResult:
        """The best posts for a question, one hit per post, `offset` posts skipped."""
        question = " ".join(question.split())
        if not any(ch.isalnum() for ch in question):
            raise QuestionError("empty question")
        terms = analyze(question)
        scored, relevance = self._score_chunks(question, terms)
        if relevance < self.params.relevance_floor:
            return SearchResult(question, (), tuple(terms))
        by_doc: dict[str, list[ScoredChunk]] = {}
        for item in sorted(scored, key=lambda s: -s.fused):
            by_doc.setdefault(self.index.chunks[item.row].doc_id, []).append(item)
        ranked = sorted(by_doc.items(), key=lambda kv: -kv[1][0].fused)[: self.params.max_posts]
        hits = tuple(
            self._hit(self.index.documents[doc_id], chunks, set(terms))
            for doc_id, chunks in ranked[offset:offset + k]
        )
        return SearchResult(question, hits, tuple(terms))

    def _doc_sentences(self, doc: Document) -> list[tuple[Span, frozenset[str]]]:
        """A post's sentences with their terms, computed once per loaded index."""
        if doc.id not in self._sentences:
            self._sentences[doc.id] = [
                (span, frozenset(analyze(doc.text[span.start:span.end])))
                for span in sentence_spans(doc.text, self.params.passage_max_chars)
            ]
        return self._sentences[doc.id]

    def _hit(self, doc: Document, chunks: list[ScoredChunk], terms: set[str]) -> Hit:
        windows = self._windows(doc, chunks, terms)
        best_score, best = windows[0]
        extra = next(
            (span for score, span in windows[1:]
             if score >= 0.8 * best_score and (span.end <= best.start or span.start >= best.end)),
            None,
        )
        return Hit(
            doc_id=doc.id, title=doc.title, url=doc.url, date=doc.date, author=doc.author,
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
        weight = sum(self._idf.get(t, 0.0) for t in terms) or 1.0
        coverage = [sum(self._idf.get(t, 0.0) for t in words & terms) / weight for _, words in analysed]
        chunk_spans = [(self.index.chunks[c.row], c.fused) for c in chunks]
        windows: list[tuple[float, Span]] = []
        for i, (first, _) in enumerate(analysed):
            dense = max((score for c, score in chunk_spans if c.start <= first.start < c.end), default=0.0)
            following = coverage[i + 1] if i + 1 < len(analysed) else 0.0
            score = coverage[i] + 0.5 * following + 0.3 * dense
            windows.append((score, self._window_from(analysed, i, limit)))
        windows.sort(key=lambda w: -w[0])
        return windows

    @staticmethod
    def _window_from(analysed: list[tuple[Span, frozenset[str]]], i: int, limit: int) -> Span:
        """Whole sentences from sentence i onwards (earlier ones near the end of a post)."""
        first = last = i
        while last + 1 < len(analysed) and analysed[last + 1][0].end - analysed[first][0].start <= limit:
            last += 1
        while first > 0 and analysed[last][0].end - analysed[first - 1][0].start <= limit:
            first -= 1
        return Span(analysed[first][0].start, analysed[last][0].end)


def _overlap(span: Span, start: int, end: int) -> float:
    inter = min(span.end, end) - max(span.start, start)
    return max(inter, 0) / max(min(span.end - span.start, end - start), 1)


def _minmax(values: FloatArray) -> FloatArray:
    low, high = float(np.min(values)), float(np.max(values))
    if high - low < 1e-9:
        return np.ones_like(values) if high > 0 else np.zeros_like(values)
    return (values - low) / (high - low)


def make_passage(text: str, span: Span, terms: set[str]) -> Passage:
    """The passage text (paragraph breaks kept as single newlines) with its highlighted words."""
    raw = text[span.start:span.end]
    shown = "\n".join(line.strip() for line in raw.split("\n") if line.strip())
    highlights = tuple((t.start, t.end) for t in iter_terms(shown) if t.term in terms)
    return Passage(shown, highlights)
