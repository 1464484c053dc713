"""``matching``: match the sub-parts of a part with one statement of each, or the rows of a
table of two columns with what each says in words ("Bề mặt" ↔ "Lớp coating bóng hoặc mờ
(matte)", "Mực in" ↔ "Offset + UV spot + Metal ink"): its rows' values are each other's options,
so a table of characteristics and their descriptions needs no other document; so do the
sentences of a labelled run ("Công dụng theo thiết kế: Giải trí chiến thuật: Tạo trải nghiệm …
Sưu tầm: Có nhiều lá in đặc biệt …"). Rows and sentences giving a figure stay out:
:mod:`quiz.questions.spec` and fill-ins ask them (the pair would give the figure away), and beside
descriptions a figure's row is matched by its form alone. A run is matched, not ordered: its
sentences are not numbered steps (:mod:`quiz.questions.order`), and a run of uses has the same form
as a run of stages."""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Iterator

from quiz.items import MATCH_SEPARATOR, QuizItem
from quiz.questions.base import OPTIONS, Checks, Context, Kind, display, has_heading, verbatim_of
from quiz.questions.customs_code import goods
from quiz.questions.spec import figure, table_row
from quiz.sentences import LABELLED, Sentence
from quiz.source import heading_label
from quiz.statements import cut_from_lead, gives_part_away, leads, standalone

MATCHING_SETS = 3
STATEMENT_WORDS = (8, 40)


def build(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """A few sets per part with three or more sub-parts, each with other statements; then one
    set per table of characteristics described in words and per labelled run."""
    yield from _parts(ctx, sources, seed)
    yield from _labelled(ctx, sources, seed)


def _parts(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
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


MAX_NAME_WORDS = 5


def _tables(sources: list[Sentence]) -> dict[tuple[str, ...], list[tuple[str, str, Sentence]]]:
    """The rows of each table of two columns whose values are words, not figures, keyed by the
    document, the table and its columns' headers."""
    tables: dict[tuple[str, ...], list[tuple[str, str, Sentence]]] = defaultdict(list)
    for s in sources:
        row = table_row(s.text)
        if row is not None and figure(s.text) is None and not any(c.isdigit() for c in row["value"]):
            p = s.passage
            tables[(p.doc_id, p.section, *p.headings, row["left"], row["right"])].append(
                (row["name"].strip(), row["value"].strip(), s))
    return tables


def _runs(sources: list[Sentence]) -> dict[tuple[str, ...], list[tuple[str, str, Sentence]]]:
    """The "Name: what it says" sentences of each passage whose first sentence opens with the
    run's label, keyed by the document, the passage and the label."""
    by_passage: dict[str, list[Sentence]] = defaultdict(list)
    for s in sources:
        by_passage[s.passage.key].append(s)
    runs: dict[tuple[str, ...], list[tuple[str, str, Sentence]]] = {}
    for key, sentences in by_passage.items():
        sentences.sort(key=lambda s: s.start)
        first = LABELLED.match(sentences[0].text.lstrip("-+ "))
        if first is None or not first["run"]:
            continue
        pairs = []
        for s in sentences:
            m = LABELLED.match(s.text.lstrip("-+ "))
            if (m is not None and (s is sentences[0] or not m["run"]) and len(m["name"].split()) <= MAX_NAME_WORDS
                    and not any(c.isdigit() for c in m["value"])):
                pairs.append((m["name"], display(m["value"]), s))
        runs[(s.passage.doc_id, key, first["run"])] = pairs
    return runs


def _labelled(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """One set of three or four of a table's rows or a labelled run's sentences, the first in
    the text; one a document repeats (a notice's description and its result) is asked once, from
    where it is read most fully."""
    found = [("table", key, rows) for key, rows in _tables(sources).items()]
    found += [("run", key, pairs) for key, pairs in _runs(sources).items()]
    asked: set[tuple[str, str, str]] = set()
    for tag, key, rows in sorted(found, key=lambda f: -len(f[2])):
        doc_id = key[0]
        names = [name for name, _, _ in rows]
        if len(set(names)) < len(names) or len({value for _, value, _ in rows}) < len(rows):
            yield None
            continue
        # A value naming its row's characteristic ("Kiểm tra chất lượng" ↔ "Kiểm tra độ cứng …")
        # is matched, not known.
        kept = [(name, value, s) for name, value, s in rows
                if not gives_part_away(ctx.pools, value, name, [o for o in names if o != name],
                                       [v for o, v, _ in rows if o != name])]
        kept = _unechoed(kept)[:OPTIONS]
        if len(kept) < 3 or any((doc_id, name, value) in asked for name, value, _ in kept):
            yield None
            continue
        asked |= {(doc_id, name, value) for name, value, _ in kept}
        # Two sets on one document are told apart by the words their stems end with: a run's
        # label last, the goods a table describes in the middle.
        if tag == "table":
            named = goods(ctx.every_sentence(doc_id))
            of = f" của mặt hàng “{named}”" if named else ""
            left, right = (c[:1].lower() + c[1:] for c in key[-2:])
            ask = f"hãy ghép mỗi {left}{of} với {right} tương ứng."
        else:
            ask = f"hãy ghép mỗi mục với nội dung tương ứng trong phần “{key[-1]}”."
        yield _labelled_item(ctx, doc_id, ask, kept, tag, seed)


def _syllables(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[^\W\d_]{2,}", text)}


def _unechoed(rows: list[tuple[str, str, Sentence]]) -> list[tuple[str, str, Sentence]]:
    """The rows whose value repeats no syllable of their name that no other row's value has
    ("Đóng hộp" ↔ "Cho vào hộp giấy …", "Cán màng phủ" ↔ "Phủ lớp bóng …": one word tells the
    pair), dropped until the rest hold."""
    while True:
        kept = [(name, value, s) for name, value, s in rows
                if not (_syllables(name) & _syllables(value))
                - set().union(*(_syllables(v) for n, v, _ in rows if n != name))]
        if len(kept) == len(rows):
            return kept
        rows = kept


def _labelled_item(ctx: Context, doc_id: str, ask: str, rows: list[tuple[str, str, Sentence]], tag: str,
                   seed: int) -> QuizItem:
    rights = [value for _, value, _ in rows]
    rng = random.Random(f"{seed}|match|{doc_id}|{'|'.join(rights)}")
    explanation = " ".join(f"“{name}” — “{value}” ({s.passage.citation})." for name, value, s in rows)
    return ctx.item(
        "matching", rows[0][2], f"Theo {ctx.labels[doc_id]}, {ask}",
        MATCH_SEPARATOR.join(rights), [], explanation, (tag,), 2, seed,
        id_extra="|".join(rights), pairs=tuple((name, value) for name, value, _ in rows),
        options=tuple(sorted(rights, key=lambda r: rng.random())),
    )


def _says(item: QuizItem, checks: Checks) -> bool:
    """Each right-hand side is the value of its left-hand side's row, or follows its name in the
    run."""
    # A run a document repeats may name one of its sentences otherwise the second time: the pair
    # is read from the whole text, not from the passage holding the value first.
    text = " ".join(checks.text(item.doc_id).split())
    for name, value in item.pairs:
        if item.tags[:1] == ("table",):
            row = table_row(checks.passage_at(item.doc_id, value).text)
            if row is None or (row["name"].strip(), row["value"].strip()) != (name, value):
                return False
        elif f"{name}: {verbatim_of(value, text)}" not in text:
            return False
    return True


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
    """Each right-hand side stands under its left-hand part, or is the value of its row."""
    if item.tags[:1] in (("table",), ("run",)):
        return _says(item, checks)
    return all(has_heading(checks.passage_at(item.doc_id, right), left) for left, right in item.pairs)


def pair_count(item: QuizItem) -> bool:
    """Three or four pairs."""
    return 3 <= len(item.pairs) <= 4


def each_side_found(item: QuizItem, checks: Checks, k: int) -> bool:
    """Searching with each right-hand side finds its passage; a table's rows and a run's
    sentences are read back by :func:`backed` (a document may repeat them, and searching finds
    either)."""
    if item.tags[:1] in (("table",), ("run",)):
        return True
    return all(
        checks.passage_at(item.doc_id, r).key in {x.key for x in checks.search(r)[:k]} for _, r in item.pairs
    )


KIND = Kind(
    build=build, backed=backed, option_count=pair_count, round_trip=each_side_found, balanced=False,
    missing="không có phần nào gồm từ ba mục con trở lên để ghép nối",
)
