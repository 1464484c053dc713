"""What a trainer asks of a plan's structure and mottos (``position``, ``motto``), and the
count and slogan items a strict reading threw away, on the bundled corpus with the real model."""

from __future__ import annotations

import dataclasses
import random
import re

import pytest
from tests.quiz.quiz_generated import generated, generator_for

from index.library import Library
from quiz.generate import Generator, Request
from quiz.items import QuizItem
from quiz.questions.motto import variants
from quiz.questions.registry import KINDS

PLAN = "kh-230-tu-2023-chuyende2"
CONGRESS = "nq-dh13-2021"


def _candidates(generator: Generator, kind: str, doc_id: str, second: bool = False) -> list[QuizItem]:
    sources = [s for s in generator.sentences if s.passage.doc_id == doc_id]
    build = KINDS[kind].more if second else KINDS[kind].build
    assert build is not None
    return [i for i in build(generator.context, sources, 1) if i is not None]


@pytest.fixture(scope="module")
def generator(library: Library) -> Generator:
    return generator_for(library)


def test_a_slogan_of_contrasts_is_not_blanked_a_row_of_quoted_terms_is(generator: Generator) -> None:
    answers = {i.answer for i in _candidates(generator, "fill_blank", PLAN)}
    # "có vào, có ra, có lên, ____": "có lúc", "có nơi", "có được" were its options.
    assert "có xuống" not in answers
    assert "tự chuyển hóa" in answers


def test_a_part_whose_name_says_nothing_of_what_it_lists_is_not_counted(generator: Generator) -> None:
    stems = {i.stem for i in _candidates(generator, "count", CONGRESS)} | {i.stem for i in _candidates(generator, "count", PLAN)}
    # Seven titled sub-parts, each with its own lists: "how many contents" has no one answer.
    assert not any("“Tầm nhìn và định hướng phát triển”" in s for s in stems)
    assert "Theo Kế hoạch số 230-KH/TU, phần “Nhiệm vụ, giải pháp” nêu bao nhiêu nhóm nhiệm vụ?" in stems


def test_the_group_of_tasks_a_plan_opens_with_is_asked_among_its_other_groups(library: Library, generator: Generator) -> None:
    assert _candidates(generator, "position", PLAN) == []  # a second choice only
    (item,) = _candidates(generator, "position", PLAN, second=True)
    assert item.stem == "Theo Kế hoạch số 230-KH/TU, nhóm nhiệm vụ nào được nêu đầu tiên trong phần “Nhiệm vụ, giải pháp”?"
    text = library.document_text(PLAN)
    groups = [line.split(". ", 1)[1].strip() for line in text[text.index("IV. NHIỆM VỤ"):].splitlines()
              if re.match(r"\d\. ", line)]
    assert len(groups) == 6 and item.answer == groups[0]
    assert set(item.options) <= set(groups) and len(item.options) == 4
    assert generator.validator.check(item) == []
    # The validator recomputes the key: the second group is refused.
    moved = dataclasses.replace(item, answer=groups[1], options=(groups[1], *[o for o in item.options if o != groups[1]][:3]))
    assert "answer_not_in_source" in generator.validator.check(moved)


def test_a_motto_is_asked_whole_among_itself_a_part_short_or_two_parts_swapped(generator: Generator) -> None:
    (plan,) = _candidates(generator, "motto", PLAN, second=True)
    assert plan.answer == "Dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng"
    (congress,) = _candidates(generator, "motto", CONGRESS, second=True)
    assert congress.answer == "dân giàu, nước mạnh, dân chủ, công bằng, văn minh"
    for item in (plan, congress):
        assert generator.validator.check(item) == []
        parts = item.answer.split(", ")
        for option in (o for o in item.options if o != item.answer):
            shown = option.split(", ")
            assert shown[0] == parts[0] and set(shown) <= set(parts)
            assert len(shown) == len(parts) - 1 or sorted(shown) == sorted(parts) and shown != parts
    # Four parts of paired contrasts are no motto to ask this way ("có vào, có ra, có lên, có xuống").
    assert not any("có xuống" in i.answer for i in _candidates(generator, "motto", PLAN, second=True))


def test_motto_variants_differ_from_the_motto_and_from_each_other() -> None:
    parts = ["Dân biết", "dân bàn", "dân làm", "dân kiểm tra", "dân giám sát"]
    for seed in range(20):
        wrong = variants(parts, random.Random(seed))
        assert len(set(wrong)) == 3 and ", ".join(parts) not in wrong
        assert all(w.startswith("Dân biết, ") for w in wrong)


def test_the_plan_alone_gives_its_motto_and_first_group_and_no_item_thrown_away(library: Library) -> None:
    items = generated(library, Request(n=30, seed=1, doc_ids=(PLAN,))).items
    kinds = {i.type for i in items}
    assert {"motto", "position"} <= kinds
    assert not any(i.answer == "có xuống" or "“Về công tác cán bộ” nêu bao nhiêu" in i.stem for i in items)
    assert len(items) >= 24
