"""The streaming .docx reader: python-docx's text, Word's numbering, linear time."""

from __future__ import annotations

import time
from pathlib import Path

import docx
import pytest

from corpus.read import read_file
from corpus.word import read_docx
from tests.corpus.bulky import BLOCKS, grow_docx, sample_document
from tests.corpus.docs import CITY_PLAN, DECISION, DECREE, LAW, PARTY_RULE, build_docx


@pytest.mark.parametrize("source", [CITY_PLAN, DECISION, DECREE, LAW, PARTY_RULE], ids=lambda p: p.stem)
def test_paragraph_texts_match_python_docx(tmp_path: Path, source: Path) -> None:
    """Differential: every paragraph, in the body and in table cells, as python-docx reads it."""
    path = build_docx(source, tmp_path / "van-ban.docx")
    reference = docx.Document(str(path))
    expected: list[str] = []
    for table in reference.tables:
        expected += [p.text for row in table.rows for cell in row.cells for p in cell.paragraphs]
    expected += [""] if reference.tables else []
    expected += [p.text for p in reference.paragraphs]
    assert read_docx(path, path.name).split("\n") == expected


def test_runs_breaks_hyperlinks_and_merged_cells(tmp_path: Path) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    paragraph = document.add_paragraph("Điều 1. ")
    paragraph.add_run("Phạm vi").bold = True
    paragraph.add_run().add_break()  # a line break inside the paragraph
    paragraph.add_run("điều chỉnh\tvà đối tượng")
    paragraph._p.append(
        parse_xml(f'<w:hyperlink {nsdecls("w", "r")} r:id="rId99"><w:r><w:t> áp dụng</w:t></w:r></w:hyperlink>')
    )
    paragraph._p.append(parse_xml(f'<w:del {nsdecls("w")}><w:r><w:delText>đã xóa</w:delText></w:r></w:del>'))
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "Gộp dọc"
    table.cell(0, 1).text, table.cell(1, 1).text = "Một", "Hai"
    table.cell(2, 0).merge(table.cell(2, 1)).text = "Gộp ngang"
    document.save(str(tmp_path / "chay.docx"))
    text = read_docx(tmp_path / "chay.docx", "chay.docx")
    assert text.split("\n") == [
        "Điều 1. Phạm vi", "điều chỉnh\tvà đối tượng áp dụng", "Gộp dọc", "Một", "Hai", "Gộp ngang", "",
    ]


def test_numbering_goes_on_across_a_grown_document(tmp_path: Path) -> None:
    path = grow_docx(tmp_path / "lon.docx", 400_000)
    lines = read_docx(path, path.name).split("\n")
    headings = [line for line in lines if line.split(" ", 1)[-1].startswith("Nội dung thứ")]
    # Blocks cycle through levels 0, 1, 2: I. / 1. / 1.1., then II. / 1. / 1.1. ...
    assert headings[:6] == [
        "I. Nội dung thứ 1", "1. Nội dung thứ 2", "1.1. Nội dung thứ 3",
        "II. Nội dung thứ 4", "1. Nội dung thứ 5", "1.1. Nội dung thứ 6",
    ]
    assert len(headings) > 10 * BLOCKS and "- Ý kiến về công tác tuyên truyền." in lines


def test_one_megabyte_of_text_reads_in_under_two_seconds(tmp_path: Path) -> None:
    """CPU time of this process, not wall time: the test machine's cores are shared, and other
    processes' load would be measured too (bench/docx_read.py gives wall-clock figures)."""
    path = grow_docx(tmp_path / "mot-mb.docx", 2_400_000)
    start = time.process_time()
    (doc,) = read_file(path)
    seconds = time.process_time() - start
    assert len(doc.text) > 1_000_000
    assert seconds < 2.0, f"{seconds:.2f} s"


def test_sample_document_has_every_shape() -> None:
    """The generator makes what the tests above rely on: numbering, bullets and a table."""
    document = sample_document()
    assert document.tables and any(p.style.name == "List Bullet" for p in document.paragraphs)


def test_table_with_marked_header_rows_reads_as_rows(tmp_path: Path) -> None:
    """A data table whose two header rows are marked as Word's repeated header (``tblHeader``),
    "Số lượng" across two sub-columns, no merge down: one line naming the columns, then a line
    per row; a three-column signature layout after it stays its cells, one a line."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("Điều 3. Danh mục thuốc")
    table = document.add_table(rows=4, cols=4)
    for row in table.rows[:2]:
        row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for c, name in enumerate(["TT", "Tên thuốc", "Số lượng"]):
        table.cell(0, c).text = name
    table.cell(0, 2).merge(table.cell(0, 3)).text = "Số lượng"
    for c, name in enumerate(["TT", "Tên thuốc", "Nhập", "Xuất"]):
        table.cell(1, c).text = name if c >= 2 else ""
    for r, values in enumerate([["1", "Morphin", "10", "4"], ["2", "Codein", "20", "5"]], start=2):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    layout = document.add_table(rows=1, cols=3)
    for cell, text in zip(layout.rows[0].cells, ["Nơi nhận:", "KT. CHỦ TỊCH", "Nguyễn Văn A"]):
        cell.text = text
    document.save(str(tmp_path / "bang.docx"))
    lines = read_docx(tmp_path / "bang.docx", "bang.docx").split("\n")
    assert lines == [
        "Điều 3. Danh mục thuốc", "",
        "TT | Tên thuốc | Số lượng Nhập | Số lượng Xuất",
        "TT: 1; Tên thuốc: Morphin; Số lượng Nhập: 10; Số lượng Xuất: 4",
        "TT: 2; Tên thuốc: Codein; Số lượng Nhập: 20; Số lượng Xuất: 5", "",
        "Nơi nhận:", "KT. CHỦ TỊCH", "Nguyễn Văn A", "",
    ]
