"""Meaning-preserving rewrites of a statement, for true/false items.

A true statement copied word for word is recognised, not understood; and if only the true ones
were reworded, the wording would give the key away. So both the true statement and the changed
(false) one go through the same rewrite: parentheticals dropped (acronym definitions, asides),
a leading time phrase moved to the end ("Đến năm 2025, X" → "X đến năm 2025"), and
administrative phrases swapped for their usual equivalents. Only rewrites that keep the meaning
are in the table; the rewrite is deterministic, so a validator can recompute it.
"""

from __future__ import annotations

import re

from index.acronyms import shipped_pairs

# Equivalents used interchangeably in Party and state documents, applied in one pass (so that
# "ít nhất" ↔ "tối thiểu" swap instead of undoing each other).
_SYNONYMS: dict[str, str] = {
    "bảo đảm": "đảm bảo",
    "Bảo đảm": "Đảm bảo",
    "nhằm": "để",
    "ít nhất": "tối thiểu",
    "tối thiểu": "ít nhất",
    "tối đa là": "không quá",
    "hằng năm": "mỗi năm",
    "hàng năm": "mỗi năm",
    "hằng quý": "mỗi quý",
    "hằng tháng": "mỗi tháng",
    "đồng thời": "cùng với đó",
    "có hiệu quả": "hiệu quả",
    "có trách nhiệm": "chịu trách nhiệm",
    "tỉ lệ": "tỷ lệ",
    "Tỉ lệ": "Tỷ lệ",
    "không được": "không được phép",
    "trong thời hạn": "trong vòng",
    "Trong thời hạn": "Trong vòng",
    "kể từ ngày": "tính từ ngày",
    "chậm nhất là": "không muộn hơn",
}
_BEFORE_NUMBER = {"khoảng": "xấp xỉ", "trên": "hơn", "dưới": "chưa đến"}
_OPENING = {"Tăng cường": "Đẩy mạnh", "Tập trung": "Chú trọng", "Thực hiện nghiêm": "Nghiêm túc thực hiện"}
_SYNONYM = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _SYNONYMS), key=len, reverse=True)) + r")\b")
_NUMBER_WORD = re.compile(r"\b(khoảng|trên|dưới) (?=\d)")
_FROM_TO = re.compile(r"\btừ (\d[\d.,]*)(%?) đến (\d[\d.,]*%?)")
# Abbreviations written out (three letters or more, never inside a number like "230-KH/TU").
_EXPANSIONS = {a: e for a, e in shipped_pairs() if len(a) >= 3 and a.isalpha()}
_ACRONYM = re.compile(r"(?<![\w/-])(" + "|".join(map(re.escape, _EXPANSIONS)) + r")(?![\w/-])")
_PARENTHETICAL = re.compile(r"\s*\([^()]{1,80}\)")
_LEADING_TIME = re.compile(
    r"^((?:Đến|Trong|Từ nay đến|Trước|Chậm nhất) (?:năm \d{4}|giai đoạn \d{4}\s*-\s*\d{4}|"
    r"ngày \d{1,2}/\d{1,2}/\d{4}|[^,]{3,25}?)),\s+(.+?)([.;]?)$"
)


# Spelling variants: swapping them rewords nothing a reader would notice.
_SPELLING = {"tỉ lệ": "tỷ lệ", "Tỉ lệ": "Tỷ lệ", "tỉ trọng": "tỷ trọng", "Tỉ trọng": "Tỷ trọng"}


def _spelled_alike(text: str) -> str:
    for variant, usual in _SPELLING.items():
        text = text.replace(variant, usual)
    return text


def reworded(text: str) -> bool:
    """Whether :func:`paraphrase` rewords the statement beyond spelling ("tỉ lệ" → "tỷ lệ" alone
    leaves it verbatim to a reader)."""
    return _spelled_alike(paraphrase(text)) != _spelled_alike(text)


def paraphrase(text: str) -> str:
    """The statement reworded without changing what it says (may equal ``text`` when no rule
    applies)."""
    out = _PARENTHETICAL.sub("", text)
    moved = _LEADING_TIME.match(out)
    # Not past a colon: "Đến năm 2025, kỷ niệm ...: Là nước ..." has its time phrase as a title.
    if moved and len(moved.group(2).split()) >= 4 and ":" not in moved.group(2):
        time, rest, end = moved.groups()
        out = f"{rest[:1].upper()}{rest[1:]} {time[:1].lower()}{time[1:]}{end}"
    opening = next((o for o in _OPENING if out.startswith(o + " ")), None)
    if opening:
        out = _OPENING[opening] + out[len(opening) :]
    out = _SYNONYM.sub(lambda m: _SYNONYMS[m.group(1)], out)
    out = _NUMBER_WORD.sub(lambda m: _BEFORE_NUMBER[m.group(1)] + " ", out)
    out = _FROM_TO.sub(lambda m: f"{m.group(1)}{m.group(2)} - {m.group(3)}", out)
    out = _ACRONYM.sub(lambda m: _EXPANSIONS[m.group(1)], out)
    return re.sub(r"\s{2,}", " ", out).strip()
