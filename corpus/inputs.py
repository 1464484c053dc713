"""Checks of the values users send: text, whole numbers and lists of strings.

Values come from browsers, API clients and the quiz hall's JSON alike, so any type may arrive.
Each checker returns a clean value or raises :class:`~corpus.errors.BadInput` (or the subclass
its caller names, e.g. the quiz's :class:`~corpus.errors.QuizError`) with a Vietnamese message
naming the field, instead of letting a number, a list or a megabyte of text fail deeper down.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from corpus.errors import BadInput

# How much of a bad value a message repeats back (an API caller may send megabytes).
_ECHO_CHARS = 40


def echo(value: object) -> str:
    """A bad value as a message quotes it: short, on one line."""
    text = " ".join(str(value).split())
    return text if len(text) <= _ECHO_CHARS else text[: _ECHO_CHARS - 1] + "…"


def text_input(value: object, limit: int, label: str, error: type[BadInput] = BadInput) -> str:
    """``value`` when it is text of at most ``limit`` characters (``None`` reads as empty).

    Raises:
        BadInput: (or ``error``) Not a string, or longer than ``limit``.
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        raise error(f"{label} không hợp lệ: cần một chuỗi ký tự.")
    if len(value) > limit:
        raise error(f"{label} quá dài (tối đa {limit} ký tự).")
    return value


def _finite(value: object) -> float | None:
    """``value`` as a finite number (ints, floats and numeric strings; never a bool), else None."""
    if isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def number_input(value: object, label: str, error: type[BadInput] = BadInput) -> int | None:
    """An optional whole number from a slider or an API client (floats and numeric strings
    accepted, cut to a whole number); ``None`` or "" is not given.

    Raises:
        BadInput: (or ``error``) Not a finite number.
    """
    if value is None or value == "":
        return None
    number = _finite(value)
    if number is None:
        raise error(f"«{label}» phải là một số, không phải {echo(value)}.")
    return int(number)


def number_in_range(value: object, low: int, high: int, label: str, error: type[BadInput] = BadInput) -> int:
    """A required whole number between ``low`` and ``high`` (both included).

    Raises:
        BadInput: (or ``error``) Missing, not a finite number, or out of range.
    """
    number = _finite(value)
    if number is None or not low <= number <= high:
        raise error(f"{label} phải là một số từ {low} đến {high}.")
    return int(number)


def list_input(value: object, label: str, error: type[BadInput] = BadInput) -> list[str] | None:
    """A multi-choice field: a list of strings, or one string; ``None``/empty is not given.

    Blank strings are dropped; a list of nothing but blanks is not given either.

    Raises:
        BadInput: (or ``error``) Anything else, naming the field.
    """
    if value is None or value == "":
        return None
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, Sequence) or not all(isinstance(v, str) for v in items):
        raise error(f"«{label}» phải là một danh sách chuỗi chữ, không phải {echo(value)}.")
    return [v for v in items if v.strip()] or None
