"""``threshold``: a majority, minimum or maximum a document sets ("ít nhất ____ tổng số ủy
viên", "không quá ____", "không thấp hơn ____" of a sum of money or of a multiple of the base
salary), asked with its qualifier in the stem and its unit in the options."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from quiz.distractors import made_up_numbers, number_value
from quiz.items import QuizItem
from quiz.questions.base import MAX_QUOTED_WORDS, MIN_WORDS, OPTIONS, Checks, Context, Kind, blank_backed
from quiz.questions.fill_blank import EXAMPLE
from quiz.sentences import Sentence
from quiz.terms import Span

_FRACTIONS = ("một nửa", "hai phần ba", "ba phần tư", "một phần ba", "2/3", "1/2", "3/4", "1/3")
_QUALIFIER = re.compile(
    r"(?:ít nhất|tối thiểu|không quá|tối đa|không dưới|không ít hơn|không vượt quá|không thấp hơn|không cao hơn|"
    r"trên|dưới|quá|từ)\s+$",
    re.IGNORECASE,
)
# A number and what it counts; years, dates and article numbers are no thresholds.
_AMOUNT = re.compile(
    r"(?P<span>(?:\d{1,3}(?:[.,]\d+)?\s*(?:%|phần trăm)|"
    + "|".join(re.escape(f) for f in _FRACTIONS)
    + r"|\d{1,3}\s+(?:người|đảng viên|ủy viên|uỷ viên|thành viên|đại biểu|lần|năm|tháng|ngày|tuổi|phiếu|đồng chí|"
    r"thành phần|tổ chức|cơ sở đảng|chi bộ|trường hợp|nhiệm kỳ|tiết)"
    r"|\d{1,3}(?:,\d+)?\s+lần mức lương (?:cơ sở|tối thiểu)))(?!\s*/|\w)",
    re.IGNORECASE,
)
# What a sum or a rate is set per ("150.000 đồng/người/ngày", "2.000 đồng/trang", "3%/năm").
_PER = (
    r"/(?:hồ sơ|học sinh|văn bản|giao dịch|đơn vị|hợp đồng|người|tháng|ngày|năm|tiết|giờ|buổi|lượt|km|ha|hộ|lần|"
    r"suất|trẻ|cuộc|m2|m²|kg|tấn|bộ|bản|trang|xã|thôn|lớp|trường|chuyến|kWh|kWp|kW)"
)
# A sum of money ("280.800 đồng", "1,5 triệu đồng"), a multiple of the base salary ("0,5 lần mức
# lương cơ sở", as allowances are set) or a rate ("150%"): ``amount`` asks it when no qualifier
# bounds it.
MONEY = re.compile(
    r"(?<![\w/.,])(?P<n>\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)\s*"
    rf"(?P<unit>(?P<base>%|nghìn tỷ đồng|tỷ đồng|triệu đồng|nghìn đồng|đồng|lần mức lương cơ sở)(?:{_PER}){{0,2}})"
    r"(?![\w/])",
)


def thresholds(sentence: str) -> list[Span]:
    """The amounts of a sentence that follow a qualifier ("ít nhất", "không quá", "trên")."""
    if EXAMPLE.search(sentence):
        return []
    spans = []
    for m in _AMOUNT.finditer(sentence):
        if _QUALIFIER.search(sentence[max(0, m.start() - 25) : m.start()]):
            text = m["span"]
            unit = "%" if "%" in text or "phần trăm" in text else ("fraction" if not text[:1].isdigit() or "/" in text else text.split(maxsplit=1)[-1])
            spans.append(Span(m.start(), m.end(), text, "number", unit))
    # A multiple of the base salary after a qualifier is one of the amounts above.
    money = [m for m in MONEY.finditer(sentence) if m["base"] not in ("%", "lần mức lương cơ sở")]
    for m in money:
        qualifier = _QUALIFIER.search(sentence[max(0, m.start() - 25) : m.start()])
        # "từ 1.000.000 đồng đến 3.000.000 đồng" is a range, and of two sums of a unit one is
        # found by elimination.
        if qualifier and qualifier.group(0).strip().lower() != "từ" and sum(o["unit"] == m["unit"] for o in money) == 1:
            spans.append(Span(m.start(), m.end(), m.group(0), "number", m["unit"]))
    return sorted(spans, key=lambda s: s.start)


def distractors(span: Span) -> list[str]:
    """Three amounts of the key's unit a round step away (fractions: other usual fractions)."""
    if span.shape == "fraction":
        words = [f for f in _FRACTIONS if not f[0].isdigit()] if span.text[0].isalpha() else [f for f in _FRACTIONS if f[0].isdigit()]
        return [f for f in words if f != span.text.lower()][: OPTIONS - 1]
    # Nearest first, so that the key has options on both sides: "200 tiết" among 170, 180 and
    # 190 is the round one at the top, found without knowing it.
    key = number_value(span.text)
    values = sorted((v for v in made_up_numbers(span) if v != span.text), key=lambda v: abs(number_value(v) - key))
    return values[: OPTIONS - 1] if len(values) >= OPTIONS - 1 else []


def clause_of(sentence: Sentence, span: Span) -> tuple[Sentence, Span]:
    """The clause of a sentence holding a span, cut at its semicolons, and the span in it."""
    text = sentence.text
    start = text.rfind("; ", 0, span.start)
    start = 0 if start < 0 else start + 2
    end = text.find(";", span.end)
    end = len(text) if end < 0 else end
    shifted = Span(span.start - start, span.end - start, span.text, span.kind, span.shape)
    return Sentence(text[start:end], sentence.start + start, sentence.passage), shifted


def own_clause(sentence: Sentence, span: Span) -> tuple[Sentence, Span] | None:
    """The sentence and its threshold, or, when another clause of it repeats the figure ("nghỉ từ
    03 ngày trở lên …; trường hợp nghỉ dưới 03 ngày …": quoted whole, it gives the blank away),
    the clause holding it; ``None`` when that clause repeats it too."""
    if sentence.text.count(span.text) < 2:
        return sentence, span
    clause, shifted = clause_of(sentence, span)
    if clause.text.count(span.text) != 1 or len(clause.text.split()) < MIN_WORDS:
        return None
    return clause, shifted


def build(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """One item per threshold of a sentence."""
    written: dict[str, dict[str, list[str]]] = {}
    for sentence in sources:
        if not ctx.usable(sentence, MAX_QUOTED_WORDS):
            continue
        for span in thresholds(sentence.text)[:1]:
            clause = own_clause(sentence, span)
            if clause is None:
                continue
            sentence, span = clause
            if MONEY.fullmatch(span.text) and span.shape != "%":
                # The sums a learner of the document has seen, as ``amount`` offers them; that
                # module reads thresholds, so it is imported here.
                from quiz.questions import amount

                doc_id = sentence.passage.doc_id
                if doc_id not in written:
                    written[doc_id] = amount.document_amounts(ctx, doc_id)
                wrong = amount.distractors(span, sentence.text, written[doc_id].get(span.shape, []))
            else:
                wrong = distractors(span)
            if len(wrong) < OPTIONS - 1:
                yield None
                continue
            rng = random.Random(f"{seed}|threshold|{sentence.passage.key}|{sentence.start}")
            rng.shuffle(wrong)
            yield ctx.blank_item(
                "threshold", sentence, span, "con số nào điền vào chỗ trống?", wrong,
                f"Mức văn bản quy định là {span.text}.", 2, seed,
            )


def backed(item: QuizItem, checks: Checks) -> bool:
    """The key is a threshold of the source sentence and fills the blank."""
    return blank_backed(item) and any(span.text == item.answer for span in thresholds(item.source_text))


KIND = Kind(
    build=build, backed=backed, hides_answer=True,
    first=True,
    missing="tài liệu không quy định mức tối thiểu, tối đa hay tỷ lệ nào (“ít nhất”, “không quá”)",
)
