"""Turn the search form's raw inputs (strings from a browser or an API client) into search arguments."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from corpus.errors import BadQuery

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_VIETNAMESE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_YEAR = re.compile(r"\d{4}")

MAX_RESULTS = 50


def parse_date(text: str | None, *, end: bool = False) -> str | None:
    """An ISO date from "2023-03-10", "10/3/2023" or "2023" (a year: its first or, if ``end``, last day).

    Raises:
        BadQuery: Text that is not a date.
    """
    text = (text or "").strip()
    if not text:
        return None
    if match := _ISO.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _VIETNAMESE.fullmatch(text):
        day, month, year = (int(g) for g in match.groups())
    elif _YEAR.fullmatch(text):
        year, month, day = int(text), (12 if end else 1), (31 if end else 1)
    else:
        raise BadQuery(f"Ngày “{text}” không hợp lệ: hãy viết như 10/3/2023 hoặc 2023-03-10.")
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        raise BadQuery(f"Ngày “{text}” không tồn tại.") from None


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


def _as_list(value: list[str] | str | None) -> list[str] | None:
    if value is None or value == "":
        return None
    items = [value] if isinstance(value, str) else list(value)
    return [str(v) for v in items if str(v).strip()] or None


def build_filters(
    doc_ids: list[str] | str | None = None,
    kinds: list[str] | str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    per_doc_limit: float | int | None = None,
    k: float | int | None = None,
) -> SearchFilters:
    """Validate the form's values (``None``/empty: not given; numbers may arrive as floats).

    Raises:
        BadQuery: A malformed date, or a start date after the end date.
    """
    start, stop = parse_date(date_from), parse_date(date_to, end=True)
    if start and stop and start > stop:
        raise BadQuery("Ngày bắt đầu đang sau ngày kết thúc.")
    # 0 passages per document means "no limit", which differs from "not given" (use the setting).
    per_doc = max(int(per_doc_limit), 0) if per_doc_limit not in (None, "") else None
    count = min(max(int(k), 1), MAX_RESULTS) if k else None
    return SearchFilters(_as_list(doc_ids), _as_list(kinds), start, stop, per_doc, count)
