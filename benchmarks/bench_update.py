"""`index update` after one post is added to a 2,000-post corpus (model already loaded).

The 2,000 posts' first build uses random unit vectors (RandomPassages) filed under the real
model's name, so that the benchmark does not spend 7 minutes embedding them; the update that is
measured then runs exactly as in production: the real model embeds the new post's chunks, every
other vector comes from the previous version by content hash.

Run: .venv/bin/python -m benchmarks.bench_update   (prints numbers; not a test)
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks.common import RandomPassages, rss_mb, synthetic_corpus
from bot import service
from bot.ingest.corpus import write_post
from bot.search import indexing
from bot.search.embedding import load_embedder
from bot.settings import Settings

POSTS = 2000
NEW_POST = (
    "Le département de la Drôme a installé une résidence d'agents au collège Jean-Moulin. "
    "Pendant trois semaines, une designer, deux agents de la restauration scolaire et un chargé "
    "de mission ont observé les repas avec les élèves, puis prototypé un nouveau self. "
) * 6


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        settings = Settings(_env_file=None, corpus_dir=root / "corpus", index_dir=root / "index")
        for doc in synthetic_corpus(POSTS):
            write_post(settings.corpus_dir, doc.id, {"title": doc.title}, doc.text)
        started = time.perf_counter()
        embedder = load_embedder(settings)
        print(f"model load                   {time.perf_counter() - started:6.2f} s")
        first = service.build_index(settings, lambda: RandomPassages(embedder, embedder.dimension))
        m = first.manifest
        print(f"corpus                       {m.document_count} posts, {m.chunk_count} chunks")

        unchanged = service.update_index(settings, lambda: embedder)
        print(f"update, nothing changed      {unchanged.seconds:6.2f} s   (no new version)")

        write_post(settings.corpus_dir, "drome-residence", {"title": "La Drôme en résidence"}, NEW_POST)
        report = service.update_index(settings, lambda: embedder)
        m = report.manifest
        print(
            f"update, 1 post added         {report.seconds:6.2f} s   ({m.embedded_chunks} chunk(s) embedded, "
            f"{m.reused_chunks} reused; added {report.changes.added})"
        )
        started = time.perf_counter()
        indexing.load(report.path)
        print(
            f"  of which: load + verify    {time.perf_counter() - started:6.2f} s   (once, inside the update)"
        )
        print(f"process rss                  {rss_mb():6.0f} MB")


if __name__ == "__main__":
    main()
