"""Operator errors read in the reader's language, and in English in logs."""

import re
from pathlib import Path

from bot.errors import FeedError, IndexMissingError, InnobotError
from bot.texts import text

BOT = Path(__file__).resolve().parents[1] / "bot"


def test_every_error_raised_with_a_key_has_both_languages():
    keys = {key for path in BOT.rglob("*.py") for key in re.findall(r'key="(error_\w+)"', path.read_text())}
    assert len(keys) >= 20
    for key in keys:
        french, english = (_filled(key, lang) for lang in ("fr", "en"))
        assert french and english and french != english, key


def _filled(key: str, lang: str) -> str:
    """The entry with every placeholder given, whatever the raise site names it."""
    values: dict[str, int] = {}
    while True:
        try:
            return text(key, lang, **values)  # type: ignore[arg-type]
        except KeyError as exc:
            if exc.args[0] in values:  # no such entry
                raise
            values[exc.args[0]] = 1


def test_a_keyed_error_explains_itself_in_each_language_and_logs_in_english(tmp_path):
    error = IndexMissingError(key="error_index_missing", path=tmp_path)
    assert str(error) == error.explain("en") == f"no index in {tmp_path}: run 'innobot index build'"
    assert error.explain("fr") == f"aucun index dans {tmp_path} : lancez 'innobot index build'"


def test_an_error_raised_with_a_message_stays_as_raised():
    assert (
        InnobotError("données/x.md: 'date' is not a date").explain("fr")
        == "données/x.md: 'date' is not a date"
    )


def test_a_feed_error_keeps_its_reason():
    error = FeedError("http", status=503)
    assert error.reason == "http" and error.explain("fr") == "le serveur a répondu HTTP 503"
    assert str(error) == "HTTP 503"


def test_a_post_left_out_reads_in_each_language_and_an_older_manifest_still_loads():
    from bot.domain import Unreadable
    from bot.errors import PostError
    from bot.search.indexing import _left_out

    left_out = PostError("a.md", "tags").left_out
    assert left_out == Unreadable("a.md", "'tags' must be a list", "tags")
    assert left_out.why("fr") == "'tags' doit être une liste" and left_out.why("en") == left_out.reason
    assert (
        _left_out(["b.md", "not UTF-8 text (invalid start byte)"]).why("fr")
        == "not UTF-8 text (invalid start byte)"
    )
    assert _left_out(["c.md", "larger than 5 MB", "too_big", [["size", "5"]]]).why("fr") == "plus de 5 Mo"
