"""Read a Markdown file into the plain lines the segmenter reads, through a CommonMark parser.

Markdown saved from law portals is CommonMark only in part: the page's layout tables come out
as cells separated by lines holding a lone ``|`` (two or more such lines end a row), or as rows
written ``cell | cell |`` without the delimiter row of a real table; paragraphs are hard-wrapped
at about 80 characters and often not separated by blank lines; bold and italic runs are broken
inside words (``v****à``), into paragraphs of their own before each accented letter (``**ngo**`` /
``**ài**``), or left unclosed (``**KẾT LUẬN **``). So the file is read in three steps, after the
pieces of a bold run broken into paragraphs are one run again:

1. the layout: cells and rows are found from the ``|`` lines; a table whose first row names at
   least three columns is data (an appendix): a line names its columns (``Số TT | Tên thủ
   tục``), then each row becomes one line naming its columns (``Số TT: 1; Tên thủ tục: Cấp
   bản sao…``), a group's merged row written before each row of the group (:func:`table_lines`);
   a row numbered in a cell of its own (``2.4`` | ``Số lượng hồ sơ: 01 (bộ)``) is one numbered
   line; other cells (letterhead, signature block) are read one after the other;
2. each cell through markdown-it-py: emphasis, links and HTML lose their markup, never their
   words; a bold or italic run that fills whole lines (a heading ``**Điều 6. …`` / ``… tiếp**``,
   a place-and-date line ``*Hà Nội, ngày 18`` / ``tháng 11 năm 2025*``) is one line of its own;
   list items keep their marker (``- ``, ``1. ``); a real table's rows are read as in step 1;
3. the lines of a paragraph are joined (:func:`corpus.reflow.reflow_lines`), except where a
   line opens a block: many portal pages put no blank line between paragraphs. A page that does
   set them apart (:func:`paragraphs_apart`) wrapped them at its width, so there a line break
   inside a paragraph is a space whatever starts the next line, unless a sentence ends before an
   item, a heading or capitals. A table's lines are never joined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from corpus import frame
from corpus.lines import opens_block, successor
from corpus.normalize import normalize
from corpus.reflow import ENDS_SENTENCE, is_bare_marker, opens_parenthesis, reflow_lines
from corpus.titlecase import LOWER, UPPER, is_caps, is_syllable

_PARSER = MarkdownIt("commonmark").enable("table").enable("strikethrough")
_PIPE_LINE = re.compile(r"^\s*\|\s*$")
# A grid table's border ("+----+----+", "+====+====+" under its header row, ":" for alignment).
_GRID_BORDER = re.compile(r"^\s*\+(?:[-=:]{3,}\+)+\s*$")
_DELIMITER_ROW = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
# A row written on one line: "cell | cell |" (a portal's layout row, without a delimiter row).
_ROW_LINE = re.compile(r"^(?!\s*\|?\s*:?-{3,}).*\S\s*\|\s*$")
# What is left of emphasis the parser could not pair ("**KẾT LUẬN **"); "(*)" is a footnote mark.
_STRAY_EMPHASIS = re.compile(r"(?<!\()\*+|\*+(?!\))")
_RULE_IN_LINE = re.compile(r"-{4,}|_{4,}|={4,}")
_UNIT_WORD = re.compile(r"^\s*(?:Điều|ĐIỀU|Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN)\s*$")
_UNIT_LABEL = re.compile(r"^(?:Điều|ĐIỀU)\s+\d+[a-z]?\s*[.:]?$")
_LABEL_THEN_TEXT = re.compile(
    r"^([ \t]*)\*\*((?:Điều|ĐIỀU)\s+\d+[a-z]?\s*[.:]?)\s*\*\*([.:](?!\S))?[ \t]*(?=\S)", re.MULTILINE
)
# A bold paragraph, and what may stand between two pieces of one bold run the page broke apart: blank
# lines and empty runs ("****").
_BOLD_PIECE = re.compile(r"^(\*\*?)([^*\n]+)\1[ \t]*$")
_BETWEEN_PIECES = re.compile(r"^[ \t]*(?:\*\*\*\*)?[ \t]*$")
_LEADING_LETTERS = re.compile(r"^[^\W\d_]+")
_TRAILING_LETTERS = re.compile(r"[^\W\d_]+$")
_TAG = re.compile(r"<[^>\n]+>")
# An image's alt text that says nothing ("image", "image001.png", empty): a signature, a stamp or a
# formula's picture leaves no word in the text ("tỉnh image An Giang").
_NO_ALT = re.compile(r"^(?:(?:image|img|hình|ảnh|picture|figure|untitled)[\s_-]*\d*|\S+\.(?:png|jpe?g|gif|bmp|emf|wmf|svg))?$", re.IGNORECASE)
_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
# What opens a paragraph of its own, markup left out: a bullet, a number, a letter, an article.
_OPENS_PARAGRAPH = re.compile(r"^(?:[-+–•]\s|\d{1,2}(?:\.\d{1,2})*\.\s|[a-zđ]\)\s|[IVXLC]+\.\s|Điều\s+\d)")
# A page sets its paragraphs apart when this share of such openings at least, of this many, open
# a block or a tight list (the portal pages that do: 0.96 to 1.00; those that run them on: 0.64
# at most, a short letter; 0.44 the others).
_APART_SHARE = 0.8
_APART_MIN_ITEMS = 5
# What CommonMark takes for a list item at a line's start: a bullet, or a number and "." or ")".
_WRAPPED_MARKER = re.compile(r"^\s{0,3}(?:(?P<bullet>[-+])|(?P<number>\d{1,9})[.)])(?:\s|$)")
_BULLET_ITEM = re.compile(r"^[-+]\s")
# A data table: its first row names at least this many columns, each in a few words.
_MIN_COLUMNS = 3
_MAX_HEADER_WORDS = 20
_MAX_LONG_HEADER_WORDS = 60
# How many rows after a header row give the table's width; how many cells past that width a row
# of the table may have (sub-columns under a spanning column).
_SAMPLED_ROWS = 8
_SPARE_CELLS = 2
# A table of two columns (an item and its value) is told by its header in bold over this many
# rows at least: two cells alone are as often the page's layout.
_PAIR = 2
_PAIR_ROWS = 2
_PLAIN_PAIR_ROWS = 3
_BOLD_CELL = re.compile(r"^\*\*[^*]+\*\*$")
# A numbered part's heading: "3. Thủ tục", "II. TỔ CHỨC THỰC HIỆN", "2.1. Nội dung".
_HEADING_CELL = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*|[IVXLC]+)\.\s+[^\W\d_]")
_MAX_HEADING_CELL_WORDS = 12
# A form's name alone on its line, in bold: "**Mẫu số 13**", "**Mẫu 02**". Pages put it inside the
# last cell of the form before; it starts a row (and ends any table) of its own.
_FORM_LABEL = re.compile(r"^\s*\*\*\s*(?:Mẫu|MẪU)(?:\s+(?:số|SỐ))?\s+\d{1,3}[a-z]?\s*\*\*\s*$")
# A numbered part's opening words, and an article's.
_PART_LEAD = re.compile(r"^(?P<number>\d{1,2}(?:\.\d{1,2}){0,4})\.\s+[^\W\d_]")
_ARTICLE_CELL = re.compile(r"^Điều\s+\d+[a-zđ]?\s*[.:]\s+\S")
# A cell holding only a part's number ("2.4", "**3**") or a bullet ("**-**"): in the page's layout
# the number of a part laid out as a table (a procedure's "2.4" | "Số lượng hồ sơ: 01 (bộ)", "3" |
# "BIỂU MẪU") or the mark of a listed item, the part or item itself in the next cell.
_NUMBER_CELL = re.compile(r"^\d{1,2}(?:\.\d{1,2}){0,4}\.?$")
_BULLET_CELL = re.compile(r"^[-+•]$")
# A cell holding a step's or a form's code alone: "B1", "Bước 2", "Mẫu 01". A row opening with
# it is one of a list ("B1" | "Tiếp nhận hồ sơ" | …, "Mẫu 01" | "Giấy tiếp nhận …" | "Mẫu
# 01.docx"), never a table's column names.
_CODE_CELL = re.compile(r"^(?:[A-Z]{1,2}\d{1,2}|(?:Bước|BƯỚC|Mẫu|MẪU)(?:\s+(?:số|SỐ))?\s+\d{1,3}[a-z]?)$")


@dataclass
class _Table:
    """Rows of cells (each cell its Markdown source) read from a page's layout."""

    rows: list[list[str]] = field(default_factory=list)


@dataclass
class _Numbered:
    """A numbered row of the page's layout, read as one numbered line: its number or bullet
    (``2.4.``, ``-``), the cell after it (Markdown), and the short cells after that, which are
    that part's values ("1" | "KÝ HIỆU QUY TRÌNH" | "QT.GĐ.01")."""

    label: str
    source: str
    values: list[str] = field(default_factory=list)

    def blocks(self) -> list[list[str] | _Rows]:
        """The cell's blocks, its first line opened by the number and, when it is the cell's only
        line, closed by the values ("KÝ HIỆU QUY TRÌNH: QT.GĐ.01"); else the values follow it."""
        blocks = _render(self.source)
        filled = [(block, k) for block in blocks for k, line in enumerate(block) if line.strip()]
        if not filled:
            return [[self.label, *self.values]]
        block, k = filled[0]
        block[k] = f"{self.label} {block[k].strip()}"
        if self.values and len(filled) == 1:
            joint = " " if block[k].endswith(":") else "; " if ":" in block[k] else ": "
            block[k] += joint + "; ".join(self.values)
        elif self.values:
            blocks.append(list(self.values))
        return blocks


def markdown_text(source: str) -> str:
    """The plain text of a Markdown document: one paragraph, heading, list item or table row a
    line, blank lines between blocks, no markup.

    Args:
        source: The Markdown source (NFC, ``\\n`` line breaks).

    Returns:
        The text, ending with a newline.
    """
    # "**Điều 1. **Công bố …": the bold label, closed after a space (no closer to CommonMark),
    # is the article's number alone; what follows is its text, not its name. So is "**Điều
    # 1**. Công bố …", its full stop left outside the bold run.
    source = _LABEL_THEN_TEXT.sub(lambda m: f"{m[1]}**{m[2]}{m[3] or ''}**\n", source)
    lines = _join_bold_pieces(_pipe_grid_tables(source.split("\n")))
    apart = paragraphs_apart(lines)
    lines = _escape_wrapped_markers(_end_pipe_tables(lines))
    blocks: list[list[str] | _Rows] = []
    for chunk in _layout(lines):
        if isinstance(chunk, _Table):
            blocks.append(_Rows(table_lines([[_plain(cell) for cell in row] for row in chunk.rows])))
        elif isinstance(chunk, _Numbered):
            blocks.extend(chunk.blocks())
        else:
            blocks.extend(_render(chunk, apart))
    return _text(blocks)


def paragraphs_apart(lines: list[str]) -> bool:
    """Whether the page sets its paragraphs apart by blank lines, as CommonMark means them: its
    numbered items and bullets open a block or follow one another (a recipients' list aside),
    and a line break inside a paragraph is then only where the page wrapped its text at its
    width. Pages of the other kind run their paragraphs on without blank lines, an item under a
    paragraph's last line; there a line's end may end a paragraph."""
    opening = inside = 0
    block: list[str] = []
    for line in [*lines, ""]:
        if line.strip() and not _PIPE_LINE.match(line):
            block.append(_STRAY_EMPHASIS.sub("", line).strip())
            continue
        if block and not any(frame.is_recipients(normalize(b)) for b in block[:2]):
            for k, item in enumerate(block):
                if not _OPENS_PARAGRAPH.match(item):
                    continue
                # An item that opens a block, or stands right under another item or under the
                # block's first line, is a paragraph set apart or a tight list ("Các việc:" / "- a" /
                # "- b", as people write Markdown); one under a paragraph's further line is a page
                # running its paragraphs on.
                if k < 2 or _OPENS_PARAGRAPH.match(block[k - 1]):
                    opening += 1
                else:
                    inside += 1
        block = []
    return opening + inside >= _APART_MIN_ITEMS and opening >= _APART_SHARE * (opening + inside)


def _join_bold_pieces(lines: list[str]) -> list[str]:
    """One bold or italic run again where the page broke it into paragraphs before each non-ASCII
    letter (a font switch): "**Đ**", "**ối với người được cử đi c**", "**ông tác, h**" … A piece
    opening with such a letter in lowercase goes on the paragraph before it in the same style: with
    no space when the two ends spell one syllable ("c" + "ông"), else with one ("ngoài" + "đã": the
    space went with the break). So does any piece opening in lowercase while a bracket is open
    ("*(Kèm theo Nghị định số 158/2025/NĐ-CP*" / "*ng*" / "*ày 25 tháng 6 …*")."""
    out: list[str] = []
    last = -1  # the last bold paragraph in ``out`` while only blank lines follow it
    for line in lines:
        piece = _BOLD_PIECE.match(line)
        head = _BOLD_PIECE.match(out[last]) if last >= 0 else None
        if piece and head and piece[1] == head[1] and _goes_on(head[2], piece[2]):
            tail = _TRAILING_LETTERS.search(head[2])
            lead = _LEADING_LETTERS.match(piece[2])
            joiner = "" if tail and lead and is_syllable(tail.group() + lead.group()) else " "
            del out[last + 1:]
            out[last] = f"{head[1]}{head[2]}{joiner}{piece[2]}{head[1]}"
            continue
        out.append(line)
        if piece:
            last = len(out) - 1
        elif not _BETWEEN_PIECES.match(line):
            last = -1
    return out


def _goes_on(head: str, piece: str) -> bool:
    """Whether a bold paragraph is the rest of the bold paragraph before it (see
    :func:`_join_bold_pieces`)."""
    first = piece[0]
    if not (first.isalpha() and first.islower()):
        return False
    return (ord(first) > 127 and head[-1:].isalpha()) or head.count("(") > head.count(")")


class _Rows(list):
    """A data table's lines (:func:`table_lines`): never joined with the lines around them."""


def _text(blocks: list[list[str] | _Rows]) -> str:
    """Blocks of lines as text, a blank line between blocks. Lines of one paragraph are one
    paragraph (CommonMark), unless a line opens a block of its own (a numbered heading, a bullet,
    capitals after running text): a page saved from a portal puts no blank line between its
    paragraphs. A table's lines stay as they are, one row a line."""
    out: list[str] = []
    flowing: list[str] = []
    for block in blocks:
        if isinstance(block, _Rows):
            out.extend([*reflow_lines(_join_units(flowing), 0), "", *block, ""])
            flowing = []
        else:
            flowing.extend([*block, ""])
    out.extend(reflow_lines(_join_units(flowing), 0))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n") + "\n"


def _join_units(lines: list[str]) -> list[str]:
    """``Điều`` / ``1. Công bố …``: a legal unit's word whose bold run broke the line before
    its number is one line with it."""
    out: list[str] = []
    for line in lines:
        if len(out) >= 2 and not out[-1].strip() and _UNIT_WORD.match(out[-2]):
            out.pop()  # "1. Phạm vi …" opened a list: CommonMark ended the paragraph before it
        if out and _UNIT_WORD.match(out[-1]) and re.match(r"[0-9IVXLC]", line.lstrip()):
            out[-1] = f"{out[-1].strip()} {line.lstrip()}"
        else:
            out.append(line)
    return out


def _layout(lines: list[str]) -> list[str | _Table | _Numbered]:
    """Split the source into Markdown chunks and tables, by its ``|`` lines and ``… |`` rows."""
    rows: list[list[str]] = []
    cell: list[str] = []
    row: list[str] = []
    pipes = 0

    def end_cell() -> None:
        text = "\n".join(cell).strip()
        if text:
            row.append(text)
        cell.clear()

    def end_row(pipes: int = 0) -> None:
        end_cell()
        if row:
            rows.append(_Row(row, pipes))
        row.clear()

    for n, line in enumerate(lines):
        if _PIPE_LINE.match(line):
            pipes += 1
            end_cell()
            continue
        if pipes >= 2:
            end_row(pipes)
        pipes = 0
        if _ROW_LINE.match(line) and not _real_table(lines, n):
            end_row()
            # An empty cell keeps its column ("2028 | | 34 | 59 |": 34 is the third column's), the
            # first one's too ("| | Tây Nguyên | …": each cell ends with its "|").
            cells = re.split(r"\s*\|\s*", line.strip().removesuffix("|").rstrip())
            rows.append(cells if len([c for c in cells if c]) > 1 else [c for c in cells if c])
            rows.append([])  # the next line starts a row of its own
            continue
        if _FORM_LABEL.match(line):
            end_row()
            rows.append([line.strip()])
            continue
        cell.append(line)
    end_row()
    return _group(rows)


class _Row(list[str]):
    """A row's cells, and how many "|" lines ended it: each "|" line opens a cell, so two mark
    a row's end or an empty cell inside it, which only the table's width tells apart."""

    def __init__(self, cells: list[str], pipes: int) -> None:
        super().__init__(cells)
        self.pipes = pipes


def _real_table(lines: list[str], n: int) -> bool:
    """Whether line ``n`` belongs to a CommonMark table (a delimiter row under its header)."""
    start = n
    while start > 0 and lines[start - 1].lstrip().startswith("|"):
        start -= 1
    return start + 1 < len(lines) and bool(_DELIMITER_ROW.match(lines[start + 1]))


def _group(rows: list[list[str]]) -> list[str | _Table | _Numbered]:
    """Data tables and the other cells, in order.

    A data table is found from its rows: a row whose last W ≥ 3 cells are short column names,
    W at most the width of the widest row after it (the page's layout may put a title, or the
    signature block, in the same row before the names). Rows up to a little wider than the
    header belong to the table (a row may miss a cell spanned from the row above, or hold two
    sub-columns); a longer row holds the last data row and what follows the table (the next
    table's title and header), which starts at its first title in capitals.

    A row numbered in a cell of its own ("2.4" | "Số lượng hồ sơ: 01 (bộ)") is a numbered part
    laid out as a table (:class:`_Numbered`), and the next part of that numbering ("2.11" or "3"
    after "2.10") ends a data table standing under it.
    """
    chunks: list[str | _Table | _Numbered] = []
    rows = [row for row in rows if row]
    table: _Table | None = None
    number = ""  # the number of the last numbered row outside a table
    part = ""  # the number of the part of the text a table stands in
    i = 0
    while i < len(rows):
        row = rows[i]
        if table is not None and (
            _is_text_block(row[:1]) or (len(row) > 1 and _is_title_cell(row[0])) or _FORM_LABEL.match(row[0])
            or frame.SIGNING.search(_plain(row[0]))
            # The rest of the document in the cell after a table's last row, the page having set
            # no row's end: a part's heading in bold inside it ("… chưa lập hồ sơ quyết toán" /
            # "**3. Quản lý, sử dụng quỹ đất công ích**").
            or any(_is_heading_cell(line) for line in row[0].split("\n")[1:])
            # The next part of the numbering above ends the table, unless it goes on the table's
            # own (a list of people numbered 1 to 12 under a list of bodies numbered 1 to 4).
            or (len(row) > 1 and _plain(row[0]).rstrip(".") in _next_parts(number)
                and _plain(row[0]).rstrip(".") != successor(_plain(table.rows[-1][0]).rstrip(".")))
        ):
            table = None  # running text, a new title or the next part after the table
        if table is not None:
            width = len(table.rows[0])
            # A table of two columns is a list of items and their values: a row is an item's
            # name and its value, nothing spans; anything else is what follows the table.
            spare = _SPARE_CELLS if width >= _MIN_COLUMNS else 0
            if width < _MIN_COLUMNS and not (len(row) >= width and _is_column_name(row[0])):
                table = None
                continue
            # A part's heading in a cell of the row ("**3. Thủ tục**" after a form's table in
            # the page's layout) starts what follows the table, however wide the row.
            nxt = rows[i + 1] if i + 1 < len(rows) else []
            empty = getattr(row, "pipes", 0) - 1
            if nxt and empty > 0 and all(_FIGURE.match(_plain(cell)) for cell in nxt):
                # Empty cells inside a row read as a row's end ("**4.150**" / "|" / "|" /
                # "**4.060**": the amount's column is empty): the figures after them are the row's,
                # when the row then fills the table's width; a row with no number of its own
                # ("Dự phòng") lost its empty first cell the same way.
                lead = [""] if not _GROUP_LABEL.match(_plain(row[0])) else []
                if len(row) + empty + len(nxt) == width:
                    rows[i:i + 2] = [[*row, *[""] * empty, *nxt]]
                    continue
                if lead and len(row) + empty + len(nxt) == width - 1:
                    rows[i:i + 2] = [[*lead, *row, *[""] * empty, *nxt]]
                    continue
            heading = next((n for n in range(1, len(row)) if _is_heading_cell(row[n]) or _opens_next(row[n], part)), None)
            if heading is None and len(row) <= width + spare:
                table.rows.append(row)
                i += 1
                continue
            title = next((n for n in range(1, min(len(row), width + spare)) if _is_title_cell(row[n])), None)
            end = min(n for n in (heading, title, width) if n is not None)
            table.rows.append(row[:end])
            rows[i] = row[end:]
            table = None
            continue
        if table is None and i + 1 < len(rows) and (merged := _two_row_header(row, rows[i + 1])):
            rows[i:i + 2] = [merged]
            continue
        following = rows[i + 1:i + 1 + _SAMPLED_ROWS]
        following = following[:next((n for n, r in enumerate(following) if _is_text_block(r)), len(following))]
        width = _header_width(row, following)
        numbered = None if width else _numbered_cell(row)
        if width and len(row) > width and _numbered_cell(row[:-width]) is not None:
            # The last row of a list numbered in its own cells, run into the next table's names
            # ("5" | "Ủy ban nhân dân xã Thái Thụy" | "II. Cá nhân" | "STT" | "Họ và tên" | …):
            # that row first, as any such row, then the table.
            rows[i:i + 1] = [row[:-width], row[-width:]]
            continue
        if width:
            chunks.extend(row[:-width])
            # The table stands in a numbered part ("1. Mức phụ cấp … như sau:"): the next part
            # ("2. …"), where the page set no row's end, is the text after the table.
            before = row[-width - 1].split("\n") if len(row) > width else []
            part = next((lead["number"] for line in reversed(before) if (lead := _PART_LEAD.match(_plain(line)))), "")
            table = _Table([row[-width:]])
            chunks.append(table)
        elif numbered is not None:
            label = _plain(row[numbered])
            values = row[numbered + 2:]
            if _BULLET_CELL.match(label) or not all(_is_column_name(value) for value in values):
                values = []  # a listed item's marks ("x" under "Bản chính") are no values
            if _NUMBER_CELL.match(label):
                number = label.rstrip(".")
                label = f"{number}."
            elif _CODE_CELL.match(label):
                label = f"- {label}:"  # one of a list of steps or forms: "- Mẫu 01: Giấy …"
            chunks.extend(row[:numbered])
            chunks.append(_Numbered(label, row[numbered + 1], [_plain(value) for value in values]))
            chunks.extend(row[numbered + 2 + len(values):])
        else:
            chunks.extend(row)
        i += 1
    return chunks


def _opens_next(cell: str, number: str) -> bool:
    """Whether a cell holds the text after a table, the page having set no row's end: it opens an
    article ("Điều 3. …") or the part after ``number`` ("2. Người hoạt động …" after a table in
    part 1), it runs on over a part's heading in bold ("… đạt 91,2%." /
    "**4. Cải cách tổ chức bộ máy hành chính**"), or it is where a form's table is signed ("…,
    ngày … tháng … năm …" / "THỦ TRƯỞNG CƠ QUAN" / "(Ký tên, đóng dấu)")."""
    text = _plain(cell)
    lead = _PART_LEAD.match(text)
    return (
        bool(_ARTICLE_CELL.match(text)) or (lead is not None and bool(number) and lead["number"] in _next_parts(number))
        or bool(frame.SIGNING.search(text))
        or any(_is_heading_cell(line) for line in cell.split("\n")[1:])
    )


def _numbered_cell(row: list[str]) -> int | None:
    """Where a row of the page's layout holds a part's number or a bullet alone in a cell, with
    the part's text in the next cell ("**2.4**" | "**Số lượng hồ sơ**: 01 (bộ)"), or None."""
    for n, cell in enumerate(row[:-1]):
        label = _plain(cell)
        if any(p.match(label) for p in (_NUMBER_CELL, _CODE_CELL, _BULLET_CELL)) and _plain(row[n + 1])[:1].isalpha():
            return n
    return None


def _next_parts(number: str) -> set[str]:
    """The numbers that go on after part ``number`` at its level or above it: "2.11" and "3"
    after "2.10"."""
    parts = number.split(".") if number else []
    return {successor(".".join(parts[:n])) for n in range(1, len(parts) + 1)}


def _two_row_header(row: list[str], under: list[str]) -> list[str] | None:
    """A header over two rows of the same width, its spanning names as one row, or None: "TT" |
    "Tên tiêu chí" | "Chỉ tiêu theo vùng" | "" | … over "" | "" | "Tây Nguyên" | "Đông Nam Bộ" | …
    is "TT" | "Tên tiêu chí" | "Chỉ tiêu theo vùng Tây Nguyên" | "Chỉ tiêu theo vùng Đông Nam Bộ" | …
    (a column a name spans is the cell the name leaves empty; the row under it names nothing else)."""
    if len(row) != len(under) or len(row) < _MIN_COLUMNS or row[-1] or not row[0] or under[0]:
        return None
    if not all(_is_column_name(cell) for cell in (*row, *under) if cell):
        return None
    merged: list[str] = []
    parent = ""
    for top, sub in zip(row, under):
        if top:
            parent = top
        if not (top or sub):
            return None  # a column named by neither row
        merged.append(f"{_plain(parent)} {_plain(sub)}" if sub else top)
    # The names under must all stand under spanning names, each name over at least two.
    spans = [n for n, top in enumerate(row) if top and n + 1 < len(row) and not row[n + 1]]
    if not spans or any(sub and not (row[n] == "" or n in spans) for n, sub in enumerate(under)):
        return None
    return merged


def _header_width(row: list[str], following: list[list[str]]) -> int:
    """How many of a row's last cells name the columns of a table under it, or 0: the run of
    short names the row ends with, at most as many as the widest row under it (group rows come
    first and are narrower; the last row may run on into what follows the table); or two bold
    names over rows of an item and its value (:func:`_pair_header`)."""
    run = 0
    while run < len(row) and (_is_column_name(row[len(row) - run - 1]) or _is_long_column_name(row[len(row) - run - 1])):
        run += 1
    widest = max((len(r) for r in following), default=0)
    width = min(run, widest)
    if width < _MIN_COLUMNS or _CODE_CELL.match(_plain(row[-width])):
        return _PAIR if _pair_header(row, following) else 0
    if following and any(map(_is_frame, row[-width:])) and any(map(_is_frame, following[0])):
        return 0  # a letterhead of three cells (two bodies and the Party's name) over its numbers
    return width


def _pair_header(row: list[str], following: list[list[str]]) -> bool:
    """Whether a row ends with the two column names of a table of items and their values:
    "**Hạng mục**" | "**Thông số**" over "Kích thước thẻ trò chơi" | "63mm x 88mm", … Two
    cells name columns only when set in bold as a header is, one line each and no part of the
    letterhead, over at least :data:`_PAIR_ROWS` rows naming an item in their first cell."""
    names = row[-_PAIR:]
    if len(names) < _PAIR or not all(
        _is_column_name(cell) and "\n" not in cell.strip() and not _is_frame(cell) for cell in names
    ):
        return False
    items = 0
    for following_row in following:
        if len(following_row) != _PAIR or not _is_column_name(following_row[0]) or any(map(_is_frame, following_row)):
            break
        items += 1
    # Names not in bold need a longer list under them: "Loại thẻ | Hạn mức …" over three cards.
    bold = all(_BOLD_CELL.match(cell.strip()) for cell in names)
    return items >= (_PAIR_ROWS if bold else _PLAIN_PAIR_ROWS)


def _is_frame(cell: str) -> bool:
    """A cell of the letterhead or the signature block."""
    return any(frame.is_letterhead(line) or frame.is_signature(line) for line in map(normalize, cell.split("\n")))


def _is_text_block(row: list[str]) -> bool:
    """A row of one cell holding running text (paragraphs of the document between two layout
    tables), not a table's row or a group's name."""
    return len(row) == 1 and len(row[0].split()) > 2 * _MAX_HEADER_WORDS


def _is_title_cell(cell: str) -> bool:
    """A cell that is a title in capitals ("PHỤ LỤC II DỰ TOÁN …"), not a table's value."""
    text = _plain(cell)
    return len(text.split()) >= 3 and is_caps(text)


def _is_heading_cell(cell: str) -> bool:
    """A cell that is a numbered part's heading in bold, alone: "**3. Thủ tục**", "**II. …**"."""
    source = cell.strip()
    text = _plain(cell)
    return (
        source.startswith("**") and source.endswith("**") and bool(_HEADING_CELL.match(text))
        and len(text.split()) <= _MAX_HEADING_CELL_WORDS
    )


def is_header(cells: list[str], minimum: int = _MIN_COLUMNS) -> bool:
    """Whether a row's cells (Markdown or plain) read as a table's column names: at least
    ``minimum``, a few words each, none a "Label:" cell of a key-value layout or a numbered item
    ("1", "2. Miễn nhiệm …": the layout of a numbered part)."""
    return len(cells) >= minimum and all(_is_column_name(cell) for cell in cells)


def _is_long_column_name(cell: str) -> bool:
    """A header cell in bold that names its column at length ("**Thôn có từ 350 hộ gia đình trở
    lên, …; thôn, tổ dân phố thuộc xã … biên giới, hải đảo**" beside "**Thôn, tổ dân phố còn
    lại**"): in bold whole, as a header is, it is no running text."""
    source = " ".join(cell.split())
    name = _plain(cell)
    return (
        bool(_BOLD_CELL.match(source)) and len(name.split()) <= _MAX_LONG_HEADER_WORDS
        and not name.endswith(":") and not _NUMBERED_CELL.match(name) and not _is_frame(cell)
    )


def _is_column_name(cell: str) -> bool:
    name = _plain(cell)
    return (
        any(c.isalpha() for c in name) and len(name.split()) <= _MAX_HEADER_WORDS
        and not name.endswith(":") and not _NUMBERED_CELL.match(name)
    )


def table_lines(rows: list[list[str]]) -> list[str]:
    """A data table's rows (plain cells, the first row its column names) as lines.

    The first line names the columns, ``Số TT | Tên thủ tục | Thời hạn``; each data row is then
    one line naming its columns, ``Số TT: 1; Tên thủ tục: Cấp bản sao…; Thời hạn: 05 ngày``
    (the segmenter cites it as a row of the table, ``dòng N``). A row of sub-column names under
    the header (``X`` / ``Y`` under ``Vị trí``) names them after their column. A row naming a
    group (one cell, or a number and a few cells: ``I`` / ``Vùng nuôi …``) is no row of its own:
    it is written before each row of its group, ``I. Vùng nuôi … — TT: 1; …``, groups inside
    groups one after the other; a group with no row under it is a row.
    """
    columns, body = _columns(rows)
    body = _totals_joined(body)
    lines = [" | ".join(name or "-" for name in columns)]
    groups: list[tuple[str, str, bool]] = []  # (numbering style, text, whether a row used it)

    def close(depth: int) -> None:
        while len(groups) > depth:
            style, text, used = groups.pop()
            if not used:
                lines.append(" — ".join([*(g[1] for g in groups), text]))

    for k, row in enumerate(body):
        cells = [" ".join(cell.split()) for cell in row]
        if _TOTAL_LABEL.match(next((cell for cell in cells if cell), "")):
            close(0)  # a total is the whole table's, under no group
            after = next((cell for cell in body[k + 1] if cell.strip()), "") if k + 1 < len(body) else ""
            if sum(bool(cell) for cell in cells) == 1 and not _FIGURE.match(after):
                continue  # a form's total left blank says nothing
        group = _group_row(cells, len(columns))
        if group is not None:
            style, text, figures = group
            # A group of the same numbering closes the one open; an unnumbered name right under
            # another ("LĨNH VỰC: CHỨNG THỰC" / "THỦ TỤC CẤP XÃ") names a group inside it.
            same = next((i for i, g in enumerate(groups) if g[0] == style and (g[2] or style != "text")), len(groups))
            close(same)
            if figures:  # a group's own figures (its subtotal) are a row of the table
                if len(cells) == len(columns):  # each under its column's name, where the row shows it
                    figures = "; ".join(f"{name}: {value}" if name else value for name, value in list(zip(columns, cells))[2:] if value)
                lines.append(" — ".join([*(g[1] for g in groups), f"{text}; {figures}"]))
            groups.append((style, text, bool(figures)))
            continue
        if 1 < len(cells) < len(columns) and _TOTAL.match(cells[0]) and all(_FIGURE.match(cell) for cell in cells[1:]):
            # A total's label spans the first columns ("Tổng cộng" over STT and Chức danh): its
            # figures stand under the last ones of figures (a column of text may end the table).
            figures = cells[1:]
            counted = [i for i, _ in enumerate(columns) if sum(
                len(r) == len(columns) and bool(_FIGURE.match(" ".join(r[i].split()))) for r in body
            ) * 2 > sum(len(r) == len(columns) for r in body)]
            under = counted[-len(figures):] if len(counted) >= len(figures) else range(len(columns) - len(figures), len(columns))
            named = [cells[0], *(f"{columns[i]}: {value}" for i, value in zip(under, figures))]
        else:
            # A total's label goes without its column's name, as a row of its own does.
            named = [
                f"{name}: {_cell_end(value)}" if name and not _TOTAL_LABEL.match(value) else _cell_end(value)
                for name, value in zip(columns, cells) if value
            ]
            named += [_cell_end(value) for value in cells[len(columns):] if value]
        if not named:
            continue
        groups[:] = [(style, text, True) for style, text, _ in groups]
        lines.append(" — ".join([*(g[1] for g in groups), "; ".join(named)]))
    close(0)
    return lines


def _totals_joined(body: list[list[str]]) -> list[list[str]]:
    """Rows with a total's label ("TỔNG CỘNG (A+B+C)"), alone or with some of its figures, joined
    to the row of figures alone under it: the page's layout cells, their empty ones lost, cut the
    total's row in two, and the label headed every row after it as a group's name."""
    joined: list[list[str]] = []
    for row in body:
        filled = [" ".join(cell.split()) for cell in row if cell.strip()]
        total = [" ".join(cell.split()) for cell in joined[-1] if cell.strip()] if joined else []
        if (
            total and _TOTAL.match(total[0]) and all(_FIGURE.match(c) for c in total[1:])
            and filled and all(_FIGURE.match(c) for c in filled)
        ):
            joined[-1] = [*total, *filled]
        else:
            joined.append(row)
    return joined


# A total's row: its label, and figures alone in its other cells.
_TOTAL = re.compile(r"^(?:tổng cộng|tổng số|tổng|cộng)\b", re.IGNORECASE)
# A total's label alone: "Tổng cộng", "TỔNG CỘNG (A+B+C)", "Tổng ( I +II +III +IV)".
_TOTAL_LABEL = re.compile(r"^(?:tổng cộng|tổng số|tổng|cộng)\s*(?:\([^)]*\))?[.:]?$", re.IGNORECASE)
_FIGURE = re.compile(r"^[-+−]?[\d.,%\s]+$")


# A cell's closing full stop, but not an abbreviation's ("v.v.", "TP.") nor an ellipsis.
_CLOSING_STOP = re.compile(r"(?<=[^\W\d_]{2})\.$|(?<=[\d)\]”\"])\.$")


def _cell_end(value: str) -> str:
    """A cell's text without the full stop that closes it: cells are joined by "; ", and a row
    read "Phân công công chức xử lý hồ sơ.; Trách nhiệm: …" with it."""
    return _CLOSING_STOP.sub("", value) if not re.search(r"\S*\.\S+\.$", value) else value


# A cell that is a number or opens with one ("1", "2. Miễn nhiệm …", "(1)"): never a column's name.
_NUMBERED_CELL = re.compile(r"^\(?(?:\d+(?:\.\d+)*|[IVXLC]+)[.)]?(?:\s|$)|^[A-H]\.\s")
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")
# The numbering of a group row's label: "I", "A", "1", "1.2", "a" (with a closing "." or ")").
_GROUP_LABEL = re.compile(r"^(?:(?P<roman>[IVXLC]+)|(?P<upper>[A-Z])|(?P<dotted>\d+(?:\.\d+)+)|(?P<arabic>\d+)|(?P<letter>[a-zđ]))[.)]?$")
_SHORT_NAME_WORDS = 4
# In a narrower table a numbered row with a cell missing is a data row, not a group's name.
_MIN_GROUPED_WIDTH = 5


def _columns(rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """The column names and the rows under them. A second header row of short names, fewer
    than the columns, over rows wider than the header, splits the column it stands under (the
    one with the longest name, a spanning column names a group: "Vị trí lấy mẫu (theo tọa độ
    VN-2000)" over "X", "Y")."""
    header = [" ".join(cell.split()) for cell in rows[0]]
    body = rows[1:]
    if body and len(body[0]) > 1 and all(_COLUMN_NUMBER.match(cell) for cell in body[0]):
        body = body[1:]  # the columns' numbers, "(1)", "(2)", …: no row of the table
    if len(body) >= 2:
        sub = [" ".join(cell.split()) for cell in body[0]]
        wider = max((len(row) for row in body[1:]), default=0)
        if (
            1 < len(sub) < len(header)
            and wider == len(header) + len(sub) - 1
            and all(name and len(name.split()) <= _SHORT_NAME_WORDS for name in sub)
            and not (_GROUP_LABEL.match(sub[0]) and not _GROUP_LABEL.match(sub[1]))
        ):
            # Among names as long, the one over figures or dates ("Thời gian thực hiện" over
            # "Bắt đầu" / "Hoàn thành", beside "Đơn vị chủ trì").
            wide = [row for row in body[1:] if len(row) == wider]

            def figures(i: int) -> int:
                return sum(all(_FIGURE.match(cell.replace("/", "")) for cell in row[i:i + len(sub)]) for row in wide)

            spanned = max(range(len(header)), key=lambda i: (len(header[i].split()), figures(i)))
            parent = header[spanned]
            header = [*header[:spanned], *(f"{parent} {name}" for name in sub), *header[spanned + 1:]]
            body = body[1:]
    return header, body


def _group_row(cells: list[str], width: int) -> tuple[str, str, str] | None:
    """A row naming a group of rows, as (numbering style, name, the group's own figures), or
    None for a data row: one cell alone, or a numbered label, its name and at most a few more
    cells (a subtotal) in a table of five or more columns."""
    filled = [cell for cell in cells if cell]
    if not filled:
        return None
    if len(filled) == 1 and width > 2:
        label = _GROUP_LABEL.match(filled[0].split()[0].rstrip(".):"))
        return (_label_style(label) if label else "text", filled[0], "")
    label = _GROUP_LABEL.match(filled[0])
    # A group's subtotals ("A" | "VỐN NGÂN SÁCH TỈNH" | | | "119.500" | "112.600"), however many:
    # only figures after its name, under a label no data row takes (Roman, a capital letter).
    subtotal = label is not None and bool(label["roman"] or label["upper"]) and all(_FIGURE.match(c) for c in filled[2:])
    if label is None or width < _MIN_GROUPED_WIDTH or (len(filled) > max(2, width // 3) and not subtotal):
        return None
    return _label_style(label), f"{filled[0].rstrip('.)')}. {filled[1]}", "; ".join(filled[2:])


def _label_style(label: re.Match[str]) -> str:
    style = next(name for name, value in label.groupdict().items() if value)
    return f"dotted{label.group('dotted').count('.')}" if style == "dotted" else style


def _plain(source: str) -> str:
    """A cell's Markdown as one line of plain text."""
    return " ".join(line for block in _render(source) for line in block if line)


def _pipe_grid_tables(lines: list[str]) -> list[str]:
    """Grid tables (pandoc's, for a Word file's letterhead and signature tables or any table whose
    cells hold several lines) written as pipe tables, which CommonMark's tables read: each row's
    cells from the columns the borders mark, a cell's wrapped lines joined, its paragraphs kept
    apart by ``<br>``; the first row as the header row (a real header only if it names columns,
    as for any table). A cell spanning columns keeps its text whole."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not _GRID_BORDER.match(lines[i]):
            out.append(lines[i])
            i += 1
            continue
        rows: list[list[str]] = []
        body: list[str] = []
        edges = [m.start() for m in re.finditer(r"\+", lines[i].rstrip())]
        i += 1
        while i < len(lines) and (_GRID_BORDER.match(lines[i]) or lines[i].lstrip().startswith("|")):
            if _GRID_BORDER.match(lines[i]):
                if body:
                    rows.append(_grid_cells(body, edges))
                body = []
                edges = [m.start() for m in re.finditer(r"\+", lines[i].rstrip())]
            else:
                body.append(lines[i])
            i += 1
        if body:
            rows.append(_grid_cells(body, edges))
        if not rows:
            continue
        width = max(len(row) for row in rows)
        piped = [f"| {' | '.join(row + [''] * (width - len(row)))} |" for row in rows]
        out.extend(["", piped[0], "|" + "---|" * width, *piped[1:], ""])
    return out


def _grid_cells(body: list[str], edges: list[int]) -> list[str]:
    """The cells of one grid-table row (its lines between two borders), split where every line
    has a "|" at a column's edge."""
    cuts = [e for e in edges if all(len(line) > e and line[e] == "|" for line in body)]
    cells = []
    for left, right in zip(cuts, cuts[1:]):
        paragraphs: list[list[str]] = [[]]
        for line in body:
            piece = line[left + 1:right].strip()
            if piece:
                paragraphs[-1].append(piece)
            elif paragraphs[-1]:
                paragraphs.append([])
        cells.append("<br>".join(" ".join(p) for p in paragraphs if p).replace("|", "\\|"))
    return cells


def _end_pipe_tables(lines: list[str]) -> list[str]:
    """A table written with pipes ended at its first line without one: to CommonMark's tables a
    line of text right under the last row is one more row ("**Phần thứ hai**" as a row, and every
    heading and paragraph after it until a blank line), while a writer means the text after it."""
    out: list[str] = []
    in_table = False
    for i, line in enumerate(lines):
        if in_table and line.strip() and "|" not in line:
            out.append("")
            in_table = False
        elif not line.strip():
            in_table = False
        elif _DELIMITER_ROW.match(line) and "|" in line and i and "|" in lines[i - 1]:
            in_table = True
        out.append(line)
    return out


def _escape_wrapped_markers(lines: list[str]) -> list[str]:
    """A number or a dash that the page's wrapping put at a line's start inside a paragraph ("…
    trong Quý I năm" / "2026.", "… đoạn Hoằng Hóa" / "- Sầm Sơn …") escaped, so that CommonMark
    reads no list item there (which would cut the paragraph, or drop "2026." as an empty item of
    the list the paragraph stands in). Only where the line before goes on: no sentence ends there,
    and it is no bullet item of its own (a list of recipients without punctuation)."""
    out = list(lines)
    for i in range(1, len(lines)):
        before = _STRAY_EMPHASIS.sub("", lines[i - 1]).strip()
        marker = _WRAPPED_MARKER.match(lines[i])
        if (
            marker and before and not _PIPE_LINE.match(lines[i - 1]) and not ENDS_SENTENCE.search(before)
            and not (marker["bullet"] and _BULLET_ITEM.match(before))
        ):
            cut = marker.start("bullet") if marker["bullet"] else marker.end("number")
            out[i] = f"{lines[i][:cut]}\\{lines[i][cut:]}"
    return out


def _render(source: str, apart: bool = False) -> list[list[str] | _Rows]:
    """Markdown as blocks of plain lines (blank lines between blocks), a table's rows a block of
    their own. ``apart``: the page sets its paragraphs apart (:func:`paragraphs_apart`), so a
    paragraph's line breaks are its wrapping."""
    tokens = _PARSER.parse(source)
    blocks: list[list[str] | _Rows] = []
    lines: list[str] = []
    prefix = ""
    in_table_row: list[str] | None = None
    table_rows: list[list[str]] = []
    source_lines = [line.strip() for line in source.split("\n")]
    for at, token in enumerate(tokens):
        if token.type in {"bullet_list_open", "ordered_list_open"} and lines and not lines[-1]:
            if token.level == 0 and len(lines) >= 2 and lines[-2].startswith(("- ", token.markup)):
                lines.pop()  # "* a" then "- b": two lists to CommonMark, one to a reader
        elif token.type == "list_item_open":
            # "+" marks a list under a "-" item in Vietnamese drafting: kept, as quoted text.
            prefix = f"{token.info}{token.markup} " if token.info else "+ " if token.markup == "+" else "- "
            # A marker alone on its line goes with the text on the next ("2." / "Các đơn vị …");
            # one set apart by a blank line marks nothing (the "*" under a Party letterhead's name).
            if tokens[at + 1].type == "list_item_close" and token.map and source_lines[token.map[0] + 1:token.map[0] + 2] == [""]:
                prefix = ""
        elif token.type in {"bullet_list_close", "ordered_list_close", "table_close"}:
            if token.type == "table_close":
                plain = [[" ".join(cell.split()) for cell in row] for row in table_rows]
                # Its header row (CommonMark's) names columns, two are enough; a name is one
                # line and no letterhead ("ỦY BAN NHÂN DÂN<br>TỈNH …" over "Số: …" is layout).
                header = table_rows[0] if table_rows else []
                if (
                    len(plain) > 1
                    and is_header(plain[0], minimum=2)
                    and not any("\n" in cell or _is_frame(cell) for cell in header)
                ):
                    blocks.extend([[_block_line(line) for line in lines], _Rows(table_lines(plain))])
                    lines = []
                else:
                    # A table laid out for the page (a letterhead, a signature block): its cells
                    # one after the other, each with its line breaks.
                    lines.extend(part for row in table_rows for cell in row for part in (*cell.split("\n"), ""))
                table_rows = []
            lines.append("")
        elif token.type == "tr_open":
            in_table_row = []
        elif token.type == "tr_close" and in_table_row is not None:
            table_rows.append(in_table_row)
            in_table_row = None
        elif token.type == "inline":
            text = _inline(token.children or [], apart)
            if in_table_row is not None:
                in_table_row.append(_clean_line(text).strip())
                continue
            block = text.split("\n")
            if prefix:
                block[0] = prefix + block[0].lstrip()
                prefix = ""
            lines.extend(block)
        elif token.type in {"paragraph_close", "heading_close"} and not token.hidden:
            lines.append("")
        elif token.type in {"code_block", "fence", "html_block"}:
            lines.extend(_TAG.sub("", token.content).split("\n"))
            lines.append("")
        elif token.type == "hr":
            lines.append("")
    blocks.append([_block_line(line) for line in lines])
    return blocks


# Two headings the page ran into one line, a part's name in capitals then the first sub-part's
# number and its name in sentence case: "B. PHƯƠNG ÁN TÁI CẤU TRÚC I. Lưu đồ quy trình điện tử".
_RUN_TOGETHER = re.compile(r"^(?P<head>.*[" + UPPER + r"]{2,})\s+(?P<next>[IVX]{1,4}\.\s+[" + UPPER + r"][" + LOWER + r"].*)$")
# Words a Roman numeral belongs to ("PHẦN II. …", "CHƯƠNG I. …"): no second heading starts there.
_NUMBERED_WORDS = frozenset("PHẦN CHƯƠNG MỤC ĐIỀU LỤC SỐ THỨ KHÓA KHOÁ".split())


def _split_run_together(line: str) -> str:
    """A line holding two headings (see :data:`_RUN_TOGETHER`) as two lines."""
    match = _RUN_TOGETHER.match(line)
    if not match:
        return line
    head = match.group("head")
    words = re.findall(r"[^\W\d_]+", head)
    if len(words) < 2 or not is_caps(head) or words[-1] in _NUMBERED_WORDS:
        return line
    return f"{head}\n{match.group('next')}"


def _block_line(line: str) -> str:
    return "\n".join(_split_run_together(part) for part in _clean_line(line).split("\n"))


def _clean_line(line: str) -> str:
    line = _RULE_IN_LINE.sub("\n", _STRAY_EMPHASIS.sub("", line))
    return "\n".join(" ".join(part.split()) for part in line.split("\n"))


def _inline(children: list[Token], apart: bool = False) -> str:
    """An inline run as text with ``\\n`` line breaks; a bold or italic run filling whole lines
    becomes one line set apart by blank lines. When paragraphs are set apart (``apart``), the
    page's soft line breaks are spaces (:func:`_wrapped`)."""
    pieces: list[str] = []
    breaks: list[int] = []  # indexes of the line-break pieces
    soft: set[int] = set()  # the soft ones among them
    open_spans: list[tuple[int, bool]] = []  # (piece index where the span starts, at line start)

    def at_line_start() -> bool:
        last_break = breaks[-1] if breaks else -1
        return not "".join(pieces[last_break + 1:]).strip()

    for i, child in enumerate(children):
        kind = child.type
        if kind in {"softbreak", "hardbreak"}:
            if kind == "softbreak":
                soft.add(len(pieces))
            breaks.append(len(pieces))
            pieces.append("\n")
        elif kind in {"strong_open", "em_open", "s_open"}:
            following = children[i + 1].content if i + 1 < len(children) else ""
            if pieces and pieces[-1][-1:].isalnum() and following.startswith("V/v"):
                # A letter's subject in italics run into its number's line ("Số 1287-CV/TU*V/v …*").
                breaks.append(len(pieces))
                pieces.append("\n")
            open_spans.append((len(pieces), at_line_start()))
        elif kind in {"strong_close", "em_close", "s_close"} and open_spans:
            start, whole = open_spans.pop()
            if whole and not open_spans and not _ends_line(children, i + 1):
                if _UNIT_LABEL.match("".join(pieces[start:]).strip()):
                    # "**Điều 2.** Quy định này thay thế …": only the label is bold, the rest
                    # is the article's text, not its name.
                    breaks.append(len(pieces))
                    pieces.append("\n")
            elif whole and not open_spans and not is_bare_marker("".join(pieces[start:])):
                # A marker alone in bold ("**2.**" / "Rà soát, …") opens the item on the next line.
                inside = [b for b in breaks if b >= start]
                for b in inside:
                    pieces[b] = " "
                breaks[:] = [b for b in breaks if b < start]
                pieces.insert(start, "\n\n")
                breaks.append(start)
                pieces.append("\n\n")
                breaks.append(len(pieces) - 1)
        elif kind == "image":
            if not _NO_ALT.match(child.content.strip()):
                pieces.append(child.content)
        elif kind == "html_inline":
            if _BREAK_TAG.match(child.content):  # "<br>" in a table's cell
                breaks.append(len(pieces))
                pieces.append("\n")
        else:
            pieces.append(child.content)
    if apart:
        kept = [-1, *(b for b in breaks if pieces[b] == "\n"), len(pieces)]
        for before, b, after in zip(kept, kept[1:], kept[2:]):
            if b in soft and _wrapped("".join(pieces[before + 1:b]), "".join(pieces[b + 1:after])):
                pieces[b] = " "
    return "".join(pieces)


def _wrapped(line: str, following: str) -> bool:
    """Whether a soft line break inside a paragraph the page set apart is only its wrapping: it
    is, unless a sentence ends there and an item, a heading or capitals open the next line (a
    list run into one paragraph), or capitals end there and running text follows (an office over
    its signer's name). A wrap puts anything at a line's start: a capital after a full stop or a
    semicolon ("… các sở, ban, ngành tỉnh;" / "Ủy ban nhân dân các xã …"), a dash ("… tại chuyên
    mục Hỏi" / "– Đáp/Phản ánh kiến nghị.")."""
    line, following = line.strip(), following.strip()
    if not following or (opens_parenthesis(line) and not opens_block(following)):
        return True
    if is_caps(line) and not is_caps(following):
        return False  # a title or an office in capitals, then its text or the signer's name
    if not ENDS_SENTENCE.search(line):
        return True
    return not (opens_block(following) or is_caps(following))


def _ends_line(children: list[Token], start: int) -> bool:
    """Whether only closing markup or spaces stand between ``start`` and the line's end."""
    for child in children[start:]:
        if child.type in {"softbreak", "hardbreak"}:
            return True
        if child.type.endswith("_close") or (child.type == "text" and not _STRAY_EMPHASIS.sub("", child.content).strip()):
            continue
        return False
    return True
