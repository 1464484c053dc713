"""One place turns errors into what a user reads: the app's title and a Vietnamese message."""

from __future__ import annotations

import gradio as gr
import pytest

from app.feedback import ERROR_TITLE, MALFORMED, UNEXPECTED, user_errors
from app.quiz_common import guarded
from corpus.errors import BadQuery, QuizError


def _raising(error: Exception):
    def handler(*_: object) -> None:
        raise error

    return handler


@pytest.mark.parametrize("wrap", [user_errors, guarded])
def test_project_errors_reach_the_user_as_they_are(wrap):
    for error in (BadQuery("Câu hỏi đang trống."), QuizError("Phiên thi đã kết thúc.")):
        with pytest.raises(gr.Error) as shown:
            wrap(_raising(error))("x")
        assert (shown.value.message, shown.value.title) == (str(error), ERROR_TITLE)


@pytest.mark.parametrize(
    ("wrap", "failure", "message"),
    [
        (user_errors, KeyError("items"), UNEXPECTED),
        (user_errors, RuntimeError("bug"), UNEXPECTED),
        (guarded, KeyError("items"), MALFORMED),
        (guarded, TypeError("'int' object is not iterable"), MALFORMED),
        (guarded, RuntimeError("bug"), UNEXPECTED),
    ],
)
def test_other_failures_become_a_vietnamese_notice_and_a_log_entry(wrap, failure, message, caplog):
    with pytest.raises(gr.Error) as shown:
        wrap(_raising(failure))("x")
    assert (shown.value.message, shown.value.title) == (message, ERROR_TITLE)
    assert str(failure) not in shown.value.message
    assert any(r.exc_info and r.exc_info[1] is failure for r in caplog.records)


def test_gradio_errors_pass_through_unchanged():
    error = gr.Error("Đã có", title="Riêng")
    with pytest.raises(gr.Error) as shown:
        user_errors(_raising(error))()
    assert shown.value is error
