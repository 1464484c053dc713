"""A procedure laid out as a table of steps ("TT: B4; Trình tự: …; Trách nhiệm: …; Thời gian: …",
a Quyết định publishing internal procedures): its steps are ordered, and who carries out a step
and how long it takes are asked; with the real generator and validator on the real document
(tests/data/realdocs, kept as found)."""

from __future__ import annotations

import dataclasses
import re

import pytest
from tests.quiz.quiz_generated import each_alone, generator_for, realdocs_library

from index.library import Library
from index.settings import Settings
from quiz.generate import Generated
from quiz.order import sequences, shown_steps, step_tables

PROCEDURES = "3005-qd-ubnd"
# The library of tests/quiz/test_yield.py, so both share it and its items.
NAMES = ("16-2025-nd-cp", "21-2025-tt-bgddt", PROCEDURES, "2637-qd-ubnd")


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory, settings: Settings, embedder) -> Library:  # noqa: ANN001
    return realdocs_library(tmp_path_factory.mktemp("step"), settings, embedder, NAMES)


@pytest.fixture(scope="module")
def per_doc(library: Library) -> dict[str, Generated]:
    return each_alone(library, (PROCEDURES,))


def test_a_table_of_steps_is_read_as_an_ordered_part(library: Library) -> None:
    passages = library.passages(PROCEDURES)
    tables = step_tables(passages)
    # Two procedures, each with its table of eight steps; the list of procedures ("TT: 1; Tên
    # thủ tục …") numbers rows but names no steps.
    assert [len(rows) for _, rows in tables] == [8, 8]
    assert [r.code for r in tables[0][1]] == [f"B{n}" for n in range(1, 9)]
    assert tables[0][1][3].label == "Xem xét nội dung hồ sơ"  # the cell's head, not its "- Nếu …" cases
    assert tables[0][1][3].cells["Trách nhiệm"] == "Công chức xử lý hồ sơ"
    # Both tables are named "Quy trình xử lý công việc" and list the same steps: one sequence.
    ordered = [s for s in sequences(passages) if s.part == "Quy trình xử lý công việc"]
    assert len(ordered) == 1 and len(ordered[0].steps) == 8
    # B5 "Xem xét các kết quả thực hiện tại B4" says its own place: the ordering stops before it.
    assert [s.label for s in shown_steps(ordered[0])] == [
        "Tiếp nhận hồ sơ", "Chuyển hồ sơ về Sở Y tế (phòng Tổ chức hành chính)",
        "Phân công công chức xử lý hồ sơ", "Xem xét nội dung hồ sơ",
    ]


def test_who_carries_out_a_step_and_how_long_it_takes_are_asked(library: Library, per_doc: dict[str, Generated]) -> None:
    result = per_doc[PROCEDURES]
    # 11 of the 20 asked before the table of steps was read.
    assert len(result.items) >= 18, (len(result.items), result.rejected)
    steps = [i for i in result.items if i.type == "step"]
    assert any(i.type == "order" and "Quy trình xử lý công việc" in i.stem for i in result.items)
    assert {"ai chịu trách nhiệm", "thời gian thực hiện"} <= {k for i in steps for k in ("ai chịu trách nhiệm", "thời gian thực hiện") if k in i.stem}
    posts = {"Công chức TN&TKQ", "Văn thư", "Lãnh đạo Phòng TCHC", "Công chức xử lý hồ sơ", "Lãnh đạo Sở"}
    validator = generator_for(library).validator
    for item in steps:
        assert validator.check(item) == [], (item.stem, validator.check(item))
        step = re.search(r"bước “([^”]+)”", item.stem)[1]
        row = next(r for _, rows in step_tables(library.passages(PROCEDURES)) for r in rows
                   if r.passage.key == item.passage_key)
        assert row.label == step
        if "ai chịu trách nhiệm" in item.stem:
            assert item.answer == row.cells["Trách nhiệm"] and set(item.options) <= posts
        else:
            # Bare numbers, the unit in the stem: the document's other step times.
            assert row.cells["Thời gian"] == f"{item.answer} ngày"
            assert set(item.options) <= {"0,5", "01", "02", "07", "15"}
        # A step the two procedures give alike is asked by the table's name alone; one they give
        # otherwise ("Xem xét nội dung hồ sơ": 15 days, 07 days) names the procedure.
        qualified = "về “" in item.stem
        assert qualified == (step in ("Xem xét nội dung hồ sơ", "Đóng dấu, phát hành văn bản")
                             and "thời gian" in item.stem), item.stem


def test_a_step_item_with_another_key_is_rejected(library: Library, per_doc: dict[str, Generated]) -> None:
    validator = generator_for(library).validator
    item = next(i for i in per_doc[PROCEDURES].items if i.type == "step")
    wrong = dataclasses.replace(item, answer=next(o for o in item.options if o != item.answer))
    assert "answer_not_in_source" in validator.check(wrong)


def test_tables_that_name_no_steps_are_not_read_as_steps(library: Library) -> None:
    # Tables of procedures ("TT: 1; Tên thủ tục …"), of allowances, of articles: rows numbered,
    # none naming a step.
    for name in NAMES:
        if name != PROCEDURES:
            assert step_tables(library.passages(name)) == [], name
