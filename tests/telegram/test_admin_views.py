"""Admin messages built from corpus and user text are valid Telegram HTML whatever that text is."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from bot.ingest.feeds import Skipped
from bot.ingest.fetching import FetchReport, SourceReport
from bot.present.admin_views import render_gaps, render_stats
from bot.present.reports import Progress, bar, progress_line, refresh_failure
from bot.search.indexing import DocumentChanges, Manifest
from bot.service import BuildReport, RefreshReport
from bot.store.stats import ContentGaps, Gap, UsageStats
from bot.telegram.handlers.admin import _final
from tests.telegram.telegram_html import parse

texts = st.text(min_size=1, max_size=300)
MANIFEST = Manifest(
    1, "m", 384, 5, 90, "f" * 16, "2026-11-22T07:00:00.000000+00:00", "IndexFlatIP", 600, 150, 3, 87, {}
)


@given(st.lists(texts, max_size=40), st.lists(texts, max_size=200), st.lists(texts, max_size=50))
def test_the_reindex_report_is_valid_html_under_the_limit(titles, skipped, added):
    fetched = FetchReport(
        tuple(
            SourceReport(
                f"https://x.fr/{n}",
                t,
                added=tuple(added),
                skipped=tuple(Skipped(s, "too_long") for s in skipped),
            )
            for n, t in enumerate(titles)
        ),
        1.0,
    )
    update = BuildReport(Path("v1"), MANIFEST, 1.0, DocumentChanges(tuple(added), (), ()))
    message = _final(RefreshReport(fetched, update), "fr", 1000)
    shown = parse(message).text
    assert len(shown) <= 4096 and shown.startswith("✅")


@given(
    st.lists(st.tuples(texts, st.integers(1, 99)), max_size=30),
    st.lists(st.tuples(texts, st.integers(1, 9)), max_size=30),
)
def test_the_content_gaps_digest_is_valid_html_whatever_was_asked(unanswered, disliked):
    gaps = ContentGaps(tuple(Gap(q, n) for q, n in unanswered), tuple(Gap(q, n) for q, n in disliked))
    shown = parse(render_gaps(gaps, "fr")).text
    assert len(shown) <= 4096
    # questions are folded onto one line, so a "•" they contain cannot start a line
    listed = [line for line in shown.splitlines() if line.startswith("• ")]
    assert len(listed) <= len(unanswered) + len(disliked)


def test_a_digest_of_long_questions_still_fits_one_message():
    long = tuple(
        Gap("comment financer un laboratoire d'innovation publique " * 10 + str(n), 3) for n in range(10)
    )
    shown = parse(render_gaps(ContentGaps(long, long), "fr")).text
    assert 3000 < len(shown) <= 4096


@given(texts, st.integers(0, 10_000), st.integers(0, 10_000))
def test_stats_and_progress_render_for_any_figures(version, done, total):
    usage = UsageStats(
        ((dt.date(2026, 11, 22), done),), done, min(done, total), total, done, 3, 4, {"sent": total}
    )
    assert parse(render_stats(usage, version, "2026-11-22T07:00", None, "en")).text.startswith("Statistics")
    progress = Progress()
    step = progress.factory(total, "embedding")
    step(done)
    line = progress_line(progress, "fr")
    assert f"{min(done, total)}/{total}" in line and bar(progress.done, total) in line


def test_a_refresh_stopped_by_the_disk_names_the_cause_and_the_path():
    read_only = OSError(30, "Read-only file system", "/app/index/v-20261122")
    assert refresh_failure(read_only, "fr", "v-1").splitlines() == [
        "❌ La mise à jour a échoué : erreur de disque ou de fichier EROFS sur /app/index/v-20261122",
        "La version v-1 continue de répondre.",
    ]
    assert refresh_failure(KeyError("x"), "en", "v-1").startswith("❌ The update failed: KeyError")
