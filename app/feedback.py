"""How failures reach users: a project error becomes a Vietnamese message box, never a traceback."""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import gradio as gr
from gradio.components.api_component import Api

from corpus.errors import SotayError

F = TypeVar("F", bound=Callable[..., Any])

logger = logging.getLogger(__name__)
# Gradio's toast says "Error" unless given a title.
ERROR_TITLE = "Không thực hiện được"
UNEXPECTED = "Đã có lỗi ngoài dự kiến khi xử lý yêu cầu. Hãy thử lại; nếu vẫn lỗi, báo cho quản trị viên."
MALFORMED = "Dữ liệu gửi lên không hợp lệ; hãy tải lại trang rồi thử lại."
# What a value of the wrong shape from a hand-made API call raises deep in a handler (a string
# where a list was due, a missing key).
MALFORMED_ERRORS = (TypeError, ValueError, KeyError, IndexError, AttributeError)


def user_error(message: str) -> gr.Error:
    """``message`` as Gradio's error box: the app's title, no traceback in the server log."""
    return gr.Error(message, title=ERROR_TITLE, print_exception=False)


def user_errors(fn: F, *, malformed: str = UNEXPECTED) -> F:
    """Turn :class:`SotayError` raised by an event handler into ``gr.Error`` with its message,
    and any other failure into a Vietnamese notice (the details go to the log, never to the user).

    ``functools.wraps`` keeps the signature visible to Gradio (``gr.Progress``, ``gr.EventData``
    parameters, type hints of ``gr.api`` endpoints).

    Args:
        malformed: The notice for the errors a value of the wrong shape raises
            (:data:`MALFORMED_ERRORS`), for handlers whose every expected error is a SotayError.
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except gr.Error:
            raise
        except SotayError as error:
            raise user_error(str(error)) from None
        except Exception as error:  # noqa: BLE001 - logged in full; Gradio would answer {"error": null}
            logger.exception("unexpected failure in %s", getattr(fn, "__name__", fn))
            raise user_error(malformed if isinstance(error, MALFORMED_ERRORS) else UNEXPECTED) from None

    return wrapper  # type: ignore[return-value]


class Blocks(gr.Blocks):
    """``gr.Blocks`` whose own input checks answer in Vietnamese.

    Too few input values, or a value a form component cannot read (an API caller sending null
    to a slider), fail in Gradio before any handler runs, and Gradio then answers
    ``{"error": null}``: here they become a message naming the inputs the endpoint expects.
    A ``gr.api`` endpoint's trailing parameters with defaults may be left out, as its API page says.
    """

    async def preprocess_data(self, block_fn: Any, inputs: list[Any], state: Any, explicit_call: bool = False) -> Any:
        params = _parameters(block_fn)
        received = len(inputs)
        missing = block_fn.inputs[received:]
        if missing and all(isinstance(b, Api) for b in missing) and len(params) == len(block_fn.inputs):
            defaults = [p.default for p in params[received:]]
            if all(d is not inspect.Parameter.empty for d in defaults):
                inputs = [*inputs, *defaults]
        try:
            return await super().preprocess_data(block_fn, inputs, state, explicit_call)
        except ValueError as error:  # Gradio's check of input count, or a component's preprocess
            logger.info("bad input for %s: %s", block_fn.name, error)
            names = [
                params[i].name if isinstance(block, Api) and i < len(params) else str(getattr(block, "label", "") or i + 1)
                for i, block in enumerate(block_fn.inputs)
            ]
            raise user_error(
                f"Dữ liệu gửi lên không hợp lệ: cần {len(names)} giá trị đầu vào, đúng thứ tự và kiểu "
                f"({', '.join(names)}); đã nhận {received} giá trị. Xem mục «API» ở cuối trang."
            ) from None


def _parameters(block_fn: Any) -> list[inspect.Parameter]:
    """The handler's parameters that take inputs (not Gradio's injected request/progress ones)."""
    try:
        params = inspect.signature(block_fn.fn).parameters.values()
    except (TypeError, ValueError):  # a builtin or no function at all
        return []
    return [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
