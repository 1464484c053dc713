"""A table read from a file format that keeps its cells and their spans (a web page, a .docx),
as the lines the segmenter reads.

A table whose first row names at least three columns is data: its rows become the lines of
:func:`corpus.markdown.table_lines` (one line naming the columns, then one line per row naming
its columns), with spanned cells in place (:func:`grid`). Any other table is the page's layout
(a letterhead, a signature block, a form) and is left to the caller, which reads its cells one
after the other.
"""

from __future__ import annotations

from corpus.markdown import is_header, table_lines

# A cell's (colspan, rowspan, whether it is a header cell): <th> on a web page; in a .docx a
# row marked as the table's header, or one a cell of the first row spans down into.
Span = tuple[int, int, bool]


def data_table_lines(rows: list[list[str]], spans: list[list[Span]]) -> list[str] | None:
    """A data table's lines, or None when the table is layout.

    Args:
        rows: The table's rows, each the text of its cells as written (without the cells a
            cell above spans into).
        spans: For each cell of ``rows``, its :data:`Span`.
    """
    kept = [(row, span) for row, span in zip(rows, spans) if any(cell.strip() for cell in row)]
    plain = grid([[" ".join(cell.split()) for cell in row] for row, _ in kept], [span for _, span in kept])
    if len(plain) > 1 and is_header(plain[0]):
        return table_lines(plain)
    return None


def grid(rows: list[list[str]], spans: list[list[Span]]) -> list[list[str]]:
    """A table's rows as a grid, one cell per column: a cell spanning rows stands in each of
    them (a "Ghi chú" for two rows is theirs both), a cell spanning columns in the first (a group
    row's name), except in the header, where a column's name is every header cell above it:
    "Vị trí lấy mẫu" over "X" and "Y" names the columns "Vị trí lấy mẫu X" and "… Y"."""
    out_rows: list[list[str]] = []
    below: dict[int, tuple[str, int]] = {}  # column → (text, rows still covered)
    header_rows = 0
    for r, (row, span) in enumerate(zip(rows, spans)):
        out: list[str] = []
        cells = iter(zip(row, span))
        heading = r == header_rows and bool(span) and all(th for _, _, th in span)
        while True:
            col = len(out)
            if col in below:
                text, left = below.pop(col)
                out.append(text)
                if left > 1:
                    below[col] = (text, left - 1)
                continue
            cell = next(cells, None)
            if cell is None:
                break
            text, (colspan, rowspan, _) = cell
            for n in range(colspan):
                shown = text if n == 0 or heading else ""
                out.append(shown)
                if rowspan > 1:
                    below[col + n] = (shown, rowspan - 1)
        if heading:
            header_rows += 1
        out_rows.append(out)
    if header_rows > 1:
        width = max(len(row) for row in out_rows[:header_rows])
        names = [
            " ".join(dict.fromkeys(row[c] for row in out_rows[:header_rows] if c < len(row) and row[c]))
            for c in range(width)
        ]
        out_rows = [names, *out_rows[header_rows:]]
    return out_rows
