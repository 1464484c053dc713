"""Text from Word .docx files, in body order, read from the XML as a stream.

A .docx is a zip of XML parts. ``word/document.xml`` is parsed with ``lxml.etree.iterparse``
and each top-level paragraph or table is turned into lines and dropped as soon as it ends:
python-docx builds proxy objects and resolves each paragraph's style through the whole styles
part, about 2 ms a paragraph (a 1 MB document.xml took 16 s); this reader keeps memory flat
and time linear in the file's size (bench/docx_read.py).

Word keeps automatic list numbers ("I.", "1.", "a)", bullets) outside the paragraph text, in
numbering definitions (``word/numbering.xml``), applied to a paragraph directly or through its
style (``word/styles.xml``). They carry the document's structure, so they are rendered back in
front of each paragraph the way Word displays them; the segmenter then sees ``1. Ưu điểm`` as
it would in a typed document.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from itertools import takewhile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from lxml import etree

from corpus.errors import UnreadableFile
from corpus.limits import MAX_TEXT_CHARS, check_zip, too_long
from corpus.lines import opens_block
from corpus.tables import Span, data_table_lines

_LEVELS = 9
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_P, _TBL, _T = f"{_W}p", f"{_W}tbl", f"{_W}t"
# Run content and its text, as python-docx renders it (a page or column break is no text).
_RUN_TEXT = {f"{_W}tab": "\t", f"{_W}ptab": "\t", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}
# Paragraph children whose runs are part of the paragraph's visible text.
_RUN_HOLDERS = {f"{_W}{tag}" for tag in ("hyperlink", "ins", "smartTag", "fldSimple", "customXml", "sdt", "sdtContent")}
_BROKEN = "tệp DOCX bị hỏng hoặc không đúng định dạng"


def read_docx(path: Path, name: str, max_chars: int = MAX_TEXT_CHARS) -> str:
    """Paragraphs (with their list numbers) in body order, then each table cell's paragraphs
    on their own lines, a blank line after each table; Heading styles are kept as lines like
    any other paragraph.

    Raises:
        UnreadableFile: Not a readable .docx file, one that unpacks to more than
            :data:`corpus.limits.MAX_UNPACKED_BYTES`, or one with more than ``max_chars`` of text.
    """
    check_zip(path, name)
    try:
        with zipfile.ZipFile(path) as archive:
            parts = _parts(archive)
            styles = _Styles(_parse(archive, parts.get("styles")))
            numbering = _Numbering(_parse(archive, parts.get("numbering")), styles)
            notes = _notes(_parse(archive, parts.get("footnotes")))
            with archive.open(parts["document"]) as stream:
                text = "\n".join(_body_lines(stream, numbering, name, max_chars))
            if len(text) + sum(map(len, notes)) > max_chars:
                raise UnreadableFile(name, too_long(max_chars))
            return "\n\n".join([text, *notes]) if notes else text
    except UnreadableFile:
        raise
    except (zipfile.BadZipFile, KeyError, etree.LxmlError, OSError, ValueError, EOFError) as error:
        raise UnreadableFile(name, _BROKEN) from error


def _parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Member names of the main document part and of its styles, numbering and footnotes parts,
    found through the package relationships as Word does (not by assuming ``word/document.xml``)."""
    root = etree.fromstring(archive.read("_rels/.rels"), _parser())
    main = next(
        (rel.get("Target", "") for rel in root.iter(f"{_REL}Relationship") if rel.get("Type") == _OFFICE_DOCUMENT),
        "",
    )
    main = main.lstrip("/")
    if not main:
        raise KeyError("no main document part")
    parts = {"document": main}
    folder, base = posixpath.split(main)
    rels = posixpath.join(folder, "_rels", base + ".rels")
    if rels in archive.namelist():
        for rel in etree.fromstring(archive.read(rels), _parser()).iter(f"{_REL}Relationship"):
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            if kind in {"styles", "numbering", "footnotes"} and rel.get("TargetMode") != "External":
                target = rel.get("Target", "")
                parts[kind] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
    return parts


def _notes(root: etree._Element | None) -> list[str]:
    """The footnotes, "[1] …" in order, as a portal prints them after the signature: Word keeps
    them in a part of their own, and their marks in the text are no text."""
    if root is None:
        return []
    texts = (
        " ".join(" ".join(_paragraph_text(p).split()) for p in note.iter(_P)).strip()
        for note in root.iter(f"{_W}footnote")
        if note.get(f"{_W}type", "normal") == "normal"
    )
    return [f"[{n}] {text}" for n, text in enumerate(filter(None, texts), start=1)]


def _parser() -> etree.XMLParser:
    # No entity expansion and no network: a crafted part must not expand or fetch anything.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _parse(archive: zipfile.ZipFile, member: str | None) -> etree._Element | None:
    if not member or member not in archive.namelist():
        return None
    return etree.fromstring(archive.read(member), _parser())


def _body_lines(stream: IO[bytes], numbering: _Numbering, name: str, max_chars: int) -> Iterator[str]:
    """Lines of the body's paragraphs and tables, each dropped from memory once read."""
    chars = 0
    events = etree.iterparse(
        stream, events=("end",), tag=(_P, _TBL, _T), resolve_entities=False, no_network=True, load_dtd=False
    )
    for _, element in events:
        if element.tag == _T:
            chars += len(element.text or "")
            if chars > max_chars:
                raise UnreadableFile(name, too_long(max_chars))
            continue
        parent = element.getparent()
        if any(a.tag in (_P, _TBL) for a in element.iterancestors()):
            continue  # a table cell's or a text box's paragraph: read with its container
        if element.tag == _P:
            yield numbering.line(element)
        else:
            yield from _table_lines(element, numbering)
            yield ""
        # Free what has been read: the element and everything before it in its container.
        element.clear()
        while parent is not None and element.getprevious() is not None:
            del parent[0]


def _table_lines(table: etree._Element, numbering: _Numbering) -> list[str]:
    """A table's lines: a data table's (:func:`corpus.tables.data_table_lines`, with ``gridSpan``
    and ``vMerge`` as a web page's colspan and rowspan), set apart by blank lines; a layout
    table's (letterhead, signature block, form) each cell's paragraphs once, row by row."""
    rows, spans = _cells(table, numbering)
    data = data_table_lines([["\n".join(cell) for cell in row] for row in rows], spans)
    if data is not None:
        return ["", *data]
    return [line for row in rows for cell in row for line in cell]


def _cells(table: etree._Element, numbering: _Numbering) -> tuple[list[list[list[str]]], list[list[Span]]]:
    """Each cell's lines (its paragraphs, a nested table's lines in their place) and its span,
    row by row. A cell merged down from the row above (``vMerge`` continue) is that same cell,
    read once: it adds to the first cell's row span. A row's header mark (``tblHeader``), or a
    first-row cell spanning down, makes a header row, whose spanned names name their columns."""
    rows: list[list[list[str]]] = []
    spans: list[list[list[int]]] = []  # per cell: [colspan, rowspan, header]
    marked: list[bool] = []
    merging: dict[int, list[int]] = {}  # grid column → the span of the cell merged down from it
    for tr in table.iterchildren(f"{_W}tr"):
        row: list[list[str]] = []
        span: list[list[int]] = []
        column = _int(_val(tr, "trPr/gridBefore", "0"))
        for cell in tr.iterchildren(f"{_W}tc"):
            width = _int(_val(cell, "tcPr/gridSpan", "1")) or 1
            merge = cell.find(f"{_W}tcPr/{_W}vMerge")
            if merge is not None and merge.get(f"{_W}val", "continue") != "restart":
                if column in merging:
                    merging[column][1] += 1
                column += width
                continue
            lines: list[str] = []
            for child in cell:
                if child.tag == _P:
                    lines.append(numbering.line(child))
                elif child.tag == _TBL:
                    rows_in, _ = _cells(child, numbering)
                    lines.extend(line for nested in rows_in for lines_of in nested for line in lines_of)
            row.append(lines)
            span.append([width, 1, 0])
            merging.pop(column, None)
            if merge is not None:
                merging[column] = span[-1]
            column += width
        rows.append(row)
        spans.append(span)
        marked.append(tr.find(f"{_W}trPr/{_W}tblHeader") is not None)
    header = len(list(takewhile(bool, marked))) or (max((s[1] for s in spans[0]), default=1) if spans else 0)
    if header > 1 or any(marked):
        for span in spans[:header]:
            for s in span:
                s[2] = 1
    return rows, [[(s[0], s[1], bool(s[2])) for s in span] for span in spans]


def _int(value: str) -> int:
    return int(value) if value.strip().isdigit() else 0


def _paragraph_text(paragraph: etree._Element) -> str:
    """The visible text of a paragraph's runs (text boxes and deleted text left out)."""
    out: list[str] = []

    def walk(holder: etree._Element) -> None:
        for child in holder:
            if child.tag == f"{_W}r":
                for item in child:
                    if item.tag == _T:
                        out.append(item.text or "")
                    elif item.tag == f"{_W}br":
                        out.append("\n" if item.get(f"{_W}type", "textWrapping") == "textWrapping" else "")
                    elif item.tag in _RUN_TEXT:
                        out.append(_RUN_TEXT[item.tag])
            elif child.tag in _RUN_HOLDERS:
                walk(child)

    walk(paragraph)
    return "".join(out)


def _val(element: etree._Element | None, path: str, default: str = "") -> str:
    """The ``w:val`` of the child at ``path`` (tags without namespace, ``/``-separated)."""
    if element is None:
        return default
    child = element.find("/".join(f"{_W}{tag}" for tag in path.split("/")))
    return child.get(f"{_W}val", default) if child is not None else default


@dataclass(frozen=True)
class _Style:
    name: str
    based_on: str
    num_pr: tuple[str, int] | None  # (numId, ilvl) set on the style itself


class _Styles:
    """Paragraph styles by id: name, parent and list numbering, from styles.xml."""

    def __init__(self, root: etree._Element | None) -> None:
        self.by_id: dict[str, _Style] = {}
        self.default = ""
        if root is None:
            return
        for style in root.iterchildren(f"{_W}style"):
            if style.get(f"{_W}type") != "paragraph":
                continue
            style_id = style.get(f"{_W}styleId", "")
            self.by_id[style_id] = _Style(_val(style, "name"), _val(style, "basedOn"), _num_pr(style.find(f"{_W}pPr")))
            if style.get(f"{_W}default") in {"1", "true", "on"}:
                self.default = style_id

    def chain(self, style_id: str) -> Iterator[_Style]:
        """The paragraph's style (the default one if unset or unknown), then its ancestors."""
        current = style_id if style_id in self.by_id else self.default
        seen: set[str] = set()
        while current in self.by_id and current not in seen:
            seen.add(current)
            yield self.by_id[current]
            current = self.by_id[current].based_on


def _num_pr(ppr: etree._Element | None) -> tuple[str, int] | None:
    """(numId, ilvl) of a ``w:pPr``'s ``w:numPr``, if it has one (numId "" or "0": numbering off)."""
    num_pr = ppr.find(f"{_W}numPr") if ppr is not None else None
    if num_pr is None:
        return None
    ilvl = int(_val(num_pr, "ilvl", "0") or 0)
    return _val(num_pr, "numId"), min(max(ilvl, 0), _LEVELS - 1)


class _Numbering:
    """Word's list numbering: level formats from numbering.xml, counters as paragraphs go by."""

    def __init__(self, root: etree._Element | None, styles: _Styles) -> None:
        self.styles = styles
        # numId -> ilvl -> (format, level text such as "%1.%2.", start)
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, list[int | None]] = {}
        if root is None:
            return  # a document without any list
        abstract = {a.get(f"{_W}abstractNumId"): a for a in root.iterchildren(f"{_W}abstractNum")}
        for num in root.iterchildren(f"{_W}num"):
            definition = abstract.get(_val(num, "abstractNumId"))
            if definition is None:
                continue
            levels = {}
            for lvl in definition.iterchildren(f"{_W}lvl"):
                levels[int(lvl.get(f"{_W}ilvl", "0"))] = (
                    _val(lvl, "numFmt", "decimal"),
                    _val(lvl, "lvlText"),
                    int(_val(lvl, "start", "1") or 1),
                )
            self.levels[num.get(f"{_W}numId", "")] = levels

    def line(self, paragraph: etree._Element) -> str:
        """The paragraph's text with its list number or bullet in front, as Word shows it."""
        text = _paragraph_text(paragraph).replace("\v", "\n")
        if not text.strip():
            return text
        ppr = paragraph.find(f"{_W}pPr")
        chain = list(self.styles.chain(_val(ppr, "pStyle")))
        label = self._label(ppr, chain)
        if label is None and chain and chain[0].name.lower().startswith("list"):
            label = "-"
        if not label or opens_block(text):
            return text  # numbered by hand already, or no number
        return f"{label} {text.strip()}"

    def _label(self, ppr: etree._Element | None, chain: list[_Style]) -> str | None:
        # numPr set on the paragraph, else inherited from its style chain.
        num_pr = _num_pr(ppr) or next((s.num_pr for s in chain if s.num_pr is not None), None)
        if num_pr is None or num_pr[0] in {"", "0"}:
            return None
        num_id, ilvl = num_pr
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return None
        counters = self.counters.setdefault(num_id, [None] * _LEVELS)
        start = levels[ilvl][2]
        counters[ilvl] = start if counters[ilvl] is None else counters[ilvl] + 1
        counters[ilvl + 1:] = [None] * (_LEVELS - ilvl - 1)
        kind, template, _ = levels[ilvl]
        if kind == "bullet":
            # A bullet list's second level is the drafter's "+" under a "-" item, whatever glyph
            # Word draws ("o", "▪"): cited under that item (corpus.segment).
            return "+" if ilvl and levels.get(ilvl - 1, ("",))[0] == "bullet" else "-"

        def number(match: re.Match[str]) -> str:
            level = int(match.group(1)) - 1
            fmt, _, first = levels.get(level, ("decimal", "", 1))
            value = counters[level] if level < _LEVELS and counters[level] is not None else first
            return _format(value, fmt)

        return re.sub(r"%([1-9])", number, template).strip()


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
