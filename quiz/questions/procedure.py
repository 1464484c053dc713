"""``procedure``: a fact of an administrative procedure a Quyết định publishes as an appendix
table row ("Tên thủ tục hành chính: …; Thời hạn giải quyết: 20 ngày …; Phí, lệ phí: Phí: 50.000
đồng/di chúc; Cơ quan thực hiện: Sở Y tế"): "thủ tục “X” được giải quyết trong thời hạn bao nhiêu
ngày?", "mức phí, lệ phí của thủ tục “X” là bao nhiêu đồng/di chúc?", "cơ quan nào thực hiện thủ
tục “X”?".

Options are values of the same column in the document's other rows (a period of the same unit,
distinct values); a period with too few of them is completed by periods documents usually set.
The source is the row's run from the procedure's name to the asked cell, so the validator reads
the key back from the row itself."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass

from corpus.cite import is_table_row
from corpus.titlecase import UPPER
from index.records import PassageRecord
from quiz.items import QuizItem
from quiz.questions.base import OPTIONS, Checks, Context, Kind, times
from quiz.questions.deadline import usual_periods
from quiz.sentences import Sentence
from quiz.terms import words_key

# A cell of a row as the reading writes it: "; Column name: value" (a name of a few words,
# capitalised; "địa chỉ: https://…" inside a cell is no column).
_CELL = re.compile(r"(?:^|; | — )(?P<name>[" + UPPER + r"][^:;—]{1,60}?): ")
# "Tên thủ tục hành chính", "Tên TTHC", "Tên TTHC bị bãi bỏ".
NAME = re.compile(r"tên (?:thủ tục|TTHC)", re.IGNORECASE)
# A period opening the cell: "20 ngày kể từ …", "Không quá 02 (hai) ngày làm việc".
_PERIOD = re.compile(r"(?:(?:Không quá|Trong(?: thời hạn| vòng)?)\s+)?(?P<n>\d{1,3})(?:\s+\([^)]{1,20}\))?\s+"
                     r"(?P<unit>ngày làm việc|ngày|giờ|tháng)(?!\w)")
# A fee opening the cell: "Phí: 50.000 đồng/giao dịch", "100.000 đồng/hồ sơ".
_FEE = re.compile(r"(?:(?:Lệ phí|Phí)[^:;]{0,20}:\s*)?(?P<n>\d{1,3}(?:\.\d{3})+|0)\s*đồng(?P<unit>/[^\s;,.(]+(?: [^\s;,.(]+)?)?")
# The case a fee holds for when a cell sets one per case ("0 đồng đối với cá nhân đạt kỳ thi …;
# 100.000 đồng đối với các trường hợp: …"): asked with it.
_FEE_CASE = re.compile(r"\s+(?P<case>đối với [^;:()]{3,120}?)\s*(?=;|$)")
# A later fee of a cell set per case, for a list of cases ("…; 100.000 đồng đối với các trường hợp:
# a; b; c (Mức thu này chưa bao gồm thuế …)"): asked with one of them, as a period is.
_LISTED_FEE = re.compile(r";\s*(?P<n>\d{1,3}(?:\.\d{3})+|0)\s*đồng(?P<unit>/[^\s;,.(]+)?\s+đối với các trường hợp:"
                         r"\s*(?P<cases>[^()]{3,600}?)\s*(?=\(|$)")
# Fees documents usually set, offered where the library has too few others.
USUAL_FEES = ("50.000", "100.000", "200.000", "300.000", "500.000")
# The case a period holds for when a cell sets several ("15 (mười lăm) ngày làm việc kể từ …
# (đối với cá nhân đạt kỳ thi …), 07 (bảy) ngày làm việc …"): asked with it, never without.
_CASE = re.compile(r"[^()]*?\((?P<case>đối với [^()]{3,120})\)")
# A case given as a list ("(đối với các trường hợp: chứng chỉ … thay đổi thông tin trên chứng chỉ;
# …; chứng chỉ … bị mất hoặc hư hỏng)"): the period holds for each; asked with one of them.
_LISTED_CASES = re.compile(r"[^()]*?\(đối với các trường hợp:\s*(?P<cases>[^()]{3,600})\)")
# One case of a list is named whole in the stem: a longer one is a rule of its own.
MAX_LISTED_CASE_WORDS = 22
MAX_NAME_WORDS = 40
MAX_CASE_WORDS = 15
MAX_VALUE_WORDS = 12


@dataclass(frozen=True)
class Column:
    """A column a procedure item asks about.

    Attributes:
        kind: ``period`` or ``fee`` (the key is the period or amount a cell opens with) or
            ``value`` (the whole cell).
        pattern: The column's name as documents write it.
        question: The question, ``{name}`` the procedure's quoted name, ``{unit}`` the key's unit
            (a number's options are bare numbers: "02 ngày làm việc" and "03 ngày làm việc" read
            alike).
    """

    kind: str
    pattern: re.Pattern[str]
    question: str


COLUMNS = (
    Column("period", re.compile(r"thời hạn (?:giải quyết|thực hiện)", re.IGNORECASE),
           "thủ tục “{name}” được giải quyết trong thời hạn bao nhiêu {unit}?"),
    Column("fee", re.compile(r"(?:phí, lệ phí|lệ phí|phí)", re.IGNORECASE),
           "mức phí, lệ phí của thủ tục “{name}” là bao nhiêu đồng{unit}?"),
    Column("value", re.compile(r"cơ quan (?:thực hiện|giải quyết|có thẩm quyền)", re.IGNORECASE),
           "cơ quan nào thực hiện thủ tục “{name}”?"),
)


@dataclass(frozen=True)
class Fact:
    """One asked cell of a procedure row.

    Attributes:
        column: The column asked.
        name: The procedure's name.
        key: The key: the number of the period or fee the cell opens with, or the cell.
        shape: The period's or fee's unit ("ngày làm việc", "/giao dịch"), or ``""``.
        run: The row from the procedure's name to the end of the asked cell (the source).
        start: Offset of ``run`` in the passage.
        case: The case a period holds for when its cell sets others ("đối với cá nhân đạt kỳ
            thi …"), or ``""``.
        others: The other periods of its cell, of its unit (the first distractors).
        cell: Offset in ``run`` of the asked value when it does not open the run's last cell (a
            fee after another in its cell), or 0.
    """

    column: Column
    name: str
    key: str
    shape: str
    run: str
    start: int
    case: str = ""
    others: tuple[str, ...] = ()
    cell: int = 0


def cells(text: str) -> list[tuple[str, int, int, int]]:
    """A row's cells: column name, start of the name, start and end of the value."""
    found = list(_CELL.finditer(text))
    return [(m["name"], m.start("name"), m.end(), found[i + 1].start() if i + 1 < len(found) else len(text))
            for i, m in enumerate(found)]


def facts(text: str) -> list[Fact]:
    """The askable cells of a procedure row (its name first): time limit, fee, agency."""
    row = cells(text)
    named = next(((label, s, e) for n, label, s, e in row if NAME.match(n)), None)
    if named is None:
        return []
    run_start, name_start, name_end = named
    name = text[name_start:name_end].strip()
    if not name or len(name.split()) > MAX_NAME_WORDS:
        return []
    found = []
    for column_name, _, start, end in row:
        column = next((c for c in COLUMNS if c.pattern.fullmatch(column_name)), None)
        if column is None or start < name_end:
            continue
        value = text[start:end].strip().rstrip(".")
        if column.kind in ("period", "fee"):
            m = (_PERIOD if column.kind == "period" else _FEE).match(value)
            if not m:
                continue
            key, shape, stop = m["n"], m["unit"] or "", start + m.end()
            case, others = "", ()
            if column.kind == "fee":
                said = _FEE_CASE.match(value, m.end())
                # A tiered fee ("2.000 đồng/trang; từ trang thứ 3 trở lên thu 1.000 đồng/trang")
                # has no one amount to ask; a fee per case is asked with its case.
                if (said is None and value.count("đồng") > 1) or (said and len(said["case"].split()) > MAX_CASE_WORDS):
                    continue
                if said:
                    case, stop = said["case"], start + said.end()
                    found.extend(_later_fees(text, run_start, name, column, start, value))
            if column.kind == "period" and (later := [p for p in _PERIOD.finditer(value, m.end())]):
                # Several periods in one cell: each for its case; without the case named, the
                # key is one of several right answers.
                found.extend(_later_periods(text, run_start, name, column, start, value, [m, *later]))
                said = _CASE.match(value, m.end())
                if not said or len(said["case"].split()) > MAX_CASE_WORDS or said.end() > later[0].start():
                    continue
                case, stop = said["case"], start + said.end()
                others = tuple(dict.fromkeys(p["n"] for p in later if p["unit"] == shape and p["n"] != key))
        else:
            # A cell of several bodies or places is a list, not a body to pick.
            if not value or len(value.split()) > MAX_VALUE_WORDS or value.startswith("-") or "," in value:
                continue
            key, shape, stop = value, "", start + len(value)
            case, others = "", ()
        run = text[run_start:stop]
        found.append(Fact(column, name, key, shape, run, run_start, case, others))
    return found


def _later_periods(text: str, run_start: int, name: str, column: Column, start: int, value: str,
                   periods: list[re.Match[str]]) -> list[Fact]:
    """The periods after a cell's first, each asked with the case it holds for when the cell
    lists that case's situations ("07 (bảy) ngày làm việc … (đối với các trường hợp: a; b; c)"):
    named by the shortest of them that states no number (a number in the case would read as an
    option); the cell's other periods first among the options."""
    found: list[Fact] = []
    listed_end = 0
    for n, period in enumerate(periods[1:], 1):
        listed = _LISTED_CASES.match(value, period.end())
        # A period inside a listed case ("đăng ký … trong thời hạn tối thiểu 15 ngày trước …") is
        # part of the case, not a period of the cell.
        if period.start() < listed_end or not listed:
            continue
        listed_end = listed.end()
        # The list is the case of the period it follows, not of one between them.
        if any(period.end() <= p.start() < listed.start("cases") for p in periods[n + 1 :]):
            continue
        situations = [" ".join(c.split()).rstrip(".") for c in listed["cases"].split(";")]
        named = sorted((c for c in situations if c and not re.search(r"\d", c)
                        and len(c.split()) <= MAX_LISTED_CASE_WORDS), key=lambda c: len(c.split()))
        if len(situations) < 2 or not named:
            continue
        shape = period["unit"]
        others = tuple(dict.fromkeys(p["n"] for p in periods if p["unit"] == shape and p["n"] != period["n"]
                                     and not listed.start("cases") <= p.start() < listed.end()))
        found.append(Fact(column, name, period["n"], shape, text[run_start : start + listed.end()], run_start,
                          f"đối với trường hợp {named[0]}", others))
    return found


def _later_fees(text: str, run_start: int, name: str, column: Column, start: int, value: str) -> list[Fact]:
    """The fees after a cell's first, each set for a list of cases, asked with the shortest of
    them that states no number."""
    found = []
    for fee in _LISTED_FEE.finditer(value):
        situations = [" ".join(c.split()).rstrip(".") for c in fee["cases"].split(";")]
        named = sorted((c for c in situations if c and not re.search(r"\d", c)
                        and len(c.split()) <= MAX_LISTED_CASE_WORDS), key=lambda c: len(c.split()))
        if len(situations) < 2 or not named:
            continue
        run = text[run_start : start + fee.end("cases")]
        found.append(Fact(column, name, fee["n"], fee["unit"] or "", run, run_start, f"đối với trường hợp {named[0]}",
                          cell=start + fee.start("n") - run_start))
    return found


def _rows(ctx: Context, doc_ids: set[str]) -> dict[str, list[tuple[PassageRecord, Fact]]]:
    """Every procedure fact of the documents' table rows, by document."""
    by_doc: dict[str, list[tuple[PassageRecord, Fact]]] = {}
    for passage in ctx.passages:
        if passage.doc_id in doc_ids and is_table_row(passage):
            by_doc.setdefault(passage.doc_id, []).extend((passage, f) for f in facts(passage.text))
    return by_doc


def _leading(number: str) -> str:
    """A number's first significant digit ("02" → "2", "50.000" → "5")."""
    return number.lstrip("0.")[:1]


def _apart(fact: Fact, values: list[str]) -> list[str]:
    """Three distractors for a fact: numbers whose first significant digits differ from the key's
    and each other's (so that no two read alike), or other cells."""
    if fact.column.kind == "value":
        return [v for v in dict.fromkeys(values) if words_key(v) != words_key(fact.key)][: OPTIONS - 1]
    chosen = [fact.key]
    for value in values:
        if len(chosen) < OPTIONS and _leading(value) not in {_leading(c) for c in chosen}:
            chosen.append(value)
    return chosen[1:] if len(chosen) == OPTIONS else []


def _wrong(fact: Fact, doc_facts: list[Fact], passage: PassageRecord, seed: int) -> list[str]:
    """Three distractors for a fact asked from ``passage`` (none when too few): the column's values
    in the document's other rows, then (a period) periods documents usually set."""
    # Other rows' values of the column (a fee in any unit: the stem gives the key's).
    others = sorted({f.key for f in doc_facts if f.column == fact.column
                     and (f.shape == fact.shape or fact.column.kind == "fee")})
    random.Random(f"{seed}|procedure|{passage.key}|{fact.column.kind}").shuffle(others)
    if fact.column.kind == "period":
        others = [*fact.others, *others, *usual_periods(fact.key, fact.shape)]
    elif fact.column.kind == "fee":
        others = [*others, *USUAL_FEES]
    return _apart(fact, others)


def build(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """One item per asked cell of a procedure row, options the same column's other values."""
    for doc_rows in _rows(ctx, {s.passage.doc_id for s in sources}).values():
        for passage, fact in doc_rows:
            wrong = _wrong(fact, [f for _, f in doc_rows], passage, seed)
            if len(wrong) < OPTIONS - 1:
                yield None
                continue
            sentence = Sentence(text=fact.run, start=passage.start + fact.start, passage=passage)
            stem = f"Theo {ctx.labels[passage.doc_id]}, {_question(fact)}"
            yield ctx.item(
                "procedure", sentence, stem, fact.key, wrong, f"Văn bản công bố: “{fact.run}”.",
                ("procedure",), 2, seed, id_extra=fact.column.kind,
            )


def more(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """A cell of a row longer than a passage: its fee or agency falls in a continuation passage
    that does not repeat the procedure's name. The row is read whole; the source is the cell,
    in the passage that holds it."""
    for doc_id in dict.fromkeys(s.passage.doc_id for s in sources):
        rows = _whole_rows(ctx.lib.passages(doc_id), ctx.lib.document_text(doc_id))
        doc_rows = [(passages, f) for passages, row in rows for f in facts(row)]
        for passages, fact in doc_rows:
            cell = _continued_cell(passages, fact)
            if cell is None:
                continue
            passage, start, text = cell
            wrong = _wrong(fact, [f for _, f in doc_rows], passage, seed)
            if len(wrong) < OPTIONS - 1:
                yield None
                continue
            yield ctx.item(
                "procedure", Sentence(text=text, start=start, passage=passage),
                f"Theo {ctx.labels[doc_id]}, {_question(fact)}", fact.key, wrong,
                f"Văn bản công bố thủ tục “{fact.name}”: “{text}”.", ("procedure",), 2, seed,
                id_extra=fact.column.kind,
            )


def _whole_rows(passages: list[PassageRecord], text: str) -> list[tuple[list[PassageRecord], str]]:
    """Each table row of more than one passage (the passages of one table and row number, in
    order) with its text read whole from the document."""
    rows: dict[tuple[str, int | None], list[PassageRecord]] = {}
    for passage in sorted(passages, key=lambda p: p.start):
        if is_table_row(passage) and passage.point is not None:
            rows.setdefault((passage.section, passage.point), []).append(passage)
    return [(row, text[row[0].start : row[-1].start + len(row[-1].text)]) for row in rows.values() if len(row) > 1]


def _continued_cell(row: list[PassageRecord], fact: Fact) -> tuple[PassageRecord, int, str] | None:
    """The asked cell of a whole row when it stands in a passage after the one naming the
    procedure (the first choice asks a cell of that passage itself): its passage, offset in
    the document and text."""
    end = row[0].start + fact.start + len(fact.run)
    cell = fact.run[fact.cell :] if fact.cell else fact.run[fact.run.rfind("; ") + 2 :] if "; " in fact.run else ""
    start = end - len(cell)
    holder = next((p for p in row if p.start <= start and end <= p.start + len(p.text)), None)
    named = row[0].start + fact.start
    if not cell or holder is None or holder.start <= named < holder.start + len(holder.text):
        return None
    return holder, start, cell


def _question(fact: Fact) -> str:
    """What the stem asks of a fact, after the document's label (a period's case first)."""
    question = fact.column.question.format(name=fact.name, unit=fact.shape)
    return f"{fact.case}, {question}" if fact.case else question


def backed(item: QuizItem, checks: Checks) -> bool:
    """The source row names the procedure the stem asks about and gives the key, in the unit
    the stem says, in the column the stem asks."""
    if any(f.key == item.answer and item.stem.endswith(_question(f)) for f in facts(item.source_text)):
        return True
    # A cell of a row longer than a passage: the row read whole names the procedure.
    held = checks.lib.passage(item.passage_key)
    return any(
        f.key == item.answer and item.stem.endswith(_question(f)) and f.run.endswith(item.source_text)
        for row, text in _whole_rows(checks.lib.passages(item.doc_id), checks.text(item.doc_id))
        if held in row for f in facts(text)
    )


KIND = Kind(
    build=build, backed=backed, hides_answer=True, round_trip=None, key_repeats=times(2), first=True, framed=True, more=more,
    missing="tài liệu không công bố thủ tục hành chính nào (bảng có cột “Tên thủ tục”, “Thời hạn giải quyết”, “Cơ quan thực hiện”)",
)
