"""Reciprocal rank fusion of ranked candidate lists."""

from __future__ import annotations

from collections.abc import Sequence


def reciprocal_rank_fusion(rankings: Sequence[Sequence[int]], k: int = 60) -> list[tuple[int, float]]:
    """Fuse rankings of row ids: each list adds ``1 / (k + rank)`` to the rows it holds.

    Returns (row, score) pairs, best first; ties keep the order of first appearance, so the
    first ranking breaks them.
    """
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, row in enumerate(ranking, start=1):
            scores[row] = scores.get(row, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda item: -item[1])
