"""A written answer as people and programs read it: citations renumbered, linked, listed. Pure.

The model numbers passages; a post may give several passages. Readers see one number per post, in the
order of first citation, and the list of sources under the answer follows that order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from bot.present.cards import MAX_MESSAGE, esc, link, shorten, visible_length
from bot.synthesis.answering import Synthesis
from bot.synthesis.prompt import Source
from bot.texts import Lang, text

MAX_ANSWER_CHARS = 2400


@dataclass(frozen=True)
class Listed:
    """A post under the answer: its number as shown, and whether the answer cites it."""

    number: int
    doc_id: str
    title: str
    url: str | None
    date: dt.date | None
    cited: bool


@dataclass(frozen=True)
class Numbered:
    """The answer's sentences with the readers' numbers, and the posts listed under it."""

    sentences: tuple[tuple[str, tuple[int, ...], bool], ...]  # text, numbers shown, flagged
    listed: tuple[Listed, ...]


def numbered(synthesis: Synthesis) -> Numbered:
    """Renumber citations per post, in the order the answer first cites them."""
    assert synthesis.checked is not None
    by_number = {s.number: s for s in synthesis.sources}
    cited_docs = dict.fromkeys(by_number[c].doc_id for c in synthesis.checked.cited)
    order = list(dict.fromkeys([*cited_docs, *(s.doc_id for s in synthesis.sources)]))
    first: dict[str, Source] = {}
    for source in synthesis.sources:
        first.setdefault(source.doc_id, source)
    listed = tuple(
        Listed(n, d, first[d].title, first[d].url, first[d].date, d in cited_docs)
        for n, d in enumerate(order, start=1)
    )
    shown = {d: n for n, d in enumerate(order, start=1)}
    sentences = tuple(
        (
            s.text,
            tuple(dict.fromkeys(shown[by_number[c].doc_id] for c in s.cites)),
            bool(s.unsupported),
        )
        for s in synthesis.checked.sentences
    )
    return Numbered(sentences, listed)


def _sentence_html(body: str, numbers: tuple[int, ...], flagged: bool, listed: tuple[Listed, ...]) -> str:
    marks = "".join(link(f"[{n}]", listed[n - 1].url) for n in numbers)
    return esc(body) + (" ⚠️" if flagged else "") + (f" {marks}" if marks else "")


def _source_line(item: Listed) -> str:
    when = f" · {item.date.strftime('%d/%m/%Y')}" if item.date else ""
    return f"{item.number}. {link(shorten(item.title, 200), item.url)}{esc(when)}"


def render_synthesis(synthesis: Synthesis, lang: Lang, understood: str | None = None) -> str:
    """The final Telegram message: the answer with linked [n], then the sources, within 4096."""
    shape = numbered(synthesis)
    head = [esc(text("understood_as", lang, question=shorten(understood, 200)))] if understood else []
    answer = " ".join(_sentence_html(b, n, f, shape.listed) for b, n, f in _limited(shape.sentences))
    body = [*head, "💡 " + answer]
    if any(flag for _, _, flag in shape.sentences):
        body.append(f"<i>{esc(text('synthesis_flagged', lang))}</i>")
    cited = [_source_line(i) for i in shape.listed if i.cited]
    others = [_source_line(i) for i in shape.listed if not i.cited]
    tail = f"<i>{esc(text('synthesis_notice', lang))}</i>"
    sources = f"<b>{esc(text('synthesis_sources', lang))}</b>\n" + "\n".join(cited)
    if others:
        extra = f"<b>{esc(text('synthesis_others', lang))}</b>\n" + "\n".join(others)
        full = "\n\n".join([*body, sources, extra, tail])
        if visible_length(full) <= MAX_MESSAGE:
            return full
    return "\n\n".join([*body, sources, tail])


def _limited(
    sentences: tuple[tuple[str, tuple[int, ...], bool], ...],
) -> list[tuple[str, tuple[int, ...], bool]]:
    """The sentences, stopping before the answer grows past MAX_ANSWER_CHARS."""
    kept, total = [], 0
    for body, numbers, flagged in sentences:
        if total and total + len(body) > MAX_ANSWER_CHARS:
            break
        kept.append((shorten(body, MAX_ANSWER_CHARS), numbers, flagged))
        total += len(body)
    return kept


def synthesis_terminal(synthesis: Synthesis, lang: Lang) -> str:
    """The answer for the terminal, numbers as in the list of sources under it."""
    shape = numbered(synthesis)
    lines = [text("synthesis_terminal", lang), _as_text(shape, " ⚠")]
    if any(flag for _, _, flag in shape.sentences):
        lines.append(text("synthesis_flagged", lang))
    lines.append(text("synthesis_sources", lang))
    lines += [f"  {i.number}. {i.title} — {i.url or text('no_link', lang)}" for i in shape.listed if i.cited]
    return "\n".join(lines) + "\n"


def synthesis_json(synthesis: Synthesis | None) -> dict[str, Any]:
    """`ask --json` fields: "answer" (None unless checked and usable), "citations", "answer_status"
    (ok, flagged, not_asked: no confident passage, not_found, no_citation, wrong_language, failed)."""
    if synthesis is None:
        return {"answer": None, "citations": [], "answer_status": "not_asked"}
    if synthesis.checked is None or not synthesis.usable:
        status = "failed" if synthesis.checked is None else _refusal(synthesis)
        return {"answer": None, "citations": [], "answer_status": status}
    shape = numbered(synthesis)
    return {
        "answer": _as_text(shape),
        "answer_status": "flagged" if synthesis.checked.flagged else "ok",
        "citations": [
            {
                "number": item.number,
                "doc_id": item.doc_id,
                "title": item.title,
                "url": item.url,
                "date": item.date.isoformat() if item.date else None,
            }
            for item in shape.listed
            if item.cited
        ],
    }


def plain_answer(synthesis: Synthesis) -> str:
    """The answer as text, citations numbered as in the list of sources."""
    return _as_text(numbered(synthesis))


def _as_text(shape: Numbered, flag: str = "") -> str:
    return " ".join(
        body + (flag if flagged else "") + "".join(f" [{n}]" for n in numbers)
        for body, numbers, flagged in shape.sentences
    )


def _refusal(synthesis: Synthesis) -> str:
    assert synthesis.checked is not None
    if synthesis.checked.refused:
        return "not_found"
    return "wrong_language" if synthesis.checked.wrong_language else "no_citation"
