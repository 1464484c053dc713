"""Exports group results by document and carry each passage's source."""

from __future__ import annotations

from datetime import date

from docx import Document as DocxDocument

from app.export import file_stem, quoted, to_markdown, write_export

RESULTS = [
    {"key": "kh#3", "doc_id": "kh", "doc_title": "Kế hoạch 230", "doc_number": "230-KH/TU", "text": "Đoạn *một*\ncó hai dòng"},
    {"key": "nq#1", "doc_id": "nq", "doc_title": "Nghị quyết XIII", "doc_number": "", "text": "Đoạn hai"},
    {"key": "kh#9", "doc_id": "kh", "doc_title": "Kế hoạch 230", "doc_number": "230-KH/TU", "text": "Đoạn ba"},
]
SOURCES = {"kh#3": "(Kế hoạch số 230-KH/TU ngày 10/3/2023, mục IV.3.1)", "nq#1": "(Nghị quyết XIII)", "kh#9": "(Kế hoạch số 230-KH/TU ngày 10/3/2023, mục I.2)"}


def test_markdown_groups_by_document_in_rank_order():
    md = to_markdown("lấy phiếu", RESULTS, SOURCES, today=date(2026, 1, 2))
    assert md.index("## Kế hoạch 230 (230-KH/TU)") < md.index("## Nghị quyết XIII")
    assert md.index("Đoạn ba") < md.index("## Nghị quyết XIII")
    assert "> Đoạn \\*một\\*\n> có hai dòng" in md
    assert "(Kế hoạch số 230-KH/TU ngày 10/3/2023, mục IV.3.1)" in md
    assert "02/01/2026" in md and "3 đoạn trích từ 2 tài liệu" in md


def test_docx_export_is_a_real_word_file(tmp_path):
    path = write_export("Lấy phiếu tín nhiệm?", RESULTS, SOURCES, "docx")
    assert path.name == "trich-dan-lay-phieu-tin-nhiem.docx" and not list(path.parent.glob(".*part"))
    text = [p.text for p in DocxDocument(str(path)).paragraphs]
    assert text[0] == "Trích dẫn: Lấy phiếu tín nhiệm?"
    assert "Kế hoạch 230 (230-KH/TU)" in text and "(Nghị quyết XIII)" in text


def test_quote_and_file_stem():
    assert quoted(" Đoạn. ", "(Nguồn)") == "“Đoạn.” (Nguồn)"
    assert file_stem("???") == "trich-dan"
