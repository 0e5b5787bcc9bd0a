"""`innobot index …` and `innobot refresh`: build, update, roll back and inspect the index."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from functools import cache, partial
from typing import Annotated

import typer

from bot import service
from bot.cli.common import (
    CorpusOption,
    IndexOption,
    announce_after_build,
    app,
    cli_lang,
    index_app,
    progress_bar,
    settings_of,
)
from bot.errors import InnobotError
from bot.search.embedding import load_embedder
from bot.texts import text


@index_app.command("build")
def index_build(
    corpus: CorpusOption = None,
    index: IndexOption = None,
    if_missing: Annotated[
        bool, typer.Option("--if-missing", help="Do nothing when an index exists.")
    ] = False,
) -> None:
    """Build a new index version from the corpus (embeds only text not embedded before)."""
    settings = settings_of(corpus_dir=corpus, index_dir=index)
    lang = cli_lang()
    if if_missing:
        try:
            service.check_index(settings)
            typer.echo(text("index_present", lang, path=settings.index_dir), err=True)
            return
        except InnobotError:
            pass
    embedder = cache(partial(load_embedder, settings))
    report = service.build_index(settings, embedder, progress_bar)
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
    from bot.present.reports import unreadable_lines

    for line in unreadable_lines(m, lang):
        typer.echo(line)
    announce_after_build(settings, embedder, lang, report.loaded)


@index_app.command("update")
def index_update(corpus: CorpusOption = None, index: IndexOption = None) -> None:
    """Bring the index up to date with the corpus: new, changed and deleted posts; then alerts."""
    from bot.present.reports import update_lines

    settings = settings_of(corpus_dir=corpus, index_dir=index)
    lang = cli_lang()
    embedder = cache(partial(load_embedder, settings))
    report = service.update_index(settings, embedder, progress_bar)
    typer.echo("\n".join(update_lines(report, lang)))
    if not report.unchanged:
        announce_after_build(settings, embedder, lang, report.loaded)


@app.command()
def refresh(corpus: CorpusOption = None, index: IndexOption = None) -> None:
    """Fetch the listed feeds, update the index, queue alerts: what /reindex and the timer do."""
    from bot.present.reports import fetch_lines, update_lines

    settings = settings_of(corpus_dir=corpus, index_dir=index)
    lang = cli_lang()
    embedder = cache(partial(load_embedder, settings))
    report = service.refresh(settings, embedder, progress_bar)
    if report.fetched is not None:
        typer.echo("\n".join(fetch_lines(report.fetched, lang, settings.post_max_chars)))
    typer.echo("\n".join(update_lines(report.update, lang)))
    if not report.update.unchanged:
        announce_after_build(settings, embedder, lang, report.update.loaded)
    if report.fetched is not None and report.fetched.failed:
        sys.exit(1)


@index_app.command("rollback")
def index_rollback(
    version: Annotated[str | None, typer.Argument(help="Version name (default: the one before).")] = None,
    index: IndexOption = None,
) -> None:
    """Make an older kept version current again; a running bot switches to it within a second."""
    from bot.present.reports import rollback_line

    settings = settings_of(index_dir=index)
    name, manifest = service.rollback(settings, version)
    typer.echo(rollback_line(name, manifest, cli_lang()))


@index_app.command("info")
def index_info(index: IndexOption = None) -> None:
    """Print the manifest of the current index version."""
    settings = settings_of(index_dir=index)
    from bot.search import indexing

    version = indexing.locate(settings.index_dir)
    manifest = asdict(indexing.read_manifest(version))
    manifest["version"] = version.name
    manifest.pop("checksums")
    typer.echo(json.dumps(manifest, indent=2, ensure_ascii=False))
