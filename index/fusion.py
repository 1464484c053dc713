"""Fusing the retrievers' candidates and ranking them unit by unit.

Two ways to fuse, both weighted so that a weak retriever cannot drag a strong one down:

- ``"rrf"``: weighted reciprocal rank fusion, ``Σ w / (k + rank)``;
- ``"score"``: each retriever's scores scaled to [0, 1] over its candidates (dense similarities
  min-max, BM25 by its maximum), then ``Σ w · score``. Unlike ranks, scaled scores keep how
  clearly one candidate beats the next.

A third retriever ranks the units of short documents (an article given as a document) by
plain-word BM25 of the whole (title, lead, headings, text), each row of such a unit carrying its
unit's score as shared evidence; its weight shrinks with its best score measured against every
unit of the library, so a library of long documents with a few short ones is not led by a short
one that matches weakly.

Then passages are grouped by unit (see :mod:`index.units`). Part of a passage's lexical score is
its unit's (the title, headings and sibling passages it shares). When the unit is a whole document
(an article given as its own document) that evidence is credited to its best passage only, so one
article's clauses do not crowd the other articles out of the top k, while a further passage that
matches on its own words keeps what it earns. (Inside longer documents the shared part stays with
every passage: taking it away lost paraphrased questions on the bundled corpus, docs/search.md.) A bare heading
passage ("Điều 17. …" alone) gives its score to the text under it and is not listed itself.

Last, diversity: a unit's first two passages keep their scores, the third and further ones lose a
factor each (``repeat_decay``), so a query every clause of one article matches does not fill the
results with that article, while a short document's second passage is never pushed down. Inside
a longer document the factor takes away no more than the unit's shared evidence: a further passage
keeps what it earns on its own (in a long section, the clause that answers is often its unit's
third or fourth match). A whole-document unit's further passages hold only their own evidence
already (credited once, above), so there the factor applies in full. And when one unit stands
far above every other (its best passage 1.5 times the next unit's best), there is nothing
comparable to make room for: its passages that score that much above the others keep their scores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from corpus.errors import SotayError


@dataclass(frozen=True)
class RankingParams:
    """How candidates are fused and grouped; the defaults were chosen on the dev sets (docs/search.md)."""

    fusion: Literal["rrf", "score"] = "score"
    dense_weight: float = 2.0
    lexical_weight: float = 1.0
    # Plain-word BM25 of a short document's units read whole (an article given as a document):
    # what plain article BM25 does well, beside the passage-level lexical ranking.
    article_weight: float = 1.0
    # The same when the dense ranking is left out (lexical mode): against the passage-level
    # lexical ranking alone it needs more weight to do what plain article BM25 does.
    article_weight_alone: float = 1.5
    rrf_k: int = 60
    # Share of a unit's BM25 (title, headings and all its passages) in a passage's lexical score.
    unit_weight: float = 0.5
    # Share of plain pyvi-word BM25 in a passage's own lexical score, beside the field that holds
    # each compound with its syllables (where a compound query word counts several times): none
    # beside the dense ranking, which its gain on the lexical side alone did not carry through.
    plain_weight: float = 0.0
    # The same when the dense ranking is left out (lexical mode).
    plain_weight_alone: float = 0.5
    # Whether a whole-document unit's share counts for its best passage only (False: for every passage).
    unit_credit_once: bool = True
    # A unit's third passage in the ranking and every further one score this much less each time
    # (1.0: no change), so one article's clauses do not fill the results; its first two never lose.
    repeat_decay: float = 0.5
    # Whether, inside a longer document, that factor stops at the passage's own evidence (its
    # score less its unit's shared part).
    repeat_keeps_own: bool = True
    # A unit whose best passage scores this many times the best of every other unit is what the
    # query is about: its passages that score so much above the others keep their scores (0: never).
    dominant_ratio: float = 1.5
    # A question asking for a count, a length of time, an amount, a share or a date lifts the
    # candidates stating one by this fraction of their score (:mod:`index.answers`; 0: off).
    answer_lift: float = 0.5
    # The same in lexical mode (and for a question typed without diacritics, which the lexical
    # side answers alone): at 0.5 ALQAC's held-out half lost a question there, at 0.4 none.
    answer_lift_alone: float = 0.4
    # The best candidates scored again by BM25 among themselves (:mod:`index.contrast`): the one
    # whose words set it apart from the others is lifted by up to this fraction (0: off).
    contrast: float = 1.0
    # A question typed without diacritics is searched with the diacritics the library's words give
    # it (:mod:`index.accents`); this share of its lexical score is BM25 on the folded syllables as
    # typed, which a wrong restoration cannot mislead (1.0: the restored words only reach the model).
    typed_share: float = 0.5

    def __post_init__(self) -> None:
        if self.fusion not in ("rrf", "score"):
            raise SotayError(f"Cài đặt fusion «{self.fusion}» không hợp lệ: chỉ nhận score hoặc rrf.")


@dataclass(frozen=True)
class Candidates:
    """One retriever's candidate rows, best first, with their raw scores.

    ``shared`` is the part of each score that the row's unit gives every passage of it (zeros
    when the retriever scores passages alone).
    """

    rows: np.ndarray
    scores: np.ndarray
    weight: float
    shared: np.ndarray | None = None

    def _scale(self) -> tuple[float, float]:
        """(offset, divisor) mapping scores to [0, 1]: min-max when they can be negative (cosine),
        or when they are bunched near the top; else by the maximum."""
        low, high = float(self.scores.min()), float(self.scores.max())
        if low < 0 or (high > 0 and low > 0.5 * high):
            return (low, high - low) if high > low else (low - 1.0, 1.0)
        return 0.0, high if high > 0 else 1.0

    def values(self, params: RankingParams) -> np.ndarray:
        """Each row's contribution to the fused score."""
        if not len(self.rows):
            return np.zeros(0)
        if params.fusion == "rrf":
            return self.weight / (params.rrf_k + np.arange(1, len(self.rows) + 1))
        offset, divisor = self._scale()
        return self.weight * (self.scores - offset) / divisor

    def own_values(self, params: RankingParams) -> np.ndarray:
        """The contributions with the unit's shared part taken out (what a further passage keeps)."""
        if self.shared is None or not len(self.rows):
            return self.values(params)
        own = self.scores - self.shared
        if params.fusion == "rrf":
            ranks = np.empty(len(own), dtype=np.int64)
            ranks[np.argsort(-own, kind="stable")] = np.arange(1, len(own) + 1)
            return self.weight / (params.rrf_k + ranks)
        offset, divisor = self._scale()
        return self.weight * np.maximum(own - offset, 0.0) / divisor


@dataclass
class Fused:
    """Fused score of every candidate row, and what a row keeps when it is not its unit's best."""

    scores: dict[int, float]
    own: dict[int, float]


def fuse(candidates: Sequence[Candidates], params: RankingParams) -> Fused:
    """Fused scores of every candidate row."""
    scores: dict[int, float] = {}
    own: dict[int, float] = {}
    for c in candidates:
        full = c.values(params).tolist()
        kept = c.own_values(params).tolist() if params.unit_credit_once else full
        for row, value, value_own in zip(c.rows.tolist(), full, kept):
            scores[row] = scores.get(row, 0.0) + value
            own[row] = own.get(row, 0.0) + value_own
    return Fused(scores, own)


def lift(fused: Fused, rows: Sequence[int], fraction: float | Sequence[float]) -> Fused:
    """The fused scores with those rows' (and their own parts) raised by ``fraction``: one for
    every row, or one each."""
    fractions = [fraction] * len(rows) if isinstance(fraction, float | int) else fraction
    factor = {row: 1.0 + f for row, f in zip(rows, fractions)}
    return Fused(
        {r: s * factor.get(r, 1.0) for r, s in fused.scores.items()},
        {r: s * factor.get(r, 1.0) for r, s in fused.own.items()},
    )


def best_possible(candidates: Sequence[Candidates], params: RankingParams) -> float:
    """The fused score of a row ranked first (and scored highest) by every retriever."""
    total = sum(c.weight for c in candidates)
    return total / (params.rrf_k + 1) if params.fusion == "rrf" else total


# Passages of one unit that keep their scores whatever ``repeat_decay`` is.
FREE_PER_UNIT = 2


def rank_by_unit(
    fused: Fused,
    unit_of_row: np.ndarray,
    whole_document: np.ndarray,
    body_of_heading: dict[int, int],
    repeat_decay: float = 1.0,
    repeat_keeps_own: bool = False,
    dominant_ratio: float = 0.0,
) -> list[tuple[int, float]]:
    """(row, score) best first.

    Args:
        unit_of_row: Unit number of every passage row.
        whole_document: Per unit, whether it is its document's only unit.
        body_of_heading: Bare heading row → the row of the text under it. The text scores at
            least what its heading scores, and the heading itself is left out.

        repeat_decay: Factor for a unit's third passage, squared for its fourth, and so on.
        repeat_keeps_own: Inside a longer document, the factor lowers a passage to its own part of
            the score at most (a whole-document unit's further passages have only that part
            already, and keep the factor).
        dominant_ratio: When the best unit's best score is at least this many times every other
            unit's, its passages scoring that much above the other units keep their scores: there
            is nothing comparable to make room for (0: the factor applies everywhere).

    A whole-document unit's best passage keeps its fused score, its further passages their own
    part of it. Ties keep the order of the fused scores.
    """
    scores = dict(fused.scores)
    own = dict(fused.own)
    for heading, body in body_of_heading.items():
        if heading in scores:
            lifted = scores.pop(heading)
            kept = own.pop(heading)
            if lifted > scores.get(body, -np.inf):
                scores[body], own[body] = lifted, max(kept, own.get(body, 0.0))
    ordered = sorted(scores.items(), key=lambda item: -item[1])
    seen: set[int] = set()
    ranked: list[tuple[int, float]] = []
    for row, score in ordered:
        unit = int(unit_of_row[row])
        ranked.append((row, own[row] if unit in seen and whole_document[unit] else score))
        seen.add(unit)
    position = {row: i for i, (row, _) in enumerate(ordered)}
    ranked.sort(key=lambda item: (-item[1], position[item[0]]))
    if repeat_decay == 1.0:
        return ranked
    best: dict[int, float] = {}
    for row, score in ranked:
        best.setdefault(int(unit_of_row[row]), score)
    runners_up = sorted(best.values(), reverse=True)[1:2]
    spared_above = dominant_ratio * runners_up[0] if dominant_ratio and runners_up and runners_up[0] > 0 else np.inf
    shown: dict[int, int] = {}
    diverse: list[tuple[int, float]] = []
    for row, score in ranked:
        unit = int(unit_of_row[row])
        shown[unit] = shown.get(unit, 0) + 1
        if scores[row] >= spared_above:
            # What the passage earned decides, not the part of it a one-unit document's further
            # passage keeps: a notice's answering item, 2.4 times any other document's best, fell
            # to a sixteenth of its own part as its document's sixth match.
            diverse.append((row, score))
            continue
        decayed = score * repeat_decay ** max(0, shown[unit] - FREE_PER_UNIT)
        if repeat_keeps_own and shown[unit] > FREE_PER_UNIT and not whole_document[unit]:
            decayed = max(decayed, min(score, own[row]))
        diverse.append((row, decayed))
    # Lowering scores only moves rows down: a stable sort keeps the order of equals.
    return sorted(diverse, key=lambda item: -item[1])
