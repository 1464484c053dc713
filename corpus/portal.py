"""The frame a law portal puts around a document saved from its web page.

A page saved from a portal (as Markdown, a web page or copied text) opens with the portal's
copyright banner, a note on highlighted changes ("Click vào phần bôi vàng …"), "Đang tải văn
bản...", then the portal's own metadata table (Số hiệu, Loại văn bản, Nơi ban hành, Người ký,
Ngày ban hành, …), and ends, after the signature, with the portal's one-line summary of the
document ("Kết luận 212-KL/TW năm 2025 về … ban hành"), "Văn bản này chưa cập nhật nội dung Tiếng
Anh", related documents, comparison help, contact details and account notices. None of it is the
document; the metadata table is kept as metadata, used where the document's own letterhead is
missing or unclear (:func:`corpus.metadata.apply_metadata`).

Other sites frame a document otherwise: a Markdown export's front matter (``sohieu: …``,
``loaivanban: …``), the page's heading, and a two-column table of the same fields under
"THÔNG TIN VĂN BẢN", then "VĂN BẢN" over the document. They are kept the same way.
"""

from __future__ import annotations

import re

from corpus.frame import KINDS
from corpus.normalize import fold, normalize

# "Đang tải văn bản..." is the last line of the banner; the metadata table follows it.
_LOADING = re.compile(r"^Đang tải văn bản\W*$", re.IGNORECASE)
# The portal's table: its labels, and the document field each fills.
_LABELS = {
    "số hiệu": "number",
    "số ký hiệu": "number",
    "loại văn bản": "kind",
    "nơi ban hành": "issuer",
    "cơ quan ban hành": "issuer",
    "người ký": "signer",
    "ngày ban hành": "date",
    "trích yếu": "title",
    "ngày hiệu lực": "",
    "ngày công báo": "",
    "số công báo": "",
    "tình trạng": "",
}
_LABEL = re.compile(r"^(" + "|".join(_LABELS) + r")\s*:\s*(.*)$", re.IGNORECASE)
# Values the portal shows when it knows nothing.
# "Khongso": the portal's number of a text that has none (a Tết letter).
_UNKNOWN = frozenset({"đã biết", "đang cập nhật", "văn bản khác", "không xác định", "khongso", "không số", ""})
# Where the document ends: the portal's notes under it.
_END = re.compile(r"Văn bản này chưa cập nhật nội dung Tiếng Anh|^#*\s*Văn bản liên quan\s*$", re.IGNORECASE)
# Banner lines that may stand anywhere in a copied page.
_CHROME = re.compile(
    r"^(?:Bản dịch này thuộc quyền sở hữu của|THƯ VIỆN PHÁP LUẬT has the copyright|Click vào phần bôi vàng"
    r"|Đang tải văn bản|Các nội dung của VB này được VB khác thay đổi)",
    re.IGNORECASE,
)


# Another site's table of the same fields, two columns under their names ("Trường | Giá trị"),
# each row as the readers write it: "Trường: Số ký hiệu; Giá trị: 14/2026/NQ-CP".
_FIELD_ROW = re.compile(r"^[^:;|]{1,30}: (?P<label>[^:;|]{1,30}); [^:;|]{1,30}: (?P<value>.+)$")
_FIELD_HEADER = re.compile(r"^[^|:;]{1,30} \| [^|:;]{1,30}$")
_FIELD_TITLE = re.compile(r"^(?:THÔNG TIN|THUỘC TÍNH|Thông tin|Thuộc tính)(?: văn bản| VĂN BẢN)?\s*:?$")
_MIN_FIELD_ROWS = 2
_BODY_TITLE = re.compile(r"^(?:(?:NỘI DUNG )?VĂN BẢN|(?:Nội dung )?[Vv]ăn bản|Nội dung)\s*:?$")
# A static site's front matter ("---" / "sohieu: 14/2026/NQ-CP" / "---"): its keys, folded, and
# the document field each fills.
_FRONT_KEYS = {
    "sohieu": "number", "sokyhieu": "number", "number": "number",
    "loaivanban": "kind", "kind": "kind",
    "coquanbanhanh": "issuer", "noibanhanh": "issuer", "issuer": "issuer",
    "nguoiky": "signer", "signer": "signer",
    "ngaybanhanh": "date", "date": "date",
    "title": "title", "trichyeu": "title",
}
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>(?:.*\n){1,60}?)---[ \t]*\n")
_FRONT_LINE = re.compile(r"^(?P<key>[\w-]+)\s*:(?:\s+(?P<value>.*?))?\s*$")


def split_front_matter(source: str) -> tuple[str, dict[str, str]]:
    """A Markdown file without the front matter a static site opens it with, and the metadata
    fields it gives (``kind`` in lowercase), which count as a portal's table does."""
    match = _FRONT_MATTER.match(source)
    body = match["body"].split("\n") if match else []
    # Only "key: value" lines (and YAML's lists and continuations): a page that opens with a rule
    # and has another a few paragraphs down keeps its text.
    if not match or not all(_FRONT_LINE.match(line) or line[:1] in {" ", "\t", "-", "#", ""} for line in body):
        return source, {}
    fields: dict[str, str] = {}
    for line in body:
        entry = _FRONT_LINE.match(line)
        if entry:
            key = _FRONT_KEYS.get(re.sub(r"[\W_]", "", fold(entry["key"])), "")
            _keep(fields, key, (entry["value"] or "").strip("\"'").strip())
    return source[match.end():], fields


def _keep(fields: dict[str, str], key: str, value: str) -> None:
    """Keep a frame's value for a document field, unless it is none or one the site shows for
    "unknown"; a kind in lowercase."""
    if key and value.lower() not in _UNKNOWN:
        fields[key] = value.lower() if key == "kind" else value


def split_portal(text: str) -> tuple[str, dict[str, str]]:
    """The document inside a portal page, and the portal's metadata.

    Args:
        text: Plain text as a reader produced it (one block a line).

    Returns:
        The text without the portal's banner, metadata table and notes (unchanged when it is not
        a portal page, save stray banner lines), and the metadata fields the table gave
        (``number``, ``kind`` in lowercase, ``issuer``, ``signer``, ``date`` as written).
    """
    lines = text.split("\n")
    fields: dict[str, str] = {}
    head = next((i for i, line in enumerate(lines[:200]) if _LOADING.match(line.strip())), None)
    if head is not None:
        start, fields = _table(lines, head + 1)
        lines = lines[start:]
        lines = _cut_tail(lines, fields.get("number", ""))
    else:
        lines, fields = _field_table(lines)
    kept = [line for line in lines if not _CHROME.match(line.strip())]
    if head is None and not fields and len(kept) == len(lines):
        return text, fields
    return "\n".join(kept).strip("\n") + "\n", fields


def _field_table(lines: list[str]) -> tuple[list[str], dict[str, str]]:
    """The lines without a table of the document's fields near the top (with its column names and
    its title, "THÔNG TIN VĂN BẢN"), and the fields it gives."""
    for i in range(min(len(lines), 80)):
        rows = []
        for row in lines[i:i + 20]:
            match = _FIELD_ROW.match(normalize(row))
            if not match or match["label"].strip().lower() not in _LABELS:
                break
            rows.append(match)
        if len(rows) < _MIN_FIELD_ROWS:
            continue
        start, end = i, i + len(rows)
        if start and _FIELD_HEADER.match(normalize(lines[start - 1])):
            start -= 1
        above = next((k for k in range(start - 1, -1, -1) if lines[k].strip()), None)
        if above is not None and _FIELD_TITLE.match(normalize(lines[above])):
            start = above
        while end < len(lines) and (not lines[end].strip() or _BODY_TITLE.match(normalize(lines[end]))):
            end += 1  # the site's heading over the document itself: "VĂN BẢN"
        above = next((k for k in range(start - 1, -1, -1) if lines[k].strip()), None)
        if above is not None and not any(lines[k].strip() for k in range(above)) and len(lines[above].split()) <= 12:
            start = above  # the page's own heading, the document's name: "Nghị quyết số 14/2026/NQ-CP"
        fields: dict[str, str] = {}
        for match in rows:
            _keep(fields, _LABELS[match["label"].strip().lower()], match["value"].strip())
        return [*lines[:start], *lines[end:]], fields
    return lines, {}


def _table(lines: list[str], start: int) -> tuple[int, dict[str, str]]:
    """Read the label and value cells from ``start``; return where the document starts."""
    fields: dict[str, str] = {}
    label = ""
    for i in range(start, len(lines)):
        line = normalize(lines[i])
        if not line:
            continue
        match = _LABEL.match(line)
        if match:
            label, value = match.group(1).lower(), match.group(2).strip()
            if not value:
                continue
        elif label:
            value = line
        else:
            return i, fields
        _keep(fields, _LABELS[label], value)
        label = ""
    return len(lines), fields


_KIND_WORD = re.compile(r"(?:^|\s)(?:" + "|".join(kind.capitalize() for kind in KINDS) + r")\b")


def _cut_tail(lines: list[str], number: str) -> list[str]:
    """The lines before the portal's notes; the portal's summary line of the document goes too."""
    for i, line in enumerate(lines):
        match = _END.search(line)
        if not match:
            continue
        kept = line[:match.start()]
        if number:
            # "… Kết luận 212-KL/TW năm 2025 về … do … ban hành": the summary is the portal's.
            summary = re.search(rf"(?:^|\s)[^\W\d_][^\W\d_ ]*(?:\s+[^\W\d_]+)?\s+{re.escape(number)}\b", kept)
            if summary:
                start = summary.start()
                if summary.group(0).split()[0].lower() == "số":
                    # "Lệnh công bố Luật … năm 2025 số 47/2025/L-CTN": from the kind that opens it.
                    kind = _KIND_WORD.search(kept[:start])
                    start = kind.start() if kind else start
                kept = kept[:start]
        return [*lines[:i], kept.rstrip()] if kept.strip() else lines[:i]
    return lines


# A footnote's mark as the portal prints it, glued to the word or stop before it: "tỉnh[1].",
# "Phạm vi điều chỉnh[2]", "thi đấu thể thao.[3]". A note's own number opens its line ("[3]").
_NOTE_MARK = re.compile(r"(?<=[^\s\[])\[\d{1,3}\](?=[\s.,;:!?…)\]\"'”*]|$)", re.MULTILINE)
_LONE_NOTE_NUMBER = re.compile(r"^(\[\d{1,3}\])[ \t]*\n(?=[ \t]*\S)", re.MULTILINE)
NOTE = re.compile(r"^\[\d{1,3}\]\s")


def drop_note_marks(text: str) -> str:
    """The text without its footnote marks, each note's number on its note's line.

    A mark left in the text ended a clause with "]" instead of its full stop, so that "2. Súng
    săn; … thi đấu thể thao.[3]" read as a heading with nothing under it and was lost, and it
    stood in names ("Điều 1 (Phạm vi điều chỉnh[2])"). The notes themselves ("[3]" over "Khoản này
    được sửa đổi …", after the signature) are kept, as a part of their own (:data:`NOTE`).
    """
    return _LONE_NOTE_NUMBER.sub(r"\1 ", _NOTE_MARK.sub("", text))
