"""Queries encoded through the batcher get the vectors they would get alone, whatever the threads."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np

from app.batching import QueryBatcher

QUERIES = ["lấy phiếu tín nhiệm", "tinh giản biên chế", "Bảo vệ những cán bộ dám nghĩ, dám làm", "htct", "ở đâu"] * 4


def test_concurrent_queries_get_their_own_vectors(embedder):  # noqa: ANN001
    batcher = QueryBatcher(embedder, max_batch=8)
    alone = np.vstack([embedder.encode_queries([q]) for q in QUERIES])
    with ThreadPoolExecutor(max_workers=10) as pool:
        batched = np.vstack(list(pool.map(lambda q: batcher.encode_queries([q]), QUERIES)))
    assert batched.shape == alone.shape
    assert np.min(np.sum(batched * alone, axis=1)) > 0.999
    assert batcher.count_tokens("lấy phiếu") == embedder.count_tokens("lấy phiếu")
    assert batcher.dim == embedder.dim
    assert np.allclose(batcher.encode_passages(QUERIES[:2]), embedder.encode_passages(QUERIES[:2]), atol=1e-4)


def test_a_multi_query_call_keeps_its_order(embedder):  # noqa: ANN001
    together = QueryBatcher(embedder).encode_queries(["tinh giản biên chế", "lấy phiếu tín nhiệm"])
    assert np.allclose(together, embedder.encode_queries(["tinh giản biên chế", "lấy phiếu tín nhiệm"]), atol=1e-4)
