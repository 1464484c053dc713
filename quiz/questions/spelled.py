"""``spelled``: a number the document writes in figures and words, as rules write what must not be
misread ("danh mục 12 (mười hai) thủ tục hành chính", "trong thời hạn 07 (bảy) ngày làm việc");
options are other numbers written the same way."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from quiz.items import QuizItem
from quiz.numerals import spellings, written
from quiz.questions.base import MAX_QUOTED_WORDS, OPTIONS, Checks, Context, Kind, blank_backed
from quiz.questions.deadline import usual_periods
from quiz.questions.fill_blank import EXAMPLE
from quiz.sentences import Sentence
from quiz.source import heading_label
from quiz.terms import Span

# "12 (mười hai) thủ tục", "07 (bảy) ngày làm việc": figures, their words, what they count; not a
# part of a larger number ("10.000.000 (mười triệu)").
_SPELLED = re.compile(r"(?<![\d.,/])(?P<n>\d{1,2})\s*\((?P<words>[^()\d]{2,25})\)(?=\s+(?P<unit>ngày làm việc|\w+))")
MAX_TOPIC_WORDS = 12


def spelled(sentence: str) -> list[Span]:
    """The numbers of a sentence written in figures and words (the words spelling the figures:
    "(dự kiến)", "(bộ)" are no numbers), each span covering both."""
    if EXAMPLE.search(sentence):
        return []
    spans = []
    for m in _SPELLED.finditer(sentence):
        if " ".join(m["words"].lower().split()) in spellings(int(m["n"])):
            spans.append(Span(m.start(), m.end(), m.group(0), "number", m["unit"].lower()))
    return spans


def _others(span: Span, sentence: str, rng: random.Random) -> list[str]:
    """Three other numbers written like the key: periods documents set in its unit ("07 (bảy)
    ngày làm việc": 5, 10, 15), else numbers around it, the key not always in the middle; never
    a number the sentence states elsewhere ("từ đủ 03 (ba) tháng đến đủ ____ tháng": not 3)."""
    figures = span.text.split()[0]
    n = int(figures)
    stated = {int(x) for x in re.findall(r"\d+", sentence[: span.start] + sentence[span.end :])}
    usual = [int(v) for v in usual_periods(figures, span.shape) if int(v) < 100 and int(v) not in stated]
    if len(usual) < OPTIONS - 1:
        shapes = [(-1, 1, 2), (-2, -1, 1), (1, 2, 3), (-3, -2, -1)]
        rng.shuffle(shapes)
        usual = next(([n + d for d in s] for s in shapes if all(n + d > 0 and n + d not in stated for d in s)), [])
    return [written(v, figures) for v in usual[: OPTIONS - 1]]


def _topic(sentence: Sentence) -> str:
    """The heading a line stands under ("Sửa đổi, bổ sung" of "05 (năm) thủ tục hành chính áp dụng
    chung"): the line alone does not say what it counts. No topic under a heading cut short."""
    heading = heading_label(sentence.passage.headings[-1]) if sentence.passage.headings else ""
    if not heading or heading.endswith("…") or len(heading.split()) > MAX_TOPIC_WORDS:
        return ""
    return heading


def build(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """One item per number a sentence writes in figures and words."""
    for sentence in sources:
        if not ctx.usable(sentence, MAX_QUOTED_WORDS):
            continue
        for span in spelled(sentence.text):
            rng = random.Random(f"{seed}|spelled|{sentence.passage.key}|{span.start}")
            wrong = _others(span, sentence.text, rng)
            if len(wrong) < OPTIONS - 1:
                yield None
                continue
            yield ctx.blank_item(
                "spelled", sentence, span, "con số nào điền vào chỗ trống?", wrong,
                "", 2, seed, _topic(sentence),
            )


def backed(item: QuizItem, checks: Checks) -> bool:
    """The key is a number the source sentence writes in figures and words, and fills the blank."""
    return blank_backed(item) and any(span.text == item.answer for span in spelled(item.source_text))


KIND = Kind(
    build=build, backed=backed, hides_answer=True, first=True,
    missing="tài liệu không ghi con số nào cả bằng số và bằng chữ (“07 (bảy) ngày”)",
)
