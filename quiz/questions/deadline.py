"""``deadline``: a time limit or a date a document sets ("thông báo công khai trong vòng ____ kể
từ …", "hoàn thành trước ngày ____"); distractors are of the same unit, values documents use."""

from __future__ import annotations

import math
import random
import re
from collections.abc import Iterator

from quiz.distractors import USUAL_PERIODS, made_up_numbers
from quiz.items import QuizItem
from quiz.questions.base import MAX_QUOTED_WORDS, OPTIONS, Checks, Context, Kind, blank_backed
from quiz.sentences import Sentence
from quiz.terms import Span

# A period after a word that makes it a limit: "trong thời hạn 10 ngày", "chậm nhất 05 ngày làm việc".
_PERIOD = re.compile(
    r"(?:trong (?:thời hạn|vòng|thời gian)|thời hạn[^.;]{0,60}?(?:tối đa|tối thiểu) là|chậm nhất(?: là| sau)?|"
    r"không quá|sau|trước)\s+"
    r"(?P<span>(?P<n>\d{1,3})\s+(?P<unit>ngày làm việc|ngày|giờ|tháng|tuần|năm))(?!\s*/|\w|\s+\d)",
    re.IGNORECASE,
)
# A date after a word that makes it a limit: "trước ngày 30/6/2025", "hoàn thành trong tháng 11/2025".
_DATE = re.compile(
    r"(?:trước|chậm nhất|hoàn thành trong|hoàn thành|trong|đến hết|vào)\s+"
    r"(?:(?:ngày\s+)(?P<day>\d{1,2}/\d{1,2}(?:/\d{4})?)|tháng\s+(?P<month>\d{1,2}/\d{4})|(?P<quarter>quý\s+[IV]{1,3}/\d{4}))",
    re.IGNORECASE,
)
# Periods documents set in weeks and years (days, hours, months: :data:`USUAL_PERIODS`).
USUAL_PERIODS_LONG = {"tuần": (1, 2, 3, 4, 6, 8), "năm": (1, 2, 3, 5, 10, 15, 20, 30, 50, 70)}
_ROMAN = ("I", "II", "III", "IV")


def limits(sentence: str) -> list[tuple[Span, str]]:
    """The time limits of a sentence: spans and how they are asked (``period`` or ``date``)."""
    found: list[tuple[Span, str]] = []
    for m in _PERIOD.finditer(sentence):
        found.append((Span(m.start("span"), m.end("span"), m["span"], "number", m["unit"].lower()), "period"))
    for m in _DATE.finditer(sentence):
        group = next(g for g in ("day", "month", "quarter") if m[g])
        found.append((Span(m.start(group), m.end(group), m[group], "date", group), "date"))
    return found


def _other_dates(span: Span, rng: random.Random) -> list[str]:
    """Dates written like the key, a usual distance away (other month ends, months, quarters)."""
    text = span.text
    if span.shape == "quarter":
        roman, year = text.split()[1].split("/")
        return [f"quý {r}/{year}" for r in _ROMAN if r != roman]
    parts = text.split("/")
    if span.shape == "month":
        month, year = int(parts[0]), parts[1]
        months = [m for m in (month - 2, month - 1, month + 1, month + 2, month + 3) if 1 <= m <= 12]
        width = len(parts[0])
        return [f"{str(m).zfill(width)}/{year}" for m in months]
    day, month = int(parts[0]), int(parts[1])
    rest = "/" + parts[2] if len(parts) > 2 else ""
    width = len(parts[1])
    days = {1: 31, 2: 28, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}
    ends = {d for d in (5, 10, 15, 20, 25, 30) if d <= days.get(month, 30)} | {days.get(month, 30)}
    same_month = [f"{d}/{parts[1]}{rest}" for d in sorted(ends) if d != day]
    other_months = [f"{day}/{str(m).zfill(width)}{rest}" for m in (month - 1, month + 1, month + 2)
                    if 1 <= m <= 12 and day <= days[m]]
    rng.shuffle(same_month)
    return other_months[:2] + same_month


def usual_periods(number: str, unit: str) -> list[str]:
    """The periods documents set in ``unit`` nearest ``number``'s, nearest first ("24" giờ: 12,
    48, 72, not 22), written like it ("02" → "01", "03")."""
    value = int(number)
    usual = [v for v in {**USUAL_PERIODS, **USUAL_PERIODS_LONG}.get(unit, ()) if v != value and value / 4 <= v <= value * 4]
    usual.sort(key=lambda v: abs(math.log(v / value)))
    return [str(v).zfill(len(number)) if number.startswith("0") else str(v) for v in usual]


def distractors(span: Span, rng: random.Random) -> list[str]:
    """Three values of the key's unit: periods documents set, or dates a usual distance away."""
    if span.kind == "date":
        values = _other_dates(span, rng)
    elif span.shape in USUAL_PERIODS or span.shape in USUAL_PERIODS_LONG:
        number = span.text.split()[0]
        values = [span.text.replace(number, v, 1) for v in usual_periods(number, span.shape)]
    else:
        values = made_up_numbers(span)
    values = [v for v in dict.fromkeys(values) if v != span.text]
    return values[: OPTIONS - 1] if len(values) >= OPTIONS - 1 else []


def build(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """One item per time limit of a sentence that reads on its own."""
    for sentence in sources:
        if not ctx.usable(sentence, MAX_QUOTED_WORDS):
            continue
        for span, how in limits(sentence.text)[:1]:
            rng = random.Random(f"{seed}|deadline|{sentence.passage.key}|{sentence.start}")
            wrong = distractors(span, rng)
            if not wrong:
                yield None
                continue
            question = "thời hạn nào điền vào chỗ trống?" if how == "period" else "mốc thời gian nào điền vào chỗ trống?"
            yield ctx.blank_item(
                "deadline", sentence, span, question, wrong, f"Thời hạn văn bản đặt ra là {span.text}.",
                1 if how == "date" else 2, seed,
            )


def backed(item: QuizItem, checks: Checks) -> bool:
    """The key is a time limit of the source sentence and fills the blank."""
    return blank_backed(item) and any(span.text == item.answer for span, _ in limits(item.source_text))


KIND = Kind(
    build=build, backed=backed, hides_answer=True,
    first=True,
    missing="tài liệu không có thời hạn, mốc thời gian nào (“trong thời hạn … ngày”, “trước ngày …”)",
)
