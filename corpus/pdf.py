"""Text from PDF files (pypdf's text layer, OCR for scanned pages), laid out as the segmenter
expects it.

PDF text comes as visual lines: paragraphs are broken at the page width, and every page repeats
its running header, footer and page number. Those are undone here. A page without a text layer
(a scan) is read by OCR (corpus/ocr.py); where OCR is not installed, a PDF that is all scans is
refused with a reason and the scanned pages of a mixed one are left out.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from corpus.errors import UnreadableFile
from corpus.limits import MAX_PDF_STREAM_BYTES, MAX_TEXT_CHARS, TOO_LARGE, pdf_limits, too_long
from corpus.ocr import PageProgress, ocr_pdf_pages, tesseract_binary
from corpus.normalize import normalize
from corpus.reflow import reflow_lines

_PAGE_NUMBER = re.compile(r"^\s*(?:trang\s*)?[-–—(]?\s*\d{1,4}\s*(?:/\s*\d{1,4})?\s*[-–—)]?\s*$", re.IGNORECASE)
_RUNNING_LINE_WORDS = 15  # running headers and footers are short; a repeated long line is content


def read_pdf(
    path: Path, name: str, progress: PageProgress | None = None, max_chars: int = MAX_TEXT_CHARS
) -> tuple[str, bool]:
    """Text of every page, hard line breaks inside paragraphs re-flowed, repeated page headers
    and footers and page numbers dropped; pages without a text layer read by OCR.

    Args:
        path: The PDF file.
        name: The file name shown in messages.
        progress: Called with (pages done, pages to do) while scanned pages are read by OCR.
        max_chars: Most characters of text the file may give.

    Returns:
        The text, and whether any of it came from OCR.

    Raises:
        UnreadableFile: A corrupt, encrypted or oversized PDF, one with more than ``max_chars``
            of text, or a scan with no readable text.
    """
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PdfReadError

    too_large = UnreadableFile(name, TOO_LARGE.format(mb=MAX_PDF_STREAM_BYTES // (1024 * 1024)))
    try:
        with pdf_limits():
            reader = PdfReader(str(path))
            if reader.is_encrypted and not reader.decrypt(""):
                raise UnreadableFile(name, "tệp PDF có mật khẩu")
            pages: list[str] = []
            total = 0
            for page in reader.pages:
                # extract_text() swallows a decompression limit and returns "" (the file would
                # pass for a scan): decode the content stream first so the limit is seen.
                contents = page.get_contents()
                if contents is not None:
                    contents.get_data()
                pages.append(page.extract_text() or "")
                total += len(pages[-1])
                if total > max_chars:
                    raise UnreadableFile(name, too_long(max_chars))
    except UnreadableFile:
        raise
    except LimitReachedError as error:
        raise too_large from error
    except (PdfReadError, OSError, ValueError, KeyError, TypeError) as error:
        raise UnreadableFile(name, "tệp PDF bị hỏng") from error
    scanned = [i for i, page in enumerate(pages) if not normalize(page)]
    # Without Tesseract a mixed PDF keeps its text pages; one that is all scans gets the reason.
    if scanned and (len(scanned) == len(pages) or tesseract_binary() is not None):
        for index, text in ocr_pdf_pages(path, name, scanned, progress).items():
            pages[index] = text
        if sum(len(page) for page in pages) > max_chars:
            raise UnreadableFile(name, too_long(max_chars))
    ocr = any(normalize(pages[i]) for i in scanned)
    if not any(normalize(page) for page in pages):
        raise UnreadableFile(name, "không có lớp văn bản và nhận dạng chữ (OCR) không đọc được chữ nào")
    page_lines = [[ln.rstrip() for ln in page.splitlines()] for page in pages]
    page_lines = _drop_running_lines(page_lines)
    return "\n".join(reflow_lines([line for lines in page_lines for line in lines])) + "\n", ocr


def _drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Remove page numbers and headers/footers repeated at the top or bottom of most pages."""
    pages = [[ln for ln in lines if ln.strip()] for lines in pages]
    edges: Counter[str] = Counter()
    for lines in pages:
        edges.update({_edge_key(ln) for ln in lines[:2] + lines[-2:]})
    repeated = {
        key
        for key, n in edges.items()
        if len(pages) >= 3 and n >= 0.6 * len(pages) and len(key.split()) <= _RUNNING_LINE_WORDS
    }
    cleaned = []
    for lines in pages:
        edge = set(range(min(2, len(lines)))) | set(range(max(len(lines) - 2, 0), len(lines)))
        cleaned.append(
            [
                ln
                for i, ln in enumerate(lines)
                if not (i in edge and (_PAGE_NUMBER.match(ln) or _edge_key(ln) in repeated))
            ]
        )
    return cleaned


def _edge_key(line: str) -> str:
    # Running headers often carry the page number: compare them without digits.
    return re.sub(r"\d+", "#", normalize(line))
