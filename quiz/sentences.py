"""Sentences (and clauses of overlong sentences) of the stored passages: what questions quote.

Each unit keeps its offsets in the document's original text, so a question's ``source_text`` is
always a verbatim substring of the document. Unlike :func:`index.highlight.sentences` (which cuts
at every semicolon and keeps no offsets), a sentence stays whole unless it is too long to ask
about: a clause like "xây dựng Đảng là then chốt" needs the rest of its sentence as context.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from index.records import PassageRecord

# A sentence of a labelled run, "Name: what it says" ("Sưu tầm: Có nhiều lá in đặc biệt …"), the
# first one after the run's own label ("Công dụng theo thiết kế: Giải trí chiến thuật: Tạo …"). A
# name is a few words without figures; an aside in brackets stays with it ("Bế (die-cutting)").
LABELLED = re.compile(
    r"^(?:(?P<run>[^\W\d_][^:;\d]{2,60}): )?(?P<name>[^\W\d_][^:;,.()\d]{1,40}?(?: \([^()]*\))?): (?P<value>[^:]{8,})$"
)

# A sentence ends at . ! ? … (possibly followed by a closing quote) before an upper-case letter,
# a digit, an opening quote or bracket, or at a line break.
_END = re.compile(r"[.!?…][\"”»')]*\s+|\n+")
# Markdown bold around a marker ("**1.** Bộ Chính trị …") is part of the marker.
_BULLET = re.compile(r"^\**(?:[-–—•+*]\s*|\(\d+\)\s*|\d+(?:\.\d+)*\.\**\s+|[a-zđ]\)\s*|[IVXLC]+[-.]\s+)\**")
_CLAUSE = re.compile(r";\s+")
_MARKER_ONLY = re.compile(r"^\(?(?:\d+(?:\.\d+)*|[IVXLC]+|[a-zđ])[.)]?$")
_WORD = re.compile(r"\w+")
# Units longer than this many words are cut at semicolons into clauses.
LONG_SENTENCE_WORDS = 45
MIN_CLAUSE_WORDS = 6


@dataclass(frozen=True)
class Sentence:
    """A sentence or clause of a passage.

    Attributes:
        text: The unit verbatim (bullet markers and trailing ``;`` dropped).
        start: Offset of ``text`` in the document's original text.
        passage: The passage holding it.
    """

    text: str
    start: int
    passage: PassageRecord

    @property
    def words(self) -> int:
        """Number of words."""
        return len(_WORD.findall(self.text))


def _opens_sentence(text: str, pos: int) -> bool:
    rest = text[pos : pos + 2].lstrip("\"“«'(")
    return bool(rest) and (rest[0].isupper() or rest[0].isdigit())


def _inside_brackets(text: str, start: int, match: re.Match[str]) -> bool:
    """Whether a line break falls inside a bracket its next line closes: the source broke a
    line after "(viết tắt theo tiếng Anh:", not a sentence."""
    before = text[start : match.start()]
    line = text[match.end() :].split("\n", 1)[0]
    return before.count("(") > before.count(")") and ")" in line and line.find(")") < (line.find("(") % (len(line) + 1))


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _END.finditer(text):
        if "\n" not in match.group(0) and not _opens_sentence(text, match.end()):
            continue
        if "\n" in match.group(0) and _inside_brackets(text, start, match):
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span past surrounding blanks, a leading bullet marker and a trailing ``;``/``,``
    (or a Markdown emphasis marker)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ";,:*"):
        end -= 1
    start, end = _unquote(text, start, end)
    # Matched on the unit itself: "^" would not match after a dropped quote mark.
    bullet = _BULLET.match(text[start:end])
    if bullet:
        start += bullet.end()
    return start, end


def _unquote(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a quote mark the unit does not close or open: an amending text quotes the clause it
    writes ("“a) Mức trợ cấp … 327.600 đồng”."), and its first and last sentences would show
    half of that quote."""
    unit = text[start:end]
    body = unit.rstrip(".")
    quotes = sum(unit.count(q) for q in '"“”')
    if quotes == 2 and unit[:1] in '"“' and body[-1:] in '"”':
        # The whole unit quoted: both marks go.
        start, end = start + 1, start + len(body) - 1
    elif quotes == 1 and unit[:1] in '"“':
        start += 1
    elif quotes == 1 and body[-1:] in '"”':
        end = start + len(body) - 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a long sentence at semicolons, gluing too-short pieces to the previous one."""
    if len(_WORD.findall(text[start:end])) <= LONG_SENTENCE_WORDS:
        return [(start, end)]
    pieces: list[tuple[int, int]] = []
    cursor = start
    for match in _CLAUSE.finditer(text, start, end):
        pieces.append((cursor, match.start()))
        cursor = match.end()
    pieces.append((cursor, end))
    merged: list[tuple[int, int]] = []
    for piece in pieces:
        if merged and len(_WORD.findall(text[piece[0] : piece[1]])) < MIN_CLAUSE_WORDS:
            merged[-1] = (merged[-1][0], piece[1])
        else:
            merged.append(piece)
    return merged


def split_passage(passage: PassageRecord) -> list[Sentence]:
    """The sentences (clauses, for overlong ones) of a passage, in order."""
    text = passage.text
    units = []
    for s_start, s_end in _sentence_spans(text):
        for c_start, c_end in _clauses(text, *_trim(text, s_start, s_end)):
            start, end = _trim(text, c_start, c_end)
            # A list marker on a line of its own ("1." before a line break) says nothing.
            if _WORD.search(text[start:end]) and not _MARKER_ONLY.match(text[start:end]):
                units.append(Sentence(text=text[start:end], start=passage.start + start, passage=passage))
    return units


def split_passages(passages: Iterable[PassageRecord]) -> list[Sentence]:
    """All units of the given passages, in passage order."""
    return [unit for passage in passages for unit in split_passage(passage)]
