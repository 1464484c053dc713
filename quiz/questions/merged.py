"""``merged``: the name an administrative unit takes after a merger ("Sắp xếp toàn bộ diện tích
tự nhiên, quy mô dân số của xã Tân Đức và xã Tân Thuận thành xã mới có tên gọi là ____.").

The new name is often one of the merged units' names, so the key may show in the stem: the
options are then the merged units named in the stem (which of them gives its name is the
question) and, to make four, the names other units of the same document take."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from corpus.titlecase import UPPER
from quiz.items import QuizItem
from quiz.questions.base import MAX_QUOTED_WORDS, OPTIONS, Checks, Context, Kind, blank_backed
from quiz.sentences import Sentence
from quiz.terms import Span, words_key

_UNIT = r"(?:xã|phường|thị trấn|đặc khu)"
# A proper name: capitalised words, a trailing number or letter ("Thường Phước 1", "Tân Thành A").
_NAME = r"[" + UPPER + r"][^\s,.;:()]*(?:\s+(?:[" + UPPER + r"][^\s,.;:()]*|\d+))*"
_NEW = re.compile(rf"thành {_UNIT} mới có tên gọi là (?P<span>(?P<unit>{_UNIT}) {_NAME})\s*\.?$")
# "xã Tân Đức", and each name of "các xã Trí Lực, Tân Phú và Trí Phải".
_NAMED = re.compile(rf"(?P<unit>{_UNIT}) (?P<names>{_NAME}(?:(?:,\s*| và ){_NAME})*)")


def new_name(sentence: str) -> Span | None:
    """The name a merger gives the new unit, or ``None``."""
    m = _NEW.search(sentence)
    return Span(m.start("span"), m.end("span"), m["span"], "name", m["unit"]) if m else None


def merged_units(sentence: str, unit: str) -> list[str]:
    """The units of ``unit``'s level a merger sentence names before the new name."""
    found: list[str] = []
    for m in _NAMED.finditer(sentence):
        if m["unit"] == unit:
            found += [f"{unit} {name}" for name in re.split(r",\s*| và ", m["names"]) if name]
    return list(dict.fromkeys(found))


def build(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """One item per merger sentence: the merged units' names first, then other new names."""
    found = [(s, span) for s in sources if (span := new_name(s.text))]
    names_by_doc: dict[str, list[str]] = {}
    for s, span in found:
        names_by_doc.setdefault(s.passage.doc_id, []).append(span.text)
    for sentence, span in found:
        if not ctx.usable(sentence, MAX_QUOTED_WORDS):
            continue
        rng = random.Random(f"{seed}|merged|{sentence.passage.key}|{sentence.start}")
        key = words_key(span.text)
        named = [u for u in merged_units(sentence.text[: span.start], span.shape) if words_key(u) != key]
        others = sorted({n for n in names_by_doc[sentence.passage.doc_id] if n.split()[0] == span.shape
                         and words_key(n) != key and n not in named})
        rng.shuffle(others)
        wrong = (named + others)[: OPTIONS - 1]
        if len(wrong) < OPTIONS - 1:
            yield None
            continue
        yield ctx.blank_item(
            "merged", sentence, span, "đơn vị hành chính mới có tên gọi nào?", wrong,
            f"Tên gọi của đơn vị mới là {span.text}.", 2 if named else 1, seed,
        )


def backed(item: QuizItem, checks: Checks) -> bool:
    """The key is the new unit's name the source sentence gives, and fills the blank."""
    span = new_name(item.source_text)
    return blank_backed(item) and span is not None and span.text == item.answer


# A unit of another level, named after the same place ("xã Bình Phú (huyện Tân Hồng)"), as
# folded words.
_OTHER_LEVEL = "(?:" + "|".join(words_key(w) for w in ("huyện", "quận", "thị xã", "thành phố", "tỉnh")) + ")"


def hidden_or_among_named(item: QuizItem) -> bool:
    """A key the stem shows is one of several merged units it names: showing it gives nothing
    away. A key the stem shows as the name of a district or a town the merged units stood in
    ("… xã Bình Phú (huyện Tân Hồng) … thành xã mới có tên gọi là ____" → "xã Tân Hồng") is
    read off it."""
    shown = [o for o in item.options if f" {words_key(o)} " in f" {words_key(item.stem)} "]
    name = words_key(item.answer.split(" ", 1)[-1])
    if re.search(rf"\b{_OTHER_LEVEL} {re.escape(name)}\b", words_key(item.stem)):
        return False
    return item.answer not in shown or len(shown) >= 2


KIND = Kind(
    build=build, backed=backed, hides_answer=hidden_or_among_named,
    missing="tài liệu không sắp xếp, sáp nhập đơn vị hành chính nào (“… thành xã mới có tên gọi là …”)",
)
