"""Scan-like PDFs made from known text, to measure OCR (tests/corpus/test_ocr.py, bench/ocr.py).

A page is drawn the way a scanner sees a printed A4 page: black DejaVu Sans text on white at
300 dpi, optionally turned by a small angle (a sheet laid slightly askew) and sprinkled with
speckle noise (dust, paper grain), then saved as an image-only PDF — no text layer.
"""

from __future__ import annotations

import random
import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from tests.corpus.docs import PARTY_RULE, pdf_font

DPI = 300
A4_PIXELS = (2480, 3508)  # 210 x 297 mm at 300 dpi
FONT_POINTS = 12
LINE_CHARS = 70


def known_text(lines: int = 24, source: Path = PARTY_RULE) -> str:
    """Body lines of a project test document, wrapped as a printed page would be."""
    body = [ln.strip() for ln in source.read_text(encoding="utf-8").splitlines() if len(ln.strip()) > 30]
    wrapped = textwrap.wrap(" ".join(body), LINE_CHARS)
    return "\n".join(wrapped[:lines])


def scan_page(text: str, *, angle: float = 0.0, noise: float = 0.0, seed: int = 0) -> Image.Image:
    """A grayscale A4 page image of ``text`` at 300 dpi.

    Args:
        text: The lines to print.
        angle: Rotation in degrees (positive: counter-clockwise).
        noise: Share of pixels turned to random dark or light specks (0.01 = 1%).
        seed: For the noise, so that a measurement can be repeated.
    """
    font = ImageFont.truetype(str(pdf_font()), size=round(FONT_POINTS * DPI / 72))
    page = Image.new("L", A4_PIXELS, 255)
    draw = ImageDraw.Draw(page)
    margin = 300  # about 25 mm
    line_height = round(FONT_POINTS * DPI / 72 * 1.5)
    for row, line in enumerate(text.splitlines()):
        draw.text((margin, margin + row * line_height), line, fill=0, font=font)
    if angle:
        page = page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255, expand=False)
    if noise:
        rng = random.Random(seed)
        pixels = page.load()
        width, height = page.size
        for _ in range(int(noise * width * height)):
            pixels[rng.randrange(width), rng.randrange(height)] = rng.choice((0, 96, 160, 255))
    return page


def write_scan_pdf(path: Path, pages: list[Image.Image]) -> Path:
    """An image-only PDF (no text layer) of the page images, at 300 dpi."""
    first, *rest = [page.convert("L") for page in pages]
    first.save(path, format="PDF", resolution=DPI, save_all=True, append_images=rest)
    return path


def scan_printed(printed: Path, target: Path, first: int = 1) -> Path:
    """``printed`` (a PDF with a text layer) scanned: its first ``first`` pages and the page of
    its "Nơi nhận" list rendered at 300 dpi into an image-only PDF at ``target``."""
    import pypdfium2 as pdfium
    from pypdf import PdfReader

    texts = [page.extract_text() or "" for page in PdfReader(str(printed)).pages]
    signed = next((i for i, text in enumerate(texts) if "Nơi nhận" in text), len(texts) - 1)
    rendered = pdfium.PdfDocument(str(printed))
    wanted = sorted({*range(min(first, signed + 1)), signed})
    return write_scan_pdf(target, [rendered[i].render(scale=DPI / 72, grayscale=True).to_pil() for i in wanted])


def character_error_rate(reference: str, recognized: str) -> float:
    """Levenshtein distance between the two texts over the reference's length, whitespace runs
    counted as one space (line breaks are layout, not characters the reader sees)."""
    a, b = " ".join(reference.split()), " ".join(recognized.split())
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1] / max(len(a), 1)
