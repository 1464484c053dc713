"""Text from Word .docx files (python-docx), in body order.

Word keeps automatic list numbers ("I.", "1.", "a)", bullets) outside the paragraph text, in
numbering definitions. They carry the document's structure, so they are rendered back in
front of each paragraph the way Word displays them; the segmenter then sees ``1. Ưu điểm`` as
it would in a typed document.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from corpus.errors import UnreadableFile
from corpus.limits import check_zip
from corpus.lines import opens_block

_LEVELS = 9


def read_docx(path: Path, name: str) -> str:
    """Paragraphs (with their list numbers) in body order, then each table cell's paragraphs
    on their own lines; Heading styles are kept as lines like any other paragraph.

    Raises:
        UnreadableFile: Not a readable .docx file, or one that unpacks to more than
            :data:`corpus.limits.MAX_UNPACKED_BYTES`.
    """
    check_zip(path, name)
    try:
        document = docx.Document(str(path))
    except Exception as error:  # python-docx raises zipfile, lxml and KeyError alike on bad files
        raise UnreadableFile(name, "tệp DOCX bị hỏng hoặc không đúng định dạng") from error
    numbering = _Numbering(document)
    lines: list[str] = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            lines.append(numbering.line(Paragraph(element, document)))
        elif element.tag == qn("w:tbl"):
            seen: list[object] = []
            for row in Table(element, document).rows:
                for cell in row.cells:
                    if any(cell._tc is tc for tc in seen):
                        continue  # a merged cell is returned once per grid column it spans
                    seen.append(cell._tc)
                    lines.extend(numbering.line(p) for p in cell.paragraphs)
            lines.append("")
    return "\n".join(lines)


class _Numbering:
    """Word's list numbering: level formats from numbering.xml, counters as paragraphs go by."""

    def __init__(self, document: docx.document.Document) -> None:
        # numId -> ilvl -> (format, level text such as "%1.%2.", start)
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, list[int | None]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return  # a document without any list
        abstract = {a.get(qn("w:abstractNumId")): a for a in root.findall(qn("w:abstractNum"))}
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            definition = abstract.get(ref.get(qn("w:val"))) if ref is not None else None
            if definition is None:
                continue
            levels = {}
            for lvl in definition.findall(qn("w:lvl")):
                levels[int(lvl.get(qn("w:ilvl"), "0"))] = (
                    _child_value(lvl, "w:numFmt", "decimal"),
                    _child_value(lvl, "w:lvlText", ""),
                    int(_child_value(lvl, "w:start", "1") or 1),
                )
            self.levels[num.get(qn("w:numId"))] = levels

    def line(self, paragraph: Paragraph) -> str:
        """The paragraph's text with its list number or bullet in front, as Word shows it."""
        text = paragraph.text.replace("\v", "\n")
        if not text.strip():
            return text
        label = self._label(paragraph)
        if label is None and (paragraph.style is not None and (paragraph.style.name or "").startswith("List")):
            label = "-"
        if not label or opens_block(text):
            return text  # numbered by hand already, or no number
        return f"{label} {text.strip()}"

    def _label(self, paragraph: Paragraph) -> str | None:
        num_id, ilvl = _num_pr(paragraph)
        levels = self.levels.get(num_id or "")
        if not levels or ilvl not in levels:
            return None
        counters = self.counters.setdefault(num_id, [None] * _LEVELS)
        start = levels[ilvl][2]
        counters[ilvl] = start if counters[ilvl] is None else counters[ilvl] + 1
        counters[ilvl + 1:] = [None] * (_LEVELS - ilvl - 1)
        kind, template, _ = levels[ilvl]
        if kind == "bullet":
            return "-"

        def number(match: re.Match[str]) -> str:
            level = int(match.group(1)) - 1
            fmt, _, first = levels.get(level, ("decimal", "", 1))
            value = counters[level] if level < _LEVELS and counters[level] is not None else first
            return _format(value, fmt)

        return re.sub(r"%([1-9])", number, template).strip()


def _num_pr(paragraph: Paragraph) -> tuple[str | None, int]:
    """numId and level of a paragraph, set on it or inherited from its style chain."""
    holders = [paragraph._p]
    style = paragraph.style
    while style is not None:
        holders.append(style.element)
        style = style.base_style
    for holder in holders:
        num_pr = holder.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is not None:
            num_id = _child_value(num_pr, "w:numId", "")
            ilvl = int(_child_value(num_pr, "w:ilvl", "0") or 0)
            return (num_id if num_id not in {"", "0"} else None), min(ilvl, _LEVELS - 1)
    return None, 0


def _child_value(element: object, tag: str, default: str) -> str:
    child = element.find(qn(tag))  # type: ignore[attr-defined]
    return child.get(qn("w:val"), default) if child is not None else default


def _format(value: int, fmt: str) -> str:
    if fmt in {"upperRoman", "lowerRoman"}:
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in {"upperLetter", "lowerLetter"}:
        letters = "abcdefghijklmnopqrstuvwxyz"
        letter = letters[(value - 1) % 26] * ((value - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "none":
        return ""
    return str(value)


def _roman(value: int) -> str:
    numerals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = []
    for amount, numeral in numerals:
        count, value = divmod(value, amount)
        out.append(numeral * count)
    return "".join(out)
