"""BM25 over token fields: accented pyvi words with their syllables, accent-folded syllables with
bigrams, and plain pyvi words (compounds without their syllables, what plain BM25 indexes)."""

from __future__ import annotations

import logging
from pathlib import Path

import bm25s
import numpy as np

logging.getLogger("bm25s").setLevel(logging.WARNING)


class LexicalIndex:
    """One bm25s index per field; scores come back for every row (passage or unit)."""

    # Passages and units alike (see index.units.unit_fields).
    FIELDS = ("words", "folded", "plain")

    def __init__(self, retrievers: dict[str, bm25s.BM25], size: int) -> None:
        self._retrievers = retrievers
        self.size = size

    @classmethod
    def build(cls, fields: dict[str, list[list[str]]]) -> LexicalIndex:
        """Index each field's token lists (one list per passage row, rows in the same order)."""
        retrievers = {}
        sizes = {len(rows) for rows in fields.values()}
        if len(sizes) != 1:
            raise ValueError("every field needs one token list per passage")
        for name in fields:
            retriever = bm25s.BM25()
            # An empty passage would make bm25s build a degenerate matrix; "∅" never matches a query.
            retriever.index([tokens or ["∅"] for tokens in fields[name]], show_progress=False)
            retrievers[name] = retriever
        return cls(retrievers, sizes.pop())

    def save(self, directory: Path, prefix: str = "bm25_") -> None:
        for name, retriever in self._retrievers.items():
            retriever.save(str(directory / f"{prefix}{name}"), show_progress=False)

    @classmethod
    def load(cls, directory: Path, size: int, prefix: str = "bm25_") -> LexicalIndex:
        retrievers = {
            name: bm25s.BM25.load(str(directory / f"{prefix}{name}"), mmap=False, show_progress=False)
            for name in cls.FIELDS
        }
        return cls(retrievers, size)

    def scores(self, field: str, tokens: list[str]) -> np.ndarray:
        """BM25 score of every passage for the query tokens (zeros when none is in the vocabulary)."""
        retriever = self._retrievers[field]
        ids = retriever.get_tokens_ids(tokens)
        if not ids:
            return np.zeros(self.size, dtype=np.float32)
        return retriever.get_scores_from_ids(ids).astype(np.float32, copy=False)
