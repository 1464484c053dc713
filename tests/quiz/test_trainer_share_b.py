"""Trainer items that the checks used to leave out or the readings missed, on real documents with
the real generator and validator: the time limits of two procedures whose names differ by one
word ("Bổ nhiệm …", "Miễn nhiệm …": the word is the point of the question), the body a closing
article charges that leads a task ("____ chủ trì đảm bảo các điều kiện kỹ thuật …", offered among
the executors named with the units under them), and a maximum period written in words then
figures ("không quá mười (10) ngày làm việc")."""

from __future__ import annotations

import re

import pytest
from tests.quiz.quiz_generated import each_alone, generator_for, realdocs_library

from index.library import Library
from index.settings import Settings
from quiz.questions.registry import KINDS
from quiz.questions.responsible import executors

PROCEDURES, STEPS, GLOSSARY = "3005-qd-ubnd", "1610-qd-ttpvhcc", "80-2025-qd-ubnd"


@pytest.fixture(scope="module")
def decisions(tmp_path_factory: pytest.TempPathFactory, settings: Settings, embedder) -> Library:  # noqa: ANN001
    # The library tests/quiz/test_yield.py builds, shared with it.
    return realdocs_library(tmp_path_factory.mktemp("yield"), settings, embedder,
                            ("16-2025-nd-cp", "21-2025-tt-bgddt", PROCEDURES, "2637-qd-ubnd"))


@pytest.fixture(scope="module")
def described(tmp_path_factory: pytest.TempPathFactory, settings: Settings, embedder) -> Library:  # noqa: ANN001
    # The library tests/quiz/test_trainer_share.py builds, shared with it.
    return realdocs_library(tmp_path_factory.mktemp("steps"), settings, embedder, (STEPS,))


@pytest.fixture(scope="module")
def notices(tmp_path_factory: pytest.TempPathFactory, settings: Settings, embedder) -> Library:  # noqa: ANN001
    # The library tests/quiz/test_trainer_readings.py builds, shared with it.
    return realdocs_library(tmp_path_factory.mktemp("notice"), settings, embedder,
                            ("634-tb-vpcp", "54-2025-tt-bct", GLOSSARY))


def _candidates(library: Library, kind: str, doc_id: str) -> list:  # noqa: ANN401 - quiz items
    generator = generator_for(library)
    sources = [s for s in generator.sentences if s.passage.doc_id == doc_id]
    return [i for i in KINDS[kind].build(generator.context, sources, 1) if i is not None]


def test_the_time_limits_of_two_procedures_named_apart_are_both_asked(decisions: Library) -> None:
    generator = generator_for(decisions)
    periods = [i for i in _candidates(decisions, "procedure", PROCEDURES) if "thời hạn" in i.stem]
    assert {i.answer for i in periods} == {"20", "10"}
    first, second = periods
    # Stems one word apart, each naming its procedure: two facts, not one asked twice.
    assert not generator.validator.too_close(first, [second])
    # The same procedure asked again is still too close.
    assert generator.validator.too_close(first, [first])
    items = [i for i in each_alone(decisions, (PROCEDURES,))[PROCEDURES].items if i.type == "procedure"]
    asked = {re.search(r"“([^”]+)”", i.stem)[1]: i.answer for i in items}
    assert asked == {"Bổ nhiệm giám định viên pháp y và pháp y tâm thần": "20",
                     "Miễn nhiệm giám định viên pháp y và pháp y tâm thần": "10"}


def test_the_body_leading_a_task_of_the_closing_articles_is_asked_among_the_executors(described: Library) -> None:
    generator = generator_for(described)
    # Named on their own, without the units under them, and the tax authority by its name.
    assert {"Thuế Thành phố Hà Nội", "Văn phòng Đăng ký đất đai Hà Nội", "Sở Nông nghiệp và Môi trường",
            "Trung tâm Phục vụ hành chính công Thành phố"} <= executors(generator.context, STEPS)
    assert not any("(" in name for name in executors(generator.context, STEPS))
    items = [i for i in _candidates(described, "responsible", STEPS) if "chủ trì đảm bảo các điều kiện kỹ thuật" in i.stem]
    assert len(items) == 1
    item = items[0]
    assert item.answer == "Trung tâm Phục vụ hành chính công Thành phố"
    assert {"Thuế Thành phố Hà Nội", "Văn phòng Đăng ký đất đai Hà Nội"} <= set(item.options)
    assert generator.validator.check(item) == []
    # Picked (its options in another order: the keys' places are balanced over the quiz).
    assert item.id in {i.id for i in each_alone(described, (STEPS,))[STEPS].items}


def test_a_maximum_period_in_words_then_figures_is_asked_in_that_form(notices: Library) -> None:
    generator = generator_for(notices)
    items = [i for i in _candidates(notices, "deadline", GLOSSARY) if i.answer == "mười (10) ngày làm việc"]
    assert len(items) == 1
    item = items[0]
    assert "tối đa không quá ____ kể từ ngày tiếp nhận" in item.stem
    # Every option in the key's own form: words, then the figures in brackets.
    assert all(re.fullmatch(r"[^\d()]+ \(\d+\) ngày làm việc", o) for o in item.options)
    assert generator.validator.check(item) == []
