"""``which``: "Nội dung nào sau đây thuộc “…”?" — one statement of the part, three from its
sibling parts (see :func:`quiz.lists.membership`)."""

from __future__ import annotations

from collections.abc import Iterator

from quiz.items import QuizItem
from quiz.lists import every_option_found, membership, membership_backed, three_or_four
from quiz.questions.base import Context, Kind
from quiz.sentences import Sentence


def build(ctx: Context, sources: list[Sentence], seed: int) -> Iterator[QuizItem | None]:
    """One item per part with a statement of its own and three of its siblings'."""
    return membership(ctx, sources, seed, negative=False)


KIND = Kind(
    build=build, backed=membership_backed, option_count=three_or_four, round_trip=every_option_found,
    missing="không có phần nào có các mục anh em để chọn nội dung thuộc phần",
)
