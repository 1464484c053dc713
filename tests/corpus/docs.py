"""Real-shaped test documents (tests/data/docs) and their Word variants.

The .txt files are written for this project in the shape real files take once their text is
extracted: a law as a PDF text layer gives it (lines hard-wrapped at about 80 characters, the
two-column letterhead merged on one line, wrapped ``Điều`` titles, a signature block), a
Nghị định from a PDF (letterhead columns run together, "Nơi nhận" interleaved with the
signature), a Party Quy định and a city Kế hoạch as python-docx reads a Word file (the
letterhead table's cells one after another). Their wording follows real documents of the kind
but they are test material, not authoritative copies. There is deliberately no MANIFEST.tsv:
metadata must be detected from the text.

:func:`build_docx` turns one of them into a .docx whose letterhead is a real Word table, so the
same document can be read through corpus/word.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from corpus import frame
from corpus.document import Document
from corpus.normalize import normalize
from corpus.titlecase import is_caps

DOCS = Path(__file__).resolve().parents[1] / "data" / "docs"
LAW = DOCS / "luat-cu-tru.txt"
DECREE = DOCS / "nghi-dinh-can-bo-cap-xa.txt"
PARTY_RULE = DOCS / "quy-dinh-37-qd-tw.txt"
CITY_PLAN = DOCS / "ke-hoach-308-kh-ubnd.txt"
DECISION = DOCS / "quyet-dinh-12-2024-qd-ubnd.txt"

# How many lines of each file's letterhead go in each cell, row by row (left, right).
HEADER_CELLS = {
    CITY_PLAN.name: ((2, 2), (1, 1)),
    PARTY_RULE.name: ((3, 2),),
}


def build_docx(source: Path, target: Path) -> Path:
    """Write ``source`` (a .txt of this folder) as a .docx: the letterhead as a two-column table
    (per :data:`HEADER_CELLS`), every other non-blank line as a paragraph."""
    lines = source.read_text(encoding="utf-8").split("\n")
    document = docx.Document()
    position = 0
    rows = HEADER_CELLS.get(source.name, ())
    if rows:
        table = document.add_table(rows=len(rows), cols=2)
        for r, counts in enumerate(rows):
            for c, count in enumerate(counts):
                cell = table.cell(r, c)
                cell.text = lines[position]
                for line in lines[position + 1:position + count]:
                    cell.add_paragraph(line)
                position += count
    for line in lines[position:]:
        if line.strip():
            document.add_paragraph(line.strip())
    document.save(str(target))
    return target


def pdf_font() -> Path:
    """A TTF with Vietnamese glyphs: DejaVu Sans (Debian package fonts-dejavu-core, which
    run.sh installs) from the standard font folders."""
    for folder in (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".local/share/fonts"):
        found = sorted(folder.rglob("DejaVuSans.ttf")) if folder.is_dir() else []
        if found:
            return found[0]
    pytest.fail("PDF tests need a Vietnamese-capable TTF: install fonts-dejavu-core")


def write_pdf(path: Path, pages: list[list[str]], header: str = "", paragraph_space: float = 2) -> Path:
    """A PDF with a text layer: each page's paragraphs wrapped at the page width (as a
    printed document is) with ``paragraph_space`` mm between them, an optional running header,
    the page number at the foot."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("dejavu", fname=str(pdf_font()))
    pdf.set_font("dejavu", size=11)
    pdf.set_auto_page_break(False)
    for number, paragraphs in enumerate(pages, start=1):
        pdf.add_page()
        if header:
            pdf.cell(0, 8, header, new_x="LMARGIN", new_y="NEXT")
        for paragraph in paragraphs:
            pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
            if paragraph_space:
                pdf.ln(paragraph_space)
        pdf.set_y(-15)
        pdf.cell(0, 8, str(number), align="C")
    pdf.output(str(path))
    return path


def write_word_style_pdf(path: Path, paragraphs: list[str]) -> Path:
    """A PDF printed as Word prints an administrative text: justified paragraphs whose first line
    is indented 1 cm, no space between paragraphs, pages broken where they fill, the page number
    at the foot."""
    from fpdf import FPDF

    class _Numbered(FPDF):
        def footer(self) -> None:
            self.set_y(-15)
            self.cell(0, 8, str(self.page_no()), align="C")

    pdf = _Numbered()
    pdf.add_font("dejavu", fname=str(pdf_font()))
    pdf.set_font("dejavu", size=11)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    with pdf.text_columns(text_align="J", line_height=1.3) as columns:
        for paragraph in paragraphs:
            with columns.paragraph(first_line_indent=10) as written:
                written.write(paragraph)
    pdf.output(str(path))
    return path


def build_pdf(source: Path, target: Path, lines_per_page: int = 30, word_style: bool = False) -> Path:
    """Print ``source`` (a .txt of this folder) to a PDF, one source line per paragraph: spaced
    paragraphs, or as Word prints (:func:`write_word_style_pdf`)."""
    lines = [line.strip() for line in source.read_text(encoding="utf-8").split("\n") if line.strip()]
    if word_style:
        return write_word_style_pdf(target, lines)
    pages = [lines[i:i + lines_per_page] for i in range(0, len(lines), lines_per_page)]
    return write_pdf(target, pages)


# The lines of a letterhead's right column: the national name and motto (or the Party's name),
# and the place and date.
_RIGHT_COLUMN = re.compile(r"^(?:CỘNG HÒA|Độc lập|ĐẢNG CỘNG SẢN|[^\W\d_][^,]{1,30}, ngày)")
_ENTRY = re.compile(r"^[-+]\s*")


def issued_docx(doc: Document, target: Path, widths: tuple[float, float]) -> Path:
    """``doc`` (a real page as read) laid out as its issuer's Word file: the letterhead and the
    signature as borderless two-column tables of ``widths`` cm (issuing body and number | national
    name, motto, place and date; "Nơi nhận:" and its list | the signature block), the title
    centred in bold, the rest justified with a first-line indent, in DejaVu Serif 13 (which
    run.sh installs, so that LibreOffice wraps the columns alike everywhere)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    # The portal's cell marks and its national name glued to the motto are no part of the file.
    text = doc.text.replace("VIỆT NAMĐộc", "VIỆT NAM\nĐộc").replace("|", " ")
    lines = [" ".join(line.split()) for line in text.split("\n") if line.strip(" |")]
    # The title, or a letter's "Kính gửi: …" under its letterhead (its "V/v …" in the left column).
    title = next(i for i, line in enumerate(lines) if frame.kind_heading(normalize(line)) or line.startswith("Kính gửi"))
    label = max((i for i, line in enumerate(lines) if line.startswith("Nơi nhận")), default=len(lines))
    listed = label + 1
    while listed < len(lines) and _ENTRY.match(lines[listed]):
        listed += 1
        if _ENTRY.sub("", lines[listed - 1]).startswith("Lưu"):
            break
    # The signature block: its lines in capitals, then the signer's name.
    signed = next((k + 1 for k in range(listed, min(listed + 4, len(lines))) if not is_caps(lines[k])), listed)
    word = docx.Document()
    word.styles["Normal"].font.name = "DejaVu Serif"
    word.styles["Normal"].font.size = Pt(13)

    def columns(left: list[str], right: list[str]) -> None:
        table = word.add_table(rows=1, cols=2)
        table.autofit = False
        for column, (cell_lines, width) in enumerate(zip((left, right), widths)):
            cell = table.cell(0, column)
            table.columns[column].width = cell.width = Cm(width)
            for k, line in enumerate(cell_lines):
                paragraph = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
                paragraph.add_run(line).bold = is_caps(line) or k == 0
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if column else WD_ALIGN_PARAGRAPH.LEFT

    def paragraphs(body: list[str]) -> None:
        in_title = True
        for line in body:
            in_title = in_title and is_caps(line)
            paragraph = word.add_paragraph()
            paragraph.add_run(line).bold = is_caps(line)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if in_title else WD_ALIGN_PARAGRAPH.JUSTIFY
            if not in_title:
                paragraph.paragraph_format.first_line_indent = Cm(1)

    head = lines[:title]
    columns([line for line in head if not _RIGHT_COLUMN.match(line)], [line for line in head if _RIGHT_COLUMN.match(line)])
    paragraphs(lines[title:label])
    if label < len(lines):
        columns(lines[label:listed], lines[listed:signed])
        paragraphs(lines[signed:])
    word.save(str(target))
    return target
