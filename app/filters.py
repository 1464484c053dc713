"""Turn the search form's raw inputs (strings from a browser or an API client) into search arguments.

Text fields are checked by :func:`quiz.sessions.text_input`, the one checker of the app and the quiz.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from corpus.errors import BadQuery
from index.search import Filters
from quiz.sessions import text_input

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_VIETNAMESE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_YEAR = re.compile(r"\d{4}")

MAX_RESULTS = 50
# Longest value a text field of the app accepts (the quiz's own fields have their own limits):
# far above any real title or question — a question's own limit, ``max_query_chars``, is checked
# by the search with a message giving its length — and low enough that a megabyte sent by an API
# client is refused at once.
MAX_FIELD_CHARS = 20_000
# How much of a bad value a message repeats back (an API caller may send megabytes).
_ECHO_CHARS = 40


def echo(value: object) -> str:
    """A bad value as a message quotes it: short, on one line."""
    text = " ".join(str(value).split())
    return text if len(text) <= _ECHO_CHARS else text[: _ECHO_CHARS - 1] + "…"


def number_input(value: Any, label: str) -> int | None:
    """A whole number from a slider or an API client (floats and numeric strings accepted); None
    or "" is not given.

    Raises:
        BadQuery: Not a finite number.
    """
    if value is None or value == "":
        return None
    if not isinstance(value, bool):
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if math.isfinite(number):
            return int(number)
    raise BadQuery(f"«{label}» phải là một số, không phải {echo(value)}.")


def list_input(value: Any, label: str) -> list[str] | None:
    """A multi-choice field: a list of strings, or one string; None/empty is not given.

    Raises:
        BadQuery: Anything else, naming the field.
    """
    if value is None or value == "":
        return None
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, Sequence) or not all(isinstance(v, str) for v in items):
        raise BadQuery(f"«{label}» phải là một danh sách chuỗi chữ, không phải {echo(value)}.")
    return [v for v in items if v.strip()] or None


def parse_date(text: str | None, *, end: bool = False) -> str | None:
    """An ISO date from "2023-03-10", "10/3/2023" or "2023" (a year: its first or, if ``end``, last day).

    Raises:
        BadQuery: Text that is not a date.
    """
    text = text_input(text, MAX_FIELD_CHARS, "Ngày").strip()
    if not text:
        return None
    if match := _ISO.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _VIETNAMESE.fullmatch(text):
        day, month, year = (int(g) for g in match.groups())
    elif _YEAR.fullmatch(text):
        year, month, day = int(text), (12 if end else 1), (31 if end else 1)
    else:
        raise BadQuery(f"Ngày “{echo(text)}” không hợp lệ: hãy viết như 10/3/2023 hoặc 2023-03-10.")
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        raise BadQuery(f"Ngày “{echo(text)}” không tồn tại.") from None


def build_filters(
    doc_ids: Any = None,
    kinds: Any = None,
    date_from: Any = None,
    date_to: Any = None,
    per_doc_limit: Any = None,
    k: Any = None,
) -> Filters:
    """Validate the form's values into the search's filter object (``None``/empty: not given; numbers may arrive as floats).

    Values come from browsers and API clients alike, so any type may arrive.

    Raises:
        BadQuery: A value of the wrong type, a malformed date, or a start date after the end date.
    """
    start, stop = parse_date(date_from), parse_date(date_to, end=True)
    if start and stop and start > stop:
        raise BadQuery("Ngày bắt đầu đang sau ngày kết thúc.")
    # 0 passages per document means "no limit", which differs from "not given" (use the setting).
    per_doc = number_input(per_doc_limit, "Số đoạn tối đa mỗi tài liệu")
    count = number_input(k, "Số kết quả")
    return Filters(
        doc_ids=list_input(doc_ids, "Tài liệu"),
        kinds=list_input(kinds, "Loại văn bản"),
        date_from=start,
        date_to=stop,
        per_doc_limit=None if per_doc is None else max(per_doc, 0),
        k=min(max(count, 1), MAX_RESULTS) if count else None,
    )
