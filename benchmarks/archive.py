"""The real archive (shared/fixtures/wordpress) as a corpus, for benchmarks and `make eval`.

The posts go through the same code as `innobot corpus fetch --archive` (the REST parser and the
corpus writer), with their real links; the files live in a cache directory, never in corpus/.
"""

from __future__ import annotations

from pathlib import Path

from bot import service
from bot.ingest.fetching import known_posts, store_posts
from bot.search.embedding import Embedder
from bot.search.retrieval import Retriever
from bot.settings import Settings
from tests.wordpress_site import FIXTURE, fixture_posts

CACHE = Path(__file__).resolve().parents[1] / ".cache"


SHORT = 3500  # the "short" set: the archive's posts under this many characters, a site of short pages


def archive_corpus(target: Path | None = None, max_chars: int | None = None) -> Path:
    """Write (or bring up to date) the archive as corpus files; return their directory.

    With `max_chars`, only the posts whose text is shorter.
    """
    corpus = target or CACHE / "archive" / "corpus"
    if not FIXTURE.is_file():
        raise SystemExit(f"the archive fixture is not at {FIXTURE} (a checkout beside shared/ is needed)")
    posts = [p for p in fixture_posts() if max_chars is None or len(p.text) < max_chars]
    store_posts(corpus, posts, known_posts(corpus))
    return corpus


def archive_settings(model: str, name: str = "archive") -> Settings:
    """Settings for the archive, its short posts (name "short") or the seed posts ("seeds"),
    indexed with `model` under .cache/."""
    if name == "archive":
        corpus = archive_corpus()
    elif name == "short":
        corpus = archive_corpus(CACHE / "short" / "corpus", SHORT)
    else:
        corpus = Path(__file__).resolve().parents[1] / "corpus"
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        embedding_model=model,
        corpus_dir=corpus,
        index_dir=CACHE / name / f"index-{model}",
        database_url=f"sqlite:///{CACHE / 'eval.sqlite3'}",
    )
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    return settings


def indexed(settings: Settings, embedder: Embedder) -> Retriever:
    """A retriever on the index of these settings, built or brought up to date first."""
    service.update_index(settings, lambda: embedder)
    return service.open_retriever(settings, lambda: embedder)
