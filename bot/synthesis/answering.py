"""One written answer: the passages go to the service, the reply comes back checked."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.search.retrieval import SearchResult
from bot.synthesis.citations import CheckedAnswer, check
from bot.synthesis.client import SynthesisError, Synthesizer
from bot.synthesis.prompt import Source, answer_lang, answer_messages, sources_of
from bot.texts import Lang

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Synthesis:
    """The service's answer after the checks, or why there is none (`failure`)."""

    sources: tuple[Source, ...]
    checked: CheckedAnswer | None = None
    failure: str | None = None

    @property
    def usable(self) -> bool:
        return self.checked is not None and self.checked.usable


async def synthesize(
    synthesizer: Synthesizer,
    result: SearchResult,
    reader: Lang,
    on_text: Callable[[str], Awaitable[None]] | None = None,
) -> Synthesis:
    """Ask for a short cited answer from the result's shown passages; never raises.

    The answer is in the question's language, or the `reader`'s when the question does not tell
    (answer_lang). `on_text` receives the answer so far after each streamed piece (the caller
    paces previews).
    """
    sources = sources_of(result)
    lang = answer_lang(result, reader)
    written = ""
    try:
        async for piece in synthesizer.stream(answer_messages(result.question, sources, lang)):
            written += piece
            if on_text is not None:
                await on_text(written)
    except SynthesisError as error:
        log.warning("written answer unavailable (%s): passages shown", error)
        return Synthesis(sources, failure=str(error))
    checked = check(written, [s.labelled() for s in sources], lang)
    if not checked.usable:
        log.info(
            "written answer not shown: %s",
            "refused" if checked.refused else "wrong language" if checked.wrong_language else "no citation",
        )
    return Synthesis(sources, checked)
