"""Query embedding for a served app: every request's query is encoded on one thread, in batches.

Measured here (2 cores, served over HTTP): run from Gradio's many worker threads, torch's
thread pools oversubscribe the cores and a 30 ms search took 70 ms inside the handler, worse
under load. One encoding thread keeps one thread pool, and queries that arrive together share
one forward pass.
"""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Future
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from index.model import TextEmbedder

MAX_BATCH = 16


class QueryBatcher:
    """A :class:`~index.model.TextEmbedder` around another: ``encode_queries`` goes through one
    worker thread, batched; the rest is the wrapped embedder's own, called on the caller's thread.
    """

    def __init__(self, embedder: TextEmbedder, max_batch: int = MAX_BATCH) -> None:
        self._embedder = embedder
        self._max_batch = max_batch
        self._pending: queue.SimpleQueue[tuple[list[str], Future]] = queue.SimpleQueue()
        threading.Thread(target=self._serve, name="query-encoder", daemon=True).start()

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """Embeddings of ``texts``, as the wrapped embedder returns them."""
        future: Future = Future()
        self._pending.put((list(texts), future))
        return future.result()

    @property
    def dim(self) -> int:
        """The wrapped embedder's vector size."""
        return self._embedder.dim

    def count_tokens(self, text: str) -> int:
        """The wrapped embedder's token count of ``text``."""
        return self._embedder.count_tokens(text)

    def encode_passages(self, texts: list[str], batch_size: int | None = None) -> np.ndarray:
        """The wrapped embedder's passage embeddings (index builds batch on their own)."""
        return self._embedder.encode_passages(texts, batch_size)

    def _serve(self) -> None:
        while True:
            requests = [self._pending.get()]
            count = len(requests[0][0])
            while count < self._max_batch:
                try:
                    requests.append(self._pending.get_nowait())
                except queue.Empty:
                    break
                count += len(requests[-1][0])
            texts = [text for batch, _ in requests for text in batch]
            try:
                vectors = self._embedder.encode_queries(texts)
            except Exception as error:  # noqa: BLE001 - handed to each waiting caller, who raises it
                for _, future in requests:
                    future.set_exception(error)
                continue
            start = 0
            for batch, future in requests:
                future.set_result(vectors[start : start + len(batch)])
                start += len(batch)
