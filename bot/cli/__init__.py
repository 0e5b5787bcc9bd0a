"""The `innobot` command line: parse, call a service, print; domain errors become one line.

One module per command group; importing them registers their commands on the Typer app.
"""

from __future__ import annotations

import logging
import os
import sys

import typer
from pydantic import ValidationError

from bot.cli import alerts, answers, corpus, index  # noqa: F401  (registers the commands)
from bot.cli.common import app, cli_lang
from bot.errors import InnobotError
from bot.texts import text

__all__ = ["app", "main"]


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
        lang = cli_lang()
        typer.echo(text("error", lang, message=exc.explain(lang)), err=True)
        sys.exit(2)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        typer.echo(
            text("error_setting", cli_lang(), setting=f"INNOBOT_{where.upper()}", reason=first["msg"]),
            err=True,
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
