"""Re-join paragraphs that a PDF text layer or a hard-wrapped text file broke at the line width.

A line continues the one before it when that one stops mid-sentence (no closing punctuation)
and either reached the wrap width or the new line starts in lowercase. Headings, numbered items
and bullets always start a line; so do lines laid out in columns (runs of spaces), and an ALL-CAPS
line never joins running text. A reference that merely starts a line ("... tại khoản 2" /
"Điều 20 của Luật này.") is not a heading: see :func:`corpus.lines.opens_block`.
"""

from __future__ import annotations

import re
import statistics

from corpus.lines import opens_block
from corpus.titlecase import is_caps

_END = re.compile(r"[.;:!?…]\s*[\"”')\]]*$")
_COLUMNS = re.compile(r"\S\s{3,}\S")
# A line cut right after a word that a number follows ("… theo quy định tại bước" / "3. Trong
# thời hạn …", "… tại khoản" / "2. …"): the number is the reference's, not an item's.
_AWAITS_NUMBER = re.compile(
    r"(?:^|\s)(?:bước|khoản|điểm|điều|mục|chương|phần|phụ lục|số|mẫu|giai đoạn|vòng)$", re.IGNORECASE
)
# A text file counts as hard-wrapped when its long lines stop at one width and most of them
# stop mid-sentence.
_MAX_WRAP_WIDTH = 130
_MIN_WRAPPED_LINES = 5


def reflow_lines(lines: list[str], full: float | None = None) -> list[str]:
    """Join continuation lines; blank lines (paragraph breaks) are kept and never joined across.

    Args:
        lines: Lines of text, stripped or not.
        full: A line at least this long reached the wrap width; default 0.8 × the median
            length of the non-blank lines.
    """
    if full is None:
        lengths = [len(ln.strip()) for ln in lines if ln.strip()]
        full = statistics.median(lengths) * 0.8 if lengths else 0
    out: list[str] = []
    for raw in lines:
        line = raw.strip()
        if out and line and out[-1] and continues(out[-1], line, full):
            # "CT-" + "XH": a compound cut at its hyphen; "kinh tế -" + "xã hội" keeps its space.
            joiner = "" if re.search(r"\w-$", out[-1]) else " "
            out[-1] = out[-1] + joiner + line
        else:
            out.append(line if line else "")
    return out


def continues(previous: str, line: str, full: float) -> bool:
    """Whether ``line`` is the rest of a sentence that ``previous`` broke at the line width."""
    if _COLUMNS.search(previous) or _COLUMNS.search(line):
        return False
    if line[:1].isdigit() and _AWAITS_NUMBER.search(previous):
        return True
    if opens_block(line):
        return False  # a heading or item
    if is_caps(line) != is_caps(previous):
        # An ALL-CAPS heading after body text, or the reverse; but a comma leaves the sentence
        # open ("… N-NO2-," / "N-NO3-, P-PO43-, H2S, TSS").
        return previous.rstrip().endswith(",") and not is_caps(previous)
    if _END.search(previous):
        # After ";" a sentence goes on in lowercase ("... trước ngày 15/3/2024;" / "phấn đấu
        # ..."); a new item would open with its marker.
        return previous.rstrip(" \"”')]").endswith(";") and line[:1].islower()
    return line[:1].islower() or len(previous) >= full


def unwrap(text: str) -> str:
    """``text`` with hard-wrapped paragraphs re-joined, if it is hard-wrapped; else unchanged."""
    lines = text.split("\n")
    full = wrap_width(lines)
    if full is None:
        return text
    return "\n".join(reflow_lines(lines, full))


def wrap_width(lines: list[str]) -> float | None:
    """The length from which a line reached the wrap width, or None if the text is not
    hard-wrapped (its paragraphs are single lines, as Word and most text files keep them)."""
    lengths = sorted(len(ln.rstrip()) for ln in lines if len(ln.strip()) >= 20)
    if len(lengths) < _MIN_WRAPPED_LINES:
        return None
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if width > _MAX_WRAP_WIDTH:
        return None
    full = 0.8 * width
    cut = sum(
        1
        for line, following in zip(lines, lines[1:])
        if len(line.rstrip()) >= full and following.strip() and not _END.search(line.rstrip())
    )
    return full if cut >= _MIN_WRAPPED_LINES and cut >= 0.2 * len(lengths) else None
