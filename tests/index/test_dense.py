"""The dense index: exact below the threshold, HNSW above it, filters inside the search."""

from __future__ import annotations

import numpy as np
import pytest

from index.dense import DenseIndex
from index.fusion import Candidates, RankingParams, fuse, rank_by_unit


def _vectors(n: int, dim: int = 32, seed: int = 3) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_kind_follows_threshold() -> None:
    vectors = _vectors(300)
    assert DenseIndex.build(vectors, ann_threshold=301).kind == "flat"
    assert DenseIndex.build(vectors, ann_threshold=300).kind == "hnsw"


def test_hnsw_finds_what_exact_search_finds() -> None:
    vectors = _vectors(3000)
    flat = DenseIndex.build(vectors, ann_threshold=10**9)
    hnsw = DenseIndex.build(vectors, ann_threshold=1)
    overlap = []
    for q in _vectors(50, seed=9):
        exact, sims = flat.search(q, 10)
        assert np.allclose(sims, vectors[exact] @ q, atol=1e-5)
        approx, _ = hnsw.search(q, 10)
        overlap.append(len(set(exact) & set(approx)) / 10)
    assert np.mean(overlap) >= 0.95


def test_filtered_search_returns_only_allowed_rows_and_fills_the_top() -> None:
    vectors = _vectors(2000)
    allowed = np.arange(0, 2000, 7)
    for threshold in (10**9, 1):
        index = DenseIndex.build(vectors, ann_threshold=threshold)
        rows, _ = index.search(vectors[5], 20, allowed)
        assert len(rows) == 20 and set(rows) <= set(allowed)
        rows, _ = index.search(vectors[5], 500, allowed[:3])
        assert sorted(rows) == sorted(allowed[:3])


def _candidates(rows: list[int], scores: list[float], weight: float = 1.0, shared: list[float] | None = None) -> Candidates:
    return Candidates(
        np.asarray(rows), np.asarray(scores, dtype=np.float32), weight,
        None if shared is None else np.asarray(shared, dtype=np.float32),
    )


def test_reciprocal_rank_fusion_rewards_agreement() -> None:
    params = RankingParams(fusion="rrf", dense_weight=1.0, lexical_weight=1.0)
    fused = fuse([_candidates([1, 2, 3], [3, 2, 1]), _candidates([4, 2, 5], [3, 2, 1])], params)
    assert fused.scores[2] == 1 / 62 + 1 / 62
    ranked = rank_by_unit(fused, np.arange(6), np.ones(6, dtype=bool), {})
    # Ties keep first-seen order, so the first ranking breaks them.
    assert [row for row, _ in ranked[:3]] == [2, 1, 4]


def test_score_fusion_keeps_margins_and_weights() -> None:
    params = RankingParams(fusion="score", dense_weight=1.5, lexical_weight=1.0)
    dense = _candidates([1, 2, 3], [0.9, 0.85, 0.8], params.dense_weight)
    lexical = _candidates([3, 4], [12.0, 1.0], params.lexical_weight)
    fused = fuse([dense, lexical], params)
    # Dense similarities min-max over the candidates, BM25 by its maximum.
    assert fused.scores == pytest.approx({1: 1.5, 2: 0.75, 3: 1.0, 4: 1 / 12})


def test_a_whole_document_units_shared_score_counts_for_its_best_passage_only() -> None:
    # Rows 0 and 1 form one unit whose title gives each 0.5 of lexical score; row 2 is alone.
    lexical = _candidates([0, 1, 2], [1.0, 0.9, 0.45], shared=[0.5, 0.5, 0.0])
    unit_of_row, whole = np.array([0, 0, 1]), np.array([True, True])
    ranked = rank_by_unit(fuse([lexical], RankingParams()), unit_of_row, whole, {})
    assert [r for r, _ in ranked] == [0, 2, 1]
    assert ranked[2][1] == pytest.approx(0.4)
    # Not when the unit is one part of a longer document, nor with unit_credit_once off.
    assert [r for r, _ in rank_by_unit(fuse([lexical], RankingParams()), unit_of_row, ~whole, {})] == [0, 1, 2]
    every = RankingParams(unit_credit_once=False)
    assert [r for r, _ in rank_by_unit(fuse([lexical], every), unit_of_row, whole, {})] == [0, 1, 2]
    # A further passage that earns its score by its own words is not buried (a 0.2 factor would).
    lexical = _candidates([0, 1, 2], [1.0, 0.95, 0.4], shared=[0.5, 0.3, 0.0])
    assert [r for r, _ in rank_by_unit(fuse([lexical], RankingParams()), unit_of_row, whole, {})] == [0, 1, 2]


def test_a_bare_heading_gives_its_score_to_the_text_under_it() -> None:
    lexical = _candidates([3, 4, 7], [1.0, 0.3, 0.5])
    ranked = rank_by_unit(fuse([lexical], RankingParams()), np.arange(8), np.ones(8, dtype=bool), {3: 4})
    assert [r for r, _ in ranked] == [4, 7]
    assert ranked[0][1] == pytest.approx(1.0)


def test_a_units_third_passage_on_makes_room_for_other_units() -> None:
    # Rows 0-3: four clauses of one article (one unit); row 4: another article, a little weaker.
    lexical = _candidates([0, 1, 2, 3, 4], [1.0, 0.9, 0.8, 0.7, 0.45])
    unit_of_row, whole = np.array([0, 0, 0, 0, 1]), np.array([False, True])
    ranked = rank_by_unit(fuse([lexical], RankingParams()), unit_of_row, whole, {}, repeat_decay=0.5)
    assert [r for r, _ in ranked] == [0, 1, 4, 2, 3]
    assert [s for _, s in ranked] == pytest.approx([1.0, 0.9, 0.45, 0.4, 0.175])
    # A unit's second passage keeps its score: a short document's second answer is not pushed down.
    pair = _candidates([0, 1, 4], [1.0, 0.9, 0.45])
    assert [r for r, _ in rank_by_unit(fuse([pair], RankingParams()), unit_of_row, whole, {}, 0.5)] == [0, 1, 4]
    # 1.0 leaves the order alone.
    assert [r for r, _ in rank_by_unit(fuse([lexical], RankingParams()), unit_of_row, whole, {}, 1.0)] == [0, 1, 2, 3, 4]


def test_a_unit_far_above_every_other_keeps_its_passages_first() -> None:
    # The other article scores under two thirds of the first's best: nothing comparable to make
    # room for, so the clauses scoring 1.5 times its best keep their scores.
    lexical = _candidates([0, 1, 2, 3, 4], [1.0, 0.9, 0.8, 0.4, 0.3])
    unit_of_row, whole = np.array([0, 0, 0, 0, 1]), np.array([False, True])
    ranked = rank_by_unit(fuse([lexical], RankingParams()), unit_of_row, whole, {}, 0.5, dominant_ratio=1.5)
    assert [r for r, _ in ranked] == [0, 1, 2, 4, 3]
    assert [s for _, s in ranked] == pytest.approx([1.0, 0.9, 0.8, 0.3, 0.1])
    # A closer second unit (0.6: 1.5 times is 0.9) is made room for as before.
    closer = _candidates([0, 1, 2, 3, 4], [1.0, 0.9, 0.8, 0.4, 0.6])
    ranked = rank_by_unit(fuse([closer], RankingParams()), unit_of_row, whole, {}, 0.5, dominant_ratio=1.5)
    assert [r for r, _ in ranked] == [0, 1, 4, 2, 3]
