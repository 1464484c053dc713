"""``position``: "Theo Kế hoạch số 230-KH/TU, nhóm nhiệm vụ nào được nêu đầu tiên trong phần
“Nhiệm vụ, giải pháp”?" — the first of a part's titled sub-parts, options its other sub-parts;
the key is recomputed from the document's structure by the validator.

Only for a part whose name says what it lists (groups of tasks, goals, breakthroughs: see
:func:`quiz.lists.noun`) and that lists four to nine titled sub-parts: which group of tasks a plan
opens with is what a trainer asks of its structure; the other places are rote (and a second
question on one list reads as the first again). A second choice: it completes a quiz the kinds
asking the text leave short.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from quiz.distractors import too_alike
from quiz.items import QuizItem
from quiz.lists import is_part, lists_articles, members, noun
from quiz.questions.base import OPTIONS, Checks, Context, Kind, has_heading, quoted_heading
from quiz.sentences import Sentence
from quiz.source import heading_label
from quiz.statements import leads, whole

SUB_PARTS = (4, 9)
# A plan names its groups of tasks at length (28 words): an option longer than this is not read.
OPTION_WORDS = 32


def build(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """No first choice: the kinds that ask the text come first."""
    return iter(())


def more(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """The first sub-part of each part listing four to nine titled ones."""
    in_scope = {s.passage.key for s in sources}
    for doc_id in dict.fromkeys(s.passage.doc_id for s in sources):
        passages = [p for p in ctx.passages if p.doc_id == doc_id]
        parents = dict.fromkeys(heading_label(h) for p in passages for h in p.headings if not h.endswith("…"))
        for parent in parents:
            if not parent or not is_part(parent) or noun(parent) == "nội dung" or lists_articles(passages, parent):
                continue
            listed = [heading_label(c) for c in members(passages, parent)]
            if not SUB_PARTS[0] <= len(listed) <= SUB_PARTS[1] or listed[0].isdigit():
                continue
            key = listed[0]
            # Any item of the part stands for where it is: its second, where it has one, since a
            # count of the same list quotes the first.
            opening = [s for s in ctx.sentences if s.passage.key in in_scope and has_heading(s.passage, key)
                       and leads(s) and whole(s.text)]
            source = opening[1] if len(opening) > 1 else next(iter(opening), None)
            if len(key.split()) > OPTION_WORDS or source is None:
                continue
            rng = random.Random(f"{seed}|position|{doc_id}|{parent}")
            others = [c for c in listed[1:] if len(c.split()) <= OPTION_WORDS]
            rng.shuffle(others)
            # Closest in length first, so that the key is not the odd one out.
            others.sort(key=lambda c: abs(len(c) - len(key)))
            wrong: list[str] = []
            for other in others:
                if len(wrong) < OPTIONS - 1 and not any(too_alike(other, c) for c in [key, *wrong]):
                    wrong.append(other)
            if len(wrong) < OPTIONS - 1:
                yield None
                continue
            what = noun(parent)
            order = "; ".join(f"{n}. {c}" for n, c in enumerate(listed, 1))
            yield ctx.item(
                "position", source, f"Theo {ctx.labels[doc_id]}, {what} nào được nêu đầu tiên trong phần “{parent}”?",
                key, wrong, f"Phần “{parent}” nêu {len(listed)} {what} theo thứ tự: {order}. Mục đầu tiên nêu"
                f" ({source.passage.citation}): “{source.text}”",
                ("list",), ctx.text_difficulty(key, wrong), seed,
            )


def backed(item: QuizItem, checks: Checks) -> bool:
    """The key is the first sub-part of the part the stem names, the options its sub-parts."""
    listed = [heading_label(c) for c in members(checks.lib.passages(item.doc_id), quoted_heading(item.stem))]
    return bool(listed) and listed[0] == item.answer and all(o in listed for o in item.options)


KIND = Kind(
    build=build, backed=backed, round_trip=None, more=more,
    missing="không có phần nào gồm từ 4 đến 9 mục có tên (nhóm nhiệm vụ, mục tiêu …) để hỏi mục nào nêu đầu tiên",
)
