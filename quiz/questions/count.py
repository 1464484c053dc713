"""``count``: "Phần “Các đột phá chiến lược” nêu bao nhiêu đột phá chiến lược?" — the number of
sub-parts or numbered items of a part, recomputed from the structure by the validator."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator

from index.records import PassageRecord
from quiz.items import QuizItem
from quiz.lists import bulleted, is_part, lists_articles, members, noun
from quiz.questions.base import OPTIONS, Checks, Context, Kind, quoted_heading, times
from quiz.questions.responsible import body_heading
from quiz.sentences import Sentence
from quiz.source import heading_label

COUNT_RANGE = (3, 9)
# Dash items are counted up to six: nine tasks of several sentences each ("Về công tác cán bộ")
# are not held in mind by anyone, and counting them is not worth asking.
BULLETS = 6


def build(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """One item per part listing 3 to 9 members (not a chapter's articles)."""
    return _build(ctx, sources, seed, members)


def more(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """One item per part listing 3 to 6 dash items and nothing else (a plan's tasks under "Mục
    tiêu" or a group of tasks): how many tasks a part sets, fewer worth asking than its
    sub-parts, so only for a quiz that falls short."""
    return _build(ctx, sources, seed, _few_bullets)


def _few_bullets(passages: list[PassageRecord], parent: str) -> list[str]:
    """A part's dash items when it has no sub-parts and lists at most :data:`BULLETS` of them."""
    listed = [] if members(passages, parent) else bulleted(passages, parent)
    return listed if len(listed) <= BULLETS else []


def _build(ctx: Context, sources: list[Sentence], seed: int,
           listing: Callable[[list[PassageRecord], str], list[str]]) -> Iterator[QuizItem | None]:
    for doc_id in dict.fromkeys(s.passage.doc_id for s in sources):
        passages = [p for p in ctx.passages if p.doc_id == doc_id]
        in_scope = {s.passage.key for s in sources}
        parents = dict.fromkeys(heading_label(h) for p in passages for h in p.headings if not h.endswith("…"))
        for parent in parents:
            # A part without a name (a bare label) cannot be named in the stem.
            if not parent or not is_part(parent) or lists_articles(passages, parent):
                continue
            listed = listing(passages, parent)
            # A part whose name says nothing of what it lists ("Tầm nhìn và định hướng phát
            # triển" over seven titled sub-parts, a body's nine numbered tasks) is asked "how many
            # contents": of its sub-parts, or of everything they list? A reader cannot tell.
            what = _what(parent)
            if listing is members and what == "nội dung":
                continue
            if not COUNT_RANGE[0] <= len(listed) <= COUNT_RANGE[1]:
                continue
            first = next(
                (s for s in ctx.sentences if s.passage.key in in_scope
                 and any(heading_label(h) == parent for h in s.passage.headings)),
                None,
            )
            if first is None:
                continue
            n = len(listed)
            rng = random.Random(f"{seed}|count|{doc_id}|{parent}")
            low = max(2, n - rng.randint(0, OPTIONS - 1))
            options = [str(v) for v in range(low, low + OPTIONS)]
            names = "" if listed[0].isdigit() else ": " + "; ".join(heading_label(c) for c in listed)
            why = f"Phần “{parent}” gồm {n} {what}{names}"
            why += "" if why.endswith("…") else "."
            yield ctx.item(
                "count", first, f"Theo {ctx.labels[doc_id]}, phần “{parent}” nêu bao nhiêu {what}?",
                str(n), [], f"{why} ({first.passage.citation}) Văn bản nêu: “{first.text}”", ("list",), 1 if n <= 4 else 2 if n <= 6 else 3,
                seed, options=tuple(options),
            )


def _what(parent: str) -> str:
    """What a part lists: a part named after a body ("Các cơ sở sản xuất giống, NTTS thương
    phẩm", "UBND các xã/phường") lists that body's tasks, not bodies of that name."""
    return "nhiệm vụ" if body_heading(parent) else noun(parent)


def backed(item: QuizItem, checks: Checks) -> bool:
    """The key is the number of members of the part the stem names (or of its dash items)."""
    passages, part = checks.lib.passages(item.doc_id), quoted_heading(item.stem)
    return str(len(members(passages, part) or bulleted(passages, part))) == item.answer


KIND = Kind(
    # Two (or three) parts of four items each are two (three) facts, not one asked twice; a
    # fourth would read as rote.
    build=build, backed=backed, round_trip=None, balanced=False, more=more, key_repeats=times(3),
    missing="không có phần nào liệt kê từ 3 đến 9 mục để hỏi bao nhiêu",
)
