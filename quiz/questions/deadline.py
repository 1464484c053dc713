"""``deadline``: a time limit or a date a document sets ("thông báo công khai trong vòng ____ kể
từ …", "hoàn thành trước ngày ____"); distractors are of the same unit, values documents use."""

from __future__ import annotations

import math
import random
import re
from collections.abc import Iterator
from dataclasses import replace

from quiz.distractors import USUAL_PERIODS, made_up_numbers
from quiz.items import QuizItem
from quiz.numerals import NUMBER_WORDS, spellings, value_of, written
from quiz.questions.base import (
    CLAUSE_BREAK, OPTIONS, Checks, Context, Kind, assignment, blank_backed, quotable,
)
from quiz.questions.responsible import assigned_bodies
from quiz.sentences import Sentence
from quiz.terms import Span

# A period after a word that makes it a limit: "trong thời hạn 10 ngày", "chậm nhất 05 ngày làm việc",
# and the same in words, as rules write what must not be misread: "trong thời hạn 05 (năm) ngày
# làm việc", "trong thời hạn mười lăm ngày", "không quá ba tháng".
_WORDS = "|".join(NUMBER_WORDS)
_PERIOD = re.compile(
    r"(?:trong (?:thời hạn|vòng|thời gian)|thời hạn[^.;]{0,60}?(?:tối đa|tối thiểu) là|chậm nhất(?: là| sau)?|"
    r"không quá|sau|trước)\s+"
    rf"(?P<span>(?:(?P<n>\d{{1,3}})(?:\s*\((?P<spelled>[^()\d]{{2,25}})\))?|(?P<words>(?:{_WORDS})(?:\s+(?:{_WORDS}))*)"
    r"(?:\s*\((?P<figures>\d{1,3})\))?)"
    r"\s+(?P<unit>ngày làm việc|ngày|giờ|tháng|tuần|năm))(?!\s*/|\w|\s+\d)",
    re.IGNORECASE,
)
# A period in figures and words: "05 (năm)"; in words and figures: "mười (10)".
_FIGURES_AND_WORDS = re.compile(r"(?P<n>\d{1,3})\s*\((?P<words>[^()\d]+)\)")
_WORDS_AND_FIGURES = re.compile(r"(?P<words>[^()\d]+?)\s*\((?P<n>\d{1,3})\)")
# A date after a word that makes it a limit: "trước ngày 30/6/2025", "hoàn thành trong tháng 11/2025",
# and the same written out, as notices and decrees write them: "trước ngày 31 tháng 12 năm 2025",
# "trong tháng 12 năm 2025", "trong Quý I năm 2026".
_DATE = re.compile(
    r"(?:trước|chậm nhất|hoàn thành trong|hoàn thành|trong|đến hết|vào)\s+"
    r"(?:(?:ngày\s+)(?P<day>\d{1,2}/\d{1,2}(?:/\d{4})?|\d{1,2} tháng \d{1,2}(?: năm \d{4})?)|"
    r"tháng\s+(?P<month>\d{1,2}/\d{4})|(?P<wmonth>tháng \d{1,2} năm \d{4})|(?P<quarter>quý\s+[IV]{1,3}(?:/| năm )\d{4}))(?![\d/])",
    re.IGNORECASE,
)
# A year counted from a month's first day to the day before it a year later: "Năm học … được tính
# từ ngày 01 tháng 7 năm trước đến hết ngày 30 tháng 6 của năm liền kề" (a school or a fiscal
# year). Its end follows from its start, so the whole span is asked, among years starting on the
# first of other months.
_YEAR_SPAN = re.compile(
    r"từ ngày 0?1 tháng (?P<start>\d{1,2})(?P<before> năm trước)? đến (?:hết )?ngày (?P<day>\d{1,2}) tháng "
    r"(?P<end>\d{1,2})(?: (?:của )?năm (?:liền kề|sau))?(?![\d/])"
)
# The months other such years start from, nearest the key's first.
_YEAR_STARTS = (9, 8, 6, 10, 4)
_DAYS = {1: 31, 2: 28, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}
# The day something a document sets up starts to work or apply ("bảo đảm để chính quyền địa
# phương ở các đơn vị hành chính cấp xã … chính thức hoạt động từ ngày 01 tháng 7 năm 2025"): a
# date every official of it is asked. Not the start of a range ("áp dụng từ ngày 19/02/2025 đến
# trước ngày …"), nor a clause of effect ("có hiệu lực thi hành từ ngày …", the ``effective`` kind).
_START = re.compile(
    r"\b(?:hoạt động|áp dụng|vận hành)\s+từ\s+ngày\s+(?P<day>\d{1,2}/\d{1,2}/\d{4}|\d{1,2} tháng \d{1,2} năm \d{4})"
    r"(?![\d/])(?!\s*(?:đến|-|–))",
    re.IGNORECASE,
)
# The tag of a limit still to come on the day the document was issued (a task's deadline).
DUE = "due"
# A target year: "Đến năm 2025, phải cơ bản hoàn thiện …", "hoàn thành trong năm 2025".
_YEAR = re.compile(r"(?:^Đến|đến hết|hoàn thành (?:trong|trước))\s+(?P<year>năm \d{4})(?![\d/])")
# The end of a range whose start the sentence states ("từ ngày 01 tháng 7 năm trước đến hết ngày
# 30 tháng 6"): guessed from the start, not known.
_RANGE_START = re.compile(r"\btừ (?:ngày|tháng|quý)\b[^;]{0,40}$", re.IGNORECASE)
# A target year named by its anniversary ("Đến năm 2030, kỷ niệm 100 năm thành lập Đảng") is
# counted from the anniversary, not known.
ANNIVERSARY = re.compile(r"\bkỷ niệm \d+ năm\b", re.IGNORECASE)
# A year a sentence names ("… giai đoạn 2026-2031").
_ANY_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
# The last year of a period a part is named after ("Định hướng các chỉ tiêu chủ yếu … 5 năm 2021 -
# 2025"): the horizon of its every target, not a fact of one of them.
_PERIOD_END = re.compile(r"\b(?:19|20)\d{2}\s*[-–]\s*(?P<end>(?:19|20)\d{2})\b")
# A date something is expected by ("dự kiến Quốc hội thông qua vào tháng 12/2025") is no limit
# the document sets: the explanation says so.
_EXPECTED = re.compile(r"\bdự kiến\b[^.;]*$", re.IGNORECASE)
# The parts of a date as written: "30/6/2025", "31 tháng 12 năm 2025", "12/2025", "Quý I năm 2026".
_DATE_PARTS = re.compile(r"\d+|[IV]+")
# Periods documents set in weeks and years (days, hours, months: :data:`USUAL_PERIODS`).
USUAL_PERIODS_LONG = {"tuần": (1, 2, 3, 4, 6, 8), "năm": (1, 2, 3, 5, 10, 15, 20, 30, 50, 70)}
_ROMAN = ("I", "II", "III", "IV")


def limits(sentence: str) -> list[tuple[Span, str]]:
    """The time limits of a sentence: spans and how they are asked (``period``, ``date`` or
    ``start``, the day something starts to work)."""
    found: list[tuple[Span, str]] = []
    for m in _PERIOD.finditer(sentence):
        if (m["words"] and value_of(m["words"]) is None or m["spelled"] and value_of(m["spelled"]) != int(m["n"])
                or m["figures"] and value_of(m["words"]) != int(m["figures"])):
            continue
        found.append((Span(m.start("span"), m.end("span"), m["span"], "number", m["unit"].lower()), "period"))
    for m in _DATE.finditer(sentence):
        if _RANGE_START.search(sentence[: m.start()]):
            continue
        group = next(g for g in ("day", "month", "wmonth", "quarter") if m[g])
        shape = "month" if group == "wmonth" else group
        found.append((Span(m.start(group), m.end(group), m[group], "date", shape), "date"))
    for m in _YEAR_SPAN.finditer(sentence):
        start, end = int(m["start"]), int(m["end"])
        # A year that ends on the last day before the month it starts in and crosses a new year
        # ("năm trước"): a calendar year is no rule to learn.
        if end == (start - 2) % 12 + 1 and int(m["day"]) == _DAYS[end] and m["before"]:
            found.append((Span(m.start(), m.end(), m.group(0), "date", "year_span"), "date"))
    for m in _START.finditer(sentence):
        found.append((Span(m.start("day"), m.end("day"), m["day"], "date", "day"), "start"))
    for m in _YEAR.finditer(sentence):
        if ANNIVERSARY.search(sentence):
            continue
        found.append((Span(m.start("year"), m.end("year"), m["year"], "date", "year"), "date"))
    return found


def _other_dates(span: Span, rng: random.Random) -> list[str]:
    """Dates written like the key, a usual distance away (other month ends, months, quarters);
    a first of the month ("trước ngày 01 tháng 7 năm 2025", a cut-off) moves by months and years,
    as cut-offs do, not to the 5th or the 10th."""
    text = span.text
    parts = _DATE_PARTS.findall(text)

    def like(value: int, part: str) -> str:
        # "01" beside "01", "7" beside "12" (a two-digit month says nothing of padding).
        return str(value).zfill(len(part)) if part.startswith("0") else str(value)

    def written(*values: str) -> str:
        # Each part replaced in place, so the key's wording ("tháng", "năm", "/") is kept.
        chunks = _DATE_PARTS.split(text)
        return "".join(c + v for c, v in zip(chunks, values)) + chunks[-1]

    if span.shape == "year_span":
        return _other_year_spans(span)
    if span.shape == "year":
        # A milestone year ("Đến năm 2030") beside other milestones, any other beside its neighbours.
        return _years(span, (-5, 5, 10) if int(parts[0]) % 5 == 0 else (-1, 1, 2))
    if span.shape == "quarter":
        return [written(r, *parts[1:]) for r in _ROMAN if r != parts[0].upper()]
    if span.shape == "month":
        # Months after December are of the next year ("tháng 01 năm 2026" beside "tháng 12 năm 2025").
        month, year = int(parts[0]), int(parts[1])
        moved = [(m - 1) % 12 + 1 for m in (month - 2, month - 1, month + 1, month + 2, month + 3) if m >= 1]
        years = [year + (m > 12) for m in (month - 2, month - 1, month + 1, month + 2, month + 3) if m >= 1]
        return [written(like(m, parts[0]), str(y)) for m, y in zip(moved, years)][:4]
    day, month = int(parts[0]), int(parts[1])
    days = {1: 31, 2: 28, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}
    if day == 1:
        firsts = [written(parts[0], like(m, parts[1]), *parts[2:]) for m in (1, 4, 7, 10) if m != month]
        if len(parts) > 2:
            year = int(parts[2])
            firsts += [written(parts[0], parts[1], str(y)) for y in (year - 1, year + 1)]
        rng.shuffle(firsts)
        return firsts
    if day == days[month]:
        # A month's end: other months' ends ("30 tháng 11" beside "31 tháng 12"), not the 30th.
        ends = [written(str(days[m]), like(m, parts[1]), *parts[2:])
                for m in (month - 1, month + 1, month - 2, month + 2) if 1 <= m <= 12]
        return [*ends[:2], written("15", *parts[1:]), *ends[2:]]
    ends = {d for d in (5, 10, 15, 20, 25, 30) if d <= days[month]}
    same_month = [written(str(d), *parts[1:]) for d in sorted(ends) if d != day]
    other_months = [written(parts[0], like(m, parts[1]), *parts[2:]) for m in (month - 1, month + 1, month + 2)
                    if 1 <= m <= 12 and day <= days[m]]
    rng.shuffle(same_month)
    return other_months[:2] + same_month


def _other_year_spans(span: Span) -> list[str]:
    """Years starting on the first of other months, written like the key: "từ ngày 01 tháng 9
    năm trước đến hết ngày 31 tháng 8 của năm liền kề" beside "… tháng 7 … 30 tháng 6 …"."""
    m = _YEAR_SPAN.fullmatch(span.text)
    if m is None:
        return []
    key = int(m["start"])
    starts = sorted((s for s in _YEAR_STARTS if s != key), key=lambda s: abs(s - key))
    spans = []
    for start in starts:
        end = (start - 2) % 12 + 1
        values = {"start": str(start).zfill(len(m["start"])), "day": str(_DAYS[end]), "end": str(end).zfill(len(m["end"]))}
        text, cursor = "", 0
        for group in ("start", "day", "end"):
            text += span.text[cursor : m.start(group)] + values[group]
            cursor = m.end(group)
        spans.append(text + span.text[cursor:])
    return spans


def usual_periods(number: str, unit: str) -> list[str]:
    """The periods documents set in ``unit`` nearest ``number``'s, nearest first ("24" giờ: 12,
    48, 72, not 22), written like it ("02" → "01", "03")."""
    value = int(number)
    usual = [v for v in {**USUAL_PERIODS, **USUAL_PERIODS_LONG}.get(unit, ()) if v != value and value / 4 <= v <= value * 4]
    usual.sort(key=lambda v: abs(math.log(v / value)))
    return [str(v).zfill(len(number)) if number.startswith("0") else str(v) for v in usual]


def period_like(span: Span) -> list[str]:
    """The periods documents set in the key's unit nearest it, written as the key is: "10 ngày",
    "07 (bảy) ngày làm việc", "mười ngày", "mười (10) ngày làm việc" (the key's own form: a learner must not tell the key by
    its writing)."""
    unit = span.text[len(span.text) - len(span.shape):]
    head = span.text[: len(span.text) - len(span.shape)].strip()
    both = _FIGURES_AND_WORDS.fullmatch(head)
    if head.isdigit() or both:
        figures = both["n"] if both else head
        periods = usual_periods(figures, span.shape)
        return [f"{written(int(v), figures) if both else v} {unit}" for v in periods]
    spelt = _WORDS_AND_FIGURES.fullmatch(head)
    value = value_of(spelt["words"] if spelt else head)
    if value is None:
        return []
    periods = [int(v) for v in usual_periods(spelt["n"] if spelt else str(value), span.shape) if int(v) < 100]
    if spelt:
        return [f"{min(spellings(v))} ({str(v).zfill(len(spelt['n'])) if spelt['n'].startswith('0') else v}) {unit}"
                for v in periods]
    return [f"{min(spellings(v))} {unit}" for v in periods]


def _last_day(span: Span) -> tuple[int, int, int] | None:
    """The last day a written date covers (year, month, day): the day itself, a month's or a
    quarter's end; ``None`` without a year."""
    parts = _DATE_PARTS.findall(span.text)
    if span.shape == "day" and len(parts) == 3:
        return int(parts[2]), int(parts[1]), int(parts[0])
    if span.shape == "month":
        return int(parts[1]), int(parts[0]), 31
    if span.shape == "quarter":
        return int(parts[1]), 3 * _ROMAN.index(parts[0].upper()) + 3, 31
    if span.shape == "year":
        return int(parts[0]), 12, 31
    return None


def _later_days(span: Span, steps: tuple[int, ...] = (1, 2, 3)) -> list[str]:
    """The key's day (or month) ``steps`` months after it (before it, for a negative step),
    written like it (a month's end stays one)."""
    parts = _DATE_PARTS.findall(span.text)
    if not (span.shape == "day" and len(parts) == 3 or span.shape == "month"):
        return []
    *day_part, month_part, year_part = parts
    month, year = int(month_part), int(year_part)
    days = {1: 31, 2: 28, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}
    chunks = _DATE_PARTS.split(span.text)

    def like(value: int, part: str) -> str:
        return str(value).zfill(len(part)) if part.startswith("0") else str(value)

    later = []
    for step in steps:
        m, y = (month + step - 1) % 12 + 1, year + (month + step - 1) // 12
        values = [like(m, month_part), str(y)]
        if day_part:
            day = int(day_part[0])
            values.insert(0, like(days[m] if day == days[month] else min(day, days[m]), day_part[0]))
        later.append("".join(c + v for c, v in zip(chunks, values)) + chunks[-1])
    return later


def _years(span: Span, steps: tuple[int, ...]) -> list[str]:
    """The key's year ``steps`` years after it (before it, for a negative step), written like it."""
    if span.shape != "year":
        return []
    year = int(_DATE_PARTS.findall(span.text)[0])
    before, after = _DATE_PARTS.split(span.text, maxsplit=1)
    return [f"{before}{year + step}{after}" for step in steps]


def _quarter_before(span: Span) -> list[str]:
    """The quarter before a quarter, written like it ("Quý IV năm 2025" for "Quý I năm 2026")."""
    if span.shape != "quarter":
        return []
    quarter, year = _DATE_PARTS.findall(span.text)
    index = _ROMAN.index(quarter.upper())
    chunks = _DATE_PARTS.split(span.text)
    values = [_ROMAN[index - 1], str(int(year) - (index == 0))]
    return ["".join(c + v for c, v in zip(chunks, values)) + chunks[-1]]


def distractors(span: Span, rng: random.Random, issued: tuple[int, int, int] | None = None) -> list[str]:
    """Three values of the key's unit: periods documents set, or dates a usual distance away; a
    date already past on the day the document was ``issued`` (year, month, day) gives itself
    away beside a key still to come, so it is replaced by a later one (a cut-off in the past,
    "thôi việc trước ngày 15 tháng 12 năm 1993", keeps its neighbours)."""
    if span.kind == "date":
        values = _other_dates(span, rng)
        key = _last_day(span)
        if issued is not None and key is not None and key >= issued:
            # A target year still to come ("Đến năm 2025" in a plan of 2023) beside later
            # milestones, never beside a year the document already lived through.
            later = _later_days(span) or _years(span, (5, 10, 15) if key[0] % 5 == 0 else (1, 2, 3))
            values = [v for v in dict.fromkeys([*values, *later]) if v != span.text
                      and ((last := _last_day(Span(0, len(v), v, span.kind, span.shape))) is None or last >= issued)][: OPTIONS - 1]
            # Every option later than the key makes it the earliest, which a learner picks
            # without knowing it: the key a month earlier takes the last place, even if the
            # document's day had just passed it (a learner does not know that day); a year
            # earlier only if the document was issued by then (its year is on its first line).
            earlier = _later_days(span, (-1,)) or _quarter_before(span) or [
                y for y in _years(span, (-1,)) if int(_DATE_PARTS.findall(y)[0]) >= issued[0]]
            if earlier and all((last := _last_day(Span(0, len(v), v, span.kind, span.shape))) is not None and last > key
                               for v in values):
                values = [*values[: OPTIONS - 2], *earlier]
    elif span.shape in USUAL_PERIODS or span.shape in USUAL_PERIODS_LONG:
        values = period_like(span)
    else:
        values = made_up_numbers(span)
    values = [v for v in dict.fromkeys(values) if v != span.text]
    return values[: OPTIONS - 1] if len(values) >= OPTIONS - 1 else []


def _told_after(text: str, span: Span) -> int | None:
    """Where a target year's quote stops: before the clause naming a year next to it ("Đến năm
    2025, phải cơ bản hoàn thiện xây dựng vị trí việc làm trong từng cơ quan, tổ chức, làm cơ sở
    để xác định tổng biên chế … giai đoạn 2026-2031" quoted up to "tổ chức"), which would tell
    the key; ``None`` when no such clause follows (the sentence is quoted whole)."""
    if span.shape != "year":
        return None
    key = int(_DATE_PARTS.findall(span.text)[0])
    near = next((m for m in _ANY_YEAR.finditer(text, span.end) if abs(int(m.group(0)) - key) == 1), None)
    breaks = [m.start() for m in CLAUSE_BREAK.finditer(text, span.end, near.start())] if near else []
    return breaks[-1] if breaks else None


def build(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """One item per time limit of a sentence that reads on its own."""
    for whole_sentence in sources:
        topic, sentence = assignment(whole_sentence)
        for span, how in limits(sentence.text)[:1]:
            if not quotable(sentence, span, next(iter(assigned_bodies(sentence.text)), None)):
                continue
            if span.shape == "year" and any(m["end"] in span.text for h in sentence.passage.headings
                                            for m in _PERIOD_END.finditer(h)):
                continue
            rng = random.Random(f"{seed}|deadline|{sentence.passage.key}|{sentence.start}")
            date = ctx.documents[sentence.passage.doc_id].date
            issued = tuple(int(x) for x in date.split("-")) if len(date) == 10 else None
            wrong = distractors(span, rng, issued)
            if not wrong:
                yield None
                continue
            question = "thời hạn nào điền vào chỗ trống?" if how == "period" else "mốc thời gian nào điền vào chỗ trống?"
            said = ("Mốc thời gian văn bản nêu" if how == "start" or _EXPECTED.search(sentence.text[: span.start])
                    else "Thời hạn văn bản đặt ra")
            item = ctx.blank_item(
                "deadline", sentence, span, question, wrong, f"{said} là {span.text}.",
                1 if how == "date" else 2, seed, topic, _told_after(sentence.text, span),
            )
            # A day, month or quarter still to come when the document was issued closes a task.
            last = _last_day(span) if span.kind == "date" and span.shape != "year" else None
            yield replace(item, tags=(*item.tags, DUE)) if issued and last and last >= issued else item


def backed(item: QuizItem, checks: Checks) -> bool:
    """The key is a time limit of the source sentence and fills the blank."""
    return blank_backed(item) and any(span.text == item.answer for span, _ in limits(item.source_text))


def _repeats(item: QuizItem) -> int:
    """One date may close two points of a notice ("trong tháng 12 năm 2025" for a refinery's
    plan and for a network's coverage): two facts, each asked with its own point. A target year
    ("Đến năm 2025, …") is the horizon of a plan's every target, a cut-off long past ("trước ngày
    01 tháng 01 năm 1995") the subject of a whole article, and a short text's one month better
    left to who does the task: asked once."""
    return 2 if DUE in item.tags and POINT in item.stem else 1


# How a stem names the point of a notice it asks about (:meth:`Context.blank_item`).
POINT = ", về “"


KIND = Kind(
    build=build, backed=backed, hides_answer=True,
    key_repeats=_repeats,
    first=True,
    missing="tài liệu không có thời hạn, mốc thời gian nào (“trong thời hạn … ngày”, “trước ngày …”)",
)
