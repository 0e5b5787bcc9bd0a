"""One process at a time: an exclusive, non-blocking lock on a file (released when the process dies)."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.errors import InnobotError


@contextmanager
def exclusive(lock_file: Path, busy: InnobotError) -> Iterator[None]:
    """Hold `lock_file`; when another process holds it, raise `busy` at once instead of waiting."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise busy from exc
        yield
