"""The shared input checkers and error types: every layer refuses bad values the same way."""

from __future__ import annotations

import math

import pytest

from corpus.errors import BadInput, BadQuery, QuizError, SotayError, UnknownDocument, UnknownPassage
from corpus.inputs import echo, list_input, number_in_range, number_input, text_input


def test_user_errors_are_bad_input_and_say_one_thing_for_an_unknown_document():
    for error in (BadQuery, QuizError, UnknownDocument, UnknownPassage):
        assert issubclass(error, BadInput) and issubclass(error, SotayError)
    assert str(UnknownDocument("khong-co")) == "Không có tài liệu mã «khong-co» trong thư viện."
    assert UnknownDocument("khong-co").doc_id == "khong-co"
    assert str(UnknownPassage("a#3")) == "Không tìm thấy đoạn «a#3» trong thư viện."


def test_text_input_names_the_field_and_raises_the_callers_error():
    assert text_input(None, 5, "Họ và tên") == ""
    assert text_input("Nguyễn", 6, "Họ và tên") == "Nguyễn"
    with pytest.raises(BadInput, match="^Họ và tên không hợp lệ: cần một chuỗi ký tự.$"):
        text_input(12345, 5, "Họ và tên")
    with pytest.raises(QuizError, match=r"^Đơn vị quá dài \(tối đa 3 ký tự\).$"):
        text_input("abcd", 3, "Đơn vị", QuizError)


@pytest.mark.parametrize(("value", "number"), [(None, None), ("", None), (3, 3), (2.9, 2), ("7", 7), (" 4 ", 4), (-1, -1)])
def test_number_input_reads_sliders_and_api_values(value, number):
    assert number_input(value, "Số kết quả") == number


@pytest.mark.parametrize("value", [True, "mười", [3], math.nan, math.inf, "x" * 1000])
def test_number_input_refuses_what_is_not_a_number(value):
    with pytest.raises(BadQuery, match="^«Số kết quả» phải là một số, không phải ") as error:
        number_input(value, "Số kết quả", BadQuery)
    assert len(str(error.value)) < 100  # a megabyte sent is not echoed back


def test_number_in_range_is_required_and_bounded():
    assert number_in_range(50, 1, 50, "Số câu hỏi") == 50
    assert number_in_range(1.0, 1, 50, "Số câu hỏi") == 1
    for value in (None, 0, 51, True, "nhiều", math.nan):
        with pytest.raises(BadInput, match="^Số câu hỏi phải là một số từ 1 đến 50.$"):
            number_in_range(value, 1, 50, "Số câu hỏi")


def test_list_input_takes_a_list_or_one_string():
    assert list_input(None, "Tài liệu") is None
    assert list_input(["", "  "], "Tài liệu") is None
    assert list_input("nq-dh13-2021", "Tài liệu") == ["nq-dh13-2021"]
    assert list_input(["a", " ", "b"], "Tài liệu") == ["a", "b"]
    for value in (3, ["a", 3], {"a": 1}):
        with pytest.raises(BadInput, match="^«Tài liệu» phải là một danh sách chuỗi chữ"):
            list_input(value, "Tài liệu")


def test_echo_is_short_and_on_one_line():
    assert echo("a\n  b") == "a b"
    assert echo("x" * 100) == "x" * 39 + "…"
