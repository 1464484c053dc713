"""Fusing the retrievers' candidates and ranking them unit by unit.

Two ways to fuse, both weighted so that a weak retriever cannot drag a strong one down:

- ``"rrf"``: weighted reciprocal rank fusion, ``Σ w / (k + rank)``;
- ``"score"``: each retriever's scores scaled to [0, 1] over its candidates (dense similarities
  min-max, BM25 by its maximum), then ``Σ w · score``. Unlike ranks, scaled scores keep how
  clearly one candidate beats the next.

Then passages are grouped by unit (see :mod:`index.units`): a unit scores as its best passage
(adding a share of its other passages' scores was measured and rejected: long articles won
everything), and when a document is a single unit (an article given as its own document) its further passages are demoted, so
that one article's clauses do not crowd the other articles out of the top k.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from corpus.errors import SotayError


@dataclass(frozen=True)
class RankingParams:
    """How candidates are fused and grouped; the defaults were chosen on the dev sets (README)."""

    fusion: Literal["rrf", "score"] = "score"
    dense_weight: float = 1.5
    lexical_weight: float = 1.0
    rrf_k: int = 60
    # Share of a unit's BM25 (title, headings and all its passages) in a passage's lexical score.
    unit_weight: float = 0.5
    # Factor on the score of the second and further passages of a document that is one unit (a
    # law article given as its own document): they add nothing to the first (1: no demotion).
    repeat_factor: float = 0.2

    def __post_init__(self) -> None:
        if self.fusion not in ("rrf", "score"):
            raise SotayError(f"Cài đặt fusion «{self.fusion}» không hợp lệ: chỉ nhận score hoặc rrf.")


@dataclass(frozen=True)
class Candidates:
    """One retriever's candidate rows, best first, with their raw scores."""

    rows: np.ndarray
    scores: np.ndarray
    weight: float

    def scaled(self) -> np.ndarray:
        """Scores mapped to [0, 1]: min-max when they can be negative (cosine), else by the max."""
        if not len(self.scores):
            return self.scores
        low, high = float(self.scores.min()), float(self.scores.max())
        if low < 0 or (high > 0 and low > 0.5 * high):
            return (self.scores - low) / (high - low) if high > low else np.ones_like(self.scores)
        return self.scores / high if high > 0 else np.zeros_like(self.scores)


def fuse(candidates: Sequence[Candidates], params: RankingParams) -> dict[int, float]:
    """Fused score of every candidate row."""
    fused: dict[int, float] = {}
    for c in candidates:
        values = (
            c.weight / (params.rrf_k + np.arange(1, len(c.rows) + 1)) if params.fusion == "rrf" else c.weight * c.scaled()
        )
        for row, value in zip(c.rows.tolist(), values.tolist()):
            fused[row] = fused.get(row, 0.0) + value
    return fused


def best_possible(candidates: Sequence[Candidates], params: RankingParams) -> float:
    """The fused score of a row ranked first (and scored highest) by every retriever."""
    total = sum(c.weight for c in candidates)
    return total / (params.rrf_k + 1) if params.fusion == "rrf" else total


def rank_by_unit(
    fused: dict[int, float], unit_of_row: np.ndarray, whole_document: np.ndarray, params: RankingParams
) -> list[tuple[int, float]]:
    """(row, score) best first: a unit's further passages demoted when it is a whole document.

    Args:
        whole_document: Per unit, whether it is its document's only unit; the further passages
            of such a unit are demoted by ``params.repeat_factor``.

    Ties keep the order of the fused scores, so with no demotion this is the plain ranking of
    the fused scores.
    """
    ordered = sorted(fused.items(), key=lambda item: -item[1])
    units: dict[int, list[tuple[int, float]]] = {}
    for row, score in ordered:
        units.setdefault(int(unit_of_row[row]), []).append((row, score))
    ranked: list[tuple[int, float]] = []
    for members in units.values():
        (best, top), rest = members[0], members[1:]
        ranked.append((best, top))
        factor = params.repeat_factor if whole_document[int(unit_of_row[best])] else 1.0
        ranked.extend((row, score * factor) for row, score in rest)
    position = {row: i for i, (row, _) in enumerate(ordered)}
    return sorted(ranked, key=lambda item: (-item[1], position[item[0]]))
