"""A fake OpenAI-compatible service (Albert, Ollama, vLLM) on 127.0.0.1, scripted per test.

Strict where those services are: a Bearer key when one is configured (401), a known model (404),
well-formed messages (422). Replies are scripted in order: streamed text (with a pace), an HTTP
status with Retry-After, a reply that never comes in time, a stream cut in the middle, a line of
invalid JSON. Every request is recorded with its headers.
"""

from __future__ import annotations

import asyncio
import base64
import json
import re
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from aiohttp import web

EMBEDDING_DIMENSION = 256


@dataclass
class Reply:
    """One scripted answer to /v1/chat/completions."""

    text: str = ""
    pieces: int = 6  # the text is streamed in this many pieces
    pace: float = 0.0  # seconds between two pieces (a model writing)
    status: int = 200
    retry_after: int | None = None
    stall: float = 0.0  # seconds before anything is sent (a service too slow)
    cut: bool = False  # the connection drops after half of the pieces
    invalid: bool = False  # a line of invalid JSON in the stream


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class FakeLLM:
    """The server; `replies` are consumed in order, then `default` answers."""

    key: str = "albert-test-key-0123456789"
    models: list[str] = field(default_factory=lambda: ["albert-large", "embeddings-small", "rerank-small"])
    replies: list[Reply] = field(default_factory=list)
    rerank_replies: list[Reply] = field(default_factory=list)  # scripted faults of /v1/rerank, in order
    rerank_style: str = "documents"  # "texts": Hugging Face TEI's body and reply shape
    embeddings_down: bool = False  # /v1/embeddings answers 503
    default: Reply = field(default_factory=lambda: Reply("Réponse par défaut [1]."))
    requests: list[Request] = field(default_factory=list)
    port: int = 0
    _runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def completions(self) -> list[Request]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    async def start(self) -> str:
        app = web.Application()
        app.router.add_get("/v1/models", self._models)
        app.router.add_post("/v1/chat/completions", self._chat)
        app.router.add_post("/v1/rerank", self._rerank)
        app.router.add_post("/v1/embeddings", self._embeddings)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self.url

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    @contextmanager
    def in_thread(self) -> Iterator[str]:
        """Serve from a thread with its own loop, for synchronous callers (doctor, CLI)."""
        loop = asyncio.new_event_loop()
        ready = threading.Event()

        def serve() -> None:
            asyncio.set_event_loop(loop)
            loop.run_until_complete(self.start())
            ready.set()
            loop.run_forever()

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        ready.wait(10)
        try:
            yield self.url
        finally:
            asyncio.run_coroutine_threadsafe(self.stop(), loop).result(10)
            loop.call_soon_threadsafe(loop.stop)
            thread.join(10)
            loop.close()

    # --- HTTP -------------------------------------------------------------------------------
    def _authorised(self, request: web.Request) -> web.Response | None:
        if self.key and request.headers.get("Authorization") != f"Bearer {self.key}":
            return _error(401, "Invalid authentication credentials")
        return None

    async def _accepted(self, request: web.Request) -> tuple[dict[str, Any], web.Response | None]:
        """The request's body, recorded, and the refusal a real service would give (key, model)."""
        body = await request.json()
        self.requests.append(Request(request.path, dict(request.headers), body))
        if refused := self._authorised(request):
            return body, refused
        if body.get("model") not in self.models:
            return body, _error(404, f"Model not found: {body.get('model')}")
        return body, None

    async def _models(self, request: web.Request) -> web.Response:
        self.requests.append(Request(request.path, dict(request.headers), {}))
        if refused := self._authorised(request):
            return refused
        data = [{"id": m, "object": "model", "created": 0, "owned_by": "fake"} for m in self.models]
        return web.json_response({"object": "list", "data": data})

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        body, refused = await self._accepted(request)
        if refused:
            return refused
        messages = body.get("messages")
        if (
            not isinstance(messages, list)
            or not messages
            or not all(
                isinstance(m, dict) and m.get("role") in ("system", "user", "assistant") and m.get("content")
                for m in messages
            )
        ):
            return _error(422, "invalid messages")
        reply = self.replies.pop(0) if self.replies else self.default
        if reply.stall:
            await asyncio.sleep(reply.stall)  # the service is slow: simulated latency
        if reply.status != 200:
            headers = {"Retry-After": str(reply.retry_after)} if reply.retry_after is not None else {}
            return _error(reply.status, "Rate limit exceeded" if reply.status == 429 else "error", headers)
        if not body.get("stream"):
            return web.json_response(_completion(body["model"], reply.text))
        return await self._stream(request, body["model"], reply)

    async def _rerank(self, request: web.Request) -> web.Response:
        """Scores by the share of the query's word stems each text holds: a crude, repeatable judge."""
        body, refused = await self._accepted(request)
        if refused:
            return refused
        texts = body.get(self.rerank_style)
        if not isinstance(body.get("query"), str) or not isinstance(texts, list) or not texts:
            return _error(422, f"missing field `{self.rerank_style}`")
        reply = self.rerank_replies.pop(0) if self.rerank_replies else Reply()
        if reply.stall:
            await asyncio.sleep(reply.stall)  # the service is slow: simulated latency
        if reply.status != 200:
            headers = {"Retry-After": str(reply.retry_after)} if reply.retry_after is not None else {}
            return _error(reply.status, "error", headers)
        if reply.invalid:
            return web.Response(text='{"results": [{"index": 0', content_type="application/json")
        wanted = _stems(body["query"])
        scores = [len(wanted & _stems(t)) / max(len(wanted), 1) for t in texts]
        ranked = sorted(range(len(texts)), key=lambda i: -scores[i])[: body.get("top_n") or len(texts)]
        if self.rerank_style == "texts":
            return web.json_response([{"index": i, "score": scores[i]} for i in ranked])
        results = [{"index": i, "relevance_score": scores[i]} for i in ranked]
        return web.json_response({"id": "rerank-fake", "model": body["model"], "results": results})

    async def _embeddings(self, request: web.Request) -> web.Response:
        """Hashed bags of word stems: texts that share words get close vectors."""
        body, refused = await self._accepted(request)
        if refused:
            return refused
        if self.embeddings_down:
            return _error(503, "Service unavailable")
        texts = [body["input"]] if isinstance(body.get("input"), str) else body.get("input")
        if not isinstance(texts, list) or not texts or not all(isinstance(t, str) and t for t in texts):
            return _error(422, "input must be a non-empty string or list of non-empty strings")
        data = []
        for number, text in enumerate(texts):
            vector = _hashed(text)
            encoded: Any = (
                base64.b64encode(vector.astype("<f4").tobytes()).decode()
                if body.get("encoding_format") == "base64"
                else vector.tolist()
            )
            data.append({"object": "embedding", "index": number, "embedding": encoded})
        usage = {"prompt_tokens": 1, "total_tokens": 1}
        return web.json_response({"object": "list", "data": data, "model": body["model"], "usage": usage})

    async def _stream(self, request: web.Request, model: str, reply: Reply) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        pieces = _split(reply.text, reply.pieces)
        for number, piece in enumerate(pieces):
            if reply.cut and number == len(pieces) // 2:
                assert request.transport is not None
                request.transport.abort()  # the connection drops mid-answer
                return response
            if reply.invalid and number == len(pieces) // 2:
                await response.write(b'data: {"choices": [{"delta": {"content": "oops"\n\n')
                continue
            await response.write(f"data: {json.dumps(_chunk(model, piece))}\n\n".encode())
            if reply.pace:
                await asyncio.sleep(reply.pace)  # a model writing at its own pace
        await response.write(b"data: [DONE]\n\n")
        await response.write_eof()
        return response


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> web.Response:
    body = {"error": {"message": message, "type": "error", "code": status}}
    return web.json_response(body, status=status, headers=headers)


def _stems(text: str) -> set[str]:
    return {w[:6] for w in re.findall(r"\w{4,}", text.lower())}


def _hashed(text: str) -> np.ndarray:
    vector = np.zeros(EMBEDDING_DIMENSION, dtype=np.float32)
    vector[0] = 0.1  # never a zero vector
    for stem in _stems(text):
        vector[zlib.crc32(stem.encode()) % EMBEDDING_DIMENSION] += 1.0
    return vector


def _split(text: str, pieces: int) -> list[str]:
    size = max(1, -(-len(text) // max(1, pieces)))
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]


def _chunk(model: str, piece: str) -> dict[str, Any]:
    return _body(model, "chat.completion.chunk", {"delta": {"content": piece}, "finish_reason": None})


def _completion(model: str, text: str) -> dict[str, Any]:
    message = {"message": {"role": "assistant", "content": text}, "finish_reason": "stop"}
    body = _body(model, "chat.completion", message)
    body["usage"] = {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}
    return body


def _body(model: str, kind: str, choice: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": kind,
        "created": 0,
        "model": model,
        "choices": [{"index": 0, **choice}],
    }
