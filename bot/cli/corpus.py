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
    progress_bar,
    settings_of,
)
from bot.errors import InnobotError
from bot.texts import text


@corpus_app.command("import")
def corpus_import(
    source: Annotated[
        Path, typer.Argument(help="A PDF report, or JSONL with keys id, url, title, date, author, text.")
    ],
    corpus: CorpusOption = None,
    title: Annotated[str | None, typer.Option(help="A report's title (default: its metadata).")] = None,
    url: Annotated[str | None, typer.Option(help="Where the report is published (http/https).")] = None,
    date: Annotated[str | None, typer.Option(help="A report's publication date (2019-06-30).")] = None,
    author: Annotated[str | None, typer.Option(help="A report's author.")] = None,
) -> None:
    """Add a PDF report (copied, with its metadata in report.pdf.yml), or one post per JSONL line."""
    from bot.ingest.corpus import import_jsonl, import_report

    settings = settings_of(corpus_dir=corpus)
    if source.suffix.lower() == ".pdf":
        path, report = import_report(
            source, settings.corpus_dir, title=title, url=url, date=date, author=author
        )
        typer.echo(text("report_imported", cli_lang(), path=path, pages=len(report.page_starts)))
        return
    paths = import_jsonl(source, settings.corpus_dir)
    typer.echo(text("imported", cli_lang(), count=len(paths), path=settings.corpus_dir))


@corpus_app.command("fetch")
def corpus_fetch(
    sources: Annotated[
        list[str] | None, typer.Argument(help="Feed or site URLs, or feed files (default: the sources file).")
    ] = None,
    corpus: CorpusOption = None,
    archive: Annotated[
        bool,
        typer.Option(
            "--archive",
            help="Get the whole history of these sites (WordPress REST API, paged feed or sitemap), "
            "not only their feed's latest posts.",
        ),
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Read every feed, archive and post page again, even those the server says are unchanged "
            "(after an upgrade of innobot's text extraction).",
        ),
    ] = False,
) -> None:
    """Fetch sources into the corpus: new posts added, changed ones rewritten, archives resumed."""
    from dataclasses import replace

    from bot.ingest.fetching import feed_sources, fetch
    from bot.ingest.sources import Source
    from bot.present.reports import fetch_lines
    from bot.search.indexing import refresh_lock

    settings = settings_of(corpus_dir=corpus)
    lang = cli_lang()
    chosen = [Source(s) for s in sources] if sources else feed_sources(settings.feeds_file)
    if not chosen:
        raise InnobotError(text("no_feeds", lang, path=settings.feeds_file))
    if archive:
        chosen = [replace(s, archive=True) for s in chosen]
    with refresh_lock(settings.index_dir):
        report = fetch(settings, chosen, force, progress=progress_bar)
    typer.echo("\n".join(fetch_lines(report, lang, settings.post_max_chars)))
    if report.failed:
        sys.exit(1)


@corpus_app.command("probe")
def corpus_probe(url: Annotated[str, typer.Argument(help="A site or feed URL.")]) -> None:
    """Say what a URL offers: WordPress REST API, paged feed, sitemap, a feed only, or nothing."""
    from bot.ingest.archive import probe
    from bot.ingest.fetching import client_for
    from bot.present.reports import probe_line

    settings = settings_of()
    with client_for(settings) as client:
        found = probe(client, url)
    typer.echo(probe_line(found, cli_lang()))
    if found.method is None:
        sys.exit(1)
