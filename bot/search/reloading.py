"""Follow the index's CURRENT pointer: load a new version beside the serving one, then switch.

The caller swaps its reference in one assignment; searches already running keep the retriever
they started with, so in-flight questions finish on the old version.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from bot.errors import InnobotError
from bot.search import indexing
from bot.search.retrieval import Retriever

log = logging.getLogger(__name__)


def beside(loaded: indexing.LoadedIndex, serving: Retriever) -> Retriever:
    """A warmed-up retriever on a new version with the serving model and parameters."""
    retriever = Retriever(loaded, serving.embedder, serving.params, serving.reranker)
    retriever.warm_up()
    return retriever


@dataclass
class IndexFollower:
    """Knows which version is current on disk and which versions were refused (tried once each)."""

    index_dir: Path
    refused: dict[str, str] = field(default_factory=dict)

    def newer(self, serving: Retriever) -> Path | None:
        """The version CURRENT names when it is not the one serving and was not refused."""
        try:
            version = indexing.current_version(self.index_dir)
        except OSError:
            return None
        if version is None or version.name == serving.index.version or version.name in self.refused:
            return None
        return version

    def load(self, version: Path, serving: Retriever) -> Retriever | None:
        """A warmed-up retriever on `version` with the serving model, or None when it is refused."""
        try:
            retriever = beside(indexing.load(version), serving)
        except InnobotError as exc:
            self.refused[version.name] = str(exc)
            log.warning(
                "index version %s refused, still serving %s: %s", version.name, serving.index.version, exc
            )
            return None
        return retriever
