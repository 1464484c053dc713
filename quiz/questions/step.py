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
back from the source row.

A procedure described in words ("Bước 4. Xác định và ban hành Thông báo về nghĩa vụ tài chính"
then "Cơ quan Thuế căn cứ tài liệu …, tiến hành …") is asked who carries out each step whose text
opens with a post or body ("… ai thực hiện bước “Xác định và ban hành Thông báo …”?"), options
who opens its other steps."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass

from corpus.cite import is_table_row
from index.records import PassageRecord
from quiz.items import QuizItem
from quiz.order import NAMES_STEP, Step, StepRow, sequences, step_tables
from quiz.questions.base import OPTIONS, Checks, Context, Kind, times
from quiz.questions.deadline import usual_periods
from quiz.sentences import Sentence, split_passages
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


# Who a described step's text opens with ("Bước 4. Xác định và ban hành Thông báo về nghĩa vụ tài
# chính" then "Cơ quan Thuế căn cứ tài liệu nhận được từ Bước 3, tiến hành …"): a post or body of
# a one-stop procedure, or its applicant, up to the verb its action opens with.
_STAFF = r"(?:Bộ phận|Cơ quan|Cán bộ|Công chức|Chuyên viên|Văn thư|Lãnh đạo)"
_APPLICANTS = r"(?:Người dân|Cá nhân|Tổ chức|Công dân)"
_ACTOR = re.compile(
    rf"^(?:[-–•+]\s*)?(?P<who>(?:{_STAFF}|{_APPLICANTS})(?:,?\s+[^\s,;:.()]+){{0,6}}?)\s+(?:tiến hành|căn cứ|trả|"
    r"đối chiếu|tiếp nhận|thẩm định|kiểm tra|xem xét|chuyển|ký|ban hành|lập|gửi|tra cứu|nộp)\b"
)
# The applicant is offered, never asked: "Người dân, doanh nghiệp" and "Cá nhân, tổ chức" of two
# steps name one applicant, and either would be right. Nor is a step whose name says who acts
# ("Chuyên viên xử lý hồ sơ", "Công dân thực hiện nghĩa vụ tài chính").
_APPLICANT = re.compile(rf"^{_APPLICANTS}\b")
_NAMES_WHO = re.compile(rf"^(?:{_STAFF}|{_APPLICANTS})\b")


def _described(passages: list[PassageRecord]) -> Iterator[tuple[str, Step, Sentence, str, list[str]]]:
    """Each step of a numbered sequence whose own text opens with who carries it out: the
    sequence's part, the step, that sentence, who, and who opens each step of the sequence."""
    for sequence in sequences(passages):
        if any(is_table_row(s.passage) for s in sequence.steps):
            continue  # a table of steps: its cells are asked (:func:`_asked`)
        opening: list[tuple[Step, Sentence, str]] = []
        for step in sequence.steps:
            # The step's own line may stand in its passage's text: its first sentence after it.
            body = next((s for s in split_passages([step.passage]) if words_key(step.line) not in words_key(s.text)), None)
            m = _ACTOR.match(body.text) if body else None
            if body and m:
                opening.append((step, body, m["who"]))
        actors = list(dict.fromkeys(who for _, _, who in opening))
        for step, body, who in opening:
            if not _APPLICANT.match(who) and not _NAMES_WHO.match(step.label):
                yield sequence.part, step, body, who, actors


def _described_question(part: str, step: Step) -> str:
    return f"trong “{part}”, ai thực hiện bước “{step.label}”?"


def _described_items(ctx: Context, doc_id: str, in_scope: set[str], seed: int) -> Iterator[QuizItem | None]:
    """Who carries out a step the document describes in its own words, options who carries out
    its other steps."""
    for part, step, body, who, actors in _described([p for p in ctx.passages if p.doc_id == doc_id]):
        if body.passage.key not in in_scope:
            continue
        others = [a for a in actors if words_key(a) != words_key(who)]
        random.Random(f"{seed}|step|{body.passage.key}|described").shuffle(others)
        # One name of the applicant among the options: two would read as one answer to rule out.
        applicant = next((a for a in others if _APPLICANT.match(a)), None)
        others = [a for a in others if a == applicant or not _APPLICANT.match(a)]
        if len(others) < OPTIONS - 1:
            yield None
            continue
        yield ctx.item(
            "step", body, f"Theo {ctx.labels[doc_id]}, {_described_question(part, step)}", who, others[: OPTIONS - 1],
            f"Văn bản mô tả bước “{step.label}”: “{body.text}”", ("step",), 2, seed, id_extra="described",
        )


def build(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """One item per asked cell of a step row, options the same column's other values, and per
    step described in words that opens with who carries it out."""
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
        yield from _described_items(ctx, doc_id, {s.passage.key for s in sources}, seed)


def backed(item: QuizItem, checks: Checks) -> bool:
    """The source row is the step the stem names, in the table it names, and its cell of the
    column asked gives the key."""
    passages = checks.lib.passages(item.doc_id)
    return any(
        fact.row.passage.key == item.passage_key and fact.run == item.source_text and fact.key == item.answer
        and item.stem.endswith(_question(fact, part))
        for fact, part, _, _ in _asked(passages)
    ) or any(
        body.passage.key == item.passage_key and body.text == item.source_text and who == item.answer
        and item.stem.endswith(_described_question(part, step))
        for part, step, body, who, _ in _described(passages)
    )


KIND = Kind(
    build=build, backed=backed, hides_answer=True, round_trip=None, key_repeats=times(2), first=True, framed=True,
    missing="tài liệu không có bảng các bước của quy trình (cột “Trình tự”, “Trách nhiệm”, “Thời gian”)",
)
