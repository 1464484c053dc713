"""Readings that give what a trainer asks of real documents: the day new communes start to work
(a merger resolution), a second task closed by the same month (a notice of conclusions), the
tasks listed under "Giao <body>" (a decision publishing procedures), the eight steps of a
procedure's description; each asked alone, with the real generator and validator."""

from __future__ import annotations

import pytest
from tests.quiz.quiz_generated import FORTY, each_alone, generated, generator_for, realdocs_library

from index.library import Library
from index.settings import Settings
from quiz.generate import Generated
from quiz.order import sequences, shown_steps
from quiz.questions.deadline import limits
from quiz.questions.responsible import executors

NOTICE, MERGERS, PROCEDURES, STEPS = "634-tb-vpcp", "1663-nq-ubtvqh15", "2637-qd-ubnd", "1610-qd-ttpvhcc"


def test_a_start_date_is_a_limit_but_not_a_range_nor_a_clause_of_effect() -> None:
    found = limits("bảo đảm để chính quyền địa phương ở các đơn vị hành chính cấp xã hình thành sau sắp xếp "
                   "chính thức hoạt động từ ngày 01 tháng 7 năm 2025.")
    assert [(span.text, how) for span, how in found] == [("01 tháng 7 năm 2025", "start")]
    assert limits("(áp dụng từ ngày 19/02/2025 đến trước ngày 01/01/2026)") == []
    assert limits("Nghị định này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2025.") == []


@pytest.fixture(scope="module")
def notices(tmp_path_factory: pytest.TempPathFactory, settings: Settings, embedder) -> Library:  # noqa: ANN001
    # The same library as tests/quiz/test_effective.py's notice, so both share its items.
    return realdocs_library(tmp_path_factory.mktemp("notice"), settings, embedder, (NOTICE, "54-2025-tt-bct", "80-2025-qd-ubnd"))


@pytest.fixture(scope="module")
def decrees(tmp_path_factory: pytest.TempPathFactory, settings: Settings, embedder) -> Library:  # noqa: ANN001
    return realdocs_library(tmp_path_factory.mktemp("read"), settings, embedder, ("158-2025-nd-cp", MERGERS))


@pytest.fixture(scope="module")
def decisions(tmp_path_factory: pytest.TempPathFactory, settings: Settings, embedder) -> Library:  # noqa: ANN001
    # The same library as tests/quiz/test_yield.py.
    return realdocs_library(tmp_path_factory.mktemp("yield"), settings, embedder,
                            ("16-2025-nd-cp", "21-2025-tt-bgddt", "3005-qd-ubnd", PROCEDURES))


def test_the_day_merged_communes_start_to_work_is_asked(decrees: Library) -> None:
    items = each_alone(decrees, (MERGERS,))[MERGERS].items
    start = [i for i in items if i.type == "deadline" and "chính thức hoạt động từ ngày ____" in i.stem]
    assert [i.answer for i in start] == ["01 tháng 7 năm 2025"]
    assert start[0].explanation.startswith("Mốc thời gian văn bản nêu")


def test_a_month_closing_two_tasks_of_a_notice_is_asked_for_each(notices: Library) -> None:
    # Before: one item keyed "tháng 12 năm 2025", the notice's 19th item missing.
    result: Generated = each_alone(notices, (NOTICE,))[NOTICE]
    december = [i for i in result.items if i.type == "deadline" and i.answer == "tháng 12 năm 2025"]
    assert len(december) == 2
    assert len({i.source_text for i in december}) == 2


def test_a_target_year_is_asked_once_in_the_bundled_quiz(library: Library) -> None:
    years = [i.answer for i in generated(library, FORTY).items if i.type == "deadline" and i.answer.startswith("năm ")]
    assert len(years) == len(set(years))


def test_tasks_under_giao_a_body_are_that_bodys_among_those_charged_with_executing(decisions: Library) -> None:
    generator = generator_for(decisions)
    world = executors(generator.context, PROCEDURES)
    # The closing article's list, each named on its own ("Sở Khoa học và Công nghệ" whole, not
    # "tổ chức, cá nhân có liên quan").
    assert {"Chánh Văn phòng Ủy ban nhân dân tỉnh", "Giám đốc Sở Tư pháp", "Giám đốc Sở Khoa học và Công nghệ",
            "Chủ tịch Ủy ban nhân dân các xã, phường"} <= world
    assert not any("liên quan" in name for name in world)
    items = [i for i in each_alone(decisions, (PROCEDURES,))[PROCEDURES].items
             if i.type == "responsible" and "được giao nhiệm vụ sau" in i.stem]
    assert len(items) == 2
    for item in items:
        assert item.answer == "Giám đốc Sở Tư pháp"
        assert "cơ quan, chức danh nào" in item.stem
        assert set(item.options) <= world
        # A body the task names as a partner is not offered.
        assert not any(o in item.source_text for o in item.options)
        assert not generator.validator.check(item)


def test_eight_named_steps_are_ordered_by_their_first_five(tmp_path_factory: pytest.TempPathFactory,
                                                          settings: Settings, embedder) -> None:  # noqa: ANN001
    library = realdocs_library(tmp_path_factory.mktemp("steps"), settings, embedder, (STEPS,))
    described = [s for s in sequences(library.passages(STEPS)) if s.part == "Mô tả quy trình điện tử"]
    assert len(described) == 1 and len(described[0].steps) == 8
    assert [s.label for s in shown_steps(described[0])][:2] == ["Nộp hồ sơ", "Tiếp nhận hồ sơ"]
    items = [i for i in each_alone(library, (STEPS,))[STEPS].items if i.type == "order"]
    # Said once, as a trainer says it: not "5 bước đầu tiên của các bước trong …".
    assert len(items) == 1 and "thứ tự đúng của 5 bước đầu tiên trong “Mô tả quy trình điện tử” là:" in items[0].stem
