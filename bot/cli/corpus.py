"""`innobot corpus …`: add posts from a JSONL file or from RSS/Atom feeds."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import (
    CorpusOption,
    cli_lang,
    corpus_app,
    settings_of,
)
from bot.errors import InnobotError
from bot.texts import text


@corpus_app.command("import")
def corpus_import(
    source: Annotated[Path, typer.Argument(help="JSONL with keys id, url, title, date, author, text.")],
    corpus: CorpusOption = None,
) -> None:
    """Write one Markdown post per JSONL line into the corpus."""
    from bot.ingest.corpus import import_jsonl

    settings = settings_of(corpus_dir=corpus)
    paths = import_jsonl(source, settings.corpus_dir)
    typer.echo(text("imported", cli_lang(), count=len(paths), path=settings.corpus_dir))


@corpus_app.command("fetch")
def corpus_fetch(
    sources: Annotated[
        list[str] | None, typer.Argument(help="Feed URLs or files (default: the feeds file).")
    ] = None,
    corpus: CorpusOption = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Read every feed and post page again, even those the server says are unchanged "
            "(after an upgrade of innobot's text extraction).",
        ),
    ] = False,
) -> None:
    """Fetch RSS/Atom feeds into the corpus: new posts added, changed ones rewritten."""
    from bot.ingest.fetching import feed_sources, fetch
    from bot.present.reports import fetch_lines

    settings = settings_of(corpus_dir=corpus)
    lang = cli_lang()
    chosen = sources or feed_sources(settings.feeds_file)
    if not chosen:
        raise InnobotError(text("no_feeds", lang, path=settings.feeds_file))
    from bot.search.indexing import refresh_lock

    with refresh_lock(settings.index_dir):
        report = fetch(settings, chosen, force)
    typer.echo("\n".join(fetch_lines(report, lang, settings.post_max_chars)))
    if report.failed:
        sys.exit(1)
