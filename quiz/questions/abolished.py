"""``abolished``: which procedure a Quyết định abolishes, or issues anew, among those it amends
("Thủ tục hành chính nào sau đây bị bãi bỏ?"): the rows of its appendix tables, grouped by the
table's heading ("DANH MỤC THỦ TỤC HÀNH CHÍNH BỊ BÃI BỎ"); options the procedures of its other
tables."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from corpus.cite import is_table_row
from corpus.titlecase import UPPER
from index.records import PassageRecord
from quiz.items import QuizItem
from quiz.questions.base import Checks, Context, Kind, other_options
from quiz.questions.procedure import MAX_NAME_WORDS, NAME, cells
from quiz.sentences import Sentence

# What a table's heading says of its procedures, and how the question says it.
_STATUS = (
    (re.compile(r"\bbị bãi bỏ\b|\bbãi bỏ\b", re.IGNORECASE), "bị bãi bỏ"),
    (re.compile(r"\bmới ban hành\b|\bban hành mới\b", re.IGNORECASE), "được ban hành mới"),
    (re.compile(r"\bđược sửa đổi, bổ sung\b|\bsửa đổi, bổ sung\b", re.IGNORECASE), "được sửa đổi, bổ sung"),
)
# The next cell, however long its column's name ("; Tên văn bản quy phạm pháp luật quy định việc
# bãi bỏ thủ tục hành chính: …"); a name's own "; cơ quan, tổ chức …" goes on in lower case.
_NEXT_CELL = re.compile(r"; (?=[" + UPPER + r"][^:;—]{1,120}?: )")


def status(passage: PassageRecord) -> str:
    """What the table a row stands in says of its procedures ("bị bãi bỏ"), or ``""`` (also for a
    table of procedures "sửa đổi, bổ sung và bãi bỏ": which is which, the heading does not say)."""
    for heading in reversed(passage.headings):
        said = [s for pattern, s in _STATUS if pattern.search(heading)]
        if said:
            return said[0] if len(said) == 1 else ""
    return ""


def named(text: str) -> tuple[str, int, int] | None:
    """A row's procedure: the run from the name cell's label to its end ("Tên thủ tục hành chính:
    Chứng thực di chúc"), its start and the name's start in the text."""
    for name, start, value_start, end in cells(text):
        if NAME.match(name):
            cut = _NEXT_CELL.search(text, value_start, end)
            value = text[value_start : cut.start() if cut else end].strip()
            if value and len(value.split()) <= MAX_NAME_WORDS:
                return text[start : value_start + len(value)], start, value_start
    return None


def _rows(passages: list[PassageRecord]) -> list[tuple[PassageRecord, str, str, str, int]]:
    """Each procedure row of a document: its passage, status, name, the run naming it and where
    the run starts in the passage."""
    rows = []
    for passage in passages:
        if is_table_row(passage) and (said := status(passage)) and (found := named(passage.text)):
            run, start, value_start = found
            rows.append((passage, said, passage.text[value_start : start + len(run)], run, start))
    return rows


def build(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """One item per procedure of a status that the document's other tables give three others
    for."""
    for doc_id in dict.fromkeys(s.passage.doc_id for s in sources):
        rows = _rows([p for p in ctx.passages if p.doc_id == doc_id])
        for passage, said, name, run, start in rows:
            others = sorted({n for _, s, n, _, _ in rows if s != said})
            random.Random(f"{seed}|abolished|{passage.key}").shuffle(others)
            wrong = other_options(name, others)
            if wrong is None:
                if others:
                    yield None
                continue
            yield ctx.item(
                "abolished", Sentence(run, passage.start + start, passage),
                f"Theo {ctx.labels[doc_id]}, thủ tục hành chính nào sau đây {said}?", name, wrong,
                f"Văn bản công bố trong danh mục thủ tục hành chính {said}: “{run}”.", ("abolished",), 1, seed,
            )


def backed(item: QuizItem, checks: Checks) -> bool:
    """The key's row stands in a table of the status the stem asks, and no other option's does."""
    rows = _rows(checks.lib.passages(item.doc_id))
    said = next((s for p, s, n, _, _ in rows if p.key == item.passage_key and n == item.answer), "")
    return bool(said) and item.stem.endswith(f"{said}?") and not any(
        s == said and n in item.options and n != item.answer for _, s, n, _, _ in rows
    )


KIND = Kind(
    build=build, backed=backed, hides_answer=True, round_trip=None, first=True,
    missing="tài liệu không công bố thủ tục hành chính bị bãi bỏ hay mới ban hành bên cạnh thủ tục khác",
)
