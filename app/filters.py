"""Turn the search form's raw inputs (strings from a browser or an API client) into search arguments.

Text, numbers and lists are checked by :mod:`corpus.inputs`, the one set of checkers of every layer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from corpus.errors import BadQuery
from corpus.inputs import echo, list_input, number_input, text_input

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_VIETNAMESE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_YEAR = re.compile(r"\d{4}")

MAX_RESULTS = 50
# Longest value a text field of the app accepts (the quiz's own fields have their own limits):
# far above any real title or question — a question's own limit, ``max_query_chars``, is checked
# by the search with a message giving its length — and low enough that a megabyte sent by an API
# client is refused at once.
MAX_FIELD_CHARS = 20_000


def form_text(value: object, label: str) -> str:
    """A text field of the app's forms and HTTP endpoints, checked by :func:`corpus.inputs.text_input`.

    Raises:
        BadQuery: Not a string, or longer than :data:`MAX_FIELD_CHARS`.
    """
    return text_input(value, MAX_FIELD_CHARS, label, BadQuery)


def parse_date(text: str | None, *, end: bool = False) -> str | None:
    """An ISO date from "2023-03-10", "10/3/2023" or "2023" (a year: its first or, if ``end``, last day).

    Raises:
        BadQuery: Text that is not a date.
    """
    text = form_text(text, "Ngày").strip()
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


@dataclass(frozen=True)
class SearchFilters:
    """Validated filters, ready for ``Library.search``."""

    doc_ids: list[str] | None = None
    kinds: list[str] | None = None
    date_from: str | None = None
    date_to: str | None = None
    per_doc_limit: int | None = None
    k: int | None = None

    @property
    def active(self) -> bool:
        """True when any filter narrows the search (used to suggest removing them)."""
        return bool(self.doc_ids or self.kinds or self.date_from or self.date_to)

    def as_kwargs(self) -> dict:
        return {
            "doc_ids": self.doc_ids,
            "kinds": self.kinds,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "per_doc_limit": self.per_doc_limit,
            "k": self.k,
        }


def build_filters(
    doc_ids: Any = None,
    kinds: Any = None,
    date_from: Any = None,
    date_to: Any = None,
    per_doc_limit: Any = None,
    k: Any = None,
) -> SearchFilters:
    """Validate the form's values (``None``/empty: not given; numbers may arrive as floats).

    Values come from browsers and API clients alike, so any type may arrive.

    Raises:
        BadQuery: A value of the wrong type, a malformed date, or a start date after the end date.
    """
    start, stop = parse_date(date_from), parse_date(date_to, end=True)
    if start and stop and start > stop:
        raise BadQuery("Ngày bắt đầu đang sau ngày kết thúc.")
    # 0 passages per document means "no limit", which differs from "not given" (use the setting).
    per_doc = number_input(per_doc_limit, "Số đoạn tối đa mỗi tài liệu", BadQuery)
    count = number_input(k, "Số kết quả", BadQuery)
    return SearchFilters(
        list_input(doc_ids, "Tài liệu", BadQuery),
        list_input(kinds, "Loại văn bản", BadQuery),
        start,
        stop,
        None if per_doc is None else max(per_doc, 0),
        min(max(count, 1), MAX_RESULTS) if count else None,
    )
