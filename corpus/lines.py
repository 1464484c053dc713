"""Read the lines of a document the way a reader of Vietnamese official texts does: what each
line is (a numbered heading, a bullet, a label, a title in capitals, prose, or part of the
administrative frame: letterhead, title block, legal basis, signature, recipients).

Detection reads :func:`~corpus.normalize.normalize` of each line; offsets point into the original
text. The segmenter (:mod:`corpus.segment`) builds the document's tree from these lines.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from corpus import frame
from corpus.normalize import normalize
from corpus.titlecase import LOWER, UPPER, is_caps, opens_with_name

# Longest line (in words) still read as a heading title rather than an item with its own text.
_MAX_HEADING_WORDS = 40
_MAX_LABEL_WORDS = 25
# An article's name may run long ("Điều 33. Chế độ tử tuất đối với thân nhân người đang hưởng …",
# 68 words in Nghị định 158/2025/NĐ-CP); without closing punctuation it is still a name.
_MAX_ARTICLE_TITLE_WORDS = 90
# A title's subject may name the documents it amends, with their dates ("SỬA ĐỔI, BỔ SUNG MỘT SỐ
# ĐIỀU CỦA NGHỊ ĐỊNH SỐ 72/2020/NĐ-CP NGÀY 30 THÁNG 6 NĂM 2020 …"): longer than a heading.
_MAX_SUBJECT_WORDS = 150
_MAX_PLAIN_HEADING_WORDS = 12
# A title's subject line: "về đột phá phát triển khoa học …", "Về việc …"; a notice's occasion
# under its conclusions ("KẾT LUẬN CỦA ĐỒNG CHÍ BÍ THƯ TỈNH ỦY" / "tại buổi làm việc với …"); any
# line that opens in lowercase, which no paragraph of the body does ("KẾT LUẬN KIỂM TRA" / "việc
# thực hiện nhiệm vụ …").
_SUBJECT_LINE = re.compile(rf"^(?:[Vv]ề\s|[{LOWER}])")
# Lines an attached text's name in capitals may take ("DANH MỤC VÀ QUY TRÌNH NỘI" / "BỘ THỦ TỤC …").
_MAX_NAME_LINES = 3
# A form's label: "Mẫu số 01", "Mẫu 02", "MẪU SỐ 3", alone on its line or before a note ("Mẫu số
# 03 (Dành cho thân nhân …)").
FORM_LABEL = re.compile(r"^(?:Mẫu|MẪU)(?:\s+(?:số|SỐ))?\s+\d{1,3}[a-z]?\b")
# A named step ("Bước 4. Phân loại, xử lý nội dung khiếu nại, tố cáo, kiến nghị, phản ánh") is a
# heading at any length a heading has: its siblings are, and "Bước 4" under "Bước 3" miscites.
_STEP_TITLE = re.compile(
    r"^(?:Bước|BƯỚC|Giai đoạn|GIAI ĐOẠN)\s+(?:thứ\s+)?(?:\d{1,2}|[IVX]+|một|hai|ba|bốn|năm|sáu|bảy|tám)\b"
)

# "1. Bước 1. Nộp hồ sơ": the step's own label is no sentence end.
_STEP_LABEL = re.compile(r"^(?:Bước|BƯỚC)\s+\d{1,2}\.\s*")

_ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
_ROMAN_NUMERAL = re.compile(r"[IVXLC]+")
# (style, pattern on the normalized line); the pattern's end is where the title starts.
_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    # "PHỤ LỤC I", "Phụ lục số 2", "PHỤ LỤC": an appendix, alone on its line or before its name
    # ("PHỤ LỤC I: DANH MỤC …"); "Phụ lục I Nghị định số …" on a wrapped line is a reference.
    ("phuluc", re.compile(r"^(?:Phụ lục|PHỤ LỤC)(?:\s+(?:(?:số|SỐ)\s+)?(?:[IVXLC]+|\d{1,2}|[A-Z])\b)?(?:\s*[.:\-]\s*(?=[" + UPPER + r"]{2})|\s*$)")),
    ("phan", re.compile(r"^(?:Phần|PHẦN)\s+(?:(?:thứ|THỨ)\s+\w+|[IVX]+\b|\d+\b)[.:\-]?\s*")),
    ("chuong", re.compile(r"^(?:Chương|CHƯƠNG)\s+(?:[IVX]+|\d+)\b[.:\-]?\s*")),
    ("muc", re.compile(r"^(?:Mục|MỤC)\s+(?:[IVX]+|\d+)\b[.:\-]?\s*")),
    # "Điều 1 . Phạm vi …", a space typed before the full stop, names the article all the same.
    ("dieu", re.compile(r"^(?:Điều|ĐIỀU)\s+\d+[a-z]?\b(?: ?[.:]|-)?\s*")),
    # An older style's slash, "I/ MỤC ĐÍCH", "1/ Công tác …", "a/ …", before a space ("V/v" is none).
    ("roman", re.compile(rf"^(?=[IVX])({_ROMAN})\s*(?:[.\-)]\s*|/\s+)(?=\S)")),
    # "A. MỤC TIÊU", "B- HẠN CHẾ …" (a Party text's hyphen, as in its "I-" and "1-").
    ("upper", re.compile(r"^([A-H])\s*[.)\-]\s+(?=\S)")),
    # "1.1. Mục tiêu chung", "1.1 Mục tiêu", the Party's "1.1- Mục tiêu chung".
    ("dotted", re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,4})(?:\.\s*|\s*-\s*|\s+)(?=[" + UPPER + r"])")),
    # "1. 05 không:" names a part that starts with a number; "2. 100% hồ sơ …", "1. 2.500.000
    # đồng/người/tháng" are items that start with a figure, after a space: "72.500 tỷ đồng" at the
    # start of a wrapped line is a figure, not part 72.
    ("arabic", re.compile(
        r"^(\d{1,2})\s*(?:[.\-]|/(?=\s))(?:\s*(?=[^\W\d_]|[\"'(])"
        r"|\s+(?=\d+\s+[^\W\d_]|\d+(?:[.,]\d+)?\s?%|\d{1,3}(?:\.\d{3})+\s+[^\W\d_]))"
    )),
    ("arabic_paren", re.compile(r"^(\d{1,2})\)\s*(?=\S)")),
    ("paren", re.compile(r"^\((\d{1,2}|[a-zđ]|ii|iii|iv|vi|vii|viii|ix)\)\s*(?=\S)")),
    # "a) …", "a. …", and the Party's "a- …".
    ("letter", re.compile(r"^([a-zđ])\s*[).\-/]\s+(?=\S)")),
]
# The component of a text issued with the document: "Quy định kèm theo" (see _divide_attached).
ATTACHED = "kèm theo"
# Legal divisions nest in a fixed order; other styles nest in the order they first appear.
FIXED_RANK = {"phuluc": -1, "phan": 0, "chuong": 1, "muc": 2, "dieu": 3}
# "Điều 4 Nghị định số 42/2022/NĐ-CP …", "Điều 8 Luật …": a reference that starts a wrapped line.
# The text is named after its kind ("số …", a number, "này", a name in capitals, or nothing): "Điều 19
# Quyết định tuyển dụng …" is an article's name that opens with a kind.
_CITED_AFTER = re.compile(
    rf"(?:Nghị định|Nghị quyết|Luật|Bộ luật|Thông tư|Quyết định|Pháp lệnh|Hiến pháp)(?:\s+(?:số\b|này\b|\d|[{UPPER}])|\s*$|[^\w\s])"
)
# A data table's first line as the readers write it (corpus.markdown.table_lines), naming its
# columns: "Số TT | Tên thủ tục | Thời hạn"; each line under it, up to a blank line, is a row.
_TABLE_HEADER = re.compile(r"^[^|]+(?: \| [^|]+)+$")
# A line naming values as a table row does: "Số TT: 1; Tên: …".
_TABLE_ROW = re.compile(r"^[^:;]{1,60}: [^;]*(?:; [^:;]{1,60}: [^;]*)+$")
_BULLET = re.compile(r"^[-+•*·▪●○◦□■➢►✓]\s*(?=\S)")
# A list's bullet right before the text's own point letter ("- a) Chỉ đạo …", as a Markdown
# or web page lists a clause's points): the letter is the item's marker, the bullet layout.
_BULLETED_POINT = re.compile(r"^\s*[-+•*]\s+(?=[a-zđ]\)\s)")
_SEPARATOR = re.compile(r"^[\W_]+$")
# The line under an attached text's name that says what it is attached to: "(Kèm theo Nghị định
# số 158/2025/NĐ-CP ngày …)", "(Ban hành kèm theo Quyết định số 80/2025/QĐ-UBND)".
_ATTACHED = re.compile(
    r"^\(\s*(?:(?:được )?ban hành )?kèm theo\s+(?:Quyết định|Nghị định|Thông tư|Kế hoạch|Nghị quyết|Chỉ thị|"
    r"Quy định|Quy chế|Hướng dẫn|Thông báo|Công văn|Văn bản|Tờ trình|Báo cáo|Đề án|Chương trình)\b.*\)$",
    re.IGNORECASE,
)
TERMINAL = re.compile(r"[.;!?…]\s*[\"')\]]*$")
_SENTENCE_INSIDE = re.compile(r"[.!?…]\s+[\"'(]?[" + UPPER + r"]")
# The lead of a formula laid out on the lines under it ("… được tính theo công thức sau:").
_FORMULA_LEAD = re.compile(r"\bcông thức(?: tính)?(?: như)? (?:sau|dưới đây)\s*:$", re.IGNORECASE)
_WHERE = re.compile(r"^trong đó\s*:$", re.IGNORECASE)
_INTRO = re.compile(r"\b(?:sau|gồm|là|như)\s*:$", re.IGNORECASE)
# A sentence about the text itself ("Luật này quy định về:", "Quy chế này áp dụng đối với:").
_SELF_REFERENCE = re.compile(
    r"^(?:Trong\s+)?(?:Hiến pháp|Bộ luật|Luật|Pháp lệnh|Nghị định|Nghị quyết|Thông tư|Quyết định|Chỉ thị|"
    r"Quy định|Quy chế|Quy trình|Điều lệ|Kế hoạch|Hướng dẫn|Đề án|Chương trình|Văn bản) này\b"
)
# Words from which a line introducing what follows is a sentence, a lead, rather than a filler
# ("Cụ thể như sau:").
_LEAD_WORDS = 8
# What a lead says; a field's name does not ("Yêu cầu, điều kiện thực hiện thủ tục (nếu có):").
_LEAD = re.compile(r"\b(?:sau|dưới đây|gồm|là)\b.*:$", re.IGNORECASE)
# A numbered line giving a value after its label ("2.4. Số lượng hồ sơ: 01 (bộ)", "2.8. Đối tượng
# thực hiện TTHC: Tổ chức, cá nhân") carries its own text: it is an item, not a part's name. A
# step's name ("Bước 3: Chuẩn bị nhân sự", "Vòng 1: Môn thi …") or a name over parts ("…: như
# sau:") is a name.
_LABEL_VALUE = re.compile(r"^(?:[^\W_]+[,/]?\s+){0,11}[^\W\d_]+\s*:\s+\S.*[^:]$")
# A field and its value on a line of their own ("Tên thương mại: Magic The Gathering …", "Nhà sản
# xuất: Wizards of the Coast", "Số lượng hồ sơ: 01 bộ"): what a notice or a procedure states, not
# the name of the lines under it.
_FIELD = re.compile(r"^(?:[^\W_]+[,/]?\s+){0,7}[^\W\d_]+\s*:\s+\S")


@dataclass
class Line:
    """One non-blank line: its span in the document, its normalized text and what it is."""

    start: int
    end: int
    norm: str
    # "paragraph", "bullet", "marker", "label", "caps", "plain", "separator", "title", "filler",
    # "letterhead", "basis", "signature", "recipients", "table" (a data table's column names),
    # "row" (a row of that table)
    kind: str
    style: str = ""
    number: str = ""
    title_start: int = 0  # offset in the document where the text after the marker starts
    is_item: bool = False  # a numbered line carrying its own text rather than a title
    title: str = ""  # set when the title stands on the next line
    blank_before: bool = True
    amending: bool = False  # inside an amendment's quoted new wording ("… như sau:" / "“Điều 8a. …")


# The title block is near the top: metadata detection classifies only the document's first lines.
_HEAD_LINES = 60


def title_block(text: str, limit: int = 12) -> tuple[list[str], list[str]]:
    """The document's head as metadata detection reads it, from one classification of its first
    lines.

    Returns:
        ``(preamble, title)``: the non-blank lines before the first numbered heading or "Căn cứ
        ..." line among the first ``4 * limit`` lines (without either, the first five), at most
        ``limit``, stripped; and the title as written, its kind heading ("KẾ HOẠCH") and the
        subject lines under it (not a "(Ban hành kèm theo …)" line), empty when no kind heading
        comes before the first numbered heading (a later "QUYẾT ĐỊNH:" banner is not the title).
    """
    raw = text.split("\n", _HEAD_LINES)[:_HEAD_LINES]
    lines = classify("\n".join(raw))
    near = len("\n".join(raw[: 4 * limit]))
    top = [line for line in lines if line.start < near]
    # The title block ends at the first numbered heading, at the legal basis under the title, or
    # at the first running text (a letter's body: "Cục Thuế nhận được công văn số …").
    first = next(
        (i for i, line in enumerate(top) if line.kind in {"marker", "basis"} or _is_running_text(line)),
        min(5, len(top)),
    )
    preamble = [text[line.start:line.end] for line in top[: min(first, limit)]]
    start = next((i for i, line in enumerate(lines) if line.kind in {"title", "marker"}), len(lines))
    title: list[str] = []
    for line in lines[start:]:
        if line.kind != "title":
            break
        if not is_attached(line.norm):  # "(Ban hành kèm theo Quyết định số …)" names another text
            title.append(text[line.start:line.end])
    return preamble, title


# What an amendment does, in the line bringing in its new wording; a text quoted as it stands ("Điều
# 2 của Thông tư số 19/2024/TT-BTC … quy định như sau:", a consolidated text's note) does none.
_AMENDING_VERB = re.compile(r"sửa đổi|bổ sung|thay thế|viết lại", re.IGNORECASE)


def _quotation(raw: str, before: str) -> str:
    """What a line opens when it opens a quotation that goes on over the next lines: "cited", a
    text the document cites (a letter quoting a law: "… Thông tư số 111/2013/TT-BTC … quy định:"
    / "“2. Thu nhập từ tiền lương, tiền công" …), or "amending", an amendment's new wording
    ("Bổ sung Điều 8a sau Điều 8 như sau:" / "“Điều 8a. …"), the document's own content, read
    with its numbering; else ""."""
    if not (raw.lstrip().startswith("“") and raw.count("“") > raw.count("”")):
        return ""
    amends = before.rstrip().lower().endswith("như sau:") and _AMENDING_VERB.search(before)
    return "amending" if amends else "cited"


def _closes_quotation(raw: str) -> bool:
    return raw.count("”") > raw.count("“")


# Running text: a sentence longer than a title block's lines, closed by its punctuation (a title's
# subject may run as long, "… thực hiện Nghị quyết số 28-NQ/TW … trong giai đoạn mới", unclosed).
_RUNNING_TEXT_WORDS = 30


def _is_running_text(line: Line) -> bool:
    return (
        line.kind == "paragraph" and len(line.norm.split()) > _RUNNING_TEXT_WORDS
        and bool(re.search(r"[.:;]\W*$", line.norm))
    )


def is_field(norm: str) -> bool:
    """Whether a line gives a field and its value in a few words ("Nhà sản xuất: Wizards of the
    Coast", "Thời hạn giải quyết: 15 ngày."), not a step's name ("Bước 3: Chuẩn bị nhân sự") nor
    a sentence announcing what follows ("Nội dung thông báo phải ghi rõ: …")."""
    return len(norm.split()) <= _MAX_PLAIN_HEADING_WORDS and bool(_FIELD.match(norm)) and not _STEP_TITLE.match(norm)


def opens_block(line: str) -> bool:
    """Whether a line starts a heading, a numbered item, a bullet, the legal basis or the place
    and date (so it never continues the line before it when re-flowing hard-wrapped text)."""
    norm = normalize(line)
    return bool(norm) and (bool(_BULLET.match(norm)) or _marker(norm) is not None or frame.opens_frame_line(norm))


def _marker(norm: str) -> tuple[str, re.Match[str]] | None:
    """The numbering style a line starts with, and its match.

    A legal division's number followed straight by a lowercase word ("Điều 20 của Luật này.",
    at the start of a hard-wrapped line) is a reference, not a heading.
    """
    for style, pattern in _MARKERS:
        match = pattern.match(norm)
        if not match or (style == "roman" and not match.group(1)):
            continue
        if style in FIXED_RANK and match.group(0).rstrip()[-1].isalnum() and (
            norm[match.end():][:1].islower() or norm[match.end():][:1] in {",", ";"}
            or _CITED_AFTER.match(norm[match.end():])
        ):
            return None
        return style, match
    return None


def classify(text: str) -> list[Line]:
    """The non-blank lines of ``text``, each with its kind; headings alone on their line get
    their title from the lines under them."""
    lines: list[Line] = []
    offset = 0
    blank = True
    in_table = False
    quoted = ""  # the quotation the line is in (see _quotation)
    for raw in text.split("\n"):
        start, end = offset, offset + len(raw)
        offset = end + 1
        norm = normalize(raw)
        if not norm:
            blank, in_table = True, False
            continue
        bulleted = _BULLETED_POINT.match(raw)
        if bulleted:
            norm = normalize(raw[bulleted.end():])
        lead = bulleted.end() if bulleted else len(raw) - len(raw.lstrip())
        trail = len(raw) - len(raw.rstrip())
        line = Line(start + lead, end - trail, norm, "paragraph", blank_before=blank)
        if quoted == "cited":  # a cited text's numbering is not the document's: its lines are text
            quoted = "" if _closes_quotation(raw) else quoted
        elif blank and _TABLE_HEADER.match(norm):
            line.kind, in_table = "table", True
        elif in_table:
            line.kind = "row"
        elif quoted == "amending":
            _classify_line(text, line)
            line.amending = True
            quoted = "" if _closes_quotation(raw) else quoted
        else:
            _classify_line(text, line)
            quoted = _quotation(raw, lines[-1].norm if lines else "")
        blank = False
        lines.append(line)
    _mark_title_block(text, lines)
    # A short unnumbered, unpunctuated line is a heading only if content follows it.
    for i, line in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else None
        if line.kind == "plain" and (following is None or following.kind == "separator"):
            line.kind = "paragraph"
        if line.kind == "marker" and line.title_start >= line.end:
            _take_title(text, lines, i)
        if line.kind == "paragraph" and is_attached(line.norm):
            line.kind = "title"  # part of the attached text's name, no passage of its own
            _name_attachment(text, lines, i)
    _mark_lists(lines)
    _mark_name_lists(lines)
    _mark_formulas(lines)
    _mark_addressees(lines)
    if not any(line.kind == "recipients" for line in lines):
        for k in frame.unlabelled_recipients([line.norm for line in lines]) or ():
            lines[k].kind = "recipients"
    return lines


def _mark_addressees(lines: list[Line]) -> None:
    """A letter's addressees listed under its "Kính gửi:" ("- Ủy ban nhân dân các tỉnh, …;" /
    "- Sở Y tế …") are its letterhead, as the addressee on that line is, not its first points."""
    for i, line in enumerate(lines):
        if line.kind == "marker":
            return  # the body has begun: a form's "Kính gửi:" in an appendix heads no letter
        if line.kind == "letterhead" and frame.opens_addressees(line.norm):
            for entry in itertools.takewhile(lambda following: following.kind == "bullet", lines[i + 1:]):
                entry.kind = "letterhead"
            return


# A title of address before a name in a list.
_ADDRESS = re.compile(r"^(?:Ông|Bà|Đồng chí|Đ/c)\.?\s+")


def _is_person(norm: str) -> bool:
    """A person's name as a list gives it: two to five capitalized syllables ("Trần Văn An"),
    perhaps after a title of address ("Ông", "Bà", "Đồng chí")."""
    words = _ADDRESS.sub("", norm).split()
    return 2 <= len(words) <= 5 and all(w.isalpha() and w[0].isupper() and w[1:].islower() for w in words)


def _mark_name_lists(lines: list[Line]) -> None:
    """Bare names under a lead ("Tổ giúp việc gồm:" / "Trần Văn An" / "Nguyễn Thị Bình") are the
    lead's list: the lead is text, not a filler to drop, and the names are its items, neither
    headings of empty parts nor stray signature names."""
    for i, lead in enumerate(lines):
        if lead.kind not in {"filler", "label"} or not lead.norm.endswith(":"):
            continue
        run = list(itertools.takewhile(lambda ln: ln.kind in {"plain", "paragraph"} and _is_person(ln.norm), lines[i + 1:]))
        if len(run) >= 2:
            for line in [lead, *run]:
                line.kind = "paragraph"


def is_lead(line: Line) -> bool:
    """Whether a line read as a part's name is a sentence introducing what follows, its parent's
    text: "Việc tiếp công dân … được thực hiện theo trình tự sau đây:" over "Bước 1. …" (which
    closes it as a sibling), "Sở hữu chung chấm dứt trong trường hợp sau đây:" over "1. …"
    (numbered parts never stand under an unnumbered label)."""
    return line.kind == "label" and len(line.norm.split()) >= _LEAD_WORDS and bool(_LEAD.search(line.norm))


def _is_equation(norm: str) -> bool:
    return norm == "=" or " = " in norm


def _mark_formulas(lines: list[Line]) -> None:
    """A formula's lines under its lead ("5. Mức bình quân … được tính theo công thức sau:" /
    "M = (Hi x Tj x 15%) x Lmin", or a fraction laid out over lines: "Tổng các mức thu nhập …" /
    "=" / "Tổng số tháng đóng bảo hiểm") are the lead's text, "Trong đó:" too. Read as short
    headings and a separator, they were lost, and the lead was a heading over nothing. A lead
    that does not say "công thức" ("… được xác định như sau:") shows its formula by an "="."""
    for i, lead in enumerate(lines):
        if not lead.norm.endswith(":"):
            continue
        run = list(itertools.takewhile(
            lambda ln: ln.kind in {"plain", "paragraph", "separator"} and not TERMINAL.search(ln.norm), lines[i + 1:]
        ))
        if not run or not (_FORMULA_LEAD.search(lead.norm) or any(_is_equation(ln.norm) for ln in run)):
            continue
        if lead.kind == "marker" and lead.style not in FIXED_RANK and lead.title_start < lead.end:
            lead.is_item = True
        for line in run:
            line.kind = "paragraph"


def _mark_lists(lines: list[Line]) -> None:
    """Numbered lines that follow each other with nothing under any of them ("1. Mẫu số 01: Đơn
    đề nghị xác nhận" / "2. Mẫu số 02: Giấy xác nhận" / "3. …", then the forms) are a list's
    items, not headings of empty parts, though none ends with a full stop. The last one is an
    item only when no text of its own follows it either."""
    run: list[Line] = []
    for line in [*lines, None]:
        listed = (
            # Parts numbered I, II or A, B are divisions, whatever they hold on the page.
            line is not None and line.kind == "marker" and line.style not in {*FIXED_RANK, "roman", "upper"}
            and not line.is_item and line.title_start < line.end and not line.title
        )
        if listed and run and run[-1].style == line.style and successor(run[-1].number) == line.number:
            run.append(line)
            continue
        if len(run) > 1:
            closed = line is None or line.kind in {"caps", "title"} or bool(FORM_LABEL.match(line.norm)) or (
                line.kind == "marker" and line.style in FIXED_RANK
            )
            for item in run if closed else run[:-1]:
                item.is_item = True
        run = [line] if listed else []


def is_attached(norm: str) -> bool:
    """Whether a line says what the text it stands under is attached to ("(Kèm theo Nghị định số
    158/2025/NĐ-CP …)", "(Ban hành kèm theo Quyết định số …)")."""
    return bool(_ATTACHED.match(norm))


def _name_attachment(text: str, lines: list[Line], i: int) -> None:
    """The lines in capitals over an attached text's "(Kèm theo …)" line (``i``) are its name:
    an appendix's, even with no "PHỤ LỤC" over them ("CÔNG VIỆC KHAI THÁC THAN TRONG HẦM LÒ" /
    "(Kèm theo Nghị định …)", a decree's appendix whose label a portal page lost)."""
    k = i
    while (
        k > 0 and i - k < _MAX_NAME_LINES and lines[k - 1].kind in {"caps", "paragraph"}
        and is_caps(lines[k - 1].norm) and not frame.kind_heading(lines[k - 1].norm)
    ):
        k -= 1
    if k == i:
        return
    name = " ".join(" ".join(text[part.start:part.end].split()) for part in lines[k:i])
    label = lines[k - 1] if k else None
    if (
        k > 1 and label is not None and label.kind == "title" and is_caps(label.norm)
        and lines[k - 2].kind == "marker" and lines[k - 2].style == "phuluc" and lines[k - 2].title == label.norm
    ):
        # "PHỤ LỤC I" took the first line of a name wrapped over more ("DANH MỤC … TÁI CẤU" /
        # "TRÚC, LIÊN THÔNG …", as a PDF gives a centred name): the rest is its name too.
        lines[k - 2].title = f"{label.norm} {name}"
        parts = lines[k:i]
    elif label is not None and label.kind == "marker" and label.style == "phuluc" and not label.title:
        label.title = name  # "PHỤ LỤC" / its name over two lines / "(Kèm theo …)"
        parts = lines[k:i]
    else:
        first = lines[k]
        first.kind, first.style, first.number, first.title = "marker", "phuluc", "Phụ lục", name
        first.title_start = first.start
        parts = lines[k + 1:i]
    for part in parts:
        part.kind = "title"


def _take_title(text: str, lines: list[Line], i: int) -> None:
    """A heading alone on its line ("Chương I", "Điều 17.") takes its name from the lines under
    it: "QUY ĐỊNH CHUNG", or a chapter name in capitals over two lines, or an article title
    that Word or a PDF wrapped ("Điều kiện đăng ký ... do thuê," / "mượn, ở nhờ")."""
    line = lines[i]
    legal = line.style in FIXED_RANK
    parts: list[Line] = []
    for following in lines[i + 1:i + 4]:
        # A name cut at a comma goes on even past a blank line ("… CÔNG CHỨC LÃNH ĐẠO," / "QUẢN LÝ …").
        cut = bool(parts) and parts[-1].norm.endswith(",")
        if parts and ((following.blank_before and not cut) or not _continues_title(parts[-1], following)):
            break
        if not parts and not (
            following.kind in {"caps", "plain", "label"}
            # A clause after a semicolon is the article's text ("Quyết định này có hiệu lực kể từ
            # ngày ban hành; thay thế …", its full stop lost), never its name.
            # Nor is a lead over the article's parts ("Phê duyệt Đề án … với những nội dung chủ yếu
            # sau:" under a bold "Điều 1." alone).
            or (legal and following.kind == "paragraph" and _is_title_text(following.norm) and ";" not in following.norm
                and not following.norm.endswith(":")
                # An appendix is named in capitals, not by its "(Kèm theo Quyết định …)" line.
                and (line.style != "phuluc" or is_caps(following.norm)))
        ):
            return
        parts.append(following)
    if parts:
        line.title = " ".join(" ".join(text[p.start:p.end].split()) for p in parts).rstrip(":")
        for part in parts:
            part.kind = "title"


def _continues_title(previous: Line, line: Line) -> bool:
    if line.kind in {"marker", "bullet", "basis", "separator"} or not _is_title_text(line.norm):
        return False
    if previous.kind == "caps":
        # A chapter name in capitals over two lines; a document's number in it keeps its own case
        # ("… CHƯƠNG TRÌNH HÀNH" / "ĐỘNG SỐ 24-CTr/TU").
        return line.kind == "caps" or is_caps(_DOCUMENT_NUMBER.sub("", line.norm))
    return line.norm[0].islower()  # an article title wrapped mid-phrase


_DOCUMENT_NUMBER = re.compile(r"\b\d{1,5}(?:/\d{4})?[/-][\w.]+(?:[/-][\w.]+)*")


def _is_title_text(norm: str) -> bool:
    return len(norm.split()) <= _MAX_HEADING_WORDS and not re.search(r"[.;!?…]$", norm)


def _mark_title_block(text: str, lines: list[Line]) -> None:
    """The document's kind in capitals ("NGHỊ ĐỊNH", "KẾ HOẠCH") before the first numbered
    heading, and its subject on the lines under it, are the title, not a section. So is a kind
    standing alone on its line further on: the "QUYẾT ĐỊNH:" banner before the articles, or the
    title of a text issued with the document ("QUY ĐỊNH" / "Về ..." after the signature), which
    then opens a division of its own (:func:`_divide_attached`)."""
    body = False
    for i, line in enumerate(lines):
        if line.kind not in {"caps", "plain", "label", "paragraph"}:
            body = body or line.kind == "marker"
            continue
        kind = frame.kind_heading(line.norm)
        # An appendix's own title ("PHỤ LỤC II" / "PHƯƠNG ÁN" / "TÁI CẤU TRÚC …") names the
        # appendix a cadre cites.
        appendix = body and i > 0 and lines[i - 1].kind == "marker" and lines[i - 1].style == "phuluc"
        if kind and not appendix and (not body or line.norm.rstrip(":").strip() == kind.upper() or _issued_with(lines, i)):
            _mark_title(lines, i)
            if body:
                _divide_attached(text, lines, i, kind)
            body = True  # one title block before the body


def _issued_with(lines: list[Line], i: int) -> bool:
    """Whether the capitals from line ``i`` on ("QUY ĐỊNH CUNG CẤP THÔNG TIN …", the kind and the
    subject on one line) name a text issued with the document: its "(Ban hành kèm theo …)" follows."""
    for following in lines[i + 1:i + 6]:
        if is_attached(following.norm):
            return True
        if not is_caps(following.norm):
            return False
    return False


def _divide_attached(text: str, lines: list[Line], i: int, kind: str) -> None:
    """A text issued with the document, its title block marked from line ``i`` ("QUY ĐỊNH" / "CUNG
    CẤP THÔNG TIN …" / "(Ban hành kèm theo Quyết định số 80/2025/QĐ-UBND)"), is a division above
    all others, as an appendix is: its articles number from "Điều 1" again, and a cadre cites them
    in it ("Điều 1 Quy định ban hành kèm theo Quyết định …"), never as the decision's own."""
    subject: list[Line] = []
    for following in lines[i + 1:i + 8]:
        if is_attached(following.norm):
            following.kind = "title"
            break
        if following.kind != "title":
            return
        subject.append(following)
    else:
        return
    line = lines[i]
    # The subject on the kind's own line ("QUY ĐỊNH CUNG CẤP THÔNG TIN …") opens the name.
    rest = text[line.start:line.end].strip()[len(kind):].strip(" *:")
    line.kind, line.style, line.number = "marker", "phuluc", f"{kind.capitalize()} {ATTACHED}"
    line.title = " ".join([*rest.split(), *(" ".join(text[p.start:p.end].split()) for p in subject)])
    line.title_start = line.end


# A joint text's kind ("HƯỚNG DẪN LIÊN TỊCH", "NGHỊ QUYẾT LIÊN TỊCH") stands alone as its kind does,
# and so does one its words complete ("QUY CHẾ PHỐI HỢP", "CHƯƠNG TRÌNH HÀNH ĐỘNG", "KẾT LUẬN
# THANH TRA" over "VIỆC CHẤP HÀNH …", "BÁO CÁO CHÍNH TRỊ" over "CỦA BAN CHẤP HÀNH …", "ĐỀ CƯƠNG
# TUYÊN TRUYỀN" over "KỶ NIỆM …").
_JOINT = re.compile(
    r"^\s*(?:LIÊN\s+TỊCH|PHỐI\s+HỢP|HÀNH\s+ĐỘNG|LIÊN\s+NGÀNH|THANH\s+TRA|KIỂM\s+TRA|CHÍNH\s+TRỊ|TUYÊN\s+TRUYỀN"
    r"|KIỂM\s+ĐIỂM|TỔNG\s+KẾT|SƠ\s+KẾT|GIỚI\s+THIỆU)\b"
)
# What may follow a kind heading that stands alone: nothing, or the document's number.
_NUMBER_ONLY = re.compile(r"(?:(?:SỐ|Số|số)\s*:?\s*)?(?:\d{1,5}[/-][\w/.-]*)?")


def only_number(rest: str) -> bool:
    """Whether what follows a kind heading is nothing or only the document's number ("",
    "168/2024/NĐ-CP", "SỐ 57-NQ/TW"): the subject is on the lines under it."""
    return _NUMBER_ONLY.fullmatch(rest.rstrip(":").strip()) is not None


def _mark_title(lines: list[Line], i: int) -> None:
    lines[i].kind = "title"
    caps_seen = False
    # A kind alone on its line ("QUYẾT ĐỊNH", set apart in bold) has its subject in the block
    # under it, even after a blank line; the block after that (the enacting authority) is not.
    # So does a kind with only its number ("NGHỊ ĐỊNH 168/2024/NĐ-CP", a page's own heading).
    kind = frame.kind_heading(lines[i].norm).upper()
    alone = only_number(_JOINT.sub("", lines[i].norm[len(kind):]))
    subject = False  # a "về …" line under the capitals is taken
    # A long subject in a narrow PDF column runs over ten lines (54/2025/TT-BCT's over eleven).
    for n, following in enumerate(lines[i + 1:i + 14]):
        # A year the print carried to a line of its own ("… NHÀ NƯỚC NĂM" / "2026") goes on the
        # line above, in its case.
        carried = n > 0 and _YEAR_LINE.match(following.norm) and _WANTS_YEAR.search(lines[i + n].norm)
        caps = is_caps(lines[i + n].norm) if carried else is_caps(following.norm)
        # A numeral the line above awaits is no heading: "… Giải Báo chí tỉnh Tây Ninh lần thứ" /
        # "I - năm 2026".
        ordinal = n > 0 and following.kind == "marker" and bool(_AWAITS_ORDINAL.search(lines[i + n].norm))
        # A Party text's subject in lowercase under its kind and issuer in capitals, set apart in
        # bold ("NGHỊ QUYẾT" / "CỦA BỘ CHÍNH TRỊ" / "về đột phá phát triển …").
        # So do the dates a title marks in brackets under it ("KỶ NIỆM 96 NĂM NGÀY THÀNH LẬP ĐẢNG …" /
        # "(03/02/1930 - 03/02/2026)").
        opens_subject = caps_seen and not caps and bool(_SUBJECT_LINE.match(following.norm) or _DATES_ASIDE.match(following.norm))
        if n == 0 and following.kind == "letterhead" and frame.is_subject_line(following.norm):
            following.kind = "caps" if caps else "paragraph"  # "QUYẾT ĐỊNH" / "V/V CÔNG BỐ …"
        # A subject in capitals goes on over a blank line: a page sets each of its lines in bold
        # apart ("**VỀ VIỆC BAN HÀNH DANH MỤC …**" / "**LĨNH VỰC NÔNG NGHIỆP …**").
        goes_on = n > 0 and (
            (caps and is_caps(lines[i + n].norm))
            # So does one in sentence case cut mid-phrase: "**Về việc ban hành Danh mục … lĩnh vực**"
            # / "**Nông nghiệp và Môi trường …**" / "**hành chính trong phạm vi cấp tỉnh**".
            or (not caps and not is_caps(lines[i + n].norm) and _cut_mid_phrase(lines[i + n].norm, following.norm))
            # And one whose next line, set apart, opens with a name: "**chuẩn y kết quả bầu cử tại
            # Đại hội đại biểu**" / "**Đảng bộ xã Nghĩa Hành lần thứ I, …**".
            or (
                not caps and not is_caps(lines[i + n].norm) and opens_with_name(following.norm)
                and (i + n + 2 >= len(lines) or lines[i + n + 2].blank_before)
            )
            # And one whose next line, set apart, is the last before the enacting authority or the
            # legal basis: "**Về việc kiện toàn Hội đồng Thuốc và Điều trị**" / "**Bệnh viện Đa
            # khoa tỉnh Phú Thọ năm 2026**" / "**GIÁM ĐỐC BỆNH VIỆN …**".
            or (
                not caps and not is_caps(lines[i + n].norm) and i + n + 2 < len(lines)
                and (lines[i + n + 2].kind == "basis" or _enacts(lines, i + n + 2))
            )
            or opens_subject
            or bool(carried)
            or ordinal
            # A short remark in brackets set apart under the subject ("**(lần đầu)**").
            or (not caps and bool(_ASIDE.match(following.norm)) and not is_attached(following.norm))
        )
        if (
            (following.blank_before and not ((alone or _BY.match(following.norm)) and n == 0) and not goes_on)
            or (n and caps and _enacts(lines, i + 1 + n))
            or (following.kind not in {"caps", "plain", "label", "paragraph"} and not ordinal)
            # The subject goes on under the issuer in capitals ("NGHỊ QUYẾT" / "CỦA BỘ CHÍNH TRỊ" /
            # "về đột phá phát triển …", a Party resolution's title); other text after capitals ends it.
            or (caps_seen and not caps and not opens_subject and not (subject and goes_on))
            or re.search(r"[.;:!?…]$", following.norm)
            or len(following.norm.split()) > _MAX_SUBJECT_WORDS
        ):
            return
        caps_seen = caps_seen or caps
        subject = subject or opens_subject
        following.kind = "title"


# Who writes, under the kind and the first words of the subject, set apart: "**THƯ CHÚC TẾT**" /
# "CỦA BÍ THƯ TỈNH ỦY GỬI …".
_BY = re.compile(r"^CỦA\s")
_DATES_ASIDE = re.compile(r"^\(\s*\d[\d/.\s–-]*\d\s*\)$")
_ASIDE = re.compile(r"^\((?:\S+\s){0,4}\S+\)$")
_AWAITS_ORDINAL = re.compile(r"\blần thứ$", re.IGNORECASE)
_YEAR_LINE = re.compile(r"^\d{4}(?:\s*[-–]\s*\d{4})?$")
_WANTS_YEAR = re.compile(r"(?:\b(?:năm|giai đoạn|đến|nhiệm kỳ|khóa)|[-–])$", re.IGNORECASE)

# Words a subject never ends on: its line was cut mid-phrase.
_OPEN_ENDING = re.compile(
    r"\b(?:và|của|về|trong|trên|tại|cho|với|theo|các|những|lĩnh vực|đến|từ|việc|không|thuộc|đối với|giữa)$"
    r"|\d\s*[-–]$"  # a range of years cut at its dash: "năm học 2025 -" / "2026 của ngành …"
)


def _cut_mid_phrase(line: str, following: str) -> bool:
    """Whether a subject line in sentence case goes on in ``following``: it ends on a word no
    subject ends on, or ``following`` opens in lowercase."""
    return not re.search(r"[.;:!?…]$", line) and (bool(_OPEN_ENDING.search(line)) or following[:1].islower())


def _enacts(lines: list[Line], k: int) -> bool:
    """Whether line ``k`` is the enacting authority over the legal basis, not more of the title:
    a .docx or a PDF sets no blank line between "Về việc sắp xếp …" and "ỦY BAN THƯỜNG VỤ QUỐC
    HỘI", and the title took it in ("… năm 2025 Ủy ban Thường vụ Quốc hội")."""
    return frame.enacts(lines[k].norm, [line.norm for line in lines[k + 1:k + 3]])


# Kinds told by the whole line, tested in this order before any numbering: "- Căn cứ ..." is
# the legal basis, not a bullet; "-------- Độc lập - Tự do - Hạnh phúc" is letterhead.
_WHOLE_LINE_KINDS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("separator", lambda norm: bool(_SEPARATOR.match(norm))),
    ("basis", frame.is_basis),
    ("recipients", frame.is_recipients),
    ("letterhead", frame.is_letterhead),
    ("bullet", lambda norm: bool(_BULLET.match(norm))),
)


def _classify_line(text: str, line: Line) -> None:
    norm = line.norm
    words = norm.split()
    kind = next((kind for kind, test in _WHOLE_LINE_KINDS if test(norm)), "")
    if kind:
        line.kind = kind
        return
    if _TABLE_ROW.match(norm):
        line.title_start = line.start
        return  # a table's row naming its columns is content, never a heading
    found = _marker(norm)
    if found:
        style, match = found
        rest = norm[match.end():]
        line.kind, line.style = "marker", style
        line.number = _number(style, match)
        line.title_start = _original_offset(text, line, match.end())
        line.is_item = bool(rest) and (
            len(rest.split()) > (_MAX_ARTICLE_TITLE_WORDS if style == "dieu" else _MAX_HEADING_WORDS)
            or bool(TERMINAL.search(rest))
            or bool(_SENTENCE_INSIDE.search(_STEP_LABEL.sub("", rest)))
            or (style not in FIXED_RANK and bool(_LABEL_VALUE.match(rest)))
        )
        return
    if frame.is_signature(norm):
        line.kind = "signature"
        return
    letters = [c for c in norm if c.isalpha()]
    if _WHERE.match(norm):
        pass  # "Trong đó:" opens a formula's or a list's explanations: text, never a part
    elif norm.endswith(":") and len(words) < _LEAD_WORDS and _INTRO.search(norm):
        line.kind = "filler"  # "Cụ thể như sau:" introduces the items, it is neither
    elif _SELF_REFERENCE.match(norm):
        pass  # "Nghị định này quy định về:" is the article's text over its clauses, not a part's name
    elif norm.endswith(":") and 1 < len(words) <= _MAX_LABEL_WORDS and ": " not in norm and not _INTRO.search(norm):
        # One word and a colon is a form's field ("Số:", "Kính gửi:"), not a part's name.
        line.kind = "label"
    elif len(letters) >= 2 and all(c.isupper() for c in letters) and len(words) <= _MAX_LABEL_WORDS:
        line.kind = "caps"
    elif (
        (len(words) <= _MAX_PLAIN_HEADING_WORDS or (_STEP_TITLE.match(norm) and len(words) <= _MAX_HEADING_WORDS))
        and norm[0].isupper()
        and not re.search(r"[.;:!?…,]$", norm)
        and not is_field(norm)
        and not _is_equation(norm)  # a formula ("M = (Hi x Tj x 15%) x Lmin") is never a part's name
    ):
        line.kind = "plain"
    line.title_start = line.start


def _number(style: str, match: re.Match[str]) -> str:
    if style == "phuluc":
        # "PHỤ LỤC SỐ 2:" → "Phụ lục 2", the way a citation names it.
        words = match.group(0).strip(" .:-").split()[2:]
        return " ".join(["Phụ lục", *(w for w in words if w.lower() != "số")])
    if style in FIXED_RANK:
        # "ĐIỀU 5", "CHƯƠNG II", "PHẦN THỨ NHẤT" in a heading set in capitals: cited as "Điều 5".
        head, *rest = match.group(0).strip(" .:-").split()
        return " ".join([head.capitalize(), *(w if _ROMAN_NUMERAL.fullmatch(w) else w.lower() for w in rest)])
    return match.group(1)


def successor(number: str) -> str:
    """The number after ``number``: "3" → "4", "Điều 45" → "Điều 46", "II" → "III", "b" → "c"
    (dotted numbers: the last part); "" when it has none."""
    head, _, last = number.rpartition(" ") if " " in number else ("", "", number)
    stem, _, tail = last.rpartition(".")
    prefix = f"{head} " if head else ""
    joined = f"{stem}." if stem else ""
    if tail.isdigit():
        return f"{prefix}{joined}{int(tail) + 1}"
    romans = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]
    if tail in romans[:-1]:
        return f"{prefix}{joined}{romans[romans.index(tail) + 1]}"
    if len(tail) == 1 and tail.isalpha() and tail not in "zZ":
        return f"{prefix}{joined}{chr(ord(tail) + 1)}"
    return ""


def _original_offset(text: str, line: Line, norm_index: int) -> int:
    """Map an offset in ``normalize(line)`` back to the document.

    normalize() keeps every visible character one-for-one (NFC input) and only drops
    whitespace and invisible characters, so counting visible characters aligns the two.
    """
    raw = text[line.start:line.end]
    visible = len(line.norm[:norm_index].replace(" ", ""))
    i = 0
    while i < len(raw) and visible > 0:
        if _visible(raw[i]):
            visible -= 1
        i += 1
    while i < len(raw) and not _visible(raw[i]):
        i += 1
    return line.start + i


@lru_cache(maxsize=4096)
def _visible(char: str) -> bool:
    """Whether normalize() keeps a character (cached: a document has few distinct ones)."""
    return bool(normalize(char)) and not char.isspace()
