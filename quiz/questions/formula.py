"""``formula``: what a formula the document sets computes ("____ = (Tổng số tiết dạy được tính
thực tế/năm học) - (Định mức tiết dạy/năm học)": "Số tiết dạy thêm của nhà giáo/năm học");
options are what the document's other formulas compute."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from quiz.distractors import too_alike
from quiz.items import QuizItem
from quiz.questions.base import MAX_QUOTED_WORDS, OPTIONS, Checks, Context, Kind, blank_backed
from quiz.sentences import Sentence
from quiz.terms import Span, words_key

# "[a) ][Đối với nhà giáo …: ]<what> = <how>": one "=", what is computed before it, named in a
# few words (a clause with a colon or a verb of its own is no name).
_FORMULA = re.compile(r"^(?:Đối với [^:=]{3,120}:\s*)?(?P<left>[^:=;]{3,120}?)\s*=\s*(?P<right>[^=]{3,})$")
# How the right side computes: an operator between terms, or a rate ("x 150%").
_OPERATOR = re.compile(r"\s[x×*/+\-–]\s|\d\s*%")
LEFT_WORDS = (2, 16)
# A key this share of whose words the right-hand side says is read off the formula.
SPELLED_OUT = 0.75
# A name holds no verb of a rule ("được", "phải"), or it is a sentence that uses "=".
_NOT_A_NAME = re.compile(r"\b(?:được|phải|là|thì|nếu|khi|theo quy định)\b")


def formula_left(sentence: str) -> Span | None:
    """What a formula sentence computes, as a span of it, or ``None`` for a sentence that is no
    formula."""
    m = _FORMULA.match(sentence)
    if not m or not _OPERATOR.search(m["right"]):
        return None
    left = m["left"].strip()
    low, high = LEFT_WORDS
    if not low <= len(left.split()) <= high or _NOT_A_NAME.search(left) or not left[:1].isupper():
        return None
    start = m.start("left") + m["left"].index(left)
    return Span(start, start + len(left), left, "term", "formula")


def build(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """One item per formula of a document that sets at least four computing different things."""
    found = [(s, span) for s in sources if ctx.usable(s, MAX_QUOTED_WORDS) and (span := formula_left(s.text))]
    by_doc: dict[str, list[tuple[Sentence, Span]]] = {}
    for sentence, span in found:
        by_doc.setdefault(sentence.passage.doc_id, []).append((sentence, span))
    for formulas in by_doc.values():
        computed = list(dict.fromkeys(span.text for _, span in formulas))
        for sentence, span in formulas:
            rest = sentence.text[span.end :]
            # What the formula itself uses ("… x Tiền lương 01 tiết dạy thêm") would read as
            # its answer too.
            others = [c for c in computed if words_key(c) != words_key(span.text) and not too_alike(c, span.text)
                      and f" {words_key(c)} " not in f" {words_key(rest)} "]
            if len(others) < OPTIONS - 1:
                yield None
                continue
            rng = random.Random(f"{seed}|formula|{sentence.passage.key}|{sentence.start}")
            rng.shuffle(others)
            yield ctx.blank_item(
                "formula", sentence, span, "nội dung nào điền vào chỗ trống của công thức sau?", others[: OPTIONS - 1],
                f"Công thức tính {span.text}.", ctx.text_difficulty(span.text, others[: OPTIONS - 1]), seed,
            )


def hidden(item: QuizItem) -> bool:
    """The key is not in the stem, nor spelled out by the formula's own terms: "____ = Tiền
    lương 01 tiết dạy x 150%" for "Tiền lương 01 tiết dạy thêm", "____ = (Định mức tiết dạy
    trung bình trong 01 tuần) x (Số tuần … thời gian công tác thực tế)" for "Định mức tiết
    dạy/thời gian công tác thực tế" are read off the right-hand side, not known."""
    if f" {words_key(item.answer)} " in f" {words_key(item.stem)} ":
        return False
    span = formula_left(item.source_text)
    if span is None:
        return True
    used = set(words_key(item.source_text[span.end :]).split())
    key = words_key(item.answer).split()
    return sum(w in used for w in key) < SPELLED_OUT * len(key)


def backed(item: QuizItem, checks: Checks) -> bool:
    """The key is what the source formula computes and fills the blank."""
    span = formula_left(item.source_text)
    return blank_backed(item) and span is not None and span.text == item.answer


KIND = Kind(
    build=build, backed=backed, hides_answer=hidden, first=True, most=0.25,
    missing="tài liệu không nêu công thức tính nào (“… = … x …”)",
)
