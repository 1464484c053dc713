"""What a normative text sets that a trainer asks: what a formula's symbol stands for, read from
the legend a rule sets under it ("Trong đó:", then "rd:" on a line of its own and its meaning), a
threshold another clause repeats, a year counted across a new year; with the real generator and
validator on an amending circular whose rules are such formulas (tests/data/realdocs, kept as
found)."""

from __future__ import annotations

import dataclasses
import random

import pytest
from tests.quiz.quiz_generated import each_alone, generator_for, realdocs_library

from index.library import Library
from index.settings import Settings
from quiz.generate import Generated
from quiz.questions.amount import amounts, first_clause
from quiz.questions.deadline import distractors, limits
from quiz.questions.symbol import legend_row, meaning
from quiz.questions.threshold import own_clause, thresholds
from quiz.sentences import Sentence

CIRCULAR = "54-2025-tt-bct"
# The library of tests/quiz/test_yield.py, tests/quiz/test_effective.py and
# tests/quiz/test_long_sentences.py, shared with them.
DOCS = ("634-tb-vpcp", CIRCULAR, "80-2025-qd-ubnd")


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory, settings: Settings, embedder) -> Library:  # noqa: ANN001
    return realdocs_library(tmp_path_factory.mktemp("notice"), settings, embedder, DOCS)


@pytest.fixture(scope="module")
def alone(library: Library) -> Generated:
    return each_alone(library, (CIRCULAR,))[CIRCULAR]


def test_a_legend_row_names_its_symbol_and_formula() -> None:
    text = ("“5. Tỷ suất chiết khấu tài chính i (%) áp dụng chi phí sử dụng vốn bình quân gia quyền "
            "được xác định theo công thức sau:\n\nTrong đó:\n\nD:\n\nTỷ lệ vốn vay trong tổng mức đầu tư (%);\n\n"
            "nD:\n\nThời gian trả nợ vay bình quân là 10 năm;\n")
    assert legend_row(text, text.index("Thời gian")) == ("nD", "Tỷ suất chiết khấu tài chính i")
    assert legend_row(text, text.index("Tỷ lệ vốn")) == ("D", "Tỷ suất chiết khấu tài chính i")
    # A line of prose is no row, and a row of another clause's legend is not this formula's.
    assert legend_row(text, text.index("Tỷ suất")) is None
    assert legend_row(text.replace("Trong đó:", "6. Sửa đổi khoản 6 như sau:"), text.index("Thời gian")) is None
    assert meaning("Thời gian trả nợ vay bình quân là 10 năm") == "Thời gian trả nợ vay bình quân"
    assert meaning("Tỷ lệ vốn vay nội tệ (Đồng Việt Nam) trong tổng vốn vay được quy định tại Phụ lục (%);") == (
        "Tỷ lệ vốn vay nội tệ trong tổng vốn vay")


def test_an_amending_circular_of_formulas_asks_what_its_symbols_stand_for(library: Library, alone: Generated) -> None:
    # 54/2025/TT-BCT rewrites four formulas of two circulars, each with a legend of symbols; it
    # gave 7 items of 20 when only its sentences were read.
    symbols = [i for i in alone.items if i.type == "symbol"]
    assert len(alone.items) >= 18 and len(symbols) >= 6, (len(alone.items), alone.rejected)
    validator = generator_for(library).validator
    text = library.document_text(CIRCULAR)
    for item in symbols:
        assert validator.check(item) == [] and item.source_text in text
        # Never a symbol that names a formula of its own: another item's stem would give it.
        assert "ký hiệu “i”" not in item.stem and "ký hiệu “rd”" not in item.stem
        wrong = next(o for o in item.options if o != item.answer)
        assert "answer_not_in_source" in validator.check(dataclasses.replace(item, answer=wrong))
    keys = {i.answer for i in symbols}
    # A pair several legends give is asked one way round only.
    assert not ({"n", "Đời sống kinh tế của nhà máy điện"} <= keys)
    e = [i for i in symbols if "ký hiệu “E”" in i.stem]
    if e:
        assert e[0].answer == "Tỷ lệ vốn góp chủ sở hữu trong tổng mức đầu tư"
        assert "“Tỷ suất chiết khấu tài chính i”" in e[0].stem


def test_a_threshold_repeated_by_another_clause_is_asked_in_its_own() -> None:
    text = ("Trường hợp nghỉ từ 03 ngày trở lên trong 01 tuần thì tuần đó không được tính vào số tuần thực dạy; "
            "trường hợp nghỉ dưới 03 ngày trong 01 tuần thì tuần đó được tính vào số tuần thực dạy.")
    sentence = Sentence(text, 100, None)  # type: ignore[arg-type]
    clause, span = own_clause(sentence, thresholds(text)[0])
    assert clause.text == "Trường hợp nghỉ từ 03 ngày trở lên trong 01 tuần thì tuần đó không được tính vào số tuần thực dạy"
    assert clause.start == 100 and clause.text[span.start : span.end] == "03 ngày"


def test_a_year_counted_across_a_new_year_is_asked_whole() -> None:
    text = ("Năm học quy định tại Thông tư này được tính từ ngày 01 tháng 7 năm trước đến hết ngày 30 tháng 6 "
            "của năm liền kề (bao gồm cả thời gian nghỉ hè).")
    (span, how), = limits(text)
    # Not the end alone ("đến hết ngày ____"): the start gives it away.
    assert span.text == "từ ngày 01 tháng 7 năm trước đến hết ngày 30 tháng 6 của năm liền kề" and how == "date"
    assert distractors(span, random.Random(1), (2025, 9, 1)) == [
        "từ ngày 01 tháng 8 năm trước đến hết ngày 31 tháng 7 của năm liền kề",
        "từ ngày 01 tháng 6 năm trước đến hết ngày 31 tháng 5 của năm liền kề",
        "từ ngày 01 tháng 9 năm trước đến hết ngày 31 tháng 8 của năm liền kề",
    ]
    # A calendar year, and a span that is no year, are not asked this way.
    assert not [s for s, _ in limits("được tính từ ngày 01 tháng 01 đến hết ngày 31 tháng 12") if s.shape == "year_span"]
    assert not [s for s, _ in limits("từ ngày 01 tháng 7 năm trước đến hết ngày 31 tháng 12 của năm liền kề")
                if s.shape == "year_span"]


def test_amounts_set_clause_by_clause_are_asked_by_the_first_clause() -> None:
    text = ("Trường hợp bị ốm đau dẫn đến chết: Thân nhân được hưởng trợ cấp tiền tuất một lần bằng 11.700.000 đồng; "
            "người lo mai táng được nhận tiền mai táng phí bằng 23.400.000 đồng")
    # Whole, two sums of one unit: either is found by elimination, neither was asked.
    assert amounts(text) == []
    clause = first_clause(Sentence(text, 10, None))  # type: ignore[arg-type]
    # The first clause says the case both sums are set for; the second alone would not.
    assert clause.text == "Trường hợp bị ốm đau dẫn đến chết: Thân nhân được hưởng trợ cấp tiền tuất một lần bằng 11.700.000 đồng"
    assert clause.start == 10 and [s.text for s in amounts(clause.text)] == ["11.700.000 đồng"]
    one = "Thôn đội trưởng: 280.800 đồng và hưởng thêm 100% phụ cấp chức vụ tiểu đội trưởng"
    assert first_clause(Sentence(one, 0, None)).text == one  # type: ignore[arg-type]
