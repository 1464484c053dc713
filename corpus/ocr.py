"""Text of scanned PDF pages: rendered by PDFium (pypdfium2), read by Tesseract in Vietnamese.

Tesseract is run as its command-line program (Debian ``tesseract-ocr`` and
``tesseract-ocr-vie``) rather than through a Python binding: the binary is what does the work
either way, and calling it directly gives each page a hard timeout and a process that a
cancelled read can kill with its process group (corpus/bounded.py).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from collections.abc import Callable
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
        [binary, "stdin", "stdout", "-l", OCR_LANGUAGE, "--dpi", str(OCR_DPI), "--psm", "3"],
        input=buffer.getvalue(),
        capture_output=True,
        timeout=timeout,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.decode("utf-8", "replace").strip()[-300:])
    return done.stdout.decode("utf-8", "replace")


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
