"""``published``: how many procedures a decision publishes in each of its lists ("Công bố kèm theo
Quyết định này danh mục 01 thủ tục hành chính (TTHC) được sửa đổi, bổ sung và 03 TTHC bãi bỏ
trong lĩnh vực đấu thầu …" → "Theo Quyết định số 1486/QĐ-UBND, có bao nhiêu thủ tục hành chính
trong lĩnh vực đấu thầu bị bãi bỏ?"): the first thing every such decision says, and what a trainer
asks of it.

Counts the document writes in figures and words ("12 (mười hai) thủ tục") are ``spelled``'s: one
fact is asked once. Options are counts around the key, written like it ("03" among "01", "02",
"04"), in ascending order, the key not always in the middle, nor at one place for two counts of
a sentence."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from quiz.items import QuizItem
from quiz.questions.base import Checks, Context, Kind
from quiz.sentences import Sentence
from quiz.terms import words_key

# "01 thủ tục hành chính (TTHC) được sửa đổi, bổ sung", "03 TTHC bãi bỏ", "05 thủ tục hành chính
# mới ban hành": a count in figures only (a count followed by its words is ``spelled``'s).
_COUNT = re.compile(
    r"(?<![\d.,/])(?P<n>\d{1,3})\s+(?:thủ tục hành chính|TTHC)(?:\s*\(TTHC\))?\s+"
    r"(?P<state>(?:được\s+|bị\s+)?(?:sửa đổi, bổ sung|bãi bỏ|hủy bỏ|thay thế|mới ban hành|ban hành mới))(?!\w)"
)
# The field the decision's procedures belong to: "trong lĩnh vực đấu thầu thuộc phạm vi …".
_FIELD = re.compile(r"\s(?:trong\s+)?lĩnh vực\s+(?P<field>[^,;.()]{2,40}?)(?=\s+thuộc\s|\s+của\s|[,;.(]|$)")
# Several fields: "trong các lĩnh vực Công chứng, Trợ giúp pháp lý, Hộ tịch, Chứng thực thuộc …"
# (the count is theirs together, never the first one's).
_FIELDS = re.compile(r"\s(?:trong\s+)?các\s+lĩnh vực\s+(?P<field>[^;.()]{2,120}?)(?=\s+thuộc\s|\s+của\s|,?\s+gồm\b|[;.(]|$)")
# How a state reads after "thủ tục hành chính" in a question ("03 TTHC bãi bỏ": "bị bãi bỏ").
_PASSIVE = {"bãi bỏ": "bị", "hủy bỏ": "bị", "thay thế": "bị", "sửa đổi, bổ sung": "được", "ban hành mới": "được"}
_SENTENCE_END = re.compile(r"[.;](?:\s|$)|\n\s*\n")
# Counts around the key a reader could take for it, the key not always in the middle.
_SHAPES = ((-1, 1, 2), (-2, -1, 1), (1, 2, 3), (-3, -2, -1))


def counts(sentence: str) -> list[tuple[re.Match[str], str]]:
    """The procedure counts a publishing sentence states, each with its question's words ("thủ tục
    hành chính trong lĩnh vực đấu thầu bị bãi bỏ"); none in a sentence that publishes nothing."""
    if "công bố" not in sentence.lower():
        return []
    fields = _FIELDS.search(sentence)
    field = None if fields else _FIELD.search(sentence)
    where = f" trong các lĩnh vực {fields['field'].strip()}" if fields else f" trong lĩnh vực {field['field'].strip()}" if field else ""
    found = []
    for m in _COUNT.finditer(sentence):
        state = " ".join(m["state"].split())
        voice = _PASSIVE.get(state)
        found.append((m, f"thủ tục hành chính{where} {f'{voice} ' if voice else ''}{state}"))
    return found


def _question(label: str, what: str) -> str:
    return f"Theo {label}, có bao nhiêu {what}?"


def _others(number: str, rng: random.Random, taken: set[int] = frozenset()) -> list[str]:
    """Three counts around the key, written like it ("03": "01", "02", "04"), the key at a place
    among them ``taken`` by no other count of its sentence where the key allows (a first count of
    "01" is the lowest: the second is not too)."""
    n = int(number)
    shapes = [shape for shape in _SHAPES if all(n + d > 0 for d in shape)]
    rng.shuffle(shapes)
    # The key's place among its options is how many of them are lower.
    shapes.sort(key=lambda shape: sum(d < 0 for d in shape) in taken)
    near = [n + d for d in shapes[0]] if shapes else []
    return [str(v).zfill(len(number)) if number.startswith("0") else str(v) for v in near]


def build(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """One item per list a publishing sentence counts."""
    for sentence in sources:
        stated = counts(sentence.text)
        # Two counts of one state ("02 TTHC bãi bỏ … 01 TTHC bãi bỏ" of two fields) ask nothing.
        if len({what for _, what in stated}) != len(stated):
            continue
        # A count the title states ("Công bố danh mục 03 thủ tục hành chính …") is shown by every
        # item naming the document's subject.
        title = f" {words_key(ctx.documents[sentence.passage.doc_id].title or '')} "
        stated = [(m, what) for m, what in stated
                  if not any(f" {n} {unit} " in title for n in {m["n"], str(int(m["n"]))} for unit in ("thu tuc", "tthc"))]
        taken: set[int] = set()
        for n, (m, what) in enumerate(stated):
            rng = random.Random(f"{seed}|published|{sentence.passage.key}|{m.start()}")
            wrong = _others(m["n"], rng, taken)
            taken.add(sum(int(w) < int(m["n"]) for w in wrong))
            # Each list's count is a fact of its own: the source is the sentence up to the list
            # asked ("… danh mục 01 thủ tục hành chính (TTHC) được sửa đổi, bổ sung"), the last
            # list's the whole sentence, so that a quiz short of items may ask both.
            source = sentence if n == len(stated) - 1 else Sentence(sentence.text[: m.end()], sentence.start, sentence.passage)
            yield ctx.item(
                "published", source, _question(ctx.labels[sentence.passage.doc_id], what), m["n"],
                wrong, f"Văn bản nêu: “{sentence.text}”", ("published",), 1, seed,
                id_extra=what, options=tuple(sorted([m["n"], *wrong], key=int)),
            )


def backed(item: QuizItem, checks: Checks) -> bool:
    """The source, read on to the end of its sentence (the field the lists belong to may follow
    the list asked), states the key as the count the stem asks for, within the source."""
    text = checks.text(item.doc_id)
    at = text.find(item.source_text)
    if at < 0:
        return False
    end = _SENTENCE_END.search(text, at + len(item.source_text))
    sentence = " ".join(text[at : end.start() if end else len(text)].split())
    shown = len(" ".join(item.source_text.split()))
    return any(m["n"] == item.answer and m.end() <= shown and item.stem.endswith(f"có bao nhiêu {what}?")
               for m, what in counts(sentence))


KIND = Kind(
    # Counts in ascending order, as ``count``'s.
    build=build, backed=backed, hides_answer=True, round_trip=None, first=True, balanced=False,
    missing="tài liệu không nêu số thủ tục hành chính được công bố bằng chữ số (“danh mục 03 TTHC bãi bỏ”)",
)
