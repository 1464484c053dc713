"""Re-join paragraphs that a PDF text layer or a hard-wrapped text file broke at the line width.

A line continues the one before it when that one stops mid-sentence (no closing punctuation)
and either reached the wrap width or the new line starts in lowercase. Headings, numbered items
and bullets always start a line; so do lines laid out in columns (runs of spaces), and an ALL-CAPS
line never joins running text. A reference that merely starts a line ("... tại khoản 2" /
"Điều 20 của Luật này.") is not a heading: see :func:`corpus.lines.opens_block`. Where a PDF's
layout shows whether a line starts a paragraph (corpus/pdf.py), that decides.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence

from corpus import frame
from corpus.lines import opens_block
from corpus.normalize import normalize
from corpus.titlecase import is_caps

ENDS_SENTENCE = re.compile(r"[.;:!?…]\s*[\"”')\]]*$")
_COLUMNS = re.compile(r"\S\s{3,}\S")
# A line cut right after a word that a number follows ("… theo quy định tại bước" / "3. Trong
# thời hạn …", "… tại khoản" / "2. …"): the number is the reference's, not an item's.
# A sum on the line after its label's colon ("b) Thu từ hoạt động xuất khẩu, nhập khẩu:" /
# "60.000 triệu đồng."): the label's value, not a paragraph of its own.
_AMOUNT_LINE = re.compile(r"^\d[\d.,]*\s+(?:nghìn |triệu |tỷ )?đồng\b")
_AWAITS_NUMBER = re.compile(
    r"(?:^|\s)(?:bước|khoản|điểm|điều|mục|chương|phần|phụ lục|số|mẫu|giai đoạn|vòng)$", re.IGNORECASE
)
# A line cut before a year: after "năm" ("… mùa đông - xuân năm" / "2025 - 2026"), or inside a
# range of years ("… năm 2025 -" / "2026").
_AWAITS_YEAR = re.compile(r"(?:(?:^|\s)năm|\b(?:19|20)\d\d\s*[-–])$", re.IGNORECASE)
_YEAR = re.compile(r"^(?:19|20)\d\d(?![\d.)/])")
# A document's kind at a line's end and its number on the next line.
_NAMES_KIND = re.compile(rf"(?:^|\s)(?:{'|'.join(frame.KINDS)}|văn bản)$", re.IGNORECASE)
_DOCUMENT_NUMBER = re.compile(r"^\d+(?:/\d{4})?[/-][A-ZĐ]")
# The place and date wrapped before the year: "Vĩnh Long, ngày 16 tháng 11 năm" / "2025".
_DATE_CUT = re.compile(r",\s*ngày\b.*\b(?:tháng|năm)$")
# A compound or a range cut at its hyphen ("… 09/2025/TT-" / "BCT …", "GIAI ĐOẠN 2026-" / "2030"):
# a dash that opens no clause has no space before it.
_HYPHEN_END = re.compile(r"(?:^|\s)(\S*(?:\d|[^\W\d_]{2}))-$")
_ROMAN = re.compile(r"[IVXLC]+")
# A numbered item's marker alone (a dash alone is as often a stray mark of the layout).
_BARE_MARKER = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*[.)]|[a-zđ]\)|[IVXLC]{1,5}\.)$")
# Characters of a line's end or start that those checks read.
_END = 120
# An article's number at a line's start; where it opens no heading it is a reference.
_ARTICLE = re.compile(r"^Điều\s+\d+", re.IGNORECASE)
# An article's heading: its name may end in a word like "phần" ("… và Cổng thành phần") that
# is no reference awaiting a number; the "1. …" under it is its first clause.
_ARTICLE_NAME = re.compile(r"^Điều\s+\d+[a-zđ]?\s*[.:]\s", re.IGNORECASE)
# A text file counts as hard-wrapped when its long lines stop at one width and most of them
# stop mid-sentence.
_MAX_WRAP_WIDTH = 130
_MIN_WRAPPED_LINES = 5


def reflow_lines(
    lines: list[str], full: float | None = None, same_paragraph: Sequence[bool | None] | None = None
) -> list[str]:
    """Join continuation lines; blank lines (paragraph breaks) are kept and never joined across.

    Args:
        lines: Lines of text, stripped or not.
        full: A line at least this long reached the wrap width; default 0.8 × the median
            length of the non-blank lines.
        same_paragraph: Per line, what a PDF's layout shows (:func:`continues`), if anything.
    """
    if full is None:
        lengths = [len(ln.strip()) for ln in lines if ln.strip()]
        full = statistics.median(lengths) * 0.8 if lengths else 0
    out: list[str] = []
    authority = _authority_lines(lines)
    last = ""  # the last line as printed: whether it reached the width is its own length's matter
    for i, raw in enumerate(lines):
        line = raw.strip()
        layout = same_paragraph[i] if same_paragraph is not None else None
        if out and line and out[-1] and i not in authority and continues(out[-1], line, full, last, layout):
            # "CT-" + "XH": a compound cut at its hyphen; "kinh tế -" + "xã hội" keeps its space.
            joiner = "" if _cut_at_hyphen(out[-1][-_END:]) else " "
            out[-1] = out[-1] + joiner + line
        else:
            out.append(line if line else "")
        last = line
    return out


def opens_parenthesis(line: str) -> bool:
    """Whether a line leaves a parenthesis open: what follows is inside it."""
    start = line.rfind("(")
    return start >= 0 and ")" not in line[start:]


def is_bare_marker(line: str) -> bool:
    """Whether a line is a numbered item's marker alone ("2.", "a)", "II."): its text is on the next."""
    return bool(_BARE_MARKER.match(line.strip()))


def _cut_at_hyphen(line: str) -> bool:
    """Whether a line ends in a word cut at its hyphen; a label ("II-" / "NHIỆM VỤ", a Party
    heading set over two lines; "a-") is not one."""
    end = _HYPHEN_END.search(line)
    return end is not None and not _ROMAN.fullmatch(end.group(1))


def _authority_lines(lines: list[str]) -> set[int]:
    """The lines that open the enacting authority over the legal basis ("… CỦA SỞ TÀI CHÍNH TỈNH
    BẮC NINH" / "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC NINH" / "Căn cứ …"): in capitals like the title
    wrapped above them, they would run on it."""
    return {
        i for i, line in enumerate(lines)
        if is_caps(line) and frame.enacts(normalize(line), [normalize(ln) for ln in lines[i + 1:i + 4] if ln.strip()])
    }


def continues(
    previous: str, line: str, full: float, printed: str | None = None, same_paragraph: bool | None = None
) -> bool:
    """Whether ``line`` is the rest of a sentence that ``previous`` broke at the line width.

    ``printed`` is the last line of ``previous`` as printed, when ``previous`` joins several: a
    heading wrapped over two lines ("Điều 10. Quản lý … khi kết thúc" / "hoạt động, chia tách, sáp
    nhập") is long once joined, yet its short last line did not reach the width, and the text
    under it ("Việc quản lý …") starts a paragraph. ``same_paragraph`` is what the layout shows:
    True, neither indent nor space above the line (so a full line's sentence that ends at its end
    goes on in the next), False a new paragraph, None nothing."""
    reached = len(printed if printed is not None else previous) >= full
    laid_on = bool(same_paragraph) and reached  # the layout shows a full line going on
    # Only their ends matter: a paragraph joined so far may be long.
    if frame.breaks_national_line(normalize(previous[-_END:]), normalize(line[:_END])) or _cut_at_hyphen(previous[-_END:]):
        # Centred, the rest sits off the left edge as a new paragraph would: the words decide.
        return True
    if _COLUMNS.search(previous) or _COLUMNS.search(line):
        return False
    if is_bare_marker(previous) and not opens_block(line):
        return True  # an item's marker left alone on its line ("2." / "Trung tâm có chức năng …")
    if same_paragraph is False:
        return False
    if previous.rstrip().endswith(":") and _AMOUNT_LINE.match(line):
        return True
    if line[:1].isdigit() and (_AWAITS_NUMBER.search(previous) or _DATE_CUT.search(previous)) and not _ARTICLE_NAME.match(previous):
        return True
    if _YEAR.match(line) and _AWAITS_YEAR.search(previous[-_END:]):
        return True
    if _NAMES_KIND.search(previous) and _DOCUMENT_NUMBER.match(line):
        return True  # "V/v … triển khai Nghị định" / "136/2025/NĐ-CP"
    if opens_parenthesis(previous) and not opens_block(line):
        return True  # "(Địa chỉ: …, tỉnh Bắc Ninh;" / "MST: 2300817462)": the bracket goes on
    if opens_block(line):
        # A heading or item; but a dash or number the wrap put at a line's start ("… từ năm 2026"
        # / "-2030: …", "… Việt Nam;" / "- Cơ quan …" in a list run into one paragraph) when the
        # layout shows no new paragraph.
        return laid_on
    if is_caps(line) and is_caps(previous) and same_paragraph and not ENDS_SENTENCE.search(previous):
        # A heading in capitals wrapped in a page whose paragraphs start indented ("II. NHIỆM VỤ,
        # GIẢI PHÁP TRỌNG TÂM THỜI GIAN" / "TỚI"): bold capitals fill a line with fewer letters.
        return True
    if is_caps(line) != is_caps(previous):
        # An ALL-CAPS heading after body text, or the reverse; but a comma leaves the sentence
        # open ("… N-NO2-," / "N-NO3-, P-PO43-, H2S, TSS"), and so does a full line that the layout
        # shows going on ("… cập nhật thông tin trên Cổng" / "TTĐT.").
        return (previous.rstrip().endswith(",") and not is_caps(previous)) or laid_on
    if ENDS_SENTENCE.search(previous):
        # After ";" a sentence goes on in lowercase ("... trước ngày 15/3/2024;" / "phấn đấu
        # ..."); a new item would open with its marker.
        # So it does after a full line's colon ("… đã được xử lý theo quy định:" / "áp dụng biện
        # pháp cấm tiếp xúc …").
        closed = previous.rstrip(" \"”')]")
        after_colon = closed.endswith(":") and reached and not is_bare_marker(line)
        return (line[:1].islower() and (closed.endswith(";") or after_colon)) or laid_on
    if line[:1].islower() or _ARTICLE.match(line):
        # A division's number at the start of a line that opens nothing is a reference going on
        # ("… theo quy định tại khoản 2" / "Điều 20 của Luật này.").
        return True
    return reached


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
        if len(line.rstrip()) >= full and following.strip() and not ENDS_SENTENCE.search(line.rstrip())
    )
    return full if cut >= _MIN_WRAPPED_LINES and cut >= 0.2 * len(lengths) else None
