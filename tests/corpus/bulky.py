"""Large Word files made fast: a python-docx document's body repeated inside its own zip.

python-docx itself needs minutes to write a document of several MB; repeating the XML of a
small real one (numbered headings, body paragraphs, bullets, a table) gives the same shapes at
any size in a second. The same way makes the crafted file of the limits tests: a few hundred KB
that unpack to ~99 MB, just under the unpacked-size limit.
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

PARAGRAPH = (
    "Các cấp ủy, tổ chức đảng chú trọng nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở "
    "đảng và chất lượng đội ngũ đảng viên; nêu cao tinh thần tự giác, tự phê bình và phê bình."
)
BLOCKS = 20


def sample_document() -> docx.document.Document:
    """A Word document of :data:`BLOCKS` blocks: a heading with Word list numbering (I. / 1. /
    1.1. by level, "Heading 2" style), three body paragraphs, a "List Bullet" item; a 2x2 table
    after the first block."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate([("upperRoman", "%1."), ("decimal", "%2."), ("decimal", "%2.%3.")])
    )
    numbering.insert(0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for n in range(BLOCKS):
        heading = document.add_paragraph(f"Nội dung thứ {n + 1}", style="Heading 2")
        heading._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{n % 3}"/><w:numId w:val="90"/></w:numPr>')
        )
        for _ in range(3):
            document.add_paragraph(PARAGRAPH)
        document.add_paragraph("Ý kiến về công tác tuyên truyền.", style="List Bullet")
        if n == 0:
            table = document.add_table(rows=2, cols=2)
            table.cell(0, 0).text, table.cell(0, 1).text = "Đơn vị", "Thời gian"
            table.cell(1, 0).text, table.cell(1, 1).text = "Ban Tuyên giáo", "Quý I"
    return document


def grow_docx(path: Path, xml_bytes: int, body: bytes | None = None) -> Path:
    """A .docx whose document.xml is about ``xml_bytes`` long: the body of
    :func:`sample_document` (or the given body XML) repeated, the rest of the package as is."""
    template = Path(tempfile.mkdtemp(prefix="sotay-docx-")) / "sample.docx"
    sample_document().save(str(template))
    with zipfile.ZipFile(template) as source:
        xml = source.read("word/document.xml")
        start = xml.index(b"<w:body>") + len(b"<w:body>")
        end = xml.index(b"<w:sectPr")
        block = body if body is not None else xml[start:end]
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
            for item in source.infolist():
                if item.filename != "word/document.xml":
                    out.writestr(item, source.read(item))
            with out.open("word/document.xml", "w", force_zip64=True) as member:
                member.write(xml[:start])
                for _ in range(max(1, (xml_bytes - len(xml)) // len(block))):
                    member.write(block)
                member.write(xml[end:])
    return path


def crafted_docx(path: Path, xml_bytes: int = 99 * 1024 * 1024) -> Path:
    """A few hundred KB on disk, ``xml_bytes`` (by default just under the unpacked-size limit)
    of one plain paragraph repeated once unpacked."""
    paragraph = f"<w:p><w:r><w:t>{PARAGRAPH}</w:t></w:r></w:p>".encode()
    return grow_docx(path, xml_bytes, body=paragraph)
