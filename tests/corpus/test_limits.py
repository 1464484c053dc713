"""Crafted files that unpack to far more than they weigh are refused before they are read."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from corpus.errors import UnreadableFile
from corpus.limits import MAX_PDF_STREAM_BYTES, MAX_UNPACKED_BYTES
from corpus.read import load_documents, read_file


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
