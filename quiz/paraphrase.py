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

# (pattern, replacement): equivalents used interchangeably in Party and state documents.
_SYNONYMS: tuple[tuple[str, str], ...] = (
    (r"\bbảo đảm\b", "đảm bảo"),
    (r"\bBảo đảm\b", "Đảm bảo"),
    (r"\bnhằm\b", "để"),
    (r"\bkhoảng (?=\d)", "xấp xỉ "),
    (r"\btrên (?=\d)", "hơn "),
    (r"\bdưới (?=\d[\d.,]*\s*%)", "thấp hơn "),
    (r"\bít nhất\b", "tối thiểu"),
    (r"\bhằng năm\b", "mỗi năm"),
    (r"\bhàng năm\b", "mỗi năm"),
    (r"\bhằng quý\b", "mỗi quý"),
    (r"\bhằng tháng\b", "mỗi tháng"),
    (r"^Tăng cường\b", "Đẩy mạnh"),
    (r"^Tập trung\b", "Chú trọng"),
    (r"\bđồng thời\b", "cùng với đó"),
    (r"\bcó hiệu quả\b", "hiệu quả"),
    (r"^Thực hiện nghiêm\b", "Nghiêm túc thực hiện"),
    (r"\btỉ lệ\b", "tỷ lệ"),
    (r"\bTỉ lệ\b", "Tỷ lệ"),
    (r"\bkhông được\b", "không được phép"),
)
_PARENTHETICAL = re.compile(r"\s*\([^()]{1,80}\)")
_LEADING_TIME = re.compile(r"^((?:Đến|Trong|Từ nay đến) (?:năm \d{4}|giai đoạn \d{4}\s*-\s*\d{4}|[^,]{3,25}?)),\s+(.+?)([.;]?)$")


def paraphrase(text: str) -> str:
    """The statement reworded without changing what it says (may equal ``text`` when no rule
    applies)."""
    out = _PARENTHETICAL.sub("", text)
    moved = _LEADING_TIME.match(out)
    # Not past a colon: "Đến năm 2025, kỷ niệm ...: Là nước ..." has its time phrase as a title.
    if moved and len(moved.group(2).split()) >= 4 and ":" not in moved.group(2):
        time, rest, end = moved.groups()
        out = f"{rest[:1].upper()}{rest[1:]} {time[:1].lower()}{time[1:]}{end}"
    for pattern, replacement in _SYNONYMS:
        out = re.sub(pattern, replacement, out)
    return re.sub(r"\s{2,}", " ", out).strip()
