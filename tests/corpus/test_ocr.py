"""Scanned PDFs read by OCR (Tesseract, Vietnamese), measured on scan-like pages of known text."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.ocr import NO_TESSERACT, tesseract_binary
from corpus.read import load_documents, read_file
from tests.corpus.docs import write_pdf
from tests.corpus.scans import character_error_rate, known_text, scan_page, write_scan_pdf


@pytest.fixture(scope="module", autouse=True)
def _tesseract() -> None:
    if tesseract_binary() is None:
        pytest.fail("OCR tests need Tesseract with Vietnamese data: apt-get install tesseract-ocr tesseract-ocr-vie")


@pytest.fixture
def no_tesseract(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A machine where Tesseract is not installed: nothing of that name on the PATH."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def test_clean_scan_is_read_within_three_percent_cer(tmp_path: Path) -> None:
    text = known_text()
    path = write_scan_pdf(tmp_path / "quet.pdf", [scan_page(text)])
    seen: list[tuple[int, int, str]] = []
    result = load_documents([path], progress=lambda done, total, message: seen.append((done, total, message)))
    (doc,) = result.documents
    assert doc.ocr is True
    assert character_error_rate(text, doc.text) <= 0.03
    assert "Ban Chấp hành Trung ương" in doc.text
    # Page-by-page progress: page 1 of 1 announced before it is read, and the end.
    assert (0, 1, "Nhận dạng chữ (OCR) quet.pdf: trang 1/1") in seen and (1, 1, "Nhận dạng chữ (OCR) quet.pdf: trang 1/1") in seen


def test_scan_of_two_pages_slightly_rotated_and_noisy(tmp_path: Path) -> None:
    text = known_text(lines=12)
    pages = [scan_page(text, angle=1.0), scan_page(text, noise=0.005, seed=3)]
    (doc,) = read_file(write_scan_pdf(tmp_path / "hai-trang.pdf", pages))
    assert doc.ocr
    assert character_error_rate(text + "\n" + text, doc.text) <= 0.05


def test_pdf_with_text_layer_is_not_ocr(tmp_path: Path) -> None:
    (doc,) = read_file(write_pdf(tmp_path / "so.pdf", [["Các chi bộ tổ chức sinh hoạt chuyên đề hằng quý."]]))
    assert doc.ocr is False


def test_drawing_without_any_text_is_skipped(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 100)  # a drawing: no text layer, and no letters for OCR either
    pdf.output(str(tmp_path / "hinh.pdf"))
    result = load_documents([tmp_path / "hinh.pdf"])
    assert result.skipped == [("hinh.pdf", "không có lớp văn bản và nhận dạng chữ (OCR) không đọc được chữ nào")]


def test_scan_without_tesseract_is_skipped_with_reason(tmp_path: Path, no_tesseract: None) -> None:
    path = write_scan_pdf(tmp_path / "quet.pdf", [scan_page(known_text(lines=3))])
    result = load_documents([path])
    assert result.documents == []
    assert result.skipped == [("quet.pdf", NO_TESSERACT)]


def test_mixed_pdf_without_tesseract_keeps_its_text_pages(tmp_path: Path, no_tesseract: None) -> None:
    from pypdf import PdfReader, PdfWriter

    typed = write_pdf(tmp_path / "so.pdf", [["Các chi bộ tổ chức sinh hoạt chuyên đề hằng quý."]])
    scanned = write_scan_pdf(tmp_path / "quet.pdf", [scan_page(known_text(lines=3))])
    writer = PdfWriter()
    for source in (typed, scanned):
        for page in PdfReader(str(source)).pages:
            writer.add_page(page)
    with open(tmp_path / "tron.pdf", "wb") as handle:
        writer.write(handle)
    (doc,) = read_file(tmp_path / "tron.pdf")
    assert "sinh hoạt chuyên đề" in doc.text and not doc.ocr
