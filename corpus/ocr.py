"""Text of scanned PDF pages: rendered by PDFium (pypdfium2), read by Tesseract in Vietnamese.

Tesseract is run as its command-line program (Debian ``tesseract-ocr`` and
``tesseract-ocr-vie``) rather than through a Python binding: the binary is what does the work
either way, and calling it directly gives each page a hard timeout and a process that a
cancelled read can kill with its process group (corpus/bounded.py).
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import statistics
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from corpus.errors import UnreadableFile

OCR_DPI = 300  # Tesseract's accuracy drops quickly below ~300 dpi for body-size text
OCR_LANGUAGE = "vie"
PAGE_TIMEOUT_SECONDS = 120  # a dense A4 page takes 5-15 s on one core
# An A4 page at 300 dpi is 8.7 million pixels; a page declared far larger is rendered at a lower
# resolution, so that a crafted page size cannot allocate gigabytes.
MAX_PAGE_PIXELS = 40_000_000
NO_TESSERACT = (
    "không có lớp văn bản (bản quét) và máy chưa cài Tesseract OCR tiếng Việt "
    "(gói tesseract-ocr, tesseract-ocr-vie)"
)

PageProgress = Callable[[int, int], None]


@lru_cache(maxsize=1)
def _tesseract_languages(binary: str) -> frozenset[str]:
    try:
        listed = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    # The first line is a header ("List of available languages in ...").
    return frozenset(line.strip() for line in listed.stdout.splitlines()[1:] if line.strip())


def tesseract_binary() -> str | None:
    """Path of a Tesseract that has Vietnamese data, or None when OCR is not available."""
    binary = shutil.which("tesseract")
    if binary is None or OCR_LANGUAGE not in _tesseract_languages(binary):
        return None
    return binary


def ocr_image(image: object, binary: str, timeout: float = PAGE_TIMEOUT_SECONDS) -> str:
    """Vietnamese text of one page image (a PIL image), as Tesseract lays it out.

    Raises:
        subprocess.TimeoutExpired: The page took longer than ``timeout`` seconds.
        RuntimeError: Tesseract failed on the image.
    """
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")  # type: ignore[attr-defined]
    # One OpenMP thread: the host is shared, and Tesseract's threads gain little on one page.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    done = subprocess.run(
        [binary, "stdin", "stdout", "-l", OCR_LANGUAGE, "--dpi", str(OCR_DPI), "--psm", "3", "tsv"],
        input=buffer.getvalue(),
        capture_output=True,
        timeout=timeout,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.decode("utf-8", "replace").strip()[-300:])
    return page_text(done.stdout.decode("utf-8", "replace"))


# Two cells side by side (a letterhead's, a signature table's) are read by Tesseract across, line
# by line, and a line may hold words of both ("VĂN PHÒNG CHÍNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA" / "PHỦ
# VIỆT NAM"). A gap between two words of a line this many times the page's median word gap, and
# at least this share of the page's width, parts the cells.
_CELL_GAP_RATIO = 4.0
_CELL_GAP_SHARE = 0.04
# How far, as a share of the page's width, a right cell's lines may start left of its first line
# (centred lines start apart).
_CELL_SLACK_SHARE = 0.06
# Only where such tables stand: the page's first lines, and the recipients list's.
_TOP_LINES = 8
_RECIPIENTS = re.compile(r"^(?:Nơi nhận|Noi nhan)\b", re.IGNORECASE)


@dataclass
class _Word:
    left: int
    right: int
    text: str


def page_text(tsv: str) -> str:
    """A page's text from Tesseract's TSV: its lines, a blank line between paragraphs, and the two
    cells of a letterhead or a signature table one after the other, as a Word file's reader and a
    PDF's text layer give them."""
    rows = list(csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE))
    width = next((int(r["width"]) for r in rows if r.get("level") == "1"), 0)
    lines: dict[tuple[str, str, str], list[_Word]] = {}
    for row in rows:
        text = (row.get("text") or "").strip()
        if row.get("level") == "5" and text:
            left = int(row["left"])
            lines.setdefault((row["block_num"], row["par_num"], row["line_num"]), []).append(
                _Word(left, left + int(row["width"]), text))
    gaps = [b.left - a.right for words in lines.values() for a, b in zip(words, words[1:]) if b.left > a.right]
    cell_gap = max(_CELL_GAP_RATIO * statistics.median(gaps), _CELL_GAP_SHARE * width) if gaps else float("inf")
    slack = _CELL_SLACK_SHARE * width
    keys = list(lines)
    cells = [_cells(lines[key], cell_gap) for key in keys]
    out: list[str] = []
    i = 0
    while i < len(keys):
        if i and keys[i][:2] != keys[i - 1][:2]:
            out.append("")  # a new paragraph
        run = _table_run(cells, i, slack) if i < _TOP_LINES or _RECIPIENTS.match(" ".join(w.text for w in lines[keys[i]])) else 0
        if run:
            split = cells[i][1][0].left - slack
            left = [" ".join(w.text for cell in line for w in cell if w.left < split) for line in cells[i:i + run]]
            right = [" ".join(w.text for cell in line for w in cell if w.left >= split) for line in cells[i:i + run]]
            out += [text for text in left + right if text]
            i += run
            continue
        out.append(" ".join(w.text for w in lines[keys[i]]))
        i += 1
    return "\n".join(out) + "\n"


def _cells(words: list[_Word], gap: float) -> list[list[_Word]]:
    """A line's words in the cells its wide gaps part."""
    cells = [[words[0]]]
    for before, word in zip(words, words[1:]):
        if word.left - before.right > gap:
            cells.append([])
        cells[-1].append(word)
    return cells


def _table_run(cells: list[list[list[_Word]]], start: int, slack: float) -> int:
    """How many lines from ``start`` read two cells side by side: a line of two cells, then lines
    whose words all stand on one side of where its second cell starts or part there (a line that
    crosses it, the body's, ends the run); 0 when line ``start`` is not of two cells."""
    if len(cells[start]) != 2:
        return 0
    split = cells[start][1][0].left
    end = start + 1
    while end < len(cells):
        line = cells[end]
        if len(line) > 2 or (len(line) == 2 and not line[0][-1].right < split <= line[1][0].left + slack):
            break
        if len(line) == 1 and line[0][0].left < split - slack and line[0][-1].right > split:
            break
        end += 1
    return end - start


def ocr_pdf_pages(path: Path, name: str, pages: list[int], progress: PageProgress | None = None) -> dict[int, str]:
    """OCR text of the given (0-based) pages of a PDF, page by page.

    Args:
        path: The PDF file.
        name: The file name shown in messages.
        pages: Which pages to read (those without a text layer).
        progress: Called with (pages done, pages to do) before each page and at the end.

    Raises:
        UnreadableFile: Tesseract with Vietnamese data is not installed, PDFium cannot open the
            file, or a page cannot be read in time.
    """
    binary = tesseract_binary()
    if binary is None:
        raise UnreadableFile(name, NO_TESSERACT)
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        raise UnreadableFile(name, "tệp PDF bị hỏng") from error
    texts: dict[int, str] = {}
    try:
        for done, index in enumerate(pages):
            if progress is not None:
                progress(done, len(pages))
            page = document[index]
            try:
                width, height = page.get_size()  # in points, 72 to the inch
                scale = min(OCR_DPI / 72, (MAX_PAGE_PIXELS / max(width * height, 1.0)) ** 0.5)
                image = page.render(scale=scale, grayscale=True).to_pil()
            finally:
                page.close()
            try:
                texts[index] = ocr_image(image, binary)
            except subprocess.TimeoutExpired as error:
                raise UnreadableFile(name, f"nhận dạng chữ trang {index + 1} quá lâu") from error
            except RuntimeError as error:
                raise UnreadableFile(name, f"không nhận dạng được chữ trang {index + 1}") from error
        if progress is not None:
            progress(len(pages), len(pages))
    finally:
        document.close()
    return texts
