"""``matching``: match the sub-parts of a part with one statement of each."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterator

from quiz.items import MATCH_SEPARATOR, QuizItem
from quiz.questions.base import OPTIONS, Checks, Context, Kind, display, has_heading
from quiz.sentences import Sentence
from quiz.source import heading_label
from quiz.statements import cut_from_lead, gives_part_away, leads, standalone

MATCHING_SETS = 3
STATEMENT_WORDS = (8, 40)


def build(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """A few sets per part with three or more sub-parts, each with other statements."""
    low, high = STATEMENT_WORDS
    for doc_id in dict.fromkeys(s.passage.doc_id for s in sources):
        groups = ctx.groups(doc_id)
        wanted = {id(s) for s in sources}
        by_parent: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
        for g in groups:
            if len(g) > 1:
                by_parent[g[:-1]].append(g)
        for parent, children in by_parent.items():
            if len(children) < 3:
                continue
            rng = random.Random(f"{seed}|match|{doc_id}|{parent}")
            children = sorted(children, key=lambda g: groups[g][0].passage.order)
            used: set[int] = set()
            # A few sets per part, each with other measures (and, with many groups, other groups).
            for _ in range(MATCHING_SETS):
                rng.shuffle(children)
                pairs: list[tuple[str, Sentence]] = []
                for g in children:
                    # A measure is the first sentence of an item, not a detail further down.
                    candidates = [
                        s for s in groups[g]
                        if id(s) in wanted and id(s) not in used and low <= s.words <= high and leads(s) and standalone(s.text) and not cut_from_lead(s)
                    ]
                    rng.shuffle(candidates)
                    others = [c for c in children if c != g]
                    # Matched by a shared word ("Kỷ niệm …" ↔ "… các ngày kỷ niệm") is no knowledge.
                    elsewhere = [s.text for o in others for s in groups[o]]
                    pick = next(
                        (s for s in candidates if ctx.distinct(s, g, others, groups)
                         and not gives_part_away(ctx.pools, s.text, g[-1], [o[-1] for o in others], elsewhere)),
                        None,
                    )
                    if pick is not None:
                        pairs.append((g[-1], pick))
                    if len(pairs) == OPTIONS:
                        break
                if len(pairs) < 3:
                    yield None
                    break
                used |= {id(s) for _, s in pairs}
                yield _item(ctx, doc_id, parent, pairs, seed, rng)


def _item(ctx: Context, doc_id: str, parent: tuple[str, ...], pairs: list[tuple[str, Sentence]],
          seed: int, rng: random.Random) -> QuizItem:
    pairs = sorted(pairs, key=lambda pair: (pair[1].passage.order, pair[1].start))
    rights = [display(s.text) for _, s in pairs]
    lefts = [heading_label(left) for left, _ in pairs]
    explanation = " ".join(f"“{left}” — “{s.text}” ({s.passage.citation})." for left, (_, s) in zip(lefts, pairs))
    return ctx.item(
        "matching", pairs[0][1],
        f"Theo {ctx.labels[doc_id]}, hãy ghép mỗi mục của phần “{heading_label(parent[-1])}” với nội dung thuộc mục đó.",
        MATCH_SEPARATOR.join(rights), [], explanation, ("section",), 2, seed,
        id_extra="|".join(rights), pairs=tuple(zip(lefts, rights)),
        options=tuple(sorted(rights, key=lambda r: rng.random())),
    )


def backed(item: QuizItem, checks: Checks) -> bool:
    """Each right-hand side stands under its left-hand part."""
    return all(has_heading(checks.passage_at(item.doc_id, right), left) for left, right in item.pairs)


def pair_count(item: QuizItem) -> bool:
    """Three or four pairs."""
    return 3 <= len(item.pairs) <= 4


def each_side_found(item: QuizItem, checks: Checks, k: int) -> bool:
    """Searching with each right-hand side finds its passage."""
    return all(
        checks.passage_at(item.doc_id, r).key in {x.key for x in checks.search(r)[:k]} for _, r in item.pairs
    )


KIND = Kind(
    build=build, backed=backed, option_count=pair_count, round_trip=each_side_found, balanced=False,
    missing="không có phần nào gồm từ ba mục con trở lên để ghép nối",
)
