"""A /v1/rerank pass over a search's best chunks (Albert, TEI, Cohere, Jina, vLLM), never in the way.

The reranker only reorders what the search found; on any failure (refused, slow, 4xx/5xx, a reply
that does not score every text) the search keeps its own order, and after repeated failures the
service is skipped for a while, so an outage costs no timeout per question.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from bot.settings import Settings
from bot.synthesis.client import Breaker, reason_of, retry_after_of

log = logging.getLogger(__name__)

# Cohere, Jina, vLLM and Albert take `documents`; Hugging Face TEI takes `texts`.
STYLES = ("documents", "texts")


def read_scores(payload: Any, count: int) -> list[float]:
    """One score per text, in the texts' order, from any of the common reply shapes.

    `{"results": [{"index", "relevance_score"}]}` (Cohere, Jina, vLLM), `{"data": [{"index",
    "score"}]}` (Albert) or `[{"index", "score"}]` (TEI). A service that honours `top_n` may leave
    texts out: they rank after every scored one. Raises ValueError for anything else.
    """
    items = payload.get("results", payload.get("data")) if isinstance(payload, dict) else payload
    if not isinstance(items, list) or not items:
        raise ValueError("no list of scores in the reply")
    scores = [-math.inf] * count
    for item in items:
        if not isinstance(item, dict):
            raise ValueError("a score that is not an object")
        index, score = item.get("index"), item.get("relevance_score", item.get("score"))
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < count:
            raise ValueError(f"index {index!r} outside 0..{count - 1}")
        if isinstance(score, bool) or not isinstance(score, int | float) or not math.isfinite(score):
            raise ValueError(f"score {score!r} is not a number")
        if scores[index] != -math.inf:
            raise ValueError(f"index {index} scored twice")
        scores[index] = float(score)
    return scores


@dataclass
class Reranker:
    """One client for the rerank service, shared by every search of the process (thread-safe)."""

    base_url: str
    model: str
    api_key: str | None = None
    timeout: float = 2.0
    breaker: Breaker = field(default_factory=lambda: Breaker(threshold=3, cooldown=60.0))
    style: str = STYLES[0]
    _client: httpx.Client | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> Reranker | None:
        """The service when INNOBOT_RERANK_MODEL is set (its URL, else the LLM's), else None."""
        url = settings.rerank_url or settings.llm_url
        if not settings.rerank_model or not url:
            return None
        key = settings.llm_key or None
        return cls(url.rstrip("/"), settings.rerank_model, key, settings.rerank_timeout)

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
            self._client = httpx.Client(timeout=self.timeout, headers=headers, follow_redirects=False)
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def _post(self, query: str, texts: Sequence[str], style: str) -> httpx.Response:
        body = {"model": self.model, "query": query, style: list(texts), "top_n": len(texts)}
        return self.client.post(f"{self.base_url}/rerank", json=body)

    def score(self, query: str, texts: Sequence[str]) -> list[float]:
        """One score per text; raises httpx.HTTPError or ValueError (doctor shows which)."""
        reply = self._post(query, texts, self.style)
        if reply.status_code in (400, 422):
            # The other body shape, once; the one that works is kept for the next questions.
            other = STYLES[1 - STYLES.index(self.style)]
            retried = self._post(query, texts, other)
            if retried.is_success:
                self.style, reply = other, retried
        reply.raise_for_status()
        return read_scores(reply.json(), len(texts))

    def rerank(self, query: str, texts: Sequence[str]) -> list[float] | None:
        """A score per text (higher is better), or None when the search's own order must stand."""
        if not texts or not self.breaker.allows():
            return None
        try:
            scores = self.score(query, texts)
        except (httpx.HTTPError, ValueError) as error:
            self.breaker.failed(retry_after_of(error))
            log.warning("rerank skipped (%s): the search's own order is kept", reason_of(error))
            return None
        self.breaker.succeeded()
        return scores
