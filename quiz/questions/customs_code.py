"""``customs_code``: the code a customs notice classifies goods under ("Theo Thông báo số
39305/TB-CHQ, mặt hàng “Thẻ in hình trò chơi trí tuệ” được xác định mã số nào?"): what a
notice of "kết quả xác định trước mã số" or of classification decides, and what a trainer on it
asks first.

Options are codes of the key's heading (its first four digits) under other subheadings, written
like it ("9504.40.00" among "9504.20.00", "9504.30.00", "9504.90.00"): the subheadings a
heading's goods are usually split into, so no option is of another chapter's goods.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from quiz.items import QuizItem
from quiz.questions.base import OPTIONS, Checks, Context, Kind
from quiz.sentences import Sentence

# "mã số 9504.40.00", "mã số: 3926.90.99" (a heading of four digits, then subheading and item).
_CODE = re.compile(r"\bmã số:?\s+(?P<code>(?P<heading>\d{4})\.(?P<sub>\d{2})\.(?P<item>\d{2}))(?![\d.]\d)")
# How the notice names the goods: by what they are, else by their trade name.
_GOODS = (
    re.compile(r"^Tên gọi theo cấu tạo, công dụng:\s*(?P<name>[^;:]{3,80}?)\.?$"),
    re.compile(r"^Tên thương mại:\s*(?P<name>[^;:]{3,80}?)\.?$"),
)
# The subheadings a heading's goods are usually split into.
SUBHEADINGS = ("10", "20", "30", "40", "50", "90")


def codes(sentence: str) -> list[re.Match[str]]:
    """The codes a sentence decides ("… mã số 9504.40.00 “- Bộ bài” tại Danh mục …")."""
    return list(_CODE.finditer(sentence))


def goods(sentences: list[Sentence]) -> str:
    """The goods a notice classifies, as it names them first (``""`` when it does not)."""
    for pattern in _GOODS:
        for sentence in sentences:
            if m := pattern.match(sentence.text):
                return m["name"].strip()
    return ""


def distractors(code: re.Match[str], seed: str) -> list[str]:
    """Three codes of the key's heading under other subheadings, item "00"."""
    others = [f"{code['heading']}.{sub}.00" for sub in SUBHEADINGS if sub != code["sub"]]
    random.Random(seed).shuffle(others)
    return others[: OPTIONS - 1]


def build(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """One item per code a wanted sentence decides, when the notice names its goods."""
    for sentence in sources:
        found = codes(sentence.text)
        # A sentence deciding several codes does not say which goods each is for.
        if len(found) != 1:
            continue
        name = goods(ctx.every_sentence(sentence.passage.doc_id))
        if not name:
            continue
        code = found[0]
        yield ctx.item(
            "customs_code", sentence,
            f"Theo {ctx.labels[sentence.passage.doc_id]}, mặt hàng “{name}” được xác định mã số nào?",
            code["code"], distractors(code, f"{seed}|customs_code|{sentence.passage.key}"),
            f"Văn bản nêu: “{sentence.text}”", ("customs_code",), 2, seed,
        )


def backed(item: QuizItem, checks: Checks) -> bool:
    """The source decides the key, and only it."""
    return [m["code"] for m in codes(item.source_text)] == [item.answer]


KIND = Kind(
    build=build, backed=backed, hides_answer=True, round_trip=None, first=True,
    missing="tài liệu không xác định mã số hàng hóa nào (“mã số 9504.40.00”)",
)
