"""``symbol``: what a symbol of a formula stands for, from the legend a rule sets under it
("Trong đó:" then "rd:" on a line of its own and its meaning, "Lãi suất vốn vay được xác định
theo …"): "Theo Thông tư số 54/2025/TT-BCT, trong công thức tính “Tỷ suất chiết khấu tài chính
i”, ký hiệu “rd” là gì?" — "Lãi suất vốn vay", options the meanings of the document's other
symbols, the same legend's first.

Circulars on prices, fees and tariffs set their rules as formulas whose terms are given as such a
legend (the formula itself is often an image the text does not hold); what each symbol stands for
is what a learner of the rule must know, as a term's meaning is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from quiz.distractors import too_alike
from quiz.items import QuizItem
from quiz.questions.base import OPTIONS, Checks, Context, Kind, quoted_heading
from quiz.sentences import Sentence

# A legend's row: the symbol and a colon alone on a line ("SĐT:", "rd,F:", "Tmax:"), its meaning
# on the next line.
_ROW = re.compile(r"(?:^|\n)[ \t]*(?P<symbol>[^\W\d_][\w,]{0,7}):[ \t]*\n\s*$")
_LEGEND = re.compile(r"(?:^|\n)[ \t]*Trong đó\s*:[ \t]*\n")
# A new numbered clause ends a legend ("6. Sửa đổi …", "“5. Tỷ suất …").
_CLAUSE = re.compile(r"\n[ \t]*[“\"]?(?:\d+\.|Điều \d+)\s")
# The line announcing a formula: "“2. Chi phí vốn đầu tư được quy đổi đều hằng năm TC theo công
# thức sau:", "c) Điện năng phát bình quân … (AGN) được tính toán như sau:".
_ANNOUNCES = re.compile(r"(?:^|\n)(?P<line>[^\n]*(?:công thức sau|như sau)\s*:)[ \t]*(?=\n)")
_LINE_MARKER = re.compile(r"^[\s“\"]*(?:\d+\.|[a-zđ]\)|\([ivx]+\))?\s*")
_CASE = re.compile(r"^Đối với [^,]{3,150},\s*")
# What is computed ends where the rule on it starts ("… được xác định theo công thức sau").
_NAME_END = re.compile(r"\s*\(|\s+(?:được (?:xác định|tính|quy định)|tính theo|theo công thức|áp dụng)\b")
# A meaning ends where what is said of it starts ("… được xác định theo quy định tại khoản 4").
_ASIDE = re.compile(r"\s*\([^()]*\)")
_MEANING_END = re.compile(r"\s*\(|\s*[;,.:]|\s+(?:được (?:xác định|quy định|tính|áp dụng)|quy định tại|là|do|theo)\s")
MIN_NAME_WORDS = 3
MEANING_WORDS = (2, 14)
# A formula announced this far before its legend is another rule's.
MAX_LEGEND_CHARS = 4000
_QUESTION = re.compile(r"ký hiệu “(?P<symbol>[^”]+)” là gì")


def meaning(text: str) -> str:
    """What a legend row's first sentence says its symbol stands for ("Suất đầu tư tính toán" of
    "Suất đầu tư tính toán được xác định theo quy định tại khoản 4 Điều này (đồng/kW …)"), or
    ``""`` when that is no short name."""
    # Its unit or an aside in brackets ("Tỷ lệ vốn vay nội tệ (Đồng Việt Nam) trong tổng vốn vay")
    # is no part of the name.
    text = _ASIDE.sub("", text)
    end = _MEANING_END.search(text)
    name = text[: end.start() if end else len(text)].strip()
    low, high = MEANING_WORDS
    return name if low <= len(name.split()) <= high and name[:1].isupper() else ""


def _formula_name(line: str) -> str:
    """What an announcing line's formula computes ("Chi phí vốn đầu tư được quy đổi đều hằng năm
    TC"), without the case it is set for ("Đối với loại hình …, AGN …")."""
    line = _CASE.sub("", _LINE_MARKER.sub("", line, count=1))
    end = _NAME_END.search(line)
    return line[: end.start() if end else len(line)].strip()


def last_legend(before: str) -> re.Match[str] | None:
    """The last "Trong đó:" line of ``before`` (a document's text up to a point), unless a new
    numbered clause starts after it: the legend that point stands in."""
    legends = list(_LEGEND.finditer(before))
    if not legends or _CLAUSE.search(before, legends[-1].end()):
        return None
    return legends[-1]


def legend_row(text: str, start: int) -> tuple[str, str] | None:
    """The symbol whose row the document's text opens at ``start`` and the formula its legend is
    under, or ``None``: a row stands under a "Trong đó:" line of the same clause, and the formula
    is named by the nearest line announcing one with a name of a few words before that ("AGN"
    alone names nothing: the line before it does)."""
    row = _ROW.search(text, max(0, start - 40), start)
    if not row:
        return None
    before = text[max(0, start - MAX_LEGEND_CHARS) : row.start() + 1]
    legend = last_legend(before)
    if legend is None:
        return None
    for announced in reversed(list(_ANNOUNCES.finditer(before, 0, legend.start() + 1))):
        name = _formula_name(announced["line"])
        if len(name.split()) >= MIN_NAME_WORDS and name[:1].isupper():
            return row["symbol"], name
    return None


Row = tuple[Sentence, str, str, str]


def _legends(ctx: Context, sources: list[Sentence]) -> Iterator[tuple[Row, list[Row]]]:
    """Each wanted legend row (its sentence, symbol, formula and meaning) that may be asked, with
    every row of its document."""
    rows: dict[str, list[Row]] = {}
    for sentence in ctx.sentences:
        text = ctx.checks.text(sentence.passage.doc_id)
        found = legend_row(text, sentence.start)
        if found and (what := meaning(sentence.text)):
            rows.setdefault(sentence.passage.doc_id, []).append((sentence, *found, what))
    wanted = {(s.passage.key, s.start) for s in sources}
    for doc_rows in rows.values():
        # A symbol that names a formula of its own ("Tỷ suất chiết khấu tài chính i") is answered
        # by the stem of any item on that formula's legend.
        named = {r[2].rsplit(maxsplit=1)[-1] for r in doc_rows}
        for row in doc_rows:
            if (row[0].passage.key, row[0].start) in wanted and row[1] not in named:
                yield row, doc_rows


def _others(row: Row, doc_rows: list[Row], shown: int) -> list[str] | None:
    """Three other rows' symbols (``shown`` 1) or meanings (3) that read unlike the row's and
    each other, the same legend's first: which of its terms a symbol stands for is the question
    a reader of the formula faces; ``None`` when fewer do."""
    _, symbol, name, what = row
    key = row[shown]
    ranked = sorted((r for r in doc_rows if r[1] != symbol and r[3] != what),
                    key=lambda r: (r[2] != name, abs(len(r[shown]) - len(key))))
    wrong: list[str] = []
    for other in dict.fromkeys(r[shown] for r in ranked):
        if not any(too_alike(other, o) for o in [key, *wrong]):
            wrong.append(other)
    return wrong[: OPTIONS - 1] if len(wrong) >= OPTIONS - 1 else None


def _asked(ctx: Context, sources: list[Sentence], seed: int, shown: int) -> Iterator[QuizItem | None]:
    """Legend rows asked for their meaning (``shown`` 3) or, the other way round, their symbol
    (1)."""
    for row, doc_rows in _legends(ctx, sources):
        sentence, symbol, name, what = row
        # A pair several legends give ("n", "Đời sống kinh tế …") asked the other way round would
        # be answered by the item asking it the first way on another legend.
        if shown == 1 and sum(r[1] == symbol and r[3] == what for r in doc_rows) > 1:
            continue
        wrong = _others(row, doc_rows, shown)
        if wrong is None:
            yield None
            continue
        label = ctx.labels[sentence.passage.doc_id]
        question = f"ký hiệu “{symbol}” là gì?" if shown == 3 else f"ký hiệu nào chỉ “{what}”?"
        key = row[shown]
        yield ctx.item(
            "symbol", sentence, f"Theo {label}, trong công thức tính “{name}”, {question}", key, wrong,
            f"Văn bản nêu: “{symbol}: {sentence.text}”", ("symbol",), ctx.text_difficulty(key, wrong), seed,
        )


def build(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """What a symbol stands for, for each legend row whose meaning is a short name, when the
    document's other rows give three other meanings."""
    return _asked(ctx, sources, seed, 3)


def more(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """Second choice, the other way round: which symbol stands for a meaning, options the
    document's other symbols, the same legend's first."""
    return _asked(ctx, sources, seed, 1)


def backed(item: QuizItem, checks: Checks) -> bool:
    """The document's legend gives the asked symbol the asked meaning, on the source row."""
    m = _QUESTION.search(item.stem)
    symbol, what = (m["symbol"], item.answer) if m else (item.answer, quoted_heading(item.stem.split("ký hiệu nào chỉ", 1)[-1]))
    if meaning(item.source_text) != what:
        return False
    text = checks.text(item.doc_id)
    start = text.find(item.source_text)
    while start >= 0:
        found = legend_row(text, start)
        if found and found[0] == symbol and f"“{found[1]}”" in item.stem:
            return True
        start = text.find(item.source_text, start + 1)
    return False


KIND = Kind(
    build=build, backed=backed, round_trip=None, hides_answer=True, first=True, more=more,
    missing="tài liệu không giải thích ký hiệu nào của công thức (“Trong đó:” rồi “X: …”)",
)
