"""Documents: speeches and notices as DOCX, as PDF with a text layer, and as image-only "scanned" PDFs.

``plan_documents`` picks kind, date, format and file name for each document;
``DocumentFile.render`` writes it.

PDF text uses reportlab's built-in CID font STSong-Light (UniGB-UCS2-H
encoding, not embedded): pypdf extracts the Chinese back unchanged. Scans
render the text with a CJK font through Pillow onto slightly skewed, specked
pages saved as a PDF holding only those images, so reading them needs OCR;
without a CJK font (``cjk_font`` returns None) no scans can be made.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import random
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from adalet.demo.custody import BUREAUS
from adalet.demo.texts import CENTRE, DATES, INDENT, NOTICE, RIGHT, SPEECH, TITLE, Text, compose, make_officials
from adalet.demo.zips import restamp

PDF_FONT = "STSong-Light"
KNOWN_CJK_FONTS = (("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),)  # face 2: Simplified Chinese
SCAN_DPI = 200
SCAN_SIZE = (1654, 2339)  # A4 at 200 dpi
PAPER = 250
INDENT_CHARS = "\u3000\u3000"  # two ideographic spaces open a paragraph
NO_LINE_START = frozenset("，。、；：？！）》」』”’%")  # punctuation that must not begin a line
SCAN_EVERY = 10  # every tenth document is a scan
DOCX, PDF, SCAN = "docx", "pdf", "scan"
DOCX_ALIGNMENT = {TITLE: WD_ALIGN_PARAGRAPH.CENTER, CENTRE: WD_ALIGN_PARAGRAPH.CENTER, RIGHT: WD_ALIGN_PARAGRAPH.RIGHT}


def _wrap(line: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Break ``line`` into pieces no wider than ``width``; CJK text breaks between any two characters."""
    pieces, current, used = [], "", 0.0
    for char in line:
        char_width = measure(char)
        if used + char_width > width and current and char not in NO_LINE_START:
            pieces.append(current)
            current, used = "", 0.0
        current += char
        used += char_width
    return [*pieces, current]


def write_docx(text: Text, saved: dt.datetime) -> bytes:
    document = Document()
    normal = document.styles["Normal"]
    normal.font.size = Pt(16)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")
    props = document.core_properties
    props.author = props.last_modified_by = text.author.name
    props.title, props.comments, props.revision = text.title, "", 1
    props.created = props.modified = saved
    for line, alignment in text.blocks():
        paragraph = document.add_paragraph(line)
        if alignment in DOCX_ALIGNMENT:
            paragraph.alignment = DOCX_ALIGNMENT[alignment]
        if alignment == INDENT:
            paragraph.paragraph_format.first_line_indent = Pt(32)
        if alignment == TITLE:
            paragraph.runs[0].font.size, paragraph.runs[0].font.bold = Pt(22), True
    buffer = io.BytesIO()
    document.save(buffer)
    return restamp(buffer.getvalue(), saved)


@functools.cache
def _pdf_font() -> str:
    pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    return PDF_FONT


def write_pdf(text: Text, saved: dt.datetime) -> bytes:
    font = _pdf_font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True, pageCompression=1)
    canvas.setDateFormatter(lambda *_: f"D:{saved:%Y%m%d%H%M%S}+08'00'")
    canvas.setTitle(text.title)
    canvas.setAuthor(text.author.name)
    canvas.setCreator("WPS 文字")
    width, height = A4
    margin, leading = 72.0, 22.0
    y = height - margin
    for line, alignment in text.blocks():
        size = 18.0 if alignment == TITLE else 12.0
        measure = functools.partial(pdfmetrics.stringWidth, fontName=font, fontSize=size)
        for piece in _wrap(INDENT_CHARS + line if alignment == INDENT else line, width - 2 * margin, measure):
            if y < margin:
                canvas.showPage()
                y = height - margin
            canvas.setFont(font, size)
            if alignment in (TITLE, CENTRE):
                canvas.drawCentredString(width / 2, y, piece)
            elif alignment == RIGHT:
                canvas.drawRightString(width - margin - 2 * size, y, piece)
            else:
                canvas.drawString(margin, y, piece)
            y -= leading * (2 if alignment == TITLE else 1)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@functools.cache
def cjk_font() -> tuple[str, int] | None:
    """Path and face index of an installed font that can draw Simplified Chinese, if any."""
    if shutil.which("fc-match"):
        found = subprocess.run(
            ["fc-match", "-f", "%{file}\t%{index}\t%{lang}", "Noto Sans CJK SC:lang=zh-cn"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.split("\t")
        if len(found) == 3 and "zh-cn" in found[2].split("|"):
            return found[0], int(found[1])
    return next(((path, index) for path, index in KNOWN_CJK_FONTS if Path(path).exists()), None)


class ScanRenderer:
    """Renders a text as skewed, specked greyscale pages and saves them as an image-only PDF."""

    def __init__(self, font: tuple[str, int]) -> None:
        path, index = font
        self._fonts = {size: ImageFont.truetype(path, size, index=index) for size in (30, 36, 56)}

    def _seal(self, draw: ImageDraw.ImageDraw, issuer: str, centre: tuple[float, float]) -> None:
        x, y = centre
        draw.ellipse((x - 150, y - 150, x + 150, y + 150), outline=120, width=9)
        draw.text((x, y - 40), "★", font=self._fonts[30], fill=120, anchor="mm")
        draw.text((x, y + 30), issuer, font=self._fonts[30], fill=120, anchor="mm")

    def _finish(self, page: Image.Image, rng: random.Random) -> Image.Image:
        draw = ImageDraw.Draw(page)
        for _ in range(400):  # dust and toner specks
            draw.point((rng.randrange(SCAN_SIZE[0]), rng.randrange(SCAN_SIZE[1])), fill=rng.randint(60, 200))
        return page.rotate(rng.uniform(-1.2, 1.2), resample=Image.Resampling.BILINEAR, fillcolor=PAPER)

    def render(self, text: Text, saved: dt.datetime, rng: random.Random) -> bytes:
        left, right, top, bottom, leading = 170, SCAN_SIZE[0] - 170, 220, SCAN_SIZE[1] - 200, 56
        pages = [Image.new("L", SCAN_SIZE, PAPER)]
        draw, y = ImageDraw.Draw(pages[0]), top
        for line, alignment in text.blocks():
            font = self._fonts[56 if alignment == TITLE else 36]
            for piece in _wrap(INDENT_CHARS + line if alignment == INDENT else line, right - left, font.getlength):
                if y > bottom:
                    pages.append(Image.new("L", SCAN_SIZE, PAPER))
                    draw, y = ImageDraw.Draw(pages[-1]), top
                if alignment in (TITLE, CENTRE):
                    draw.text((SCAN_SIZE[0] / 2, y), piece, font=font, fill=20, anchor="ma")
                elif alignment == RIGHT:
                    draw.text((right - 80, y), piece, font=font, fill=20, anchor="ra")
                else:
                    draw.text((left, y), piece, font=font, fill=rng.randint(10, 50))
                y += leading * (2 if alignment == TITLE else 1)
        if text.kind == "notice":
            self._seal(draw, text.issuer, (right - 240, y - leading))
        first, *rest = [self._finish(page, rng) for page in pages]
        buffer = io.BytesIO()
        first.save(
            buffer,
            "PDF",
            save_all=True,
            append_images=rest,
            resolution=SCAN_DPI,
            quality=70,
            title="",
            creator="Scanner",
            creationDate=saved.timetuple(),
            modDate=saved.timetuple(),
        )
        return buffer.getvalue()


@dataclass(frozen=True)
class DocumentFile:
    path: str
    format: str  # DOCX, PDF or SCAN (an image-only PDF)
    text: Text
    saved: dt.datetime

    def render(self, scanner: ScanRenderer | None, rng: random.Random) -> bytes:
        if self.format == DOCX:
            return write_docx(self.text, self.saved)
        if self.format == PDF:
            return write_pdf(self.text, self.saved)
        if scanner is None:
            raise ValueError("scans need a CJK font")
        return scanner.render(self.text, self.saved, rng)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "format": self.format, "text_layer": self.format != SCAN, **self.text.to_dict()}


def plan_documents(count: int, rng: random.Random, *, scans: bool) -> list[DocumentFile]:
    """``count`` speeches and notices, alternating DOCX and PDF; every tenth is a scanned notice (only if ``scans``)."""
    officials = {bureau.name: make_officials(bureau, rng) for bureau in BUREAUS.values}
    serials: Counter[tuple[str, int]] = Counter()
    used: set[str] = set()
    planned = []
    for index in range(count):
        form = SCAN if index % SCAN_EVERY == SCAN_EVERY - 1 else (DOCX, PDF)[index % 2]
        kind = NOTICE if form == SCAN else rng.choice((SPEECH, NOTICE))
        bureau = BUREAUS.pick(rng)
        day = DATES[0] + dt.timedelta(days=rng.randint(0, (DATES[1] - DATES[0]).days))
        serials[bureau.name, day.year] += 1
        text = compose(
            kind, bureau, officials[bureau.name], day, serials[bureau.name, day.year], rng, sections=rng.randint(2, 4)
        )
        saved = dt.datetime.combine(day, dt.time(rng.randint(9, 19), rng.randint(0, 59), rng.randint(0, 59)))
        if form == SCAN:
            path = f"扫描件/{saved:%Y%m%d}_{index + 1:04d}.pdf"
        elif kind == SPEECH:
            path = f"讲话/{day:%Y%m%d}{text.author.name}同志{text.title}.{form}"
        else:
            path = f"通知/{text.number}{text.title}.{form}"
        while path in used:  # the same speaker at the same meeting on the same day
            stem = PurePosixPath(path)
            path = str(stem.with_stem(stem.stem + "（2）"))
        used.add(path)
        if form != SCAN or scans:
            planned.append(DocumentFile(path, form, text, saved))
    return planned
