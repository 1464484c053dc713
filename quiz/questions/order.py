"""``order``: "Theo Quyết định số 1520/QĐ-UBND, thứ tự đúng của các bước trong “Các bước tiếp
công dân” là:" with four orderings of the steps' short names, one right (the steps are read by
:func:`quiz.order.sequences`)."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator

from quiz.items import QuizItem
from quiz.order import ARROW, MAX_OPTION_CHARS, STEP_COUNT, sequences, shown_steps
from quiz.questions.base import OPTIONS, Checks, Context, Kind, quoted_heading
from quiz.sentences import Sentence
from quiz.terms import words_key


def _orderings(n: int, rng: random.Random) -> list[tuple[int, ...]]:
    """Three wrong orders of ``n`` steps, close ones first: one or two neighbours swapped read as
    plausible, a shuffled order as a guess."""
    key = tuple(range(n))
    near = []
    for i in range(n - 1):
        swapped = list(key)
        swapped[i], swapped[i + 1] = swapped[i + 1], swapped[i]
        near.append(tuple(swapped))
    rng.shuffle(near)
    others = [p for p in itertools.permutations(key) if p != key and p not in near]
    rng.shuffle(others)
    return (near[:2] + others + near[2:])[: OPTIONS - 1]


def build(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """One ordering item per ordered part of the documents in ``sources``."""
    in_scope = {s.passage.key for s in sources}
    for doc_id in dict.fromkeys(s.passage.doc_id for s in sources):
        for sequence in sequences(p for p in ctx.passages if p.doc_id == doc_id):
            steps = shown_steps(sequence)
            if len(steps) < STEP_COUNT[0] or len(ARROW.join(s.label for s in steps)) > MAX_OPTION_CHARS:
                continue
            # The first step's first sentence (not its bare number, "1."), the one naming the step
            # if another comes before it (a table row's "TT: B1; Trình tự: 1.").
            own = [s for s in ctx.sentences
                   if s.passage.key == steps[0].passage.key and s.passage.key in in_scope and s.words >= 4]
            first = next((s for s in own if words_key(steps[0].label) in words_key(s.text)), own[0] if own else None)
            if first is None:
                continue
            rng = random.Random(f"{seed}|order|{doc_id}|{sequence.part}")
            labels = [s.label for s in steps]
            answer = ARROW.join(labels)
            wrong = [ARROW.join(labels[i] for i in order) for order in _orderings(len(labels), rng)]
            # "… của 5 bước đầu tiên trong …", not "… của 5 bước đầu tiên của các bước trong …".
            which = (f"các {sequence.noun} sau" if sequence.partial else f"các {sequence.noun}"
                     if len(steps) == len(sequence.steps) else f"{len(steps)} {sequence.noun} đầu tiên")
            stem = f"Theo {ctx.labels[doc_id]}, thứ tự đúng của {which} trong “{sequence.part}” là:"
            why = "; ".join(s.line.rstrip(" .;") for s in steps)
            yield ctx.item(
                "order", first, stem, answer, wrong,
                f"Thứ tự trong văn bản: {why}. ({steps[0].passage.citation}) Văn bản nêu: “{first.text}”", ("order",),
                1 if len(steps) <= 3 else 2 if len(steps) == 4 else 3, seed,
            )


def backed(item: QuizItem, checks: Checks) -> bool:
    """Whether the key is the steps of the part the stem names, in the document's order, and
    every other option orders the same steps otherwise."""
    part = quoted_heading(item.stem)
    for sequence in sequences(checks.lib.passages(item.doc_id)):
        if sequence.part != part:
            continue
        labels = [s.label for s in shown_steps(sequence)]
        others = [o for o in item.options if o != item.answer]
        return item.answer == ARROW.join(labels) and all(
            sorted(o.split(ARROW)) == sorted(labels) and o != item.answer for o in others
        )
    return False


KIND = Kind(
    build=build, backed=backed, round_trip=None,
    first=True,
    missing="tài liệu không đánh số các bước, giai đoạn của một quy trình hay lộ trình",
)
