"""A varied quiz: no kind takes more than about a third of a quiz while other kinds have usable
items left, and a document that has little else still gives the items asked (the bundled corpus
and real documents, with the real generator and validator)."""

from __future__ import annotations

from collections import Counter

import pytest
from tests.quiz.quiz_generated import FORTY, each_alone, generated, generator_for, realdocs_library

import quiz.generate
from index.library import Library
from index.settings import Settings
from quiz.generate import MIX, Generated, Request

# A Party Quy định whose articles assign tasks (10 of its 20 items were "who" before the share),
# a provincial plan, a Quyết định issuing a Quy định (the library of tests/quiz/test_usable.py).
RULES, PLAN, DECISION = "383-qd-tw", "0134-kh-ubnd", "80-2025-qd-ubnd"


@pytest.fixture(scope="module")
def realdocs(tmp_path_factory: pytest.TempPathFactory, settings: Settings, embedder) -> Library:  # noqa: ANN001
    return realdocs_library(tmp_path_factory.mktemp("usable"), settings, embedder, (PLAN, RULES, DECISION, "1486-qd-ubnd"))


@pytest.fixture(scope="module")
def quizzes(realdocs: Library) -> dict[str, Generated]:
    return each_alone(realdocs, (PLAN, RULES, DECISION))


def _most(items: list) -> tuple[str, int]:  # noqa: ANN001 - QuizItem
    return Counter(i.type for i in items).most_common(1)[0]


def test_no_kind_takes_more_than_its_share_of_the_bundled_quiz(library: Library) -> None:
    # Before: 14 of 30 were "which part" items (seed 1); the other kinds had usable items left.
    result = generated(library, Request(n=30, seed=1))
    assert len(result.items) == 30
    kind, count = _most(result.items)
    assert count <= round(30 * MIX), (kind, count)
    assert len(Counter(i.type for i in result.items)) >= 8


def test_the_bundled_forty_still_come_whole(library: Library) -> None:
    result = generated(library, FORTY)
    assert len(result.items) == 40
    assert _most(result.items)[1] <= round(40 * MIX)


def test_a_document_of_many_tasks_gives_other_kinds_too(quizzes: dict[str, Generated]) -> None:
    # Before: 10 of the Quy định's 20 items asked who does a task.
    for doc, result in quizzes.items():
        assert len(result.items) == 20, (doc, result.rejected)
        kind, count = _most(result.items)
        assert count <= round(20 * MIX), (doc, kind, count)


def test_the_share_never_lowers_the_yield(realdocs: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    # More asked than the Quy định has: the kinds past their share complete the quiz, as many as
    # without the share.
    request = Request(n=40, seed=1, doc_ids=(RULES,))
    capped = generator_for(realdocs).generate(request)
    assert _most(capped.items)[1] > round(40 * MIX)
    # A quiz of one kind only is all of that kind.
    only = generator_for(realdocs).generate(Request(n=8, seed=1, doc_ids=(RULES,), types=("responsible",)))
    assert len(only.items) == 8
    monkeypatch.setattr(quiz.generate, "MIX", 1.0)
    free = generator_for(realdocs).generate(request)
    assert len(capped.items) >= len(free.items)
