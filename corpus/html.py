"""Read a saved web page (``.html``/``.htm``) into the plain lines the segmenter reads.

Users save documents from law portals as web pages more often than as Markdown. The page is read
with the standard library's HTML parser: scripts, styles and the head are dropped; every block
(paragraph, heading, list item, ``<br>``) is a line of its own with its spaces collapsed, as a
browser shows it; emphasis is markup, never text. A table whose first row names at least three
columns is data (an appendix): each further row is one line naming its columns, as for Markdown
(:func:`corpus.markdown.table_lines`), with its spanned cells in place (a header over two rows
names each column by both, a cell spanning rows stands in each); other tables (the letterhead,
the signature block, the page's layout) give their cells one after the other.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from corpus.tables import Span, data_table_lines

_BLOCKS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote pre section article header footer main "
    "aside nav table thead tbody tfoot caption form fieldset figure figcaption hr address center".split()
)
_EMPHASIS = frozenset("b strong i em u".split())
_SKIPPED = frozenset("script style head noscript template svg iframe button select option".split())


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skipping = 0
        self.tables: list[list[list[str]]] = []  # open tables: rows of cells
        self.spans: list[list[list[Span]]] = []  # per cell: (colspan, rowspan, <th>)
        self.cell: list[str] | None = None
        self.cells_stack: list[list[str] | None] = []
        self.list_marks: list[list[int]] = []  # per open list: [next number] or [] for bullets
        # Open bold/italic runs, each True when it began a line: a <br> inside such a run wraps
        # one heading or one date line ("I. MỤC ĐÍCH,<br>YÊU CẦU"), it does not end it.
        self.emphasis: list[bool] = []

    # Text goes to the open cell, else to the current line.
    def _sink(self) -> list[str]:
        return self.cell if self.cell is not None else self.current

    def _break(self, blank: bool = False) -> None:
        if self.cell is not None:
            self.cell.append("\n")
            return
        text = " ".join("".join(self.current).split())
        if text:
            self.lines.append(text)
        self.current = []
        if blank and self.lines and self.lines[-1]:
            self.lines.append("")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
            return
        if self.skipping:
            return
        if tag == "table":
            self._break(blank=True)
            self.tables.append([])
            self.spans.append([])
            self.cells_stack.append(self.cell)
            self.cell = None
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
            self.spans[-1].append([])
        elif tag in {"td", "th"} and self.tables:
            if not self.tables[-1]:
                self.tables[-1].append([])
                self.spans[-1].append([])
            given = dict(attrs)
            self.spans[-1][-1].append((_span(given.get("colspan")), _span(given.get("rowspan")), tag == "th"))
            self.cell = []
        elif tag in {"ul", "ol"}:
            self.list_marks.append([1] if tag == "ol" else [])
            self._break(blank=True)
        elif tag == "li":
            self._break()
            marks = self.list_marks[-1] if self.list_marks else []
            self._sink().append(f"{marks[0]}. " if marks else "- ")
            if marks:
                marks[0] += 1
        elif tag == "br":
            self._line_break()
        elif tag in _EMPHASIS:
            self.emphasis.append(not "".join(self._sink()).split("\n")[-1].strip())
        elif tag in _BLOCKS:
            self._break(blank=True)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and not self.skipping:
            self._line_break()

    def _line_break(self) -> None:
        if any(self.emphasis):
            self._sink().append(" ")
        else:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(self.skipping - 1, 0)
            return
        if self.skipping:
            return
        if tag in _EMPHASIS:
            if self.emphasis:
                self.emphasis.pop()
        elif tag in {"td", "th"} and self.tables and self.cell is not None:
            text = "\n".join(" ".join(part.split()) for part in "".join(self.cell).split("\n"))
            self.tables[-1][-1].append(text.strip("\n"))
            self.cell = None
        elif tag == "table" and self.tables:
            rows, spans = self.tables.pop(), self.spans.pop()
            self.cell = self.cells_stack.pop() if self.cells_stack else None
            self._emit_table(rows, spans)
        elif tag in {"ul", "ol"}:
            if self.list_marks:
                self.list_marks.pop()
            self._break(blank=True)
        elif tag in _BLOCKS or tag == "li":
            self._break(blank=tag != "li")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self._sink().append(data)

    def _emit_table(self, rows: list[list[str]], spans: list[list[Span]]) -> None:
        lines = data_table_lines(rows, spans)
        if lines is None:
            lines = [part for row in rows for cell in row if cell.strip() for part in (*cell.split("\n"), "")]
        if self.cell is not None:  # a table inside a cell: its lines are the cell's text
            self.cell.append("\n".join(lines))
            return
        self._break(blank=True)
        self.lines.extend(line.strip() for line in lines)
        self.lines.append("")


def _span(value: str | None) -> int:
    """A colspan or rowspan attribute as a count (1 when absent or unreadable; at most 50)."""
    return min(max(int(value), 1), 50) if value and value.strip().isdigit() else 1


def html_text(source: str) -> str:
    """The plain text of a web page: one block a line, blank lines between blocks, no markup.

    Args:
        source: The page's HTML.

    Returns:
        The text, ending with a newline.
    """
    reader = _Reader()
    reader.feed(source)
    reader.close()
    reader._break()
    text = "\n".join(reader.lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
