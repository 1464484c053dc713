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


def _candidates(rows: list[int], scores: list[float], weight: float = 1.0) -> Candidates:
    return Candidates(np.asarray(rows), np.asarray(scores, dtype=np.float32), weight)


def test_reciprocal_rank_fusion_rewards_agreement() -> None:
    params = RankingParams(fusion="rrf", dense_weight=1.0, lexical_weight=1.0, repeat_factor=1.0)
    fused = fuse([_candidates([1, 2, 3], [3, 2, 1]), _candidates([4, 2, 5], [3, 2, 1])], params)
    assert fused[2] == 1 / 62 + 1 / 62
    ranked = rank_by_unit(fused, np.arange(6), np.zeros(6, dtype=bool), params)
    # Ties keep first-seen order, so the first ranking breaks them.
    assert [row for row, _ in ranked[:3]] == [2, 1, 4]


def test_score_fusion_keeps_margins_and_weights() -> None:
    params = RankingParams(fusion="score", dense_weight=1.5, lexical_weight=1.0)
    dense = _candidates([1, 2, 3], [0.9, 0.85, 0.8], params.dense_weight)
    lexical = _candidates([3, 4], [12.0, 1.0], params.lexical_weight)
    fused = fuse([dense, lexical], params)
    # Dense similarities min-max over the candidates, BM25 by its maximum.
    assert fused == pytest.approx({1: 1.5, 2: 0.75, 3: 1.0, 4: 1 / 12})


def test_a_whole_document_units_further_passages_are_demoted() -> None:
    params = RankingParams(repeat_factor=0.5)
    fused = {0: 1.0, 1: 0.9, 2: 0.8}
    unit_of_row = np.array([0, 0, 1])
    assert [r for r, _ in rank_by_unit(fused, unit_of_row, np.array([True, True]), params)] == [0, 2, 1]
    assert [r for r, _ in rank_by_unit(fused, unit_of_row, np.array([False, True]), params)] == [0, 1, 2]
