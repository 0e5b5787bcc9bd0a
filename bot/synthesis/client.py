"""The OpenAI-compatible service: streamed answers, one-shot completions, a circuit breaker.

Any failure (refused connection, timeout, 429, 5xx, a stream cut or malformed) raises
SynthesisError; the caller then shows the passages. After repeated failures the breaker skips the
service for a while, so an outage costs no timeout per question.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

import httpx

from bot.errors import InnobotError
from bot.settings import Settings
from bot.synthesis.prompt import Message

if TYPE_CHECKING:
    from openai import AsyncOpenAI


class SynthesisError(InnobotError):
    """The service did not give a usable reply."""


@dataclass
class Breaker:
    """Closed while the service answers; open (skipped) for `cooldown` s after `threshold` failures."""

    threshold: int = 3
    cooldown: float = 60.0
    clock: Callable[[], float] = time.monotonic
    failures: int = 0
    open_until: float = 0.0

    def allows(self) -> bool:
        """True when a call may be tried (closed, or the cooldown is over: one trial call)."""
        return self.clock() >= self.open_until

    def succeeded(self) -> None:
        self.failures, self.open_until = 0, 0.0

    def failed(self, retry_after: float | None = None) -> None:
        """Count a failure; a 429's Retry-After opens the breaker for at least that long."""
        self.failures += 1
        wait = max(retry_after or 0.0, self.cooldown if self.failures >= self.threshold else 0.0)
        if wait:
            self.open_until = self.clock() + wait


def _status_of(error: Exception) -> tuple[int, str | None] | None:
    """The HTTP status and Retry-After behind an error of the openai client or of httpx, if any."""
    import openai

    if isinstance(error, openai.APIStatusError | httpx.HTTPStatusError):
        return error.response.status_code, error.response.headers.get("retry-after")
    return None


def retry_after_of(error: Exception) -> float | None:
    """The seconds a 429/503 reply asked to wait, if it said."""
    status = _status_of(error)
    try:
        return float(status[1]) if status is not None and status[1] is not None else None
    except ValueError:
        return None


def reason_of(error: Exception) -> str:
    """A short cause for the logs, never a header or the key."""
    import openai

    if (status := _status_of(error)) is not None:
        return f"HTTP {status[0]}"
    if isinstance(error, TimeoutError | openai.APITimeoutError | httpx.TimeoutException):
        return "timeout"
    if isinstance(error, ValueError):
        return f"unreadable reply: {error}"[:120]
    return type(error).__name__


@dataclass
class Synthesizer:
    """One client for the configured service, shared by every question of the process."""

    base_url: str
    api_key: str
    model: str
    timeout: float = 20.0
    max_tokens: int = 400
    breaker: Breaker = field(default_factory=Breaker)
    _client: AsyncOpenAI | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> Synthesizer | None:
        """The service when INNOBOT_LLM_URL and INNOBOT_LLM_MODEL are set, else None (passages only)."""
        if not settings.llm_url or not settings.llm_model:
            return None
        key = settings.llm_key or "none"
        return cls(settings.llm_url, key, settings.llm_model, settings.llm_timeout, settings.llm_max_tokens)

    @property
    def client(self) -> AsyncOpenAI:
        # Built on first use, inside the running loop; retries are the breaker's job, not the client's.
        # The library is imported here: it costs a second at start-up, and most processes never call.
        if self._client is None:
            from openai import AsyncOpenAI

            self._client = AsyncOpenAI(
                base_url=self.base_url, api_key=self.api_key, timeout=self.timeout, max_retries=0
            )
        return self._client

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = None

    async def stream(self, messages: Sequence[Message], max_tokens: int | None = None) -> AsyncIterator[str]:
        """The answer's text as it comes; raises SynthesisError on any failure, within `timeout`."""
        import openai
        from openai.types.chat import ChatCompletionMessageParam

        if not self.breaker.allows():
            raise SynthesisError("service skipped after repeated failures")
        try:
            async with asyncio.timeout(self.timeout):
                reply = await self.client.chat.completions.create(
                    model=self.model,
                    messages=[cast(ChatCompletionMessageParam, m) for m in messages],
                    max_tokens=max_tokens or self.max_tokens,
                    temperature=0.2,
                    stream=True,
                )
                got = False
                async for chunk in reply:
                    if not chunk.choices:
                        continue
                    delta = chunk.choices[0].delta.content
                    if delta:
                        got = True
                        yield delta
                if not got:
                    raise SynthesisError("empty answer")
        except (openai.OpenAIError, httpx.HTTPError, TimeoutError, ValueError, SynthesisError) as error:
            self.breaker.failed(retry_after_of(error))
            raise SynthesisError(reason_of(error)) from error
        self.breaker.succeeded()

    async def complete(self, messages: Sequence[Message], max_tokens: int = 120) -> str:
        """A short reply in one piece (follow-up rewriting)."""
        return "".join([part async for part in self.stream(messages, max_tokens)])

    async def models(self) -> list[str]:
        """The model names the service lists (doctor)."""
        async with asyncio.timeout(self.timeout):
            page = await self.client.models.list()
        return [model.id for model in page.data]
