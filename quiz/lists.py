"""Questions on a part of a document and its list, as a trainer asks them:

- ``which``: "Nội dung nào sau đây thuộc “Mục tiêu cụ thể”?" — one statement of the part, three
  from its sibling parts;
- ``not_in``: "... KHÔNG thuộc “Nhiệm vụ, giải pháp ...”?" — three statements of the part, one
  from a sibling part;
- ``count``: "Phần “Các đột phá chiến lược” nêu bao nhiêu đột phá chiến lược?" — the number of
  sub-parts or numbered items of a part.

A statement is the opening sentence of an item (its task, target or measure), and a statement
from another part is only used when it belongs to that part alone (no rare phrase shared, search
ranks its own part first), so the key is never debatable.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Iterator

from index.records import PassageRecord
from quiz.items import QuizItem
from quiz.order import sequences
from quiz.questions.base import OPTIONS, Checks, Context, display, has_heading, quoted_heading
from quiz.sentences import Sentence
from quiz.source import coded, heading_label, part_headings
from quiz.statements import cut_from_lead, gives_part_away, leads, names_part, standalone

STATEMENT_WORDS = (6, 32)
COUNT_RANGE = (3, 9)
_NUMBERED = re.compile(r"\s*(?:\(\d+\)|\d+[.)]|[a-zđ]\))\s")
_PLURAL = re.compile(r"^(?:Các|Những)\s+(.+)$")
# Closing parts list who carries the document out, not what it is about.
_CLOSING = re.compile(r"thi hành|tổ chức thực hiện|trách nhiệm thực hiện|hiệu lực", re.IGNORECASE)
# The segmenter's names for the text around the body ("Phần kết", "Phụ lục") name no part of it,
# nor does a formula's legend ("Trong đó: Tdt: thời gian …").
_FRAME = re.compile(r"^(?:phần mở đầu|phần kết|phụ lục|trong đó)$", re.IGNORECASE)
_DANGLING = re.compile(r"\b(?:các|của|và|trong|là|được|có|theo|về|với|cho|tại|từ|khi)$", re.IGNORECASE)
_INTRO = re.compile(r"(?:sau đây|như sau|gồm|bao gồm|có (?:các )?(?:nhiệm vụ|trách nhiệm|quyền hạn)(?:, quyền hạn)?)$", re.IGNORECASE)
_ARTICLE = re.compile(r"(?:^|\.)Điều \d+(?:\.\d+)?$")
MAX_PART_WORDS = 14
# A plan names its groups of tasks at length ("Đẩy mạnh cải cách hành chính, đổi mới phong cách
# lãnh đạo, … của các cơ quan lãnh đạo của Đảng", 22 words): asked only to complete a quiz.
LONG_PART_WORDS = 24
_DASH = re.compile(r"^\s*[-–•+]\s+")
# How many opening words of a dash item the explanation shows.
BULLET_WORDS = 8


def is_part(heading: str, intro: bool = True, words: int = MAX_PART_WORDS) -> bool:
    """Whether a heading names a part a question can be about: a real title, not the opening
    words of a clause the segmenter took as a heading, and not a closing part. An item's lead-in
    ("... có các chức vụ sau đây") lists things too, but reads as no name of a part (``intro``).
    A title longer than ``words`` is more likely a clause (and a long option)."""
    label = heading_label(heading)
    return (
        not heading.endswith("…") and len(label.split()) <= words
        and not _DANGLING.search(label) and not _CLOSING.search(label) and not _FRAME.match(label)
        and (intro or not _INTRO.search(label)) and not coded(label)
    )


def child_headings(passages: Iterable[PassageRecord], parent: str) -> list[str]:
    """The full headings right under the heading shown as ``parent``, in document order
    (run-in headings cut with "…" are an item's first words, not sub-parts)."""
    children: list[str] = []
    for passage in passages:
        heads = part_headings(passage)
        for i, heading in enumerate(heads[:-1]):
            if heading_label(heading) == parent and heads[i + 1] not in children:
                children.append(heads[i + 1])
    return children


def lists_articles(passages: Iterable[PassageRecord], parent: str) -> bool:
    """Whether a part's sub-parts are articles (a law's chapter): how many articles a chapter
    has is not worth asking."""
    return any(
        _ARTICLE.search(p.section) for p in passages
        if len(part_headings(p)) >= 2 and heading_label(part_headings(p)[-2]) == parent
    )


def numbered_items(passages: Iterable[PassageRecord], group: str) -> list[int]:
    """The item numbers of the numbered items ("(1)", "1.", "a)") of a part with no sub-parts."""
    points: list[int] = []
    for passage in passages:
        heads = part_headings(passage)
        if heads and heading_label(heads[-1]) == group and passage.point and _NUMBERED.match(passage.text):
            if passage.point not in points:
                points.append(passage.point)
    return points


def members(passages: Iterable[PassageRecord], parent: str) -> list[str]:
    """What a part lists: its sub-parts, or else its numbered items (as their numbers); nothing
    when the part numbers steps ("Bước 1 … Bước 5") that its sub-parts do not all stand for (a
    step line left inside the previous step's passage): a count from that structure is wrong."""
    passages = list(passages)
    titled = child_headings(passages, parent)
    if titled and _untitled_children(passages, parent):
        # Some clauses have a title, others not ("7. Công bố tài liệu lưu trữ." beside "8. Triển
        # lãm, giới thiệu …, a) …"): counting the titled ones undercounts the part.
        return []
    listed = titled or [str(p) for p in numbered_items(passages, parent)]
    steps = next((len(s.steps) for s in sequences(passages) if s.part == parent), len(listed))
    return listed if steps == len(listed) else []


def bulleted(passages: Iterable[PassageRecord], parent: str) -> list[str]:
    """The opening words of each dash item ("- Tăng cường …") of a part that has neither sub-parts
    nor numbered items; nothing when one of its items is a plain paragraph (then the dashes are
    not all it lists) or introduces the items after it ("- Mẫu nước nguồn cấp:" over "+ Thủy lý …":
    the items stand at two levels, and a Word or PDF copy may give both levels the same mark)."""
    passages = list(passages)
    if child_headings(passages, parent) or numbered_items(passages, parent):
        return []
    items: dict[int, str] = {}
    for passage in sorted(passages, key=lambda p: p.order):
        heads = part_headings(passage)
        if not heads or heading_label(heads[-1]) != parent or passage.point is None or passage.point in items:
            continue
        if not _DASH.match(passage.text) or passage.text.rstrip().endswith(":"):
            return []
        words = _DASH.sub("", passage.text, count=1).split()
        items[passage.point] = " ".join(words[:BULLET_WORDS]) + (" …" if len(words) > BULLET_WORDS else "")
    return list(items.values())


def _untitled_children(passages: list[PassageRecord], parent: str) -> bool:
    """Whether a part holds numbered items of its own or run-in items (cut with "…") beside
    its titled sub-parts."""
    for passage in passages:
        heads = list(passage.headings)
        for i, heading in enumerate(heads[:-1]):
            if heading_label(heading) == parent and heads[i + 1].endswith("…"):
                return True
    return bool(numbered_items(passages, parent))


def noun(parent: str) -> str:
    """What a part lists, for the stem: "Các đột phá chiến lược" → "đột phá chiến lược"."""
    plural = _PLURAL.match(parent)
    if plural and len(plural.group(1).split()) <= 10:
        return plural.group(1)[:1].lower() + plural.group(1)[1:]
    lowered = parent.lower()
    for word in ("nhiệm vụ", "giải pháp", "mục tiêu", "chỉ tiêu", "yêu cầu", "quan điểm"):
        if lowered.startswith(word):
            return f"nhóm {word}" if "," in parent or " và " in parent else word
    return "nội dung"


def _statements(sentences: list[Sentence], wanted: set[int]) -> list[Sentence]:
    low, high = STATEMENT_WORDS
    return [
        s for s in sentences
        if id(s) in wanted and low <= s.words <= high and leads(s) and standalone(s.text) and not cut_from_lead(s)
    ]


def membership(ctx: Context, sources: list[Sentence], seed: int, negative: bool) -> Iterator[QuizItem | None]:
    """``not_in`` items when ``negative``, else ``which`` items."""
    wanted = {id(s) for s in sources}
    for doc_id in dict.fromkeys(s.passage.doc_id for s in sources):
        groups = ctx.groups(doc_id)
        for group, sentences in groups.items():
            if not is_part(group[-1]):
                continue
            siblings = [g for g in groups if g != group and g[:-1] == group[:-1]]
            # A statement that names its own part, or (as the key of "which") shares a
            # distinctive word with its name, gives the key away.
            names = [g[-1] for g in siblings]
            elsewhere = [s.text for g in siblings for s in groups[g]]
            inside = [
                s for s in _statements(sentences, wanted)
                if not names_part(s.text, group[-1])
                and (negative or not gives_part_away(ctx.pools, s.text, group[-1], names, elsewhere))
            ]
            need_inside = OPTIONS - 1 if negative else 1
            if not siblings or len(inside) < need_inside:
                continue
            rng = random.Random(f"{seed}|{'not' if negative else 'which'}|{doc_id}|{group}")
            rng.shuffle(inside)
            outside = []
            for other in siblings:
                # Not from a closing part ("Trách nhiệm thi hành"): plainly of another kind.
                if not is_part(other[-1]):
                    continue
                for s in _statements(groups[other], wanted):
                    # It must belong to its own part only, never to the part asked about.
                    if ctx.distinct(s, other, [group], groups):
                        outside.append(s)
                        break
            rng.shuffle(outside)
            need_outside = 1 if negative else OPTIONS - 1
            if len(outside) < need_outside:
                yield None
                continue
            keys = inside[:need_inside] if negative else outside[:need_outside]
            odd = outside[0] if negative else inside[0]
            # One statement per passage, so no option gives another away; nor its form (a
            # heading among cost lines "Thuê dịch vụ tin nhắn: 50.000.000 đồng/năm").
            if len({s.passage.key for s in [*keys, odd]}) < OPTIONS or _odd_form(odd.text, [k.text for k in keys]):
                continue
            yield _membership_item(ctx, doc_id, group, odd, keys, negative, seed)


def _odd_form(odd: str, others: list[str]) -> bool:
    """Whether the odd option alone has (or alone lacks) figures or a "label: value" form."""
    def form(text: str) -> tuple[bool, bool]:
        return bool(re.search(r"\d", text)), bool(re.match(r"[^:]{2,60}:\s", text))

    shapes = {form(o) for o in others}
    return len(shapes) == 1 and form(odd) not in shapes


def _membership_item(ctx: Context, doc_id: str, group: tuple[str, ...], odd: Sentence, others: list[Sentence],
                     negative: bool, seed: int) -> QuizItem:
    part = heading_label(group[-1])
    answer = display(odd.text)
    distractors = [display(s.text) for s in others]
    if negative:
        stem = f"Theo {ctx.labels[doc_id]}, nội dung nào sau đây KHÔNG thuộc “{part}”?"
        why = f"“{answer}” thuộc “{heading_label(_own(odd))}” ({odd.passage.citation}), không thuộc “{part}”."
    else:
        stem = f"Theo {ctx.labels[doc_id]}, nội dung nào sau đây thuộc “{part}”?"
        why = f"“{answer}” thuộc “{part}” ({odd.passage.citation}); các phương án khác thuộc phần khác."
    return ctx.item(
        "not_in" if negative else "which", odd, stem, answer, distractors,
        f"{why} Văn bản nêu: “{odd.text}”", ("list",), ctx.text_difficulty(answer, distractors), seed,
    )


def membership_backed(item: QuizItem, checks: Checks) -> bool:
    """The key is (``which``) or is not (``not_in``) in the part the stem names, every other
    option the other way round."""
    group = quoted_heading(item.stem)
    inside = {o: has_heading(checks.passage_at(item.doc_id, o), group) for o in item.options}
    want = item.type == "which"
    return all(inside[o] == (want if o == item.answer else not want) for o in item.options)


def three_or_four(item: QuizItem) -> bool:
    """Three or four statements to choose from."""
    return 3 <= len(item.options) <= 4


def every_option_found(item: QuizItem, checks: Checks, k: int) -> bool:
    """Searching with each option finds its own passage."""
    return all(
        checks.passage_at(item.doc_id, o).key in {x.key for x in checks.search(o)[:k]} for o in item.options
    )

def _own(sentence: Sentence) -> str:
    heads = part_headings(sentence.passage)
    return heads[-1] if heads else ""
