"""`index update` with the quality gate on (INNOBOT_EVAL_FILE), model already loaded.

The seed corpus and the bundled question set: each run adds one post. Alternate runs delete the
current version's stored recall (quality.json) first, which is what every gated update cost
before the figure was stored: evaluating the current version again.

Run: .venv/bin/python -m benchmarks.bench_gate   (prints numbers; not a test)
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.common import REPO
from bot import service
from bot.ingest.corpus import write_post
from bot.search import indexing
from bot.search.embedding import load_embedder
from bot.settings import Settings

RUNS = 6
TEXT = "Le laboratoire d'innovation de la Drôme teste une résidence d'agents avec les usagers. " * 5


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(REPO / "corpus", root / "corpus")
        questions = REPO / "tests" / "eval" / "questions.jsonl"
        settings = Settings(
            _env_file=None, corpus_dir=root / "corpus", index_dir=root / "index", eval_file=questions
        )
        embedder = load_embedder(settings)
        service.update_index(settings, lambda: embedder)
        print(f"questions                   {sum(1 for _ in questions.open())}")
        for run in range(RUNS):
            again = run % 2 == 1
            current = indexing.current_version(settings.index_dir)
            assert current is not None
            if again:
                (current / service.QUALITY_FILE).unlink()
            write_post(settings.corpus_dir, f"post-{run}", {"title": f"Post {run}"}, TEXT)
            started = time.perf_counter()
            report = service.update_index(settings, lambda: embedder)
            seconds = time.perf_counter() - started
            assert report.quality is not None
            how = "current evaluated again" if again else "current's recall stored"
            print(f"update, {how:24s} {seconds:5.2f} s   (recall@5 {report.quality.new:.3f})")


if __name__ == "__main__":
    main()
