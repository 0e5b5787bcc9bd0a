"""Follow-up questions ("et en Bretagne ?", "qui l'a financé ?") made to stand alone."""

from __future__ import annotations

import re

from bot.analysis import fold_accents
from bot.synthesis.client import SynthesisError, Synthesizer
from bot.synthesis.prompt import rewrite_messages

WINDOW_SECONDS = 600.0  # a question within 10 minutes of an answer may lean on it
_MAX_WORDS = 8
_OPENERS = re.compile(r"^(et|mais|ou|alors|donc|and|but|what about|how about)\b", re.IGNORECASE)
# Words that point back at something said before.
_POINTERS = re.compile(
    r"(\bl'(?:a|ont|avait|avaient|est)\b|\b(?:il|elle|ils|elles|lui|leur|leurs|ca|cela|celui|celle|ceux|"
    r"celles|ce projet|ce labo|"
    r"cette experience|ces|dernier|derniere|it|they|them|their|this one|that one|those)\b)",
    re.IGNORECASE,
)
_WORDS = re.compile(r"\w+")


def needs_context(question: str) -> bool:
    """True for a short question that leans on the one before it."""
    folded = fold_accents(question.lower()).replace("’", "'")
    if len(_WORDS.findall(folded)) > _MAX_WORDS:
        return False
    return bool(_OPENERS.match(folded.strip()) or _POINTERS.search(folded))


def accepted_rewrite(reply: str, question: str) -> str | None:
    """The model's rewrite when it is one plausible question, else None (the question stays as is)."""
    line = " ".join(reply.strip().strip('«»"“” ').split())
    if not line or len(line) > 300 or "\n" in reply.strip() or line == question:
        return None
    if not any(c.isalpha() for c in line):
        return None
    return line


async def standalone(synthesizer: Synthesizer, previous: str, question: str) -> str | None:
    """The follow-up rewritten to stand alone, or None when the service cannot say."""
    try:
        reply = await synthesizer.complete(rewrite_messages(previous, question))
    except SynthesisError:
        return None
    return accepted_rewrite(reply, question)
