"""Questions and the bot: `ask`, `eval`, `chat`, `run`, and `doctor`."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, replace
from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from bot import service
from bot.analysis import after_courtesy, has_words, small_talk
from bot.cli.common import (
    IndexOption,
    app,
    cli_lang,
    settings_of,
    terminal_style,
)
from bot.errors import InnobotError
from bot.present.answer import render_terminal, result_json
from bot.present.cards import visible_text
from bot.present.synthesis import synthesis_json, synthesis_terminal
from bot.present.views import render_sources
from bot.search.embedding import Embedder, load_embedder
from bot.search.retrieval import Retriever, SearchResult
from bot.settings import Settings
from bot.synthesis.answering import Synthesis, synthesize
from bot.synthesis.client import Synthesizer
from bot.synthesis.followups import WINDOW_SECONDS, Attached, attached, narrowed
from bot.texts import Lang, text
from bot.topics import alert_request


def _questions(question: list[str] | None, file: Path | None) -> Iterator[str]:
    if file is not None:
        if not file.is_file():
            raise InnobotError(key="error_file_not_found", path=file)
        yield from (line.strip() for line in file.read_text(encoding="utf-8").splitlines() if line.strip())
    if question:
        yield " ".join(question)


@app.command()
def ask(
    question: Annotated[list[str] | None, typer.Argument(help="The question.")] = None,
    index: IndexOption = None,
    k: Annotated[int, typer.Option("--k", min=1, max=50, help="Posts to return.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per question.")] = False,
    file: Annotated[Path | None, typer.Option("--file", help="One question per line.")] = None,
) -> None:
    """Answer questions from the index (the model is loaded once for all of them)."""
    settings = settings_of(index_dir=index)
    questions = list(_questions(question, file))
    if not questions or not any(q.strip() for q in questions):
        raise InnobotError(key="error_no_question_given")
    retriever = service.open_retriever(settings, partial(load_embedder, settings))
    synthesizer = Synthesizer.from_settings(settings)
    lang = cli_lang()
    with asyncio.Runner() as loop:
        for q in questions:
            if not has_words(q):
                # One line of emoji or punctuation in a file of questions: said, and the rest answered.
                message = text("empty_question", lang)
                if as_json:
                    record = {"question": q, "error": "empty_question", "message": message, "results": []}
                    message = json.dumps(record, ensure_ascii=False)
                typer.echo(message)
                continue
            started = time.perf_counter()
            result = retriever.search(q, k)
            took = (time.perf_counter() - started) * 1000
            synthesis = loop.run(_written(synthesizer, result, lang))
            if as_json:
                record = result_json(result, took)
                if synthesizer is not None:
                    record.update(synthesis_json(synthesis))
                typer.echo(json.dumps(record, ensure_ascii=False))
            else:
                typer.echo(_terminal(result, synthesis, lang))
        if synthesizer is not None:
            loop.run(synthesizer.close())


async def _written(synthesizer: Synthesizer | None, result: SearchResult, lang: Lang) -> Synthesis | None:
    """A checked written answer when a service is configured and the search is confident (in the
    question's language, or the terminal's when the question does not tell)."""
    if synthesizer is None or not result.hits or not result.confident:
        return None
    return await synthesize(synthesizer, result, lang)


def _terminal(result: SearchResult, synthesis: Synthesis | None, lang: Lang, first_number: int = 1) -> str:
    """The written answer (when usable) above the passages."""
    card = render_terminal(result, lang, first_number=first_number, **terminal_style())
    return synthesis_terminal(synthesis, lang) + "\n" + card if synthesis and synthesis.usable else card


@app.command("eval")
def evaluate(
    questions: Annotated[Path, typer.Argument(help="JSONL: id, question, relevant, answer_phrase.")],
    index: IndexOption = None,
    k: Annotated[int, typer.Option("--k", min=1, max=50)] = 5,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    min_passage_recall: Annotated[float, typer.Option(help="Exit 1 below this passage recall@k.")] = 0.0,
    min_mrr: Annotated[float, typer.Option(help="Exit 1 below this MRR@10.")] = 0.0,
    compare: Annotated[
        bool, typer.Option("--compare", help="Also measure BM25 alone and embeddings alone.")
    ] = False,
) -> None:
    """Measure retrieval quality on a question set."""
    from bot.search.evaluation import evaluate as run_eval
    from bot.search.evaluation import load_questions

    settings = settings_of(index_dir=index)
    items = load_questions(questions)
    retriever = service.open_retriever(settings, partial(load_embedder, settings))
    report = run_eval(retriever.search, items, k)
    if compare:
        hybrid = retriever.params
        rows = [("hybrid (default settings)", report)]
        # Single signals are compared as pure rankers: no relevance floor.
        for label, weights in (("BM25 only", (1.0, 0.0)), ("embeddings only", (0.0, 1.0))):
            retriever.params = replace(
                hybrid,
                lexical_weight=weights[0],
                dense_weight=weights[1],
                relevance_floor=0.0,
                relevance_floor_english=0.0,
            )
            rows.append((label, run_eval(retriever.search, items, k)))
        retriever.params = hybrid
        typer.echo(f"{'pipeline':28} post R@{k}  passage R@{k}  MRR@10")
        for label, row in rows:
            typer.echo(f"{label:28} {row.doc_recall:8.3f}  {row.passage_recall:11.3f}  {row.mrr10:6.3f}")
        typer.echo("")
    if as_json:
        typer.echo(json.dumps(asdict(report), ensure_ascii=False))
    else:
        typer.echo(f"questions          {report.questions}")
        typer.echo(f"post recall@{k}      {report.doc_recall:.3f}")
        typer.echo(f"passage recall@{k}   {report.passage_recall:.3f}")
        typer.echo(f"MRR@10             {report.mrr10:.3f}")
        typer.echo(f"latency p50/p95    {report.latency_p50_ms:.1f} / {report.latency_p95_ms:.1f} ms")
        for miss in report.misses:
            flag = "post found, passage missed" if miss.doc_found else "post missed"
            typer.echo(f"  miss {miss.id} ({flag}): {miss.question} → {', '.join(miss.got[:3])}")
    if report.passage_recall < min_passage_recall or report.mrr10 < min_mrr:
        raise InnobotError(
            key="error_quality_floor",
            recall=report.passage_recall,
            min_recall=min_passage_recall,
            mrr=report.mrr10,
            min_mrr=min_mrr,
        )


_HELP = frozenset({"/aide", "/help", "/start", "?"})
_SOURCES = frozenset({"/sources"})
_QUIT = frozenset({"/quitter", "/quit", "/exit", "/q", "quit", "exit", "quitter"})


def chat_command(line: str) -> tuple[str, str] | None:
    """What a line typed in the terminal chat asks, when it is not a question: ("help", word),
    ("sources", word), ("quit", word) or ("unknown", word) for another /command (Telegram's, typed
    here by habit).
    A REPL's "exit" or "quit" alone leaves too; any other line is a question (None)."""
    words = line.split()
    if not words:
        return None
    word = words[0].lower()
    command = word.startswith("/") and word[1:2].isalpha()
    if command or len(words) == 1:
        for kind, names in (("quit", _QUIT), ("help", _HELP), ("sources", _SOURCES)):
            if word in names:
                return kind, words[0]
    return ("unknown", words[0]) if command else None


def _command_reply(kind: str, word: str, lang: Lang) -> str:
    """What the terminal chat says to a command (chat_command's kind)."""
    if kind == "unknown":
        return text("chat_unknown_command", lang, command=word)
    return text("chat_bye" if kind == "quit" else "chat_help", lang)


# What the terminal chat says to a message that asks no question (small_talk's kinds).
_REPLIES = {
    "greeting": "chat_welcome",
    "thanks": "you_are_welcome",
    "bye": "goodbye",
    "help": "chat_help",
    "unhelpful": "unhelpful",
}


@dataclass
class _Conversation:
    """The terminal chat's last answer: what a follow-up leans on and "encore" continues."""

    retriever: Retriever
    lang: Lang
    question: str | None = None
    base: str | None = None  # what a follow-up going on from the end attaches to
    pointed: str | None = None  # what a follow-up pointing back points to
    at: float = 0.0  # time.monotonic() of the last answer
    shown: int = 0  # its posts shown so far
    said: str = ""  # the reply to a message that needed no search

    def search(self, line: str) -> tuple[SearchResult | None, int]:
        """The result to show for a line and the number of its first post; (None, 0) when the line
        needs no search (`said` holds the reply)."""
        line = after_courtesy(line)  # "ok merci, et en Bretagne ?": the follow-up
        talk = small_talk(line)
        previous = self.question if time.monotonic() - self.at <= WINDOW_SECONDS else None
        if talk in _REPLIES:
            self.said = text(_REPLIES[talk], self.lang)
            return None, 0
        if talk == "collection":  # "tes sources ?", "combien d'articles as-tu ?": as /sources
            self.said = self.collection()
            return None, 0
        if talk == "more":
            return self._more(previous)
        if alert_request(line) is not None:  # "abonne-moi à …": alerts are Telegram's
            self.said = text("chat_alerts_on_telegram", self.lang)
            return None, 0
        leaning = Attached(None)
        if previous is not None:
            leaning = Attached(narrowed(previous, line, self.retriever.parse))
            if leaning.question is None:
                leaning = attached(previous, self.base, self.pointed, line, self.retriever.parse)
        understood = leaning.question
        # The card's first line names the question searched: how a follow-up was understood.
        result = self.retriever.search(understood or line, 5)
        if result.hits:
            self.question, self.at, self.shown = result.question, time.monotonic(), len(result.hits)
            self.base, self.pointed = leaning.base, leaning.pointed
        return result, 1

    def collection(self) -> str:
        """What the collection holds, as Telegram's /sources shows it."""
        return visible_text(render_sources(self.retriever.index, self.lang))

    def _more(self, previous: str | None) -> tuple[SearchResult | None, int]:
        """The next posts of the last answer ("encore"), numbered on."""
        if previous is None:
            self.said = text("more_without_question", self.lang)
            return None, 0
        result = self.retriever.search(previous, 5, self.shown)
        if not result.hits:
            self.said = text("more_none", self.lang, question=previous[:200])
            return None, 0
        first, self.shown, self.at = self.shown + 1, self.shown + len(result.hits), time.monotonic()
        return result, first


def terminal_chat(
    settings: Settings,
    embedder_factory: Callable[[], Embedder],
    lang: Lang,
    read: Callable[[str], str] = input,
) -> None:
    """Ask questions in the terminal until EOF or Ctrl-C; same answers as the bot."""
    typer.echo(text("chat_loading", lang), err=True)
    retriever = service.open_retriever(settings, embedder_factory)
    synthesizer = Synthesizer.from_settings(settings)
    typer.echo(text("chat_welcome", lang))
    conversation = _Conversation(retriever, lang)
    with asyncio.Runner() as loop:
        while True:
            try:
                line = read(text("chat_prompt", lang))
            except (EOFError, KeyboardInterrupt):
                typer.echo("\n" + text("chat_bye", lang))
                break
            if not line.strip():
                continue
            command = chat_command(line)
            if command is not None:
                kind, word = command
                typer.echo(
                    conversation.collection() if kind == "sources" else _command_reply(kind, word, lang)
                )
                if kind == "quit":
                    break
                continue
            if not has_words(line):
                typer.echo(text("empty_question", lang))
                continue
            result, first_number = conversation.search(line)
            if result is None:  # a greeting, thanks, or "encore" with nothing more to show
                typer.echo(conversation.said)
                continue
            written = loop.run(_written(synthesizer, result, lang)) if first_number == 1 else None
            typer.echo(_terminal(result, written, lang, first_number))
        if synthesizer is not None:
            loop.run(synthesizer.close())


@app.command()
def chat(index: IndexOption = None) -> None:
    """Chat with innobot in the terminal."""
    settings = settings_of(index_dir=index)
    terminal_chat(settings, partial(load_embedder, settings), cli_lang())


@app.command()
def doctor(
    quick: Annotated[
        bool, typer.Option("--quick", help="Skip loading the model and parsing every post (health checks).")
    ] = False,
) -> None:
    """Check settings, database, index, model and corpus; exit 1 when something is broken."""
    from bot.doctor import render, run_checks

    lang = cli_lang()
    checks = run_checks(settings_of(), load_embedder, lang, quick=quick)
    typer.echo(render(checks, lang))
    if any(c.status == "fail" for c in checks):
        sys.exit(1)


@app.command()
def run() -> None:
    """Start the bot: on Telegram when a token is set, otherwise in the terminal."""
    settings = settings_of()
    lang = cli_lang()
    if not settings.telegram_token:
        typer.echo(text("no_token", lang), err=True)
        terminal_chat(settings, partial(load_embedder, settings), lang)
        return
    from bot.telegram import app as telegram_app
    from bot.telegram import logsafe
    from bot.telegram.services import BotServices

    key = settings.llm_key
    logsafe.install(logging.getLevelName(settings.log_level), settings.log_format == "json", [key])
    started = time.perf_counter()
    retriever = service.open_retriever(settings, partial(load_embedder, settings))
    logging.getLogger("bot").info(
        "index %s and model loaded in %.1f s", retriever.index.version, time.perf_counter() - started
    )
    synthesizer = Synthesizer.from_settings(settings)
    store = service.open_store(settings)
    telegram_app.run(BotServices(settings, retriever, store, synthesizer=synthesizer))
