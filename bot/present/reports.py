"""Plain-text reports of a fetch, an update and a rollback, in the user's language.

Shared by the CLI and the bot; the bot escapes them before they go into an HTML message.
"""

from __future__ import annotations

import errno
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.errors import InnobotError
from bot.ingest.archive import Probe
from bot.ingest.fetching import FetchReport
from bot.search.indexing import Manifest
from bot.service import BuildReport
from bot.texts import Lang, text

SHOWN_NAMES = 5


def _names(ids: Sequence[str]) -> str:
    if not ids:
        return "0"
    shown = ", ".join(ids[:SHOWN_NAMES])
    more = f", … (+{len(ids) - SHOWN_NAMES})" if len(ids) > SHOWN_NAMES else ""
    return f"{len(ids)} ({shown}{more})"


def fetch_lines(report: FetchReport, lang: Lang, max_chars: int) -> list[str]:
    """One line per feed, then one per entry left out."""
    lines = []
    for source in report.sources:
        name = source.title or source.source
        if source.error:
            lines.append(text("fetch_failed", lang, name=source.source, reason=source.error.explain(lang)))
            continue
        if source.not_modified:
            lines.append(text("fetch_not_modified", lang, name=name))
            continue
        counts = {
            "name": name,
            "added": len(source.added),
            "updated": len(source.updated),
            "unchanged": source.unchanged,
            "skipped": len(source.skipped),
        }
        if source.method:
            method = text(f"method_{source.method}", lang)
            lines.append(text("fetch_archive", lang, method=method, failed=len(source.failed), **counts))
        else:
            lines.append(text("fetch_source", lang, **counts))
        lines.extend(
            text("fetch_page_failed", lang, where=where, reason=error.explain(lang))
            for where, error in source.failed[:SHOWN_NAMES]
        )
        lines.extend(
            text(
                "fetch_skipped",
                lang,
                title=skip.title[:80],
                reason=text(f"skip_{skip.reason}", lang, max=max_chars),
            )
            for skip in source.skipped
        )
    return lines


def probe_line(found: Probe, lang: Lang) -> str:
    """What `innobot corpus probe` found, in one sentence."""
    if found.robots_forbids:
        return text("probe_robots", lang, url=found.url)
    return text(
        f"probe_{found.method or 'nothing'}",
        lang,
        url=found.url,
        api=found.endpoint,
        total=found.total if found.total is not None else "?",
        feed=found.feed_url,
        items=found.feed_items,
        sitemaps=", ".join(found.sitemaps[:2]) + (" …" if len(found.sitemaps) > 2 else ""),
    )


def update_lines(report: BuildReport, lang: Lang) -> list[str]:
    """What an index update made: the version, the counts, the changed posts, the quality check."""
    m = report.manifest
    if report.unchanged:
        return [text("index_unchanged", lang, version=report.path.name)]
    lines = [
        text(
            "index_updated",
            lang,
            version=report.path.name,
            documents=m.document_count,
            chunks=m.chunk_count,
            embedded=m.embedded_chunks,
            reused=m.reused_chunks,
            seconds=report.seconds,
        ),
        text(
            "index_changes",
            lang,
            added=_names(report.changes.added),
            updated=_names(report.changes.updated),
            removed=_names(report.changes.removed),
        ),
    ]
    if report.quality is not None:
        previous = "—" if report.quality.previous is None else f"{report.quality.previous:.3f}"
        lines.append(text("index_quality", lang, new=report.quality.new, previous=previous))
    return lines + unreadable_lines(m, lang)


def unreadable_lines(manifest: Manifest, lang: Lang) -> list[str]:
    """One line per post file a build left out, with why."""
    return [text("index_unreadable", lang, file=u.file, reason=u.why(lang)) for u in manifest.unreadable]


def rollback_line(version: str, manifest: Manifest, lang: Lang) -> str:
    return text(
        "index_rolled_back",
        lang,
        version=version,
        documents=manifest.document_count,
        built=manifest.built,
    )


@dataclass
class Progress:
    """Where a long refresh is: written by the worker thread, read by whoever shows it."""

    stage: str = "start"
    done: int = 0
    total: int = 0

    def set_stage(self, stage: str) -> None:
        self.stage, self.done, self.total = stage, 0, 0

    def factory(self, total: int, label: str) -> Callable[[int], None]:
        """An indexing.ProgressFactory that records the embedding's progress here."""
        self.stage, self.done, self.total = label, 0, total

        def step(n: int) -> None:
            self.done = min(self.total, self.done + n)

        return step


def bar(done: int, total: int, width: int = 12) -> str:
    """A text progress bar: ▓▓▓▓░░░░ 50 %."""
    share = done / total if total else 0.0
    filled = round(share * width)
    return f"{'▓' * filled}{'░' * (width - filled)} {share:.0%}".replace("%", " %")


def progress_line(progress: Progress, lang: Lang) -> str:
    """The current stage in words, with a bar while embedding."""
    return text(
        f"refresh_{progress.stage}",
        lang,
        done=progress.done,
        total=progress.total,
        bar=bar(progress.done, progress.total),
    )


def refresh_failure(error: Exception, lang: Lang, serving: str) -> str:
    """Why a refresh stopped (a domain error says it; anything else is named) and what still serves."""
    if isinstance(error, InnobotError):
        reason = error.explain(lang)
    elif isinstance(error, OSError):  # read-only or full disk, permissions: the operator's to fix
        kind = errno.errorcode.get(error.errno or 0, type(error).__name__)
        reason = text("refresh_os_error", lang, kind=kind, path=error.filename or "—")
    else:
        reason = type(error).__name__
    return text("refresh_failed", lang, reason=reason, version=serving)
