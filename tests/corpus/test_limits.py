"""Crafted files that unpack to far more than they weigh are refused before they are read; an
upload's read is bounded in text and time, and stops when cancelled."""

from __future__ import annotations

import threading
import time
import zipfile
from pathlib import Path

import pytest

from corpus.bounded import load_bounded, too_slow
from corpus.errors import ReadCancelled, UnreadableFile
from corpus.limits import MAX_PDF_STREAM_BYTES, MAX_UNPACKED_BYTES, too_long
from corpus.read import load_documents, read_file
from tests.corpus.bulky import crafted_docx, grow_docx
from tests.corpus.processes import reading_processes


def _zip_bomb(path: Path, unpacked: int) -> Path:
    """A .docx-named zip whose document part inflates to ``unpacked`` bytes of zeros."""
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(unpacked // len(chunk)):
                member.write(chunk)
    return path


def test_docx_zip_bomb_is_refused(tmp_path: Path) -> None:
    bomb = _zip_bomb(tmp_path / "bom.docx", MAX_UNPACKED_BYTES + 20 * 1024 * 1024)
    assert bomb.stat().st_size < 1024 * 1024  # small on disk, 120 MB unpacked
    with pytest.raises(UnreadableFile, match="giải nén ra quá lớn"):
        read_file(bomb)
    result = load_documents([bomb])
    assert result.documents == [] and result.skipped[0][0] == "bom.docx"


def test_docx_of_normal_size_still_reads(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Các chi bộ tổ chức sinh hoạt chuyên đề hằng quý về học tập và làm theo Bác.")
    document.save(str(tmp_path / "nho.docx"))
    (doc,) = read_file(tmp_path / "nho.docx")
    assert "sinh hoạt chuyên đề" in doc.text


def test_pdf_stream_bomb_is_refused(tmp_path: Path) -> None:
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    content = DecodedStreamObject()
    content.set_data(b"BT /F1 12 Tf (x) Tj ET " + b" " * (MAX_PDF_STREAM_BYTES + 1024 * 1024))
    page[NameObject("/Contents")] = writer._add_object(content.flate_encode())
    bomb = tmp_path / "bom.pdf"
    with open(bomb, "wb") as handle:
        writer.write(handle)
    assert bomb.stat().st_size < 1024 * 1024
    with pytest.raises(UnreadableFile, match="giải nén ra quá lớn"):
        read_file(bomb)


def test_crafted_docx_under_the_unpacked_limit_is_refused_fast(tmp_path: Path) -> None:
    """420 KB that unpack to 99 MB: once a core was busy 13 minutes with it; now the text-size
    limit stops the read within seconds."""
    crafted = crafted_docx(tmp_path / "bom.docx")
    assert crafted.stat().st_size < 1024 * 1024
    start = time.process_time()
    result = load_documents([crafted], max_chars=5_000_000)
    assert time.process_time() - start < 10
    assert result.documents == [] and result.skipped == [("bom.docx", too_long(5_000_000))]
    assert too_long(5_000_000) == "văn bản quá dài (trên 5.000.000 ký tự)"


def test_an_upload_past_its_text_budget_skips_the_file_that_goes_over(tmp_path: Path) -> None:
    for name in ("mot.txt", "hai.txt"):
        (tmp_path / name).write_text("1. Chi bộ sinh hoạt định kỳ.\n\n" + "Nội dung sinh hoạt chi bộ. " * 200, encoding="utf-8")
    result = load_documents([tmp_path / "mot.txt", tmp_path / "hai.txt"], max_chars=8_000)
    assert [d.id for d in result.documents] == ["mot"]
    assert result.skipped == [("hai.txt", too_long(8_000))]


def test_bounded_read_gives_the_documents_and_progress(tmp_path: Path) -> None:
    path = grow_docx(tmp_path / "van-ban.docx", 100_000)
    seen: list[str] = []
    result = load_bounded([path], seconds=60, max_chars=5_000_000, progress=lambda d, t, m: seen.append(m))
    (doc,) = result.documents
    assert doc.text == read_file(path)[0].text and result.skipped == []
    assert seen == ["Đọc tệp van-ban.docx"]


def test_bounded_read_stops_at_its_time_limit_and_kills_the_reader(tmp_path: Path) -> None:
    crafted = crafted_docx(tmp_path / "bom.docx")
    start = time.monotonic()
    result = load_bounded([crafted], seconds=1, max_chars=50_000_000)
    assert time.monotonic() - start < 5
    assert result.documents == [] and result.skipped == [("bom.docx", too_slow(1))]
    assert "giây" in too_slow(1)
    assert reading_processes() == []  # the reader was killed, not left running


def test_cancelled_read_stops_ocr_at_once(tmp_path: Path) -> None:
    from tests.corpus.scans import known_text, scan_page, write_scan_pdf

    pages = [scan_page(known_text(), seed=n) for n in range(6)]  # half a minute of OCR or more
    scan = write_scan_pdf(tmp_path / "quet.pdf", pages)
    ocr_started = threading.Event()
    cancel = threading.Event()
    groups: set[int] = set()
    running: list[bytes] = []

    def progress(done: int, total: int, message: str) -> None:
        if "OCR" in message:
            ocr_started.set()

    def cancel_during_ocr() -> None:
        ocr_started.wait(60)
        groups.update(pid for pid, _ in reading_processes())  # each reader leads its own group
        for _ in range(300):  # the page is rendered first, then Tesseract starts
            running[:] = [program for _, program in reading_processes(groups)]
            if b"tesseract" in running:
                break
            time.sleep(0.1)
        cancel.set()

    watcher = threading.Thread(target=cancel_during_ocr)
    watcher.start()
    start = time.monotonic()
    with pytest.raises(ReadCancelled, match="đã bị hủy"):
        load_bounded([scan], seconds=300, max_chars=5_000_000, progress=progress, cancelled=cancel.is_set)
    watcher.join()
    assert b"tesseract" in running and time.monotonic() - start < 30
    time.sleep(0.5)
    assert reading_processes(groups) == []  # the reader and its Tesseract are gone
