"""Passage encoding that runs beside the rest of an index build.

Encoding is most of a build's CPU (docs/search.md), and it keeps both cores busy only while it
runs: segmentation, pyvi and BM25 run in one Python thread and, done one after the other with
the encoding, leave a core idle. ONNX Runtime releases the GIL, so the encoding runs in a thread
of its own, fed chunk by chunk as documents are segmented, and the build waits for its vectors
only when it writes the dense index. Each distinct model input is encoded once per build, and
never when the vector cache already holds it.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    from index.model import TextEmbedder

# Passages per encode call: the embedder sorts each call's passages by length, and progress is
# reported per call.
CHUNK = 512


class VectorCache(Protocol):
    """Where vectors are kept between builds (``EmbeddingCache`` or the shared library)."""

    def get(self, model_key: str, hashes: list[str]) -> dict[str, np.ndarray]: ...

    def put(self, model_key: str, vectors: dict[str, np.ndarray]) -> None: ...


class BackgroundEncoder:
    """Encodes the model inputs it is fed in a thread of its own; a context manager.

    The vector cache is read and written from the calling thread only (SQLite connections stay in
    the thread that made them).
    """

    def __init__(self, embedder: TextEmbedder, cache: VectorCache, model_key: str) -> None:
        self._embedder = embedder
        self._cache = cache
        self._model_key = model_key
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="encode-passages")
        self._seen: set[str] = set()
        self._pending: dict[str, str] = {}
        self._found: dict[str, np.ndarray] = {}
        self._running: list[tuple[list[str], Future[np.ndarray]]] = []

    def __enter__(self) -> BackgroundEncoder:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def feed(self, hashes: list[str], inputs: list[str]) -> None:
        """Queue model inputs (keyed by their hashes); encoding starts once a chunk is full."""
        for key, text in zip(hashes, inputs):
            if key not in self._seen:
                self._seen.add(key)
                self._pending[key] = text
        if len(self._pending) >= CHUNK:
            self._submit()

    def _submit(self) -> None:
        if not self._pending:
            return
        self._found.update(self._cache.get(self._model_key, list(self._pending)))
        missing = [key for key in self._pending if key not in self._found]
        for start in range(0, len(missing), CHUNK):
            keys = missing[start : start + CHUNK]
            texts = [self._pending[key] for key in keys]
            self._running.append((keys, self._pool.submit(self._embedder.encode_passages, texts)))
        self._pending = {}

    def vectors(self, hashes: list[str], progress: Callable[[int, int, str], None]) -> np.ndarray:
        """The vector of each of ``hashes`` (all fed before), waiting for the encoding to end."""
        self._submit()
        total = sum(len(keys) for keys, _ in self._running)
        done = 0
        for keys, future in self._running:
            progress(done, total, f"Mã hóa đoạn văn {done + 1}–{done + len(keys)}/{total}")
            new = dict(zip(keys, future.result()))
            self._cache.put(self._model_key, new)
            self._found.update(new)
            done += len(keys)
        self._running = []
        if not hashes:
            return np.empty((0, self._embedder.dim), dtype=np.float32)
        return np.stack([self._found[key] for key in hashes]).astype(np.float32)
