"""``scenario``: the document's own worked example asked as a case to work out ("Ví dụ: tỉnh A
có 45 ủy viên thì ban thường vụ có 13 người." → "… áp dụng vào trường hợp sau …: “Tỉnh A có 45
ủy viên thì ban thường vụ có ____.”"). The example's given figures stay in the stem, its result
is blanked; distractors are amounts of the result's unit a round step away. Elsewhere an
example's numbers are never asked as a rule (see :data:`quiz.questions.fill_blank.EXAMPLE`)."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from quiz.distractors import made_up_numbers
from quiz.items import QuizItem
from quiz.questions.base import MAX_QUOTED_WORDS, OPTIONS, Checks, Context, Kind, blank_backed
from quiz.sentences import Sentence
from quiz.terms import Span

# "Ví dụ: …", "Ví dụ, …", "Chẳng hạn: …" opening the example.
_LEAD = re.compile(r"^(?:ví dụ|chẳng hạn)\s*(?:\d+\s*)?[:,]\s*", re.IGNORECASE)
# The same lead just before the example's text.
_LEAD_BEFORE = re.compile(r"(?:ví dụ|chẳng hạn)\s*(?:\d+\s*)?[:,]$", re.IGNORECASE)
# An amount and what it counts.
_AMOUNT = re.compile(
    r"(?<![\w/.,])(?P<n>\d{1,4}(?:[.,]\d+)?)\s*(?P<unit>%|ủy viên|uỷ viên|đảng viên|thành viên|đại biểu|đồng chí|"
    r"người|ngày làm việc|ngày|giờ|tháng|năm|lần|phiếu|chi bộ|tổ chức cơ sở đảng|xã|hộ|tỷ đồng|triệu đồng|đồng)(?!\w)"
)

_FIGURE = re.compile(r"\d")


def example(sentence: Sentence) -> Sentence | None:
    """The worked example a sentence gives, without its "Ví dụ:" lead, or ``None``."""
    m = _LEAD.match(sentence.text)
    if not m:
        return None
    return Sentence(sentence.text[m.end() :], sentence.start + m.end(), sentence.passage)


def amounts(text: str) -> list[Span]:
    """The amounts of an example with their units."""
    return [Span(m.start(), m.end(), m.group(0), "number", m["unit"]) for m in _AMOUNT.finditer(text)]


def result(text: str) -> Span | None:
    """What an example works out: its last amount, when figures are given before it."""
    found = amounts(text)
    return found[-1] if found and _FIGURE.search(text[: found[-1].start]) else None


def build(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """One item per worked example that gives figures and works out a result."""
    for sentence in sources:
        case = example(sentence)
        if case is None or not ctx.usable(case, MAX_QUOTED_WORDS):
            continue
        span = result(case.text)
        if span is None:
            continue
        wrong = [v for v in made_up_numbers(span) if v != span.text]
        if len(wrong) < OPTIONS - 1:
            yield None
            continue
        rng = random.Random(f"{seed}|scenario|{sentence.passage.key}|{sentence.start}")
        # The nearest values first: a result far off is guessed without working it out.
        wrong = wrong[: 2 * (OPTIONS - 1)]
        rng.shuffle(wrong)
        yield ctx.blank_item(
            "scenario", case, span, "áp dụng vào trường hợp sau, con số nào điền vào chỗ trống?", wrong[: OPTIONS - 1],
            "Đây là ví dụ văn bản tự nêu để minh họa cách áp dụng.", 2, seed,
        )


def backed(item: QuizItem, checks: Checks) -> bool:
    """The source is a worked example of its passage and the key is the result it works out."""
    span = result(item.source_text)
    passage = checks.passage_at(item.doc_id, item.source_text)
    before = passage.text[: passage.text.find(item.source_text)]
    return blank_backed(item) and span is not None and span.text == item.answer and bool(_LEAD_BEFORE.search(before.rstrip()))


KIND = Kind(
    build=build, backed=backed, hides_answer=True,
    first=True,
    missing="tài liệu không nêu ví dụ tính toán nào (“Ví dụ: …”) để hỏi thành tình huống",
)
