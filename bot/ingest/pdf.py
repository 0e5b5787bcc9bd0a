"""Read a PDF report (pypdfium2): each page's text in reading order, and the file's metadata.

pypdfium2 (Apache-2.0/BSD, Google's PDFium) was chosen by measurement over pypdf and pdfminer.six
(benchmarks/bench_pdf.py, README "Adding reports (PDF)"): all three get accents, ligatures and
tables right; PDFium is 7 to 27 times faster. None of them puts a two-column page in reading
order when its columns are written line by line, so columns are found here: a vertical gutter
that no text run crosses splits the page, left column first.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from bot.errors import PostError

MAX_PDF_BYTES = 200_000_000
_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?")


@dataclass(frozen=True)
class PdfContent:
    """What a PDF file holds: the raw text of each page (in reading order) and its metadata."""

    pages: list[str]
    title: str | None
    author: str | None
    date: dt.date | None


def _pdf_date(value: str | None) -> dt.date | None:
    match = _PDF_DATE.match(value or "")
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2] or 1), int(match[3] or 1))
    except ValueError:
        return None


def _gutter(rects: list[tuple[float, float, float, float]], width: float) -> float | None:
    """The x of the gap between two columns, if the page has two: a vertical line in the middle
    third that (almost) no text run crosses, with plenty of text on both sides."""
    if len(rects) < 6:
        return None
    best: tuple[int, float] | None = None
    x = width * 0.3
    while x <= width * 0.7:
        crossing = sum(1 for left, _, right, _ in rects if left < x < right)
        if best is None or crossing < best[0]:
            best = (crossing, x)
        x += 2.0
    assert best is not None
    crossing, x = best
    on_left = sum(1 for rect in rects if rect[2] <= x)
    on_right = sum(1 for rect in rects if rect[0] >= x)
    if crossing > 0.15 * len(rects) or min(on_left, on_right) < 0.25 * len(rects):
        return None
    return x


def _page_text(page: object) -> str:
    """One page's text; two columns are read one after the other."""
    import pypdfium2 as pdfium

    assert isinstance(page, pdfium.PdfPage)
    textpage = page.get_textpage()
    try:
        width, height = page.get_size()
        rects = [textpage.get_rect(i) for i in range(textpage.count_rects())]
        x = _gutter(rects, width)
        if x is None:
            return str(textpage.get_text_range())
        # The band where both columns have text; what is above or below spans the page.
        left = [r for r in rects if r[2] <= x]
        right = [r for r in rects if r[0] >= x]
        top = min(max(r[3] for r in left), max(r[3] for r in right)) + 0.5
        bottom = max(min(r[1] for r in left), min(r[1] for r in right)) - 0.5
        parts = (
            textpage.get_text_bounded(0, top, width, height),  # a title across both columns
            textpage.get_text_bounded(0, bottom, x, top),
            textpage.get_text_bounded(x, bottom, width, top),
            textpage.get_text_bounded(0, 0, width, bottom),  # a footer
        )
        return "\n".join(part for part in parts if part.strip())
    finally:
        textpage.close()


def read_pdf(path: Path) -> PdfContent:
    """The pages and metadata of a PDF; CorpusError (named) for a damaged or encrypted file."""
    import pypdfium2 as pdfium  # loaded only when the corpus holds reports

    if path.stat().st_size > MAX_PDF_BYTES:
        raise PostError(path.name, "too_big", size=MAX_PDF_BYTES // 1_000_000)
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        reason = str(exc).lower()
        if "password" in reason:
            raise PostError(path.name, "encrypted") from exc
        raise PostError(path.name, "not_a_pdf", detail=exc) from exc
    try:
        meta = document.get_metadata_dict(skip_empty=True)
        pages = []
        for index in range(len(document)):
            page = document[index]
            try:
                pages.append(_page_text(page))
            finally:
                page.close()
    except pdfium.PdfiumError as exc:
        raise PostError(path.name, "damaged_pdf", detail=exc) from exc
    finally:
        document.close()
    return PdfContent(
        pages=pages,
        title=" ".join(meta.get("Title", "").split()) or None,
        author=" ".join(meta.get("Author", "").split()) or None,
        date=_pdf_date(meta.get("CreationDate")),
    )
