"""The ordered parts of a document (procedures, timelines) and their steps, which ``order``
questions ask (:mod:`quiz.questions.order`).

Only parts whose items are sequential by the document's own words are asked: numbered steps
("Bước 1.", "Giai đoạn 2 (tháng 6/2024):", "Đợt 3"), or numbered items of a part named as a
sequence ("Quy trình …", "Trình tự …", "Tiến độ thực hiện", "Lộ trình …"). A list of tasks or
goals is never ordered, however it is numbered. A procedure laid out as a table whose rows open
with a step code ("TT: B4; Trình tự: …; Trách nhiệm: …; Thời gian: …") is read as a sequence too
(:func:`step_tables`). The key order is the steps' numbers, so the validator recomputes it from
the stored passages (:func:`sequences`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from corpus.cite import is_table_row
from index.records import PassageRecord
from quiz.questions.procedure import cells
from quiz.sentences import LABELLED, split_passages
from quiz.source import heading_label
from quiz.terms import words_key

STEP_COUNT = (3, 6)
# Steps the document names itself ("Bước 1." … "Bước 8."): their names say they are in order,
# however many there are (the first ones that fit are shown).
NAMED_STEPS = 10
# Steps shown in one ordering: more are hard to read as one option.
MAX_SHOWN = 5
MAX_LABEL_WORDS = 14
MAX_OPTION_CHARS = 260
ARROW = " → "
_NUMBERS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6}
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6}
# "Bước 1. Đón tiếp…", "1. Giai đoạn 1 (từ tháng 4 đến hết tháng 5/2024): rà soát…", "Đợt II:".
_STEP = re.compile(
    r"^\s*(?:\d+[.)]\s*)?(?P<kind>Bước|Giai đoạn|Đợt|Phase)\s+(?:thứ\s+)?(?P<n>\d+|[IVX]+|một|hai|ba|bốn|năm|sáu)\b"
    r"\s*(?:\((?P<time>[^()]*)\))?\s*[.:)–-]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
# A part named as a sequence: its numbered items are in order.
# At the start only: "Đẩy nhanh tiến độ giải ngân" is a task, not a timeline.
_SEQUENCE_PART = re.compile(r"^(?:quy trình|trình tự|các bước|tiến độ thực hiện|lộ trình|thứ tự)\b", re.IGNORECASE)
_NUMBERED = re.compile(r"^\s*(?P<n>\d+)[.)]\s+(?P<rest>.+)$")
# A step named with a date or a period says its place itself.
_TIME_HINT = re.compile(
    r"\b(?:tháng\s+\d|quý\s+[IVX\d]|năm\s+\d{4}|ngày\s+\d|\d{1,2}/\d{4}|\d{1,2}/\d{1,2}/\d{4}|"
    r"trước|sau khi|đầu tiên|cuối cùng|tiếp theo|bước\s+\d|giai đoạn\s+\d)",
    re.IGNORECASE,
)
# A leading time phrase before a colon ("Tháng 6/2024: …", "Trước ngày 30/6: …").
_LEADING_TIME = re.compile(r"^[^:]{0,60}\b(?:tháng|quý|năm|ngày|trước|từ|đến)\b[^:]{0,60}:\s*", re.IGNORECASE)
# A table row's first cell naming its step: "TT: B4", "Bước: Bước 2"; a bare number ("TT: 3")
# only in a part named as a sequence (otherwise it numbers any list).
_CODE_COLUMN = re.compile(r"(?:S?TT|Bước|Thứ tự)", re.IGNORECASE)
_STEP_CODE = re.compile(r"(?:B|Bước\s*)(?P<n>\d{1,2})\.?")
_ACTION_COLUMN = re.compile(r"(?:trình tự|các bước|tên bước|nội dung(?: công việc)?|công việc)(?: thực hiện)?", re.IGNORECASE)
# A step that names another one ("Xem xét các kết quả thực hiện tại B4") says its own place.
NAMES_STEP = re.compile(r"\b(?:bước\s+)?B\d{1,2}\b")
# Sub-items of a step's cell ("Xem xét nội dung hồ sơ - Nếu hồ sơ đủ điều kiện …").
_CELL_ITEMS = re.compile(r"\s+-\s+|^\d+[.)]\s*")


@dataclass(frozen=True)
class Step:
    """One step of a sequence: its number, short name and where it stands."""

    number: int
    label: str
    line: str
    passage: PassageRecord


@dataclass(frozen=True)
class Sequence:
    """The steps of one part, in the document's order."""

    part: str
    noun: str
    steps: tuple[Step, ...]
    # Named among sentences that may be steps too (a labelled run): asked as "the steps below",
    # never as all of them or the first ones.
    partial: bool = False


@dataclass(frozen=True)
class StepRow:
    """One row of a table of steps: its number, code, short name and its other cells."""

    number: int
    code: str
    label: str
    cells: dict[str, str]
    passage: PassageRecord


def step_row(passage: PassageRecord, in_sequence: bool) -> StepRow | None:
    """A table row read as a step (``None`` when its first cell is no step code or it has no
    short name); ``in_sequence``: the row stands in a part named as a sequence."""
    text = passage.text
    row = [(name, text[start:end].strip().rstrip(";").strip()) for name, _, start, end in cells(text)]
    if len(row) < 2 or not _CODE_COLUMN.fullmatch(row[0][0]) or not _ACTION_COLUMN.fullmatch(row[1][0]):
        return None
    code = _STEP_CODE.fullmatch(row[0][1])
    if code is None and not (in_sequence and row[0][1].rstrip(".").isdigit()):
        return None
    number = int(code["n"] if code else row[0][1].rstrip("."))
    # The cell's first item: its numbered head or the words before its sub-items.
    action = next((part for part in _CELL_ITEMS.split(row[1][1]) if part.strip()), "")
    label = _label(action)
    if not label or len(label) > MAX_OPTION_CHARS // 3:
        return None
    return StepRow(number, row[0][1], label, dict(row[2:]), passage)


def step_tables(passages: Iterable[PassageRecord]) -> list[tuple[tuple[str, ...], list[StepRow]]]:
    """The tables of steps of one document's passages, each with its headings and its rows in
    order (a row continued in a further passage is read from its first one)."""
    tables: dict[tuple[str, ...], list[StepRow]] = {}
    for passage in passages:
        headings = tuple(h for h in passage.headings if h)
        if not headings or not is_table_row(passage):
            continue
        row = step_row(passage, bool(_SEQUENCE_PART.search(heading_label(headings[-1]))))
        if row is not None:
            tables.setdefault(headings, []).append(row)
    return list(tables.items())


def _number(text: str) -> int:
    return int(text) if text.isdigit() else _NUMBERS.get(text.lower()) or _ROMAN.get(text.upper(), 0)


def _label(rest: str) -> str:
    """A step's short name: its title, or its first clause after a time phrase, without the
    final stop; empty when it is too long to read as a step name."""
    rest = _LEADING_TIME.sub("", rest.strip(), count=1)
    label = re.split(r"[.;]\s|[.;]$|:\s", rest + " ", maxsplit=1)[0].strip(" ,.;:")
    if len(label.split()) > MAX_LABEL_WORDS:
        # A long first clause: its first comma-separated part names the step if it is long enough.
        head = label.split(",", 1)[0]
        label = head if 3 <= len(head.split()) <= MAX_LABEL_WORDS else ""
    return label[:1].upper() + label[1:] if len(label.split()) >= 2 else ""


def _step_heading(heading: str) -> bool:
    return bool(_STEP.match(heading.rstrip("…")))


def sequences(passages: Iterable[PassageRecord]) -> list[Sequence]:
    """The ordered parts of one document's passages (in document order), each with its steps.

    Steps are read from headings and from lines of the passages' text (a step line the
    segmenter left inside the previous step's passage still counts); a part qualifies when its
    steps are numbered 1, 2, 3 … without a gap, from 3 to 6 of them (to 10 named "Bước", "Giai
    đoạn", "Đợt"). A table of steps qualifies
    with any number of them from 3 (its codes say they are steps). Parts of one name with other
    steps are left out (a stem names a part by its name alone); parts of one name with the same
    steps are one sequence.
    """
    passages = list(passages)
    found: dict[tuple[str, ...], dict[int, Step]] = {}
    nouns: dict[tuple[str, ...], str] = {}
    named: set[tuple[str, ...]] = set()
    for passage in passages:
        parent = tuple(h for h in passage.headings if not _step_heading(h) and not h.endswith("…"))
        lines = [h for h in passage.headings if _step_heading(h)] + passage.text.split("\n")
        for line in lines:
            line = line.rstrip("…").strip()
            match = _STEP.match(line)
            number, rest, noun = 0, "", ""
            if match:
                number, rest, noun = _number(match["n"]), match["rest"], match["kind"].lower()
            elif parent and _SEQUENCE_PART.search(parent[-1]) and (numbered := _NUMBERED.match(line)):
                number, rest, noun = int(numbered["n"]), numbered["rest"], "bước"
            label = _label(rest) if number else ""
            if not parent or not label or _TIME_HINT.search(label):
                continue
            steps = found.setdefault(parent, {})
            nouns.setdefault(parent, noun)
            if match:
                named.add(parent)
            steps.setdefault(number, Step(number, label, line, passage))
    result = []
    for parent, steps in found.items():
        numbers = sorted(steps)
        most = NAMED_STEPS if parent in named else STEP_COUNT[1]
        if numbers != list(range(1, len(numbers) + 1)) or not STEP_COUNT[0] <= len(numbers) <= most:
            continue
        labels = [words_key(s.label) for s in steps.values()]
        if len(set(labels)) < len(labels):
            continue
        result.append(Sequence(heading_label(parent[-1]), nouns[parent], tuple(steps[n] for n in numbers)))
    for headings, rows in step_tables(passages):
        numbers = [r.number for r in rows]
        labels = [words_key(r.label) for r in rows]
        if numbers == list(range(1, len(rows) + 1)) and len(rows) >= STEP_COUNT[0] and len(set(labels)) == len(labels):
            steps = tuple(Step(r.number, r.label, f"{r.code}. {r.label}", r.passage) for r in rows)
            result.append(Sequence(heading_label(headings[-1]), "bước", steps))
    result.extend(run for passage in passages if (run := _labelled_run(passage)) is not None)
    by_part: dict[str, set[tuple[str, ...]]] = {}
    for sequence in result:
        by_part.setdefault(sequence.part, set()).add(tuple(s.label for s in sequence.steps))
    unique = {part for part, orders in by_part.items() if len(orders) == 1}
    kept: dict[str, Sequence] = {}
    for sequence in result:
        if sequence.part in unique:
            kept.setdefault(sequence.part, sequence)
    return list(kept.values())


def misfiled(passages: Iterable[PassageRecord]) -> set[str]:
    """Keys of passages filed under the wrong step: from a step line the segmenter left inside
    a passage ("Bước 4. …" under "Bước 3") to the end of that section, the passages' headings
    and citations name the previous step, so nothing is asked from them."""
    keys: set[str] = set()
    seen: dict[tuple[str, ...], int] = {}  # the highest step number met in text, per part
    for passage in passages:
        parent = tuple(h for h in passage.headings if not _step_heading(h) and not h.endswith("…"))
        for line in passage.text.split("\n"):
            if match := _STEP.match(line):
                seen[parent] = max(seen.get(parent, 0), _number(match["n"]))
        own = [m for h in passage.headings if (m := _STEP.match(h.rstrip("…")))]
        if own and seen.get(parent, 0) > _number(own[-1]["n"]):
            keys.add(passage.key)
    return keys


def _labelled_run(passage: PassageRecord) -> Sequence | None:
    """A process told as a labelled run in one passage ("Quy trình sản xuất: Thiết kế đồ họa: ….
    Ép lớp lõi: …. Cán màng phủ: …"): its steps are the run's names, in the text's order."""
    sentences = split_passages([passage])
    first = LABELLED.match(sentences[0].text.lstrip("-+ ")) if sentences else None
    if first is None or not first["run"] or not _SEQUENCE_PART.search(first["run"]):
        return None
    named = [(s, m) for s in sentences
             if (m := LABELLED.match(s.text.lstrip("-+ "))) and (s is sentences[0] or not m["run"])]
    steps = tuple(Step(n, m["name"], f"{m['name']}: {m['value']}", passage) for n, (_, m) in enumerate(named, 1))
    if not STEP_COUNT[0] <= len(steps) <= NAMED_STEPS or len({words_key(s.label) for s in steps}) < len(steps):
        return None
    return Sequence(heading_label(first["run"]), "bước", steps, partial=len(steps) < len(sentences))


def shown_steps(sequence: Sequence) -> tuple[Step, ...]:
    """The steps one question orders: all of them, or the first ones that fit in an option."""
    steps = sequence.steps[:MAX_SHOWN]
    # A step naming another one ("Xem xét kết quả tại B4") says its place: the shown ones stop before it.
    steps = steps[: next((i for i, s in enumerate(steps) if NAMES_STEP.search(s.label)), len(steps))]
    while len(steps) > STEP_COUNT[0] and len(ARROW.join(s.label for s in steps)) > MAX_OPTION_CHARS:
        steps = steps[:-1]
    return steps
