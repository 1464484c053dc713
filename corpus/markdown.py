"""Read a Markdown file into the plain lines the segmenter reads, through a CommonMark parser.

Markdown saved from law portals is CommonMark only in part: the page's layout tables come out
as cells separated by lines holding a lone ``|`` (two or more such lines end a row), or as rows
written ``cell | cell |`` without the delimiter row of a real table; paragraphs are hard-wrapped
at about 80 characters and often not separated by blank lines; bold and italic runs are broken
inside words (``v****à``) or left unclosed (``**KẾT LUẬN **``). So the file is read in three
steps:

1. the layout: cells and rows are found from the ``|`` lines; a table whose first row names at
   least three columns is data (an appendix): each further row becomes one line naming its
   columns (``Số TT: 1; Tên thủ tục: Cấp bản sao…``); other cells (letterhead, signature
   block) are read one after the other;
2. each cell through markdown-it-py: emphasis, links and HTML lose their markup, never their
   words; a bold or italic run that fills whole lines (a heading ``**Điều 6. …`` / ``… tiếp**``,
   a place-and-date line ``*Hà Nội, ngày 18`` / ``tháng 11 năm 2025*``) is one line of its own;
   list items keep their marker (``- ``, ``1. ``); a real table's rows are read as in step 1;
3. the lines of a paragraph are joined (:func:`corpus.reflow.reflow_lines`), except where a
   line opens a block: portal pages put no blank line between paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from corpus.reflow import reflow_lines

_PARSER = MarkdownIt("commonmark").enable("table").enable("strikethrough")
_PIPE_LINE = re.compile(r"^\s*\|\s*$")
_DELIMITER_ROW = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
# A row written on one line: "cell | cell |" (a portal's layout row, without a delimiter row).
_ROW_LINE = re.compile(r"^(?!\s*\|?\s*:?-{3,}).*\S\s*\|\s*$")
# What is left of emphasis the parser could not pair ("**KẾT LUẬN **"); "(*)" is a footnote mark.
_STRAY_EMPHASIS = re.compile(r"(?<!\()\*+|\*+(?!\))")
_RULE_IN_LINE = re.compile(r"-{4,}|_{4,}|={4,}")
_UNIT_WORD = re.compile(r"^\s*(?:Điều|ĐIỀU|Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN)\s*$")
_UNIT_LABEL = re.compile(r"^(?:Điều|ĐIỀU)\s+\d+[a-z]?\s*[.:]?$")
_LABEL_THEN_TEXT = re.compile(r"^([ \t]*)\*\*((?:Điều|ĐIỀU)\s+\d+[a-z]?\s*[.:]?)\s*\*\*[ \t]*(?=\S)", re.MULTILINE)
_TAG = re.compile(r"<[^>\n]+>")
# A data table: its first row names at least this many columns, each in a few words.
_MIN_COLUMNS = 3
_MAX_HEADER_WORDS = 20


@dataclass
class _Table:
    """Rows of cells (each cell its Markdown source) read from a page's layout."""

    rows: list[list[str]] = field(default_factory=list)


def markdown_text(source: str) -> str:
    """The plain text of a Markdown document: one paragraph, heading, list item or table row a
    line, blank lines between blocks, no markup.

    Args:
        source: The Markdown source (NFC, ``\\n`` line breaks).

    Returns:
        The text, ending with a newline.
    """
    # "**Điều 1. **Công bố …": the bold label, closed after a space (no closer to CommonMark),
    # is the article's number alone; what follows is its text, not its name.
    source = _LABEL_THEN_TEXT.sub(r"\1**\2**\n", source)
    lines: list[str] = []
    for chunk in _layout(source.split("\n")):
        if isinstance(chunk, _Table):
            lines.extend(table_lines([[_plain(cell) for cell in row] for row in chunk.rows]))
        else:
            lines.extend(_render(chunk))
        lines.append("")
    # Lines of one paragraph are one paragraph (CommonMark), unless a line opens a block of its
    # own (a numbered heading, a bullet, capitals after running text): a page saved from a portal
    # puts no blank line between its paragraphs.
    out = reflow_lines(_join_units(lines), 0)
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


def _layout(lines: list[str]) -> list[str | _Table]:
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

    def end_row() -> None:
        end_cell()
        if row:
            rows.append(list(row))
        row.clear()

    for n, line in enumerate(lines):
        if _PIPE_LINE.match(line):
            pipes += 1
            end_cell()
            continue
        if pipes >= 2:
            end_row()
        pipes = 0
        if _ROW_LINE.match(line) and not _real_table(lines, n):
            end_row()
            cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
            rows.append([c for c in cells if c])
            rows.append([])  # the next line starts a row of its own
            continue
        cell.append(line)
    end_row()
    return _group(rows)


def _real_table(lines: list[str], n: int) -> bool:
    """Whether line ``n`` belongs to a CommonMark table (a delimiter row under its header)."""
    start = n
    while start > 0 and lines[start - 1].lstrip().startswith("|"):
        start -= 1
    return start + 1 < len(lines) and bool(_DELIMITER_ROW.match(lines[start + 1]))


def _group(rows: list[list[str]]) -> list[str | _Table]:
    """Data tables and the other cells, in order.

    A data table is found from its rows: a row of W ≥ 3 cells whose previous row ends with W
    short column names (the page's layout may put a title, or the signature block, in the same
    row before them). Inside a table, a row of one cell names a group of rows; a longer row holds
    the last data row and what follows the table (the next table's title and header).
    """
    chunks: list[str | _Table] = []
    rows = [row for row in rows if row]
    table: _Table | None = None
    i = 0
    while i < len(rows):
        row = rows[i]
        if table is not None:
            width = len(table.rows[0])
            if len(row) in {width, 1}:
                table.rows.append(row)
                i += 1
                continue
            if len(row) > width:
                table.rows.append(row[:width])
                rows[i] = row[width:]
            table = None
            continue
        width = next((len(r) for r in rows[i + 1:] if len(r) > 1), 0)
        if width >= _MIN_COLUMNS and len(row) >= width and is_header(row[-width:]):
            chunks.extend(row[:-width])
            table = _Table([row[-width:]])
            chunks.append(table)
        else:
            chunks.extend(row)
        i += 1
    return chunks


def is_header(cells: list[str]) -> bool:
    """Whether a row's cells (Markdown or plain) read as a table's column names: at least three,
    a few words each, none a "Label:" cell of a key-value layout."""
    names = [_plain(cell) for cell in cells]
    return len(names) >= _MIN_COLUMNS and all(
        name and len(name.split()) <= _MAX_HEADER_WORDS and not name.endswith(":") for name in names
    )


def table_lines(rows: list[list[str]]) -> list[str]:
    """A data table's rows (plain cells, the first row its column names) as lines:
    ``Column: value; Column: value``; a row of another width (a group's name spanning the
    table) stays as it is, set apart; the header row is not a line."""
    header, lines = rows[0], []
    for row in rows[1:]:
        if len(row) != len(header):
            lines.extend(["", *row, ""])
            continue
        cells = [f"{name}: {value}" if name else value for name, value in zip(header, row) if value]
        lines.append("; ".join(" ".join(cell.split()) for cell in cells))
    return lines


def _plain(source: str) -> str:
    """A cell's Markdown as one line of plain text."""
    return " ".join(line for line in _render(source) if line)


def _render(source: str) -> list[str]:
    """Markdown blocks as plain lines; blank lines between blocks."""
    tokens = _PARSER.parse(source)
    lines: list[str] = []
    prefix = ""
    in_table_row: list[str] | None = None
    table_rows: list[list[str]] = []
    for token in tokens:
        if token.type in {"bullet_list_open", "ordered_list_open"} and lines and not lines[-1]:
            if token.level == 0 and len(lines) >= 2 and lines[-2].startswith(("- ", token.markup)):
                lines.pop()  # "* a" then "- b": two lists to CommonMark, one to a reader
        elif token.type == "list_item_open":
            prefix = f"{token.info}{token.markup} " if token.info else "- "
        elif token.type in {"bullet_list_close", "ordered_list_close", "table_close"}:
            if token.type == "table_close":
                lines.extend(table_lines(table_rows) if table_rows else [])
                table_rows = []
            lines.append("")
        elif token.type == "tr_open":
            in_table_row = []
        elif token.type == "tr_close" and in_table_row is not None:
            table_rows.append(in_table_row)
            in_table_row = None
        elif token.type == "inline":
            text = _inline(token.children or [])
            if in_table_row is not None:
                in_table_row.append(" ".join(text.split()))
                continue
            block = [line for line in text.split("\n")]
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
    return [_clean_line(line) for line in lines]


def _clean_line(line: str) -> str:
    line = _RULE_IN_LINE.sub("\n", _STRAY_EMPHASIS.sub("", line))
    return "\n".join(" ".join(part.split()) for part in line.split("\n"))


def _inline(children: list[Token]) -> str:
    """An inline run as text with ``\\n`` line breaks; a bold or italic run filling whole lines
    becomes one line set apart by blank lines."""
    pieces: list[str] = []
    breaks: list[int] = []  # indexes of the line-break pieces
    open_spans: list[tuple[int, bool]] = []  # (piece index where the span starts, at line start)

    def at_line_start() -> bool:
        last_break = breaks[-1] if breaks else -1
        return not "".join(pieces[last_break + 1:]).strip()

    for i, child in enumerate(children):
        kind = child.type
        if kind in {"softbreak", "hardbreak"}:
            breaks.append(len(pieces))
            pieces.append("\n")
        elif kind in {"strong_open", "em_open", "s_open"}:
            open_spans.append((len(pieces), at_line_start()))
        elif kind in {"strong_close", "em_close", "s_close"} and open_spans:
            start, whole = open_spans.pop()
            if whole and not open_spans and not _ends_line(children, i + 1):
                if _UNIT_LABEL.match("".join(pieces[start:]).strip()):
                    # "**Điều 2.** Quy định này thay thế …": only the label is bold, the rest
                    # is the article's text, not its name.
                    breaks.append(len(pieces))
                    pieces.append("\n")
            elif whole and not open_spans:
                inside = [b for b in breaks if b >= start]
                for b in inside:
                    pieces[b] = " "
                breaks[:] = [b for b in breaks if b < start]
                pieces.insert(start, "\n\n")
                breaks.append(start)
                pieces.append("\n\n")
                breaks.append(len(pieces) - 1)
        elif kind == "image":
            pieces.append(child.content)
        elif kind == "html_inline":
            continue
        else:
            pieces.append(child.content)
    return "".join(pieces)


def _ends_line(children: list[Token], start: int) -> bool:
    """Whether only closing markup or spaces stand between ``start`` and the line's end."""
    for child in children[start:]:
        if child.type in {"softbreak", "hardbreak"}:
            return True
        if child.type.endswith("_close") or (child.type == "text" and not child.content.strip()):
            continue
        return False
    return True
