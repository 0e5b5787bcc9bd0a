"""PDF reports made by the tests with reportlab: the shapes real lab reports take.

One or two columns (the two columns drawn line by line in turn, as many layout programs write
them: reading order must be rebuilt), a running header and a page-number footer, words hyphenated
at line ends, the ﬁ/ﬂ ligatures, a table, a page that is only an image (a scan), a damaged file,
an encrypted one, and long reports. Bundled Vera font: accents and ligatures are real glyphs.
"""

from __future__ import annotations

import io
import os
import random
from dataclasses import dataclass, field
from pathlib import Path

import reportlab
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT = "Vera"
pdfmetrics.registerFont(TTFont(FONT, os.path.join(os.path.dirname(reportlab.__file__), "fonts", "Vera.ttf")))
WIDTH, HEIGHT = A4
HEADER = "Rapport d'activité 2019 — Laboratoire d'innovation territoriale"
SIZE, LEADING = 10, 13

SENTENCES = (
    "Le laboratoire d'innovation publique a accompagné douze collectivités cette année.",
    "Les agents ont conçu avec les usagers un nouvel accueil pour les services sociaux.",
    "La résidence de trois semaines a réuni une designer, un sociologue et deux agents.",
    "Les prototypes ont été testés au guichet de la préfecture pendant un mois.",
    "L'évaluation a montré une baisse du temps d'attente et une meilleure orientation.",
    "Le département a décidé de financer une équipe permanente de quatre personnes.",
    "Les élus ont suivi les ateliers et validé les expérimentations suivantes.",
    "Une formation à la conception de politiques publiques a été ouverte aux cadres.",
)


@dataclass
class Page:
    """What one page holds: paragraphs in one column, or two columns, or an image only."""

    paragraphs: list[str] = field(default_factory=list)
    right: list[str] | None = None  # the second column's paragraphs
    lines: list[str] | None = None  # exact lines (to place a hyphen at a line end)
    table: list[list[str]] | None = None
    scan: bool = False


def _wrap(paragraphs: list[str], width: float) -> list[str]:
    lines: list[str] = []
    for paragraph in paragraphs:
        lines += simpleSplit(paragraph, FONT, SIZE, width)
        lines.append("")
    return lines


def _scan_image() -> ImageReader:
    image = Image.new("L", (600, 800), 255)
    draw = ImageDraw.Draw(image)
    for y in range(60, 760, 24):
        draw.rectangle((50, y, 50 + (y * 7) % 480 + 40, y + 10), fill=30)  # lines of "ink"
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    return ImageReader(buffer)


def write_report(
    path: Path,
    pages: list[Page],
    title: str | None = "Rapport d'activité 2019",
    header: bool = True,
    password: str | None = None,
) -> Path:
    """A PDF with these pages, a running header and "Page N / M" footers."""
    encrypt = None
    if password is not None:
        from reportlab.lib.pdfencrypt import StandardEncryption

        encrypt = StandardEncryption(password, ownerPassword="owner", canPrint=1)
    canvas = Canvas(str(path), pagesize=A4, encrypt=encrypt)
    if title:
        canvas.setTitle(title)
    canvas.setAuthor("Laboratoire d'innovation territoriale")
    for number, page in enumerate(pages, start=1):
        canvas.setFont(FONT, SIZE)
        if header:
            canvas.drawString(50, HEIGHT - 40, HEADER)
            canvas.drawCentredString(WIDTH / 2, 30, f"Page {number} / {len(pages)}")
        if page.scan:
            canvas.drawImage(_scan_image(), 50, 80, width=WIDTH - 100, height=HEIGHT - 160)
        elif page.right is not None:
            left, right = _wrap(page.paragraphs, 230), _wrap(page.right, 230)
            for row in range(max(len(left), len(right))):  # line by line, both columns in turn
                y = HEIGHT - 80 - row * LEADING
                if row < len(left):
                    canvas.drawString(50, y, left[row])
                if row < len(right):
                    canvas.drawString(310, y, right[row])
        else:
            lines = page.lines if page.lines is not None else _wrap(page.paragraphs, WIDTH - 100)
            y = HEIGHT - 80
            for line in lines:
                canvas.drawString(50, y, line)
                y -= LEADING
            if page.table:
                y -= LEADING
                for row in page.table:
                    for column, cell in enumerate(row):
                        canvas.rect(50 + column * 160, y - 4, 160, LEADING + 2)
                        canvas.drawString(54 + column * 160, y, cell)
                    y -= LEADING + 2
        canvas.showPage()
    canvas.save()
    return path


def filler(seed: int, sentences: int = 14) -> list[str]:
    """Paragraphs of plausible report text (the same for the same seed)."""
    rng = random.Random(seed)
    picked = [rng.choice(SENTENCES) for _ in range(sentences)]
    return [" ".join(picked[i : i + 4]) for i in range(0, len(picked), 4)]


def sample_report(path: Path) -> Path:
    """Fourteen pages: the answer on page 12, every difficulty on some page."""
    pages = [Page(filler(n)) for n in range(14)]
    pages[2] = Page(
        lines=[
            "Les agents de la Drôme ont expérimenté une démarche d'inno-",
            "vation publique avec les habitants du quartier des Ors.",
            "L'efﬁcacité du nouveau ﬂux d'accueil a été mesurée sur six mois.",
        ]
    )
    pages[4] = Page(
        ["La colonne de gauche parle du budget participatif de la commune de Kingersheim."] * 3,
        right=["La colonne de droite décrit la maison de la citoyenneté et ses ateliers."] * 3,
    )
    pages[6] = Page(
        ["Tableau des laboratoires régionaux."],
        table=[["Région", "Laboratoire", "Année"], ["Bretagne", "La Fabrique", "2017"]],
    )
    pages[8] = Page(scan=True)
    pages[11] = Page(
        [
            "Les résidences d'immersion de la Transfo ont duré dix semaines à Strasbourg : "
            "une équipe pluridisciplinaire a travaillé avec les agents de l'Eurométropole "
            "sur l'accueil des nouveaux arrivants.",
            *filler(99, 4),
        ]
    )
    return write_report(path, pages)


def long_report(path: Path, pages: int = 300) -> Path:
    """A long report of ordinary one-column pages."""
    return write_report(path, [Page(filler(n, 18)) for n in range(pages)], title="Rapport long")


def scanned_report(path: Path) -> Path:
    """Only images: no text layer at all."""
    return write_report(path, [Page(scan=True), Page(scan=True)], title=None, header=False)


def damaged_report(path: Path, source: Path) -> Path:
    """The first half of a real report's bytes."""
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path
