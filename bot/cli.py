"""The `innobot` command line: parse, call a service, print; domain errors become one line."""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, replace
from functools import cache, partial
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from tqdm import tqdm

from bot import service
from bot.analysis import has_words
from bot.answer import render_terminal, result_json
from bot.embedding import Embedder, load_embedder
from bot.errors import InnobotError
from bot.settings import Settings
from bot.texts import Lang, lang_of, text

app = typer.Typer(
    help="innobot: public-innovation resources for French public agents.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
index_app = typer.Typer(help="Build and inspect the search index.", no_args_is_help=True)
corpus_app = typer.Typer(help="Add posts to the corpus.", no_args_is_help=True)
app.add_typer(index_app, name="index")
app.add_typer(corpus_app, name="corpus")
alerts_app = typer.Typer(
    help="Match new documents to subscriptions and send the alerts.", no_args_is_help=True
)
app.add_typer(alerts_app, name="alerts")

IndexOption = Annotated[Path | None, typer.Option("--index", help="Index directory.")]
CorpusOption = Annotated[Path | None, typer.Option("--corpus", help="Corpus directory.")]


def _settings(**overrides: object) -> Settings:
    values = {k: v for k, v in overrides.items() if v is not None}
    return Settings(**values)  # type: ignore[arg-type]


def _lang() -> Lang:
    return lang_of(os.environ.get("LANG", "fr"))


def _terminal_style() -> dict[str, Any]:
    """Bold and wrapping only on a real terminal; plain text when piped."""
    if not sys.stdout.isatty():
        return {"color": False}
    return {"color": True, "width": min(shutil.get_terminal_size().columns, 120)}


def _progress(total: int, label: str) -> Callable[[int], None]:
    bar = tqdm(total=total, desc=label, unit="chunk", file=sys.stderr, disable=None)

    def step(n: int) -> None:
        bar.update(n)
        if bar.n >= total:
            bar.close()

    return step


@index_app.command("build")
def index_build(
    corpus: CorpusOption = None,
    index: IndexOption = None,
    if_missing: Annotated[
        bool, typer.Option("--if-missing", help="Do nothing when an index exists.")
    ] = False,
) -> None:
    """Build the index from the corpus (embeds only text not embedded before)."""
    settings = _settings(corpus_dir=corpus, index_dir=index)
    lang = _lang()
    if if_missing:
        try:
            service.check_index(settings)
            typer.echo(text("index_present", lang, path=settings.index_dir), err=True)
            return
        except InnobotError:
            pass
    embedder = cache(partial(load_embedder, settings))
    report = service.build_index(settings, embedder, _progress)
    m = report.manifest
    typer.echo(
        text(
            "index_built",
            lang,
            documents=m.document_count,
            chunks=m.chunk_count,
            embedded=m.embedded_chunks,
            reused=m.reused_chunks,
            seconds=report.seconds,
            path=report.path,
        )
    )
    try:
        _announce(settings, embedder, lang)
    except InnobotError as exc:
        # The index is good and serving; alerts wait for `innobot alerts match`.
        typer.echo(text("alerts_not_matched", lang, reason=exc), err=True)


def _announce(settings: Settings, embedder: Callable[[], Embedder], lang: Lang) -> None:
    from bot import alerts

    store = service.open_store(settings)
    try:
        retriever = service.open_retriever(settings, embedder)
        report = alerts.announce(store, retriever, service.match_params(settings))
    finally:
        store.close()
    typer.echo(
        text(
            "alerts_matched",
            lang,
            new=report.new_documents,
            subscriptions=report.subscriptions,
            alerts=report.alerts,
            seconds=report.seconds,
        )
    )


@alerts_app.command("match")
def alerts_match(index: IndexOption = None) -> None:
    """Queue alerts for documents of the current index never matched before (idempotent)."""
    settings = _settings(index_dir=index)
    _announce(settings, partial(load_embedder, settings), _lang())


@alerts_app.command("dispatch")
def alerts_dispatch(
    follow: Annotated[
        bool, typer.Option("--follow", help="Keep running and send alerts as they become due.")
    ] = False,
) -> None:
    """Send the alerts that are due, then exit (for cron); --follow keeps sending (a service)."""
    import asyncio

    from bot.telegram import logsafe
    from bot.telegram.dispatch import Dispatcher, make_alert_bot

    settings = _settings()
    if not settings.telegram_token:
        raise InnobotError("INNOBOT_TELEGRAM_TOKEN is not set")
    logsafe.install()
    store = service.open_store(settings)

    async def dispatch() -> dict[str, int]:
        async with make_alert_bot(settings) as bot:
            dispatcher = Dispatcher(store.outbox, bot, settings)
            while True:
                stats = await dispatcher.drain()
                if not follow:
                    return {k: v for k, v in vars(stats).items() if isinstance(v, int)}
                await asyncio.sleep(settings.alerts_poll_seconds)

    try:
        counts = asyncio.run(dispatch())
    finally:
        store.close()
    typer.echo(text("alerts_dispatched", _lang(), **counts))


@alerts_app.command("status")
def alerts_status() -> None:
    """Count alerts by state."""
    settings = _settings()
    store = service.open_store(settings)
    try:
        counts = store.outbox.counts()
    finally:
        store.close()
    states = {k: counts.get(k, 0) for k in ("pending", "sent", "failed", "blocked")}
    typer.echo(text("alerts_status", _lang(), **states))


@index_app.command("info")
def index_info(index: IndexOption = None) -> None:
    """Print the manifest of the current index version."""
    settings = _settings(index_dir=index)
    from bot import indexing

    version = indexing.locate(settings.index_dir)
    manifest = asdict(indexing.read_manifest(version))
    manifest["version"] = version.name
    manifest.pop("checksums")
    typer.echo(json.dumps(manifest, indent=2, ensure_ascii=False))


def _questions(question: list[str] | None, file: Path | None) -> Iterator[str]:
    if file is not None:
        if not file.is_file():
            raise InnobotError(f"file not found: {file}")
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
    settings = _settings(index_dir=index)
    questions = list(_questions(question, file))
    if not questions or not any(q.strip() for q in questions):
        raise InnobotError("empty question: give a question or --file")
    retriever = service.open_retriever(settings, partial(load_embedder, settings))
    for q in questions:
        started = time.perf_counter()
        result = retriever.search(q, k)
        took = (time.perf_counter() - started) * 1000
        if as_json:
            typer.echo(json.dumps(result_json(result, took), ensure_ascii=False))
        else:
            typer.echo(render_terminal(result, _lang(), **_terminal_style()))


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
    from bot.evaluation import evaluate as run_eval
    from bot.evaluation import load_questions

    settings = _settings(index_dir=index)
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
            f"quality below the floor: passage recall {report.passage_recall:.3f} "
            f"(min {min_passage_recall}), MRR@10 {report.mrr10:.3f} (min {min_mrr})"
        )


@corpus_app.command("import")
def corpus_import(
    source: Annotated[Path, typer.Argument(help="JSONL with keys id, url, title, date, author, text.")],
    corpus: CorpusOption = None,
) -> None:
    """Write one Markdown post per JSONL line into the corpus."""
    from bot.corpus import import_jsonl

    settings = _settings(corpus_dir=corpus)
    paths = import_jsonl(source, settings.corpus_dir)
    typer.echo(text("imported", _lang(), count=len(paths), path=settings.corpus_dir))


def terminal_chat(
    settings: Settings,
    embedder_factory: Callable[[], Embedder],
    lang: Lang,
    read: Callable[[str], str] = input,
) -> None:
    """Ask questions in the terminal until EOF or Ctrl-C; same answers as the bot."""
    typer.echo(text("chat_loading", lang), err=True)
    retriever = service.open_retriever(settings, embedder_factory)
    typer.echo(text("chat_welcome", lang))
    while True:
        try:
            line = read(text("chat_prompt", lang))
        except (EOFError, KeyboardInterrupt):
            typer.echo("\n" + text("chat_bye", lang))
            return
        if not line.strip():
            continue
        if not has_words(line):
            typer.echo(text("empty_question", lang))
            continue
        typer.echo(render_terminal(retriever.search(line, 5), lang, **_terminal_style()))


@app.command()
def chat(index: IndexOption = None) -> None:
    """Chat with innobot in the terminal."""
    settings = _settings(index_dir=index)
    terminal_chat(settings, partial(load_embedder, settings), _lang())


@app.command()
def run() -> None:
    """Start the bot: on Telegram when a token is set, otherwise in the terminal."""
    settings = _settings()
    lang = _lang()
    if not settings.telegram_token:
        typer.echo(text("no_token", lang), err=True)
        terminal_chat(settings, partial(load_embedder, settings), lang)
        return
    from bot.telegram import app as telegram_app
    from bot.telegram import logsafe
    from bot.telegram.services import BotServices

    logsafe.install()
    started = time.perf_counter()
    retriever = service.open_retriever(settings, partial(load_embedder, settings))
    logging.getLogger("bot").info(
        "index %s and model loaded in %.1f s", retriever.index.version, time.perf_counter() - started
    )
    telegram_app.run(BotServices(settings, retriever, service.open_store(settings)))


def main() -> None:
    """Entry point: run the CLI, turning domain errors into one line and exit code 2."""
    # PTB 22 asks to opt in to timedelta durations (RetryAfter.retry_after) ahead of v23.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # Libraries that set their own chatty levels; httpx would also log request URLs (tokens).
    for name in ("httpx", "bm25s", "sentence_transformers", "transformers"):
        logging.getLogger(name).setLevel(logging.WARNING)
    try:
        app(standalone_mode=False)
    except InnobotError as exc:
        typer.echo(text("error", _lang(), message=exc), err=True)
        sys.exit(2)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        typer.echo(
            text("error", _lang(), message=f"setting INNOBOT_{where.upper()}: {first['msg']}"), err=True
        )
        sys.exit(2)
    except typer.Abort:
        sys.exit(130)
    except Exception as exc:  # click's usage errors carry their own exit code
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if isinstance(exc, click.exceptions.Exit):
            sys.exit(exc.exit_code)
        raise
