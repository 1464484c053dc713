"""How failures reach users: a project error becomes a Vietnamese message box, never a traceback."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import gradio as gr

from corpus.errors import SotayError

F = TypeVar("F", bound=Callable[..., Any])


def user_errors(fn: F) -> F:
    """Turn :class:`SotayError` raised by an event handler into ``gr.Error`` with its message.

    ``functools.wraps`` keeps the signature visible to Gradio (``gr.Progress``, ``gr.EventData``
    parameters, type hints of ``gr.api`` endpoints).
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except SotayError as error:
            raise gr.Error(str(error), title="Không thực hiện được", print_exception=False) from None

    return wrapper  # type: ignore[return-value]
