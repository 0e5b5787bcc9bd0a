"""The bundled MiniLM through sentence-transformers' ONNX backend, fp32 and int8: speed and quality.

The ONNX files are exported offline from the bundled model's files (into .cache/onnx/), the int8
ones by dynamic quantization for AVX-512 VNNI and for AVX2 CPUs. Each variant: raw encode
throughput on archive chunks (title + chunk, as indexed; longest first, batches of 32), then an
index of the archive and of the seed posts and the archive / seed question sets, as `make eval`.

The backend needs `optimum-onnx`, whose only release (0.1.0) requires transformers < 4.58, while
the sentence-transformers innobot installs (6.x) requires transformers ≥ 5: the two cannot share
the project's environment. Run it in a copy of it:

    cp -a .venv /tmp/venv-onnx && /tmp/venv-onnx/bin/python -m pip install -c constraints.txt \
        "optimum[onnxruntime]" && /tmp/venv-onnx/bin/python -m benchmarks.bench_onnx [--chunks 1000]
"""

from __future__ import annotations

import argparse
import random
import shutil
import time

from benchmarks.archive import CACHE, archive_settings, indexed
from benchmarks.eval_archive import EVAL, row
from bot.search.embedding import (
    BUNDLED_MINILM,
    PrefixedEmbedder,
    Prefixes,
    SentenceTransformerEmbedder,
    resolve_model,
)
from bot.search.evaluation import evaluate, load_questions
from bot.search.indexing import embedded_text
from bot.settings import Settings

EXPORT = CACHE / "onnx" / "minilm"
FILES = {  # label: (index directory suffix, ONNX file)
    "onnx fp32": ("onnx", "onnx/model.onnx"),
    "onnx int8 (avx512_vnni)": ("int8-vnni", "onnx/model_qint8_avx512_vnni.onnx"),
    "onnx int8 (avx2)": ("int8-avx2", "onnx/model_quint8_avx2.onnx"),
}


class OnnxEmbedder(PrefixedEmbedder):
    """The bundled MiniLM run by onnxruntime: same name, so the same calibration, as the torch one."""

    _encode = SentenceTransformerEmbedder._encode

    def __init__(self, file_name: str) -> None:
        from sentence_transformers import SentenceTransformer

        self.name, self.prefixes, self.batch_size = BUNDLED_MINILM, Prefixes(), 32
        self._model = SentenceTransformer(
            str(EXPORT), device="cpu", backend="onnx", model_kwargs={"file_name": file_name}
        )
        self.dimension = int(self._model.get_embedding_dimension() or 0)


def export() -> None:
    """Write the fp32 and int8 ONNX files beside a copy of the bundled model, once."""
    if all((EXPORT / file).is_file() for _, file in FILES.values()):
        return
    from sentence_transformers import SentenceTransformer, export_dynamic_quantized_onnx_model

    shutil.rmtree(EXPORT, ignore_errors=True)
    shutil.copytree(resolve_model(BUNDLED_MINILM), EXPORT)
    model = SentenceTransformer(str(EXPORT), device="cpu", backend="onnx")  # exports to ONNX
    model.save_pretrained(str(EXPORT))
    for config in ("avx512_vnni", "avx2"):
        export_dynamic_quantized_onnx_model(model, config, str(EXPORT))


def variant_settings(suffix: str | None, name: str) -> Settings:
    """The archive or seed settings of a variant: torch keeps `make eval`'s index, ONNX its own."""
    settings = archive_settings(BUNDLED_MINILM, name)
    if suffix is None:
        return settings
    settings = settings.model_copy(update={"index_dir": CACHE / name / f"index-minilm-{suffix}"})
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    return settings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chunks", type=int, default=1000, help="archive chunks for the raw encode")
    args = parser.parse_args()
    try:
        import optimum.onnxruntime  # noqa: F401
    except ImportError as exc:
        raise SystemExit(
            "needs optimum[onnxruntime] in a separate environment: see this file's docstring"
        ) from exc
    export()
    archive = load_questions(EVAL / "archive.jsonl")
    seeds = load_questions(EVAL / "questions.jsonl")
    variants: dict[str, tuple[str | None, str | None]] = {"torch": (None, None), **FILES}
    texts: list[str] = []
    figures, rows = [], []
    for label, (suffix, file) in variants.items():
        started = time.perf_counter()
        embedder = SentenceTransformerEmbedder(BUNDLED_MINILM) if file is None else OnnxEmbedder(file)
        loaded = time.perf_counter() - started
        settings = {name: variant_settings(suffix, name) for name in ("archive", "seeds")}
        started = time.perf_counter()
        retriever = indexed(settings["archive"], embedder)  # built, or brought up to date
        built = time.perf_counter() - started
        if not texts:  # a random sample of the archive's chunks, longest first
            every = [embedded_text(retriever.index.documents[c.doc_id], c) for c in retriever.index.chunks]
            sample = random.Random(0).sample(every, min(args.chunks, len(every)))
            texts = sorted(sample, key=len, reverse=True)
        model = embedder._model  # type: ignore[attr-defined]
        model.encode(texts[:64], batch_size=32)  # warm-up
        started = time.perf_counter()
        model.encode(texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False)
        seconds = time.perf_counter() - started
        figures.append(f"| {label} | {len(texts) / seconds:.1f} | {seconds:.1f} | {loaded:.1f} |")
        print(figures[-1], flush=True)
        rows.append(row(f"{label} · archive all (index {built:.0f} s)", evaluate(retriever.search, archive)))
        seeded = indexed(settings["seeds"], embedder)
        rows.append(row(f"{label} · seed posts", evaluate(seeded.search, seeds)))
        print("\n".join(rows[-2:]), flush=True)
    print(f"\n| variant | raw encode chunks/s ({len(texts)} archive chunks) | seconds | load s |")
    print("|---|---|---|---|")
    print("\n".join(figures))
    if rows:
        print(
            "\n| variant · set | questions | post R@5 | passage R@5 | MRR@10 | unanswered | p95 ms "
            "| by kind: passage/post R@5 |\n|---|---|---|---|---|---|---|---|"
        )
        print("\n".join(rows))


if __name__ == "__main__":
    main()
