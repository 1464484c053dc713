"""``where``: which part of the document a statement belongs to; options are its part and
sibling parts (or parts at the same depth)."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from corpus.cite import numbered_components, section_components
from quiz.items import QuizItem
from quiz.lists import LONG_PART_WORDS, MAX_PART_WORDS, is_part
from quiz.questions.base import OPTIONS, Checks, Context, Kind, display, group_of, has_heading, times
from quiz.questions.responsible import body_heading
from quiz.sentences import Sentence
from quiz.source import heading_label
from quiz.statements import fragment, gives_part_away, lost_subject, names_part, standalone

STATEMENT_WORDS = (12, 45)
# A clause that only sends the reader elsewhere ("Các nội dung không quy định trong Quy định này
# thì thực hiện theo quy định của Luật Lưu trữ."): it belongs to no part by what it says.
_CATCH_ALL = re.compile(
    r"\b(?:không|chưa)(?: được)? (?:quy định|đề cập|nêu)\b.*\b(?:thực hiện|áp dụng|xử lý) theo\b", re.IGNORECASE,
)
# Articles every legal text has in fixed places (Điều 1 "Phạm vi điều chỉnh", Điều 2 "Đối tượng
# áp dụng", the last "Hiệu lực thi hành").
_FIXED_PLACE = re.compile(r"^(?:phạm vi điều chỉnh|đối tượng áp dụng|giải thích từ ngữ|hiệu lực|điều khoản chuyển tiếp)",
                          re.IGNORECASE)
# Of those, the articles whose sentences say by their form where they stand: what the text
# governs ("Quy định này quy định về …"), whom it applies to ("… áp dụng đối với …"), what a term
# means ("… là …", "… gồm có …"). Asking which article holds one of them is no question.
_TOLD_BY_FORM = re.compile(r"^(?:phạm vi điều chỉnh|đối tượng áp dụng|giải thích từ ngữ)", re.IGNORECASE)
# A list's item ("c) Thời gian được tính hoàn thành đủ số tiết dạy …") after the lead-in that
# says what it lists ("9. Thời gian … được tính …, bao gồm:"): alone it is a noun phrase.
_ITEM_MARK = re.compile(r"\s*(?:[a-zđ]\)|[-–•+])\s")
_ENUMERATES = re.compile(r"\b(?:bao gồm|gồm có|gồm|là)\s*:\s*$")
# Parts that state what the activities are for: an objective often restates an activity.
_GOALS = re.compile(r"^(?:mục tiêu|mục đích|yêu cầu|quan điểm|định hướng|nguyên tắc)\b", re.IGNORECASE)


def build(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """One item per statement that belongs to one part only."""
    return _build(ctx, sources, seed)


def more(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """For a statement the nearest parts could also hold (a plan whose groups of tasks all "đổi
    mới, nâng cao …" share its words), or under a part named at length: options among the other
    parts it is told apart from."""
    done = {(i.passage_key, i.source_text) for i in build(ctx, sources, seed) if i is not None}
    return _build(ctx, sources, seed, second=done)


def _build(ctx: Context, sources: list[Sentence], seed: int,
           second: set[tuple[str, str]] | None = None) -> Iterator[QuizItem | None]:
    """Items on the first choice of options, or (``second``: the statements asked that way) on
    the parts each other statement is told apart from."""
    low, high = STATEMENT_WORDS
    words = MAX_PART_WORDS if second is None else LONG_PART_WORDS
    for doc_id in dict.fromkeys(s.passage.doc_id for s in sources):
        groups = ctx.groups(doc_id)
        # Parts whose siblings are named after bodies ("Sở Tài chính", "UBND các xã/phường",
        # "Các cơ sở sản xuất giống, NTTS thương phẩm") hold each body's tasks: asked as
        # ``responsible``, and no options for a part named after a topic.
        of_bodies = {g[:-1] for g in groups if body_heading(g[-1])}
        topics = {
            g: v for g, v in groups.items() if is_part(g[-1], intro=False, words=words) and g[:-1] not in of_bodies
        }
        led = _led_items(ctx, doc_id)
        for sentence in sources:
            if sentence.passage.doc_id != doc_id or not (low <= sentence.words <= high):
                continue
            if second is not None and (sentence.passage.key, sentence.text) in second:
                continue
            group = group_of(sentence.passage)
            if not group or group not in topics or names_part(sentence.text, group[-1]):
                continue
            # A clause cut from a longer sentence that opens on a linking word says nothing on
            # its own, nor one that lost its subject ("…; hoàn thành tốt nhiệm vụ được giao" of
            # "Mọi đảng viên phải …").
            if fragment(sentence.text) or lost_subject(sentence) or not standalone(sentence.text):
                continue
            if sentence.passage.key in led and _ITEM_MARK.fullmatch(sentence.passage.text[: sentence.start - sentence.passage.start]):
                continue
            # No article of fixed place beside an article of the body: it is ruled out by its
            # place, and the key is the one option left (a statement the body's other articles
            # could hold as well is no question).
            offered = topics
            if not _FIXED_PLACE.match(heading_label(group[-1])):
                offered = {g: v for g, v in topics.items() if not _FIXED_PLACE.match(heading_label(g[-1]))}
            if _CATCH_ALL.search(sentence.text):
                continue
            rng = random.Random(f"{seed}|where|{sentence.passage.key}|{sentence.start}")
            if second is not None:
                # Only numbered parts (a label inside one, "Trong đó", "ANM", "Bản chính", is
                # read from the layout, not named by the document), and of them only the parts it
                # shares no phrase with and search ranks below its own.
                if not _numbered(group, topics[group]):
                    continue
                # A part among enough siblings (a group of tasks) is asked among them only: a part
                # of another branch ("Mục đích", "Yêu cầu" beside groups of tasks) would be told
                # from the key by its place, not by what the statement says. A part with fewer
                # siblings ("Yêu cầu" beside "Mục đích") takes parts of the same depth.
                siblings = {g[: len(group)] for g in groups if g[: len(group) - 1] == group[:-1]} - {group}
                among_siblings = len(siblings) >= OPTIONS - 1
                topics_apart = {
                    g: v for g, v in offered.items()
                    if g == group or ((not among_siblings or g[:-1] == group[:-1]) and _numbered(g, v)
                                      and ctx.distinct(sentence, group, [g], groups))
                }
                option_groups = ctx.option_groups(group, topics_apart, rng)
                if len(option_groups) < 3 or not ctx.distinct(sentence, group, option_groups[1:], groups):
                    continue
            else:
                option_groups = ctx.option_groups(group, offered, rng)
                if len(option_groups) < 3:
                    continue
                if not ctx.distinct(sentence, group, option_groups[1:], groups):
                    yield None
                    continue
            other_texts = [s.text for g in option_groups[1:] for s in groups.get(g, [])]
            if gives_part_away(ctx.pools, sentence.text, group[-1], [g[-1] for g in option_groups[1:]], other_texts):
                continue
            answer = heading_label(group[-1])
            others = [heading_label(g[-1]) for g in option_groups[1:]]
            # An objective that restates an activity ("Cập nhật số liệu quan trắc …" under "Mục
            # tiêu cụ thể", beside "Xử lý số liệu, thông tin, …") fits that activity's part too.
            if _GOALS.match(answer) and any(
                gives_part_away(ctx.pools, sentence.text, o, [answer, *(x for x in others if x != o)]) for o in others
            ):
                continue
            parents = {g[:-1] for g in option_groups}
            label = ctx.labels[doc_id]
            where = (
                f"mục nào của phần “{heading_label(group[-2])}”" if len(parents) == 1 and len(group) > 1
                else "phần nào"
            )
            yield ctx.item(
                "where", sentence, f"Theo {label}, nội dung sau thuộc {where}? {display(sentence.text)}",
                answer, others, f"Nội dung này thuộc “{answer}”: “{sentence.text}”", ("section",),
                ctx.text_difficulty(answer, others), seed,
            )


def _led_items(ctx: Context, doc_id: str) -> set[str]:
    """The passages of a document that are items of a list its lead-in enumerates ("9. …, bao
    gồm:" then "a) …", "b) …" under it), by key; a list of tasks or cases ("… như sau:") holds
    sentences of their own."""
    passages = [p for p in ctx.passages if p.doc_id == doc_id]
    leads = {p.section for p in passages if p.section and _ENUMERATES.search(p.text)}
    return {p.key for p in passages if _ITEM_MARK.match(p.text) and p.section.rpartition(".")[0] in leads}


def _numbered(group: tuple[str, ...], sentences: list[Sentence]) -> bool:
    """Whether a part is one the document numbers ("IV.", "3.1.", "Điều 5"): its passages' section
    paths are numbers only, and it is no deeper than they are."""
    for sentence in sentences:
        numbered = numbered_components(sentence.passage.section)
        if len(numbered) < len(section_components(sentence.passage.section)) or len(group) > len(numbered):
            return False
    return bool(sentences)


def backed(item: QuizItem, checks: Checks) -> bool:
    """The source passage stands under the part given as key."""
    return has_heading(checks.lib.passage(item.passage_key), item.answer)


def not_told_by_form(item: QuizItem) -> bool:
    """Whether the key is an article a statement's form does not tell (:data:`_TOLD_BY_FORM`)."""
    return not _TOLD_BY_FORM.match(item.answer)


def three_or_four(item: QuizItem) -> bool:
    """Three or four parts to choose from (a part may have only two siblings)."""
    return 3 <= len(item.options) <= 4


KIND = Kind(
    build=build, backed=backed, option_count=three_or_four, hides_answer=not_told_by_form,
    key_repeats=times(3), more=more,
    missing="tài liệu không chia thành các phần, mục có tên riêng để hỏi nội dung thuộc phần nào",
)
