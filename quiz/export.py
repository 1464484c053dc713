"""Quiz items out to the formats trainers use: Moodle (GIFT, XML, Aiken), Anki, print, data.

:func:`render` gives the bytes of a file in any format; :func:`write` writes them atomically.
Printable formats (DOCX, PDF) put the questions first and the answer key on separate pages.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal, get_args

from corpus.atomic import write_atomically
from corpus.errors import QuizError
from quiz.items import FALSE, ORDERED_OPTIONS, TRUE, TYPE_LABELS, QuizItem

ExportFormat = Literal["json", "csv", "gift", "moodle-xml", "aiken", "apkg", "docx", "pdf"]
FORMATS: tuple[str, ...] = get_args(ExportFormat)
EXTENSIONS = {
    "json": "json", "csv": "csv", "gift": "gift.txt", "moodle-xml": "xml", "aiken": "aiken.txt",
    "apkg": "apkg", "docx": "docx", "pdf": "pdf",
}
LETTERS = "ABCDEFGH"
DEFAULT_TITLE = "Câu hỏi ôn tập"
# Where a Vietnamese-capable TrueType font is looked for (Debian package fonts-dejavu-core).
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype", "/usr/share/fonts", "/usr/local/share/fonts")
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
CSV_COLUMNS = (
    "id", "type", "stem", "option_a", "option_b", "option_c", "option_d", "answer", "answer_letter",
    "explanation", "citation", "doc_id", "section", "difficulty", "tags", "source_text", "pairs",
)


def render(items: Sequence[QuizItem], fmt: str, *, title: str = DEFAULT_TITLE) -> bytes:
    """The file content of the items in a format.

    Raises:
        QuizError: An unknown format, no items, or no font for PDF.
    """
    if fmt not in FORMATS:
        raise QuizError(f"Định dạng xuất không hỗ trợ: {fmt} (chọn trong: {', '.join(FORMATS)}).")
    if not items:
        raise QuizError("Không có câu hỏi nào để xuất.")
    renderer = {
        "json": _json, "csv": _csv, "gift": _gift, "moodle-xml": _moodle_xml, "aiken": _aiken,
        "apkg": _apkg, "docx": _docx, "pdf": _pdf,
    }[fmt]
    return renderer(items, title)


def write(items: Sequence[QuizItem], fmt: str, path: str | Path, *, title: str = DEFAULT_TITLE) -> Path:
    """Write the items to ``path`` in a format, atomically (temp file in the same folder, rename)."""
    return write_atomically(path, render(items, fmt, title=title))


# -- data formats ------------------------------------------------------------------------------


def _json(items: Sequence[QuizItem], title: str) -> bytes:
    return json.dumps([i.to_json() for i in items], ensure_ascii=False, indent=2).encode("utf-8")


def _csv(items: Sequence[QuizItem], title: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for item in items:
        options = [*item.options, "", "", "", ""][:4]
        letter = LETTERS[item.answer_index] if item.answer_index >= 0 else ""
        pairs = " | ".join(f"{left} → {right}" for left, right in item.pairs)
        writer.writerow((
            item.id, item.type, item.stem, *options, item.answer, letter, item.explanation, item.citation,
            item.doc_id, item.section, item.difficulty, "; ".join(item.tags), item.source_text, pairs,
        ))
    # A byte-order mark so that Excel opens Vietnamese text as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# -- Moodle --------------------------------------------------------------------------------------


def _gift_escape(text: str) -> str:
    for ch in "\\~=#{}:":
        text = text.replace(ch, "\\" + ch)
    return " ".join(text.split())


def _gift(items: Sequence[QuizItem], title: str) -> bytes:
    blocks = [f"// {title}", "$CATEGORY: sotay"]
    for item in items:
        head = f"::{item.id}::[plain]{_gift_escape(item.stem)}"
        feedback = f"####{_gift_escape(item.explanation + ' — ' + item.citation)}"
        if item.type == "true_false":
            body = "{" + ("TRUE" if item.answer == TRUE else "FALSE") + feedback + "}"
        elif item.type == "matching":
            pairs = "\n".join(f"={_gift_escape(left)} -> {_gift_escape(right)}" for left, right in item.pairs)
            body = "{\n" + pairs + "\n" + feedback + "\n}"
        else:
            options = "\n".join(("=" if o == item.answer else "~") + _gift_escape(o) for o in item.options)
            body = "{\n" + options + "\n" + feedback + "\n}"
        blocks.append(f"{head} {body}")
    return ("\n\n".join(blocks) + "\n").encode("utf-8")


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    ET.SubElement(element, "text").text = text
    return element


def _moodle_xml(items: Sequence[QuizItem], title: str) -> bytes:
    quiz = ET.Element("quiz")
    category = ET.SubElement(quiz, "question", type="category")
    _text(category, "category", "$course$/sotay")
    for item in items:
        kind = {"true_false": "truefalse", "matching": "matching"}.get(item.type, "multichoice")
        question = ET.SubElement(quiz, "question", type=kind)
        _text(question, "name", f"{TYPE_LABELS[item.type]} {item.id}")
        _text(question, "questiontext", item.stem, format="plain_text")
        _text(question, "generalfeedback", f"{item.explanation} — {item.citation}", format="plain_text")
        ET.SubElement(question, "defaultgrade").text = "1"
        ET.SubElement(question, "idnumber").text = item.id
        if item.type == "true_false":
            for value, label in (("true", TRUE), ("false", FALSE)):
                answer = _text(question, "answer", value, fraction="100" if item.answer == label else "0")
                _text(answer, "feedback", "")
        elif item.type == "matching":
            ET.SubElement(question, "shuffleanswers").text = "true"
            for left, right in item.pairs:
                sub = _text(question, "subquestion", left, format="plain_text")
                _text(sub, "answer", right)
        else:
            ET.SubElement(question, "single").text = "true"
            ET.SubElement(question, "shuffleanswers").text = "false" if item.type in ORDERED_OPTIONS else "true"
            ET.SubElement(question, "answernumbering").text = "ABCD"
            for option in item.options:
                answer = _text(question, "answer", option, fraction="100" if option == item.answer else "0",
                               format="plain_text")
                _text(answer, "feedback", "")
    ET.indent(quiz)
    return ET.tostring(quiz, encoding="utf-8", xml_declaration=True) + b"\n"


def _aiken(items: Sequence[QuizItem], title: str) -> bytes:
    """Aiken holds one-answer multiple choice only: matching items are left out."""
    blocks = []
    for item in items:
        if item.type == "matching":
            continue
        lines = [" ".join(item.stem.split())]
        lines += [f"{LETTERS[i]}. {' '.join(o.split())}" for i, o in enumerate(item.options)]
        lines.append(f"ANSWER: {LETTERS[item.answer_index]}")
        blocks.append("\n".join(lines))
    if not blocks:
        raise QuizError("Định dạng Aiken không chứa được câu ghép nối; hãy chọn loại câu hỏi khác.")
    return ("\n\n".join(blocks) + "\n").encode("utf-8")


# -- Anki ----------------------------------------------------------------------------------------


def _stable_id(name: str) -> int:
    """A stable 31-bit id for genanki from a name, so re-importing updates instead of duplicating."""
    return int(hashlib.sha256(name.encode("utf-8")).hexdigest()[:8], 16) >> 1


def _html(text: str) -> str:
    from html import escape

    return escape(text).replace("\n", "<br>")


def _apkg(items: Sequence[QuizItem], title: str) -> bytes:
    import genanki

    model = genanki.Model(
        _stable_id("sotay quiz model v1"),
        "sotay — câu hỏi ôn tập",
        fields=[{"name": n} for n in ("Id", "Question", "Options", "Answer", "Explanation", "Citation")],
        templates=[{
            "name": "Câu hỏi",
            "qfmt": "<div class=q>{{Question}}</div><div class=o>{{Options}}</div>",
            "afmt": "{{FrontSide}}<hr id=answer><div class=a>{{Answer}}</div>"
                    "<div class=e>{{Explanation}}</div><div class=c>{{Citation}}</div>",
        }],
        css=".card{font-family:sans-serif;font-size:20px;text-align:left}.a{font-weight:bold}.c{font-size:14px;color:#555}",
    )
    deck = genanki.Deck(_stable_id(f"sotay deck {title}"), title)
    for item in items:
        if item.type == "matching":
            options = "<br>".join(f"{i + 1}. {_html(left)}" for i, (left, _) in enumerate(item.pairs))
            options += "<br><br>" + "<br>".join(f"{LETTERS[i].lower()}) {_html(o)}" for i, o in enumerate(item.options))
            answer = "<br>".join(f"{_html(left)} → {_html(right)}" for left, right in item.pairs)
        else:
            options = "<br>".join(f"{LETTERS[i]}. {_html(o)}" for i, o in enumerate(item.options))
            answer = _html(item.answer)
        note = genanki.Note(
            model=model,
            fields=[item.id, _html(item.stem), options, answer, _html(item.explanation), _html(item.citation)],
            guid=genanki.guid_for(item.id),
            tags=[item.type, item.doc_id.replace(" ", "_")],
        )
        deck.add_note(note)
    with tempfile.TemporaryDirectory(prefix="sotay-apkg-") as folder:
        path = Path(folder) / "deck.apkg"
        genanki.Package(deck).write_to_file(str(path))
        return path.read_bytes()


# -- print ---------------------------------------------------------------------------------------


def _question_lines(item: QuizItem) -> list[str]:
    """The lines printed under a question's stem."""
    if item.type == "matching":
        lefts = [f"{i + 1}. {left}" for i, (left, _) in enumerate(item.pairs)]
        rights = [f"{LETTERS[i].lower()}) {o}" for i, o in enumerate(item.options)]
        return [*lefts, "", *rights]
    return [f"{LETTERS[i]}. {o}" for i, o in enumerate(item.options)]


def _key_line(number: int, item: QuizItem) -> str:
    if item.type == "matching":
        letters = {o: LETTERS[i].lower() for i, o in enumerate(item.options)}
        key = ", ".join(f"{i + 1}–{letters[right]}" for i, (_, right) in enumerate(item.pairs))
    else:
        key = f"{LETTERS[item.answer_index]}. {item.answer}"
    return f"Câu {number}: {key}"


def _docx(items: Sequence[QuizItem], title: str) -> bytes:
    from docx import Document
    from docx.enum.text import WD_BREAK

    doc = Document()
    doc.add_heading(title, level=1)
    for n, item in enumerate(items, start=1):
        para = doc.add_paragraph()
        para.add_run(f"Câu {n} ({TYPE_LABELS[item.type]}). ").bold = True
        para.add_run(item.stem)
        for line in _question_lines(item):
            doc.add_paragraph(line)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_heading("Đáp án", level=1)
    for n, item in enumerate(items, start=1):
        para = doc.add_paragraph()
        para.add_run(_key_line(n, item)).bold = True
        doc.add_paragraph(f"{item.explanation} ({item.citation})")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def find_font() -> tuple[Path, Path | None]:
    """A regular (and, if present, bold) TrueType font with Vietnamese letters.

    Raises:
        QuizError: None is installed.
    """
    for folder in FONT_DIRS:
        base = Path(folder)
        if not base.is_dir():
            continue
        regular = next(iter(sorted(base.rglob(FONT_FILES[0]))), None)
        if regular is not None:
            bold = regular.with_name(FONT_FILES[1])
            return regular, bold if bold.is_file() else None
    raise QuizError("Không tìm thấy phông chữ DejaVu Sans để xuất PDF. Hãy cài gói fonts-dejavu-core.")


def vietnamese_pdf() -> Any:
    """An A4 ``fpdf.FPDF`` with DejaVu Sans registered as "DejaVu" (regular and bold) and one page.

    Raises:
        QuizError: No such font is installed.
    """
    from fpdf import FPDF

    regular, bold = find_font()
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold or regular))
    pdf.add_page()
    return pdf


def _pdf(items: Sequence[QuizItem], title: str) -> bytes:
    pdf = vietnamese_pdf()
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
    for n, item in enumerate(items, start=1):
        pdf.ln(3)
        pdf.set_font("DejaVu", "B", 11)
        pdf.multi_cell(0, 6, f"Câu {n} ({TYPE_LABELS[item.type]})", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 11)
        pdf.multi_cell(0, 6, item.stem, new_x="LMARGIN", new_y="NEXT")
        for line in _question_lines(item):
            pdf.multi_cell(0, 6, f"    {line}" if line else " ", new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(0, 9, "Đáp án", new_x="LMARGIN", new_y="NEXT")
    for n, item in enumerate(items, start=1):
        pdf.ln(2)
        pdf.set_font("DejaVu", "B", 11)
        pdf.multi_cell(0, 6, _key_line(n, item), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 10)
        pdf.multi_cell(0, 5, f"{item.explanation} ({item.citation})", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
