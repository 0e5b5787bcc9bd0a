"""PDF reports: which library reads them best and fastest, and what indexing a long one costs.

On reports made like the test fixtures (tests/pdf_fixtures.py: running headers, page numbers,
hyphenated line ends, ﬁ/ﬂ ligatures, a table, a two-column page whose columns are written line
by line, a scanned page), each candidate library's raw page text is checked for accents,
ligatures, table rows and two-column reading order, and timed on a 300-page report. Then the
chosen path (bot.ingest.pdf + cleaning) reads the 300 pages, and the default model embeds their
chunks: the two speeds side by side, with peak memory.

Run: .venv/bin/python -m benchmarks.bench_pdf
"""

from __future__ import annotations

import tempfile
import time
import tracemalloc
import unicodedata
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import rss_mb
from bot import service
from bot.ingest.corpus import read_report
from bot.search.chunking import chunk_document
from bot.search.embedding import load_embedder
from bot.search.indexing import embedded_text
from bot.settings import Settings
from tests.pdf_fixtures import long_report, sample_report


def with_pypdf(path: Path) -> list[str]:
    import pypdf

    return [page.extract_text() or "" for page in pypdf.PdfReader(str(path)).pages]


def with_pdfminer(path: Path) -> list[str]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer

    return [
        "\n".join(box.get_text() for box in layout if isinstance(box, LTTextContainer))
        for layout in extract_pages(str(path))
    ]


def with_pdfium_plain(path: Path) -> list[str]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    pages = []
    for page in document:
        textpage = page.get_textpage()
        pages.append(textpage.get_text_range())
        textpage.close()
    document.close()
    return pages


def with_innobot(path: Path) -> list[str]:
    from bot.ingest.pdf import read_pdf

    return read_pdf(path).pages


CANDIDATES: dict[str, Callable[[Path], list[str]]] = {
    "pypdf 7 (BSD)": with_pypdf,
    "pdfminer.six (MIT)": with_pdfminer,
    "pypdfium2, plain (Apache-2.0/BSD)": with_pdfium_plain,
    "pypdfium2 + innobot's columns": with_innobot,
}


def checks(pages: list[str]) -> dict[str, bool]:
    folded = [unicodedata.normalize("NFKC", page) for page in pages]
    two = folded[4]
    return {
        "accents": "expérimenté" in folded[2] and "Drôme" in folded[2],
        "ligatures": "efficacité" in folded[2] and "flux" in folded[2],
        "table row": "Bretagne" in folded[6] and "La Fabrique" in folded[6],
        "two columns in order": two.rfind("Kingersheim") < two.find("citoyenneté"),
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sample = sample_report(folder / "sample.pdf")
        long = long_report(folder / "long.pdf", 300)
        print("| library | accents | ligatures | table row | two columns in order | pages/s (300 pages) |")
        print("|---|---|---|---|---|---|")
        for name, read in CANDIDATES.items():
            found = checks(read(sample))
            started = time.perf_counter()
            count = len(read(long))
            speed = count / (time.perf_counter() - started)
            marks = " | ".join("yes" if ok else "**no**" for ok in found.values())
            print(f"| {name} | {marks} | {speed:,.0f} |")

        tracemalloc.start()
        started = time.perf_counter()
        doc = read_report(long)
        read_seconds = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        settings = Settings(_env_file=None)  # type: ignore[call-arg]
        chunks = chunk_document(doc, settings.chunk_size, settings.chunk_overlap)
        embedder = load_embedder(settings)
        texts = [embedded_text(doc, c) for c in chunks]
        embedder.embed_passages(texts[:32])  # warm
        started = time.perf_counter()
        embedder.embed_passages(texts)
        embed_seconds = time.perf_counter() - started
        # The whole `innobot index build` of a corpus holding only this report, same model.
        corpus = folder / "corpus"
        corpus.mkdir()
        (corpus / "long.pdf").write_bytes(long.read_bytes())
        build = Settings(_env_file=None, corpus_dir=corpus, index_dir=folder / "index")  # type: ignore[call-arg]
        built = service.build_index(build, lambda: embedder)
        n = len(chunks)
        print(f"\n300-page report, {len(doc.text):,} characters, {n} chunks:")
        print(
            f"  read + clean (pypdfium2 + innobot) {read_seconds:6.2f} s  ({300 / read_seconds:,.0f} pages/s,"
            f" {n / read_seconds:,.0f} chunks/s), peak Python memory {peak / 1e6:.0f} MB"
        )
        print(f"  raw encode ({embedder.name})  {embed_seconds:6.2f} s  ({n / embed_seconds:,.1f} chunks/s)")
        print(
            f"  innobot index build  {built.seconds:6.2f} s  ({n / built.seconds:,.1f} chunks/s, "
            f"{embed_seconds / built.seconds:.2f} of raw encode)"
        )
        print(
            f"  extraction is {embed_seconds / read_seconds:,.0f}× faster than the embedding limit; "
            f"process rss {rss_mb():.0f} MB"
        )


if __name__ == "__main__":
    main()
