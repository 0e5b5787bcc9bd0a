"""PDF reports: reading (real PDFium on PDFs made by reportlab), cleaning, pages cited, imports."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import service
from bot.errors import CorpusError
from bot.ingest.corpus import import_report, read_corpus, read_report, sidecar
from bot.ingest.pdf import read_pdf
from bot.ingest.pdftext import clean_pages, join_pages
from bot.present.answer import result_json
from bot.present.cards import render_card
from tests.conftest import make_settings
from tests.pdf_fixtures import (
    HEADER,
    Page,
    damaged_report,
    filler,
    long_report,
    sample_report,
    scanned_report,
    write_report,
)

TRANSFO = "combien de semaines ont duré les résidences d'immersion de la Transfo à Strasbourg ?"


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reports")
    sample_report(folder / "rapport-2019.pdf")
    scanned_report(folder / "scan.pdf")
    damaged_report(folder / "damaged.pdf", folder / "rapport-2019.pdf")
    write_report(folder / "locked.pdf", [Page(filler(1))], password="secret")
    return folder


def test_pages_come_out_clean_in_reading_order(reports):
    pages = clean_pages(read_pdf(reports / "rapport-2019.pdf").pages)
    assert len(pages) == 14
    assert not any(HEADER in page or "Page 3 / 14" in page for page in pages)  # header, footer gone
    assert "démarche d'innovation publique" in pages[2]  # a word cut at a line end, whole again
    assert "L'efficacité du nouveau flux" in pages[2]  # ligatures ﬁ, ﬂ as letters
    # Two columns written line by line: the left column's text comes first, whole.
    two = pages[4]
    assert two.rindex("Kingersheim") < two.index("citoyenneté")
    assert "Bretagne La Fabrique 2017" in pages[6]  # a table's row stays together
    assert pages[8] == ""  # a scanned page: no text, but it keeps its number


def test_a_report_is_a_document_whose_passages_know_their_page(reports):
    doc = read_report(reports / "rapport-2019.pdf")
    assert doc.title == "Rapport d'activité 2019" and len(doc.page_starts) == 14
    at = doc.text.index("Les résidences d'immersion")
    assert doc.page_at(at) == 12 and doc.page_at(0) == 1
    assert doc.page_at(doc.text.index("Kingersheim")) == 5


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("scan.pdf", "no text layer"),
        ("damaged.pdf", "damaged"),
        ("locked.pdf", "encrypted"),
    ],
)
def test_a_report_that_cannot_be_read_is_named_and_left_out(reports, tmp_path, name, reason):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for file in (name, "rapport-2019.pdf"):
        (corpus / file).write_bytes((reports / file).read_bytes())
    read = read_corpus(corpus)
    assert [d.id for d in read.documents] == ["rapport-2019"]
    (left_out,) = read.unreadable
    assert left_out.file == name and reason in left_out.reason


def test_import_copies_the_report_with_its_metadata_and_refuses_bad_input(reports, tmp_path):
    corpus = tmp_path / "corpus"
    path, _ = import_report(
        reports / "rapport-2019.pdf",
        corpus,
        title="Rapport d'activité 2019 de la Transfo",
        url="https://example.org/docs/rapport-2019.pdf",
        date="30/06/2019",
    )
    assert path == corpus / "rapport-2019.pdf" and sidecar(path).is_file()
    doc = read_report(path)
    assert doc.title == "Rapport d'activité 2019 de la Transfo"
    assert doc.url == "https://example.org/docs/rapport-2019.pdf" and str(doc.date) == "2019-06-30"
    with pytest.raises(CorpusError, match="no text layer"):
        import_report(reports / "scan.pdf", corpus)
    with pytest.raises(CorpusError, match="http"):
        import_report(reports / "rapport-2019.pdf", corpus, url="javascript:alert(1)")
    assert sorted(p.name for p in corpus.iterdir()) == ["rapport-2019.pdf", "rapport-2019.pdf.yml"]


def test_a_question_answered_from_page_12_cites_and_links_that_page(reports, tmp_path, real_embedder):
    settings = make_settings(tmp_path)
    import_report(reports / "rapport-2019.pdf", settings.corpus_dir, url="https://example.org/r.pdf")
    damaged_report(settings.corpus_dir / "broken.pdf", reports / "rapport-2019.pdf")
    report = service.build_index(settings, lambda: real_embedder)
    assert [u[0] for u in report.manifest.unreadable] == ["broken.pdf"]  # named, the build went on
    retriever = service.open_retriever(settings, lambda: real_embedder)
    result = retriever.search(TRANSFO, 3)
    best = result.hits[0]
    assert best.passage.page == 12 and "dix semaines" in best.passage.text
    card = render_card(result, "fr").html
    assert '📄 <a href="https://example.org/r.pdf#page=12">p. 12</a>' in card
    record = result_json(result, 1.0)["results"][0]
    assert record["page"] == 12 and record["page_url"] == "https://example.org/r.pdf#page=12"


def test_a_300_page_report_is_read_fast_and_in_little_memory(tmp_path):
    path = long_report(tmp_path / "long.pdf", 300)
    tracemalloc.start()
    started = time.perf_counter()
    doc = read_report(path)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(doc.page_starts) == 300 and doc.page_at(len(doc.text) - 1) == 300
    # Far faster than the model embeds it (≈ 1,900 chunks at ≈ 30 chunks/s: about a minute);
    # benchmarks/bench_pdf.py prints the figures.
    assert seconds < 20, seconds
    assert peak < 200 * 1024 * 1024, peak


LINE = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80)


@given(st.lists(st.lists(LINE, max_size=12).map("\n".join), max_size=8))
def test_cleaning_any_pages_keeps_their_number_and_offsets(pages):
    cleaned = clean_pages(pages)
    assert len(cleaned) == len(pages)
    paged = join_pages(cleaned)
    assert len(paged.starts) == len(pages)
    assert list(paged.starts) == sorted(paged.starts)
    for number, page in enumerate(cleaned, start=1):
        if page:
            assert paged.text[paged.starts[number - 1] :].startswith(page)


@given(
    st.lists(
        st.sampled_from(["Rapport annuel", "Page 3 / 9", "- 4 -", "12", "Le texte du labo."]), max_size=6
    )
)
def test_running_headers_and_page_numbers_never_survive(lines):
    places = ["Lille", "Rennes", "Dijon", "Nantes"]
    pages = [
        "\n".join(
            ["Rapport annuel 2019", *lines, f"Les agents de {place} testent un guichet.", f"Page {n} / 4"]
        )
        for n, place in enumerate(places, start=1)
    ]
    cleaned = clean_pages(pages)
    assert all("Rapport annuel 2019" not in p and " / 4" not in p for p in cleaned)
    assert all(f"Les agents de {place} testent" in p for p, place in zip(cleaned, places, strict=True))
