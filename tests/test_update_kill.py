"""SIGKILL during `index update` at random points: the next start always finds a complete version."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time

from bot import service
from bot.ingest.corpus import write_post
from bot.search import indexing
from tests.conftest import REPO, make_settings
from tests.fakes import FakeEmbedder

# Updates one after another, each with a new post, so that a kill lands at any step of one:
# embedding, writing files, fsync, rename, CURRENT, pruning.
UPDATER = textwrap.dedent(
    """
    import itertools, sys
    from pathlib import Path
    from bot import service
    from bot.ingest.corpus import write_post
    from tests.conftest import make_settings
    from tests.fakes import FakeEmbedder

    tmp, run = Path(sys.argv[1]), sys.argv[2]
    settings = make_settings(tmp, corpus_dir=tmp / "corpus", embedding_model="fake-model")
    embedder = FakeEmbedder()
    for n in itertools.count():
        text = f"Le laboratoire numéro {run}-{n} teste une résidence avec les usagers. " * 30
        write_post(settings.corpus_dir, f"labo-{run}-{n}", {"title": f"Labo {run}-{n}"}, text)
        service.update_index(settings, lambda: embedder)
        print(n, flush=True)
    """
)


def test_ten_kills_at_random_points_always_leave_a_complete_current_version(tmp_path, corpus_copy):
    settings = make_settings(tmp_path, corpus_dir=corpus_copy, embedding_model="fake-model")
    service.update_index(settings, FakeEmbedder)
    rng = random.Random(20261122)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    kills_after_updates = []
    for run in range(10):
        child = subprocess.Popen(
            [sys.executable, "-c", UPDATER, str(tmp_path), str(run)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=REPO,
        )
        assert child.stdout is not None
        child.stdout.readline()  # one whole update done: the imports are behind us
        time.sleep(rng.uniform(0.0, 0.4))  # then a kill at a random point of the next ones
        child.send_signal(signal.SIGKILL)
        child.wait()
        kills_after_updates.append(len(child.stdout.read().split()))
        child.stdout.close()

        version = indexing.locate(settings.index_dir)
        loaded = indexing.load(version)  # checksums, counts, dimension all verified
        assert loaded.manifest.document_count == len(loaded.documents) >= 6
        # The next update takes the lock, cleans leftovers and succeeds.
        write_post(settings.corpus_dir, f"after-{run}", {"title": f"Après {run}"}, "Un texte de plus. " * 20)
        report = service.update_index(settings, FakeEmbedder)
        assert report.changes.added and indexing.current_version(settings.index_dir) == report.path
        assert not list((settings.index_dir / "versions").glob(".build-*"))
    print(f"\nupdates completed between the first and the kill, per run: {kills_after_updates}")
