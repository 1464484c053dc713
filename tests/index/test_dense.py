"""The dense index: exact below the threshold, HNSW above it, filters inside the search."""

from __future__ import annotations

import numpy as np

from index.dense import DenseIndex
from index.fusion import reciprocal_rank_fusion


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


def test_reciprocal_rank_fusion_rewards_agreement() -> None:
    fused = reciprocal_rank_fusion([[1, 2, 3], [4, 2, 5]], k=60)
    assert fused[0] == (2, 1 / 62 + 1 / 62)
    # Ties keep first-seen order, so the first ranking breaks them.
    assert [row for row, _ in fused[1:3]] == [1, 4]
