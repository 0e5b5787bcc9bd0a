"""What every command shares: the Typer apps, settings, language, progress bars, alerts after a build."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from tqdm import tqdm

from bot import service
from bot.errors import InnobotError
from bot.search import indexing
from bot.search.embedding import Embedder
from bot.search.retrieval import Retriever
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


def settings_of(**overrides: object) -> Settings:
    values = {k: v for k, v in overrides.items() if v is not None}
    return Settings(**values)  # type: ignore[arg-type]


def cli_lang() -> Lang:
    return lang_of(os.environ.get("LANG", "fr"))


def terminal_style() -> dict[str, Any]:
    """Bold and wrapping only on a real terminal; plain text when piped."""
    if not sys.stdout.isatty():
        return {"color": False}
    return {"color": True, "width": min(shutil.get_terminal_size().columns, 120)}


PROGRESS_UNITS = {"embedding": "chunk", "fetch": "source", "archive": "post"}


def progress_bar(total: int, label: str) -> Callable[[int], None]:
    """A tqdm bar on stderr (none when stderr is not a terminal); total 0: counted, not known."""
    bar = tqdm(
        total=total or None, desc=label, unit=PROGRESS_UNITS.get(label, ""), file=sys.stderr, disable=None
    )

    def step(n: int) -> None:
        bar.update(n)
        if total and bar.n >= total:
            bar.close()

    return step


def announce_after_build(
    settings: Settings,
    embedder: Callable[[], Embedder],
    lang: Lang,
    loaded: indexing.LoadedIndex | None = None,
) -> None:
    try:
        announce(settings, embedder, lang, loaded)
    except InnobotError as exc:
        # The index is good and serving; alerts wait for `innobot alerts match`.
        typer.echo(text("alerts_not_matched", lang, reason=exc.explain(lang)), err=True)


def announce(
    settings: Settings,
    embedder: Callable[[], Embedder],
    lang: Lang,
    loaded: indexing.LoadedIndex | None = None,
) -> None:
    """Queue alerts for new documents; `loaded` is the version a build just checked (not read again)."""
    from bot.alerts import announcing

    store = service.open_store(settings)
    try:
        if loaded is None:
            retriever = service.open_retriever(settings, embedder)
        else:
            retriever = Retriever(loaded, embedder(), service.search_params(settings))
        report = announcing.announce(store, retriever, service.match_params(settings))
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
