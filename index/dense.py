"""FAISS inner-product search over L2-normalized passage vectors.

Exact (``IndexFlatIP``) up to the ``ann_threshold`` setting, HNSW past it; ``bench/search.py``
measures where exact search stops being fast enough on this hardware.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import faiss
import numpy as np

HNSW_NEIGHBORS = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128

DenseKind = Literal["flat", "hnsw"]


class DenseIndex:
    """A FAISS index whose ids are passage rows (0..n-1)."""

    def __init__(self, index: faiss.Index) -> None:
        self._index = index
        if isinstance(index, faiss.IndexHNSW):
            index.hnsw.efSearch = HNSW_EF_SEARCH

    @property
    def kind(self) -> DenseKind:
        return "hnsw" if isinstance(self._index, faiss.IndexHNSW) else "flat"

    @property
    def size(self) -> int:
        return self._index.ntotal

    @classmethod
    def build(cls, vectors: np.ndarray, *, ann_threshold: int) -> DenseIndex:
        """Exact index for fewer than ``ann_threshold`` vectors, HNSW from there on."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        dim = vectors.shape[1]
        if len(vectors) >= ann_threshold:
            index: faiss.Index = faiss.IndexHNSWFlat(dim, HNSW_NEIGHBORS, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        else:
            index = faiss.IndexFlatIP(dim)
        index.add(vectors)
        return cls(index)

    def vectors(self) -> np.ndarray:
        """All stored vectors, row order (for benchmarks and re-use)."""
        return self._index.reconstruct_n(0, self.size)

    def save(self, path: Path) -> None:
        faiss.write_index(self._index, str(path))

    @classmethod
    def load(cls, path: Path) -> DenseIndex:
        return cls(faiss.read_index(str(path)))

    def search(self, query: np.ndarray, n: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The ``n`` nearest rows to one query vector, restricted to ``allowed`` rows when given.

        Filtering happens inside the search (an ID selector), so a filter never empties the top-n.

        Returns:
            (rows, similarities), best first, without the -1 padding FAISS adds.
        """
        query = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        n = min(n, self.size if allowed is None else len(allowed))
        if n <= 0:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
        params = None
        if allowed is not None:
            selector = faiss.IDSelectorBatch(np.ascontiguousarray(allowed, dtype=np.int64))
            params = (
                faiss.SearchParametersHNSW(sel=selector, efSearch=max(HNSW_EF_SEARCH, n))
                if self.kind == "hnsw"
                else faiss.SearchParameters(sel=selector)
            )
        elif self.kind == "hnsw" and n > HNSW_EF_SEARCH:
            params = faiss.SearchParametersHNSW(efSearch=n)
        sims, rows = self._index.search(query, n, params=params)
        keep = rows[0] >= 0
        return rows[0][keep], sims[0][keep]
