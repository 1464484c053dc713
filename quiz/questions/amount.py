"""``amount``: a sum of money or a rate a rule sets ("Thôn đội trưởng: ____ và hưởng thêm 100%
phụ cấp …", "Tiền lương 01 tiết dạy thêm = Tiền lương 01 tiết dạy x ____"), its options the
amounts of the same unit the document sets elsewhere (values a learner of it has seen), completed
by round neighbours of the key.

Decrees and circulars on allowances, fees and salaries state most of their rules as amounts; a
threshold ("không quá 30%", "không thấp hơn 1.170.000 đồng") is asked by ``threshold``, a time limit by ``deadline``.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Iterator

from quiz.distractors import made_up_numbers, number_value
from quiz.items import QuizItem
from quiz.questions.base import MAX_QUOTED_WORDS, MIN_WORDS, OPTIONS, Checks, Context, Kind, blank_backed, display, group_of
from quiz.questions.deadline import limits
from quiz.questions.fill_blank import CALCULATION, EXAMPLE
from quiz.questions.threshold import MONEY, clause_of, thresholds
from quiz.sentences import Sentence, split_passage
from quiz.source import heading_label
from quiz.statements import whole
from quiz.terms import Span, on_word_boundaries

# A sum one reads off a total ("tổng cộng", "tổng kinh phí") is a report's figure, not a rule.
_TOTAL = re.compile(r"tổng (?:cộng|kinh phí|số tiền|dự toán)[^.;]{0,40}$", re.IGNORECASE)

_AMENDING = re.compile(r"(?:sửa đổi|bổ sung|bãi bỏ|thay thế)\b", re.IGNORECASE)
# "… 01 năm: 1.500.000.000 đồng. Trong đó:" then its lines: a total broken down.
_BREAKDOWN = re.compile(r"\bTrong đó\b", re.IGNORECASE)
_LIST_ITEM = re.compile(r"\s*[-–•+]\s")


def amounts(sentence: str) -> list[Span]:
    """The amounts of a sentence whose unit occurs once in it (in a series of the same unit one
    is found by elimination), not in a worked example or calculation, a threshold or a time
    limit."""
    if EXAMPLE.search(sentence) or CALCULATION.search(sentence):
        return []
    found = [Span(m.start(), m.end(), m.group(0), "number", m["unit"]) for m in MONEY.finditer(sentence)]
    taken = {s.start for s in thresholds(sentence)} | {s.start for s, _ in limits(sentence)}
    return [
        s for s in found
        # "0 đồng" (free of charge) has no neighbours worth offering.
        if sum(o.shape == s.shape for o in found) == 1 and s.start not in taken and number_value(s.text) > 0
        and not _TOTAL.search(sentence[: s.start]) and on_word_boundaries(sentence, s)
        # A blank opening the sentence ("____ đối với các trường hợp: …") has nothing to pin it.
        and len(sentence[: s.start].split()) >= 2
    ]


def _part_of_total(ctx: Context, sentence: Sentence, span: Span) -> bool:
    """Whether an amount is a line of a total broken down before it ("Dự toán kinh phí … 01 năm:
    1.500.000.000 đồng. Trong đó:" then "- Chi khác (…): 63.950.757 đồng"), in its passage or in
    the list its passage is an item of: the figure of an estimate, not a rule to learn (the total
    is asked)."""
    own = sentence.passage
    texts = [own.text[: sentence.start - own.start]]
    if _LIST_ITEM.match(own.text):
        earlier = [p for p in ctx.passages if p.doc_id == own.doc_id and p.section == own.section and p.order < own.order]
        for passage in sorted(earlier, key=lambda p: p.order, reverse=True):
            texts.insert(0, passage.text)
            if not _LIST_ITEM.match(passage.text):
                break
    before = "\n".join(texts)
    breakdown = list(_BREAKDOWN.finditer(before))
    # "… 01 năm: 1.500.000.000 đồng" over "Thu và phân tích mẫu: 1.364.329.243 đồng/năm": one
    # currency, whatever each sum is set per.
    base = span.shape.split("/")[0]
    return bool(breakdown) and any(m["base"] == base for m in MONEY.finditer(before[: breakdown[-1].start()]))


def document_amounts(ctx: Context, doc_id: str) -> dict[str, list[str]]:
    """Every amount a document writes, by unit, in the order it writes them."""
    found: dict[str, list[str]] = {}
    for sentence in ctx.sentences:
        if sentence.passage.doc_id == doc_id:
            for m in MONEY.finditer(sentence.text):
                found.setdefault(m["unit"], []).append(m.group(0))
    return {unit: list(dict.fromkeys(values)) for unit, values in found.items()}


def distractors(span: Span, sentence: str, written: list[str]) -> list[str]:
    """Three amounts of the key's unit: the document's own nearest the key first (none its
    sentence shows), then round neighbours of the key."""
    from quiz.validate import look_alike, other_value  # the validator imports every kind: not at module level

    key = number_value(span.text)
    # A sum of nothing ("0 đồng", free of charge) stands beside no sum.
    own = [v for v in written if v not in sentence and number_value(v) not in (key, 0)]
    own.sort(key=lambda v: abs(math.log(number_value(v) / key)))
    chosen = [span.text]
    for value in [*own, *made_up_numbers(span)]:
        # Options the validator would read as look-alikes are skipped; sums told apart by their
        # figures alone ("120.000 đồng/người/ngày", "150.000 đồng/người/ngày") are not.
        if not any(look_alike(value, v) and not other_value(value, v) for v in chosen):
            chosen.append(value)
    return chosen[1:OPTIONS] if len(chosen) >= OPTIONS else []


def _lead_in(ctx: Context, sentence: Sentence) -> str:
    """The sentence a listed clause completes ("Phụ cấp chức vụ chỉ huy … mức hưởng như sau:"
    before "a) Chỉ huy trưởng …: 561.600 đồng"), or ``""``: the clause alone does not say what its
    amount is."""
    section = sentence.passage.section
    if "." not in section:
        return ""
    parent = section.rsplit(".", 1)[0]
    for passage in ctx.passages:
        if passage.doc_id == sentence.passage.doc_id and passage.section == parent and passage.text.rstrip(' "”').endswith(":"):
            units = split_passage(passage)
            return units[-1].text if units else ""
    return ""


def _question(ctx: Context, sentence: Sentence) -> str:
    """The question before the quote: a listed clause comes after the sentence it completes, a
    clause cut from a long sentence says which part it belongs to."""
    lead = _lead_in(ctx, sentence)
    if lead:
        return f"con số nào điền vào chỗ trống? “{display(lead)}: …”"
    if whole(sentence.text):
        return "con số nào điền vào chỗ trống?"
    group = group_of(sentence.passage)
    if not group:
        return ""
    # "Sửa đổi khoản 2 Điều 12 như sau" says how a text is amended, not what a part is about.
    heading = heading_label(group[-1])
    return "con số nào điền vào chỗ trống?" if _AMENDING.match(heading) else f"về “{heading}”, con số nào điền vào chỗ trống?"


def first_clause(sentence: Sentence) -> Sentence:
    """A sentence setting several amounts of one unit clause by clause ("Trường hợp bị tai nạn dẫn
    đến chết: Thân nhân được hưởng … bằng 84.240.000 đồng; người lo mai táng … bằng 23.400.000
    đồng"), read by its first clause, which says the case both are set for: each amount is then
    its clause's own, not found by elimination. Any other sentence is read whole."""
    if amounts(sentence.text) or ";" not in sentence.text:
        return sentence
    first = next((m for m in MONEY.finditer(sentence.text)), None)
    if first is None:
        return sentence
    clause, _ = clause_of(sentence, Span(first.start(), first.end(), first.group(0), "number", first["unit"]))
    return clause if clause.start == sentence.start and clause.words >= MIN_WORDS else sentence


def build(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """One item per sentence that sets one amount of a unit."""
    written: dict[str, dict[str, list[str]]] = {}
    for whole_sentence in sources:
        sentence = first_clause(whole_sentence)
        found = amounts(sentence.text)[:1] if ctx.usable(sentence, MAX_QUOTED_WORDS) else []
        question = _question(ctx, sentence) if found else ""
        if not question:
            continue
        for span in found:
            if _part_of_total(ctx, sentence, span):
                continue
            doc_id = sentence.passage.doc_id
            if doc_id not in written:
                written[doc_id] = document_amounts(ctx, doc_id)
            wrong = distractors(span, sentence.text, written[doc_id].get(span.shape, []))
            if not wrong:
                yield None
                continue
            random.Random(f"{seed}|amount|{sentence.passage.key}|{sentence.start}").shuffle(wrong)
            yield ctx.blank_item(
                "amount", sentence, span, question, wrong, f"Văn bản ghi {span.text}.", 2, seed,
            )


def backed(item: QuizItem, checks: Checks) -> bool:
    """The key is an amount of the source sentence and fills the blank."""
    return blank_backed(item) and any(span.text == item.answer for span in amounts(item.source_text))


KIND = Kind(
    build=build, backed=backed, hides_answer=True, fallback=True,
    missing="tài liệu không quy định mức tiền hay tỷ lệ nào (“… đồng”, “… %”)",
)
