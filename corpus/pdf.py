"""Text from PDF files (pypdf's text layer, OCR for scanned pages), laid out as the segmenter
expects it.

PDF text comes as visual lines: paragraphs are broken at the page width, and every page repeats
its running header, footer and page number. Those are undone here. A page without a text layer
(a scan) is read by OCR (corpus/ocr.py); where OCR is not installed, a PDF that is all scans is
refused with a reason and the scanned pages of a mixed one are left out.

Where a document's layout marks its paragraphs (a first-line indent, or space between
paragraphs, as Word prints an administrative text), a line with neither mark goes on the
paragraph above even after a full stop: a sentence that ends at the line's end does not start a
new item. The spaces a justified line gets between its words are one space again.
"""

from __future__ import annotations

import logging
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from corpus.errors import UnreadableFile
from corpus.limits import MAX_PDF_STREAM_BYTES, MAX_TEXT_CHARS, TOO_LARGE, pdf_limits, too_long
from corpus.lines import opens_block
from corpus.normalize import normalize
from corpus.ocr import PageProgress, ocr_pdf_pages, tesseract_binary
from corpus.reflow import ENDS_SENTENCE, reflow_lines

logger = logging.getLogger(__name__)
_PAGE_NUMBER = re.compile(r"^\s*(?:trang\s*)?[-–—(]?\s*\d{1,4}\s*(?:/\s*\d{1,4})?\s*[-–—)]?\s*$", re.IGNORECASE)
_RUNNING_LINE_WORDS = 15  # running headers and footers are short; a repeated long line is content
# A line starting this many points right of the page's left edge of text is indented; one
# starting further than the most a first-line indent takes is centred or set right, which tells
# nothing of paragraphs.
_INDENT_POINTS = 3.0
_MAX_INDENT_POINTS = 60.0
# A line this much further below the one above than the page's line pitch has space above it.
_GAP_RATIO = 1.2
# The layout is trusted when at least this share of the lines whose text plainly starts a
# paragraph (an item after a full stop) show a mark, and of those that plainly go on one (a
# lowercase start after an open sentence) show none, each counted on at least a few lines.
_TRUSTED_SHARE = 0.9
_TRUSTED_LINES = 3


@dataclass
class _Line:
    """A printed line: its text and where it starts on the page (None when not known)."""

    text: str
    x: float | None = None
    y: float | None = None


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
            printed: list[list[_Line]] = []
            total = 0
            for page in reader.pages:
                # extract_text() swallows a decompression limit and returns "" (the file would
                # pass for a scan): decode the content stream first so the limit is seen.
                contents = page.get_contents()
                if contents is not None:
                    contents.get_data()
                printed.append(_printed_lines(page))
                pages.append("\n".join(line.text for line in printed[-1]))
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
            printed[index] = [_Line(line) for line in text.splitlines()]
        if sum(len(page) for page in pages) > max_chars:
            raise UnreadableFile(name, too_long(max_chars))
    ocr = any(normalize(pages[i]) for i in scanned)
    if not any(normalize(page) for page in pages):
        raise UnreadableFile(name, "không có lớp văn bản và nhận dạng chữ (OCR) không đọc được chữ nào")
    kept = _drop_running_lines([[_Line(_unjustified(ln.text.rstrip()), ln.x, ln.y) for ln in page] for page in printed])
    text = [line.text for page in kept for line in page]
    return "\n".join(reflow_lines(text, same_paragraph=_paragraph_marks(kept))) + "\n", ocr


def _printed_lines(page: object) -> list[_Line]:
    """The page's text lines as pypdf extracts them, each with where its first text starts."""
    lines = [_Line("")]
    pieces: list[str] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        pieces.append(text)
        for k, piece in enumerate(text.split("\n")):
            if k:
                lines.append(_Line(""))
            line = lines[-1]
            if k == 0 and line.x is None and piece.strip() and not line.text.strip():
                line.x, line.y = _origin(cm, tm)
            line.text += piece

    text = page.extract_text(visitor_text=visit) or ""  # type: ignore[attr-defined]
    if "".join(pieces) != text:  # the visitor did not see the text as returned: no positions
        return [_Line(line) for line in text.split("\n")]
    return lines


def _origin(cm: list[float], tm: list[float]) -> tuple[float | None, float | None]:
    """The text matrix's origin in page space (the current matrix applied to it); unknown when a
    producer's matrices are not six numbers (the layout then tells nothing, the text still reads)."""
    try:
        return (float(tm[4] * cm[0] + tm[5] * cm[2] + cm[4]), float(tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))
    except (IndexError, TypeError, ValueError):
        return None, None


def _unjustified(line: str) -> str:
    """A justified line's widened word spaces as single spaces ("53.  Sắp  xếp  toàn  bộ");
    a line whose spaces differ (columns side by side: "ỦY BAN NHÂN DÂN      CỘNG HÒA …") is
    left as it is."""
    gaps = re.findall(r" +", line.strip())
    widths = {len(gap) for gap in gaps}
    if len(gaps) >= 3 and min(widths) >= 2 and max(widths) - min(widths) <= 1:
        return re.sub(r" +", " ", line)
    return line


def _paragraph_marks(pages: list[list[_Line]]) -> list[bool | None] | None:
    """Per line of the document (pages one after another): whether its layout shows it going on
    the paragraph above (no indent, no space above it), or None where the layout tells nothing
    (a line without a position; one set off the left edge by other than the document's
    first-line indent, as a centred title's lines are; a page's first line unless the document's
    paragraphs start indented). None for the whole document unless its layout marks paragraphs
    plainly (see :data:`_TRUSTED_SHARE`)."""
    pitch = _line_pitch(pages)
    if pitch is None:
        return None
    # The text's left edge over the whole document: a page holding only an indented list (the
    # recipients under the signature) has no line at the edge of its own.
    left = min((line.x for lines in pages for line in lines if line.x is not None), default=0.0)
    # Per line: (offset from the left edge, space above it; None where not known, and for a
    # page's first line), and what its text plainly is: a paragraph's start (an item after a full
    # stop) or its continuation (lowercase after an open sentence).
    placed: list[tuple[float | None, bool | None, str]] = []
    for lines in pages:
        for k, line in enumerate(lines):
            above = lines[k - 1] if k else None
            offset = line.x - left if line.x is not None else None
            spaced = None
            plainly = ""
            if above is not None and above.y is not None and line.y is not None and above.y > line.y:
                spaced = above.y - line.y > _GAP_RATIO * pitch
                text, before = line.text.strip(), above.text.strip()
                if opens_block(normalize(text)) and ENDS_SENTENCE.search(before):
                    plainly = "start"
                elif text[:1].islower() and before and not ENDS_SENTENCE.search(before):
                    plainly = "goes on"
            placed.append((offset, spaced, plainly))
    starts = [offset for offset, spaced, plainly in placed if plainly == "start" and offset is not None]
    indents = [offset for offset in starts if _INDENT_POINTS < offset <= _MAX_INDENT_POINTS]
    # Paragraphs start indented: their indent, which a page's first line shows too.
    indent = statistics.median(indents) if starts and len(indents) >= _TRUSTED_SHARE * len(starts) else None

    def indented(offset: float | None) -> bool | None:
        if offset is None:
            return None
        if offset <= _INDENT_POINTS:
            return False
        return True if indent is not None and abs(offset - indent) <= _INDENT_POINTS else None

    marks: list[bool | None] = []
    marked_starts: list[bool] = []
    bare_continuations: list[bool] = []
    for offset, spaced, plainly in placed:
        inset = indented(offset)
        if spaced is None:
            marks.append(None if inset is None or indent is None else not inset)
            continue
        mark = None if inset is None and not spaced else bool(inset or spaced)
        marks.append(None if mark is None else not mark)
        if plainly == "start":
            marked_starts.append(mark is True)
        elif plainly == "goes on":
            bare_continuations.append(mark is False)
    trusted = all(
        len(seen) >= _TRUSTED_LINES and sum(seen) >= _TRUSTED_SHARE * len(seen) for seen in (marked_starts, bare_continuations)
    )
    logger.debug("PDF layout: %d of %d paragraph starts marked, %d of %d continuations unmarked%s",
                 sum(marked_starts), len(marked_starts), sum(bare_continuations), len(bare_continuations),
                 "" if trusted else " (not used)")
    return marks if trusted else None


def _line_pitch(pages: list[list[_Line]]) -> float | None:
    """The distance between two lines of one paragraph: the smallest step down from a line to
    the next that is common in the document (a tenth of the steps or more; a page of one-line
    list items has only the larger step between paragraphs)."""
    steps = Counter(
        round(a.y - b.y, 1)
        for lines in pages
        for a, b in zip(lines, lines[1:])
        if a.y is not None and b.y is not None and a.y > b.y
    )
    total = sum(steps.values())
    common = [step for step, n in steps.items() if n >= 0.1 * total]
    return min(common) if common else None


def _drop_running_lines(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Remove page numbers and headers/footers repeated at the top or bottom of most pages."""
    pages = [[ln for ln in lines if ln.text.strip()] for lines in pages]
    edges: Counter[str] = Counter()
    for lines in pages:
        edges.update({_edge_key(ln.text) for ln in lines[:2] + lines[-2:]})
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
                if not (i in edge and (_PAGE_NUMBER.match(ln.text) or _edge_key(ln.text) in repeated))
            ]
        )
    return cleaned


def _edge_key(line: str) -> str:
    # Running headers often carry the page number: compare them without digits.
    return re.sub(r"\d+", "#", normalize(line))
