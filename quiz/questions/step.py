"""``step``: who carries out a step of a procedure laid out as a table of steps, and how long it
takes ("TT: B4; Trình tự: Xem xét nội dung hồ sơ …; Trách nhiệm: Công chức xử lý hồ sơ; Thời
gian: 15 ngày"): "Theo Quyết định số 3005/QĐ-UBND, trong “Quy trình xử lý công việc” về “Bổ
nhiệm giám định viên …”, ai chịu trách nhiệm thực hiện bước “Xem xét nội dung hồ sơ”?", "…,
thời gian thực hiện bước “Xem xét nội dung hồ sơ” là bao nhiêu ngày?".

Options are the same column's values in the document's other step rows: posts and bodies of
the same procedure's table first, times of the same unit (completed by the periods documents
usually set). A cell naming several posts, a time that is no number ("Giờ hành chính") and a
step naming another step ("Xem xét các kết quả thực hiện tại B4", which reads only beside the
table) are not asked; a step asked with the same key in an earlier table of the document is
asked once. The rows are read by :func:`quiz.order.step_tables`; the validator reads the key
back from the source row."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass

from index.records import PassageRecord
from quiz.items import QuizItem
from quiz.order import NAMES_STEP, StepRow, step_tables
from quiz.questions.base import OPTIONS, Checks, Context, Kind, times
from quiz.questions.deadline import usual_periods
from quiz.sentences import Sentence
from quiz.source import heading_label
from quiz.terms import words_key

_WHO = re.compile(r"trách nhiệm(?: thực hiện)?|(?:người|đơn vị|bộ phận|cơ quan)(?:, (?:người|đơn vị|bộ phận))? thực hiện",
                  re.IGNORECASE)
_TIME = re.compile(r"thời (?:gian|hạn)(?: thực hiện| giải quyết| xử lý)?", re.IGNORECASE)
# A time cell: "15 ngày", "0,5 ngày", "02 ngày làm việc", "04 giờ làm việc".
_PERIOD = re.compile(r"(?P<n>\d{1,3}(?:,\d)?)\s+(?P<unit>(?:ngày|giờ)(?: làm việc)?)")
# A cell of several posts: a dash list, "A; B", "A, B", "A và B".
_SEVERAL = re.compile(r"^-|\s-\s|[;,/]|\svà\s")
MAX_WHO_WORDS = 8


@dataclass(frozen=True)
class Fact:
    """One asked cell of a step row.

    Attributes:
        kind: ``who`` or ``time``.
        column: The column's name as the row writes it.
        key: The post, or the time's number.
        unit: The time's unit ("ngày"), or ``""``.
        row: The step row.
    """

    kind: str
    column: str
    key: str
    unit: str
    row: StepRow

    @property
    def run(self) -> str:
        """The row from its step code to the end of the asked cell (the item's source: two
        cells of one row are two sentences)."""
        text = self.row.passage.text
        start = text.index(f"{self.column}: ")
        return text[: text.index(self.row.cells[self.column], start) + len(self.row.cells[self.column])]


def _facts(row: StepRow) -> list[Fact]:
    """The askable cells of a step row: who carries it out, how long it takes."""
    found = []
    for column, value in row.cells.items():
        if _WHO.fullmatch(column) and not _SEVERAL.search(value) and 1 <= len(value.split()) <= MAX_WHO_WORDS:
            found.append(Fact("who", column, value.rstrip(" ."), "", row))
        elif _TIME.fullmatch(column) and (period := _PERIOD.fullmatch(value.rstrip(" ."))):
            found.append(Fact("time", column, period["n"], period["unit"], row))
    return found


def _part(headings: tuple[str, ...], tables: list[tuple[str, ...]], qualified: bool) -> str:
    """How a stem names a table: “its heading”, and where the document's other tables of that
    name say otherwise of the step asked (``qualified``), “the first heading above it that
    tells it from them” (the procedure it belongs to)."""
    name = heading_label(headings[-1])
    same = [h for h in tables if h != headings and heading_label(h[-1]) == name]
    above = next((h for i, h in enumerate(headings[:-1]) if any(len(o) <= i or o[i] != h for o in same)), "")
    return f"“{name}” về “{heading_label(above)}”" if qualified and above else f"“{name}”"


def _question(fact: Fact, part: str) -> str:
    """What the stem asks, after the document's label: the step named last, so that two
    questions on one table differ where they are compared (past the words they open with)."""
    if fact.kind == "who":
        return f"trong {part}, ai chịu trách nhiệm thực hiện bước “{fact.row.label}”?"
    return f"trong {part}, thời gian thực hiện bước “{fact.row.label}” là bao nhiêu {fact.unit}?"


def _wrong(fact: Fact, table: list[StepRow], others: list[StepRow], seed: int) -> list[str]:
    """Three distractors: the column's other values in the same table, then in the document's
    other step tables, then (a time) the periods documents usually set."""
    rng = random.Random(f"{seed}|step|{fact.row.passage.key}|{fact.kind}")
    values: list[str] = []
    for rows in (table, others):
        found = sorted({f.key for r in rows for f in _facts(r) if f.kind == fact.kind and f.unit == fact.unit})
        rng.shuffle(found)
        values += found
    if fact.kind == "time" and fact.key.isdigit():
        values += usual_periods(fact.key, fact.unit)
    seen = {words_key(fact.key)}
    wrong = []
    for value in values:
        if words_key(value) not in seen:
            seen.add(words_key(value))
            wrong.append(value)
    return wrong[: OPTIONS - 1]


def _asked(passages: list[PassageRecord]) -> Iterator[tuple[Fact, str, list[StepRow], list[StepRow]]]:
    """Each askable fact of a document's step tables, with how the stem names its table, the
    table and the document's other step rows. A step that tables of one name give alike is
    asked once, by the table's name alone; one they give otherwise is asked of each, naming
    the procedure."""
    tables = step_tables(passages)
    names = [h for h, _ in tables]
    keys: dict[tuple[str, str, str], set[str]] = {}
    for headings, rows in tables:
        for row in rows:
            for fact in _facts(row):
                keys.setdefault((heading_label(headings[-1]), words_key(row.label), fact.kind), set()).add(fact.key)
    asked: set[tuple[str, str, str, str]] = set()
    for headings, rows in tables:
        labels = [words_key(r.label) for r in rows]
        others = [r for h, rs in tables if h != headings for r in rs]
        for row in rows:
            # A step named twice is ambiguous; one naming another step reads only beside the table.
            if labels.count(words_key(row.label)) > 1 or NAMES_STEP.search(row.label):
                continue
            for fact in _facts(row):
                step = (heading_label(headings[-1]), words_key(row.label), fact.kind)
                if (*step, fact.key) not in asked:
                    asked.add((*step, fact.key))
                    yield fact, _part(headings, names, len(keys[step]) > 1), rows, others


def build(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """One item per asked cell of a step row, options the same column's other values."""
    # A row's cells are no sentences to ask: the row counts as wanted when its table's section is.
    in_scope = {s.passage.section for s in sources}
    for doc_id in dict.fromkeys(s.passage.doc_id for s in sources):
        for fact, part, table, others in _asked([p for p in ctx.passages if p.doc_id == doc_id]):
            passage = fact.row.passage
            if passage.section not in in_scope:
                continue
            wrong = _wrong(fact, table, others, seed)
            if len(wrong) < OPTIONS - 1:
                yield None
                continue
            sentence = Sentence(text=fact.run, start=passage.start, passage=passage)
            yield ctx.item(
                "step", sentence, f"Theo {ctx.labels[doc_id]}, {_question(fact, part)}", fact.key, wrong,
                f"Văn bản quy định: “{fact.run}”.", ("step",), 2, seed, id_extra=fact.kind,
            )


def backed(item: QuizItem, checks: Checks) -> bool:
    """The source row is the step the stem names, in the table it names, and its cell of the
    column asked gives the key."""
    return any(
        fact.row.passage.key == item.passage_key and fact.run == item.source_text and fact.key == item.answer
        and item.stem.endswith(_question(fact, part))
        for fact, part, _, _ in _asked(checks.lib.passages(item.doc_id))
    )


KIND = Kind(
    build=build, backed=backed, hides_answer=True, round_trip=None, key_repeats=times(2), first=True,
    missing="tài liệu không có bảng các bước của quy trình (cột “Trình tự”, “Trách nhiệm”, “Thời gian”)",
)
