"""HTTP endpoints with no widget of their own: the key-based twins of the result-card buttons.

Registered with ``gr.api`` inside the app's ``gr.Blocks``; their types come from the hints.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import gradio as gr

from app.feedback import user_errors
from app.filters import form_text
from app.search_tab import MODEL_CONCURRENCY_ID, MODEL_CONCURRENCY_LIMIT, SearchHandlers
from corpus.inputs import number_input
from index.library import Library


def register_api(lib: Library) -> None:
    """Add the ``context``, ``similar``, ``cite`` and ``documents`` endpoints."""
    handlers = SearchHandlers(lib)

    @user_errors
    def context(key: str, before: int = 1, after: int = 1) -> list[dict[str, Any]]:
        """The passage ``key`` with its neighbours, in document order."""
        around = [number_input(n, label) or 0 for n, label in ((before, "Số đoạn trước"), (after, "Số đoạn sau"))]
        key = form_text(key, "Mã đoạn văn")
        return [asdict(r) for r in lib.context(key, before=around[0], after=around[1])]

    @user_errors
    def similar(key: str, k: int = 10) -> list[dict[str, Any]]:
        """Passages like ``key`` (itself excluded), as search results."""
        return handlers.similar(key, k)

    @user_errors
    def cite(key: str) -> str:
        """The passage quoted with its full citation, ready to paste."""
        return handlers.cite(form_text(key, "Mã đoạn văn"))

    def documents() -> list[dict[str, Any]]:
        """Every document with its metadata and passage count."""
        return [asdict(d) for d in lib.documents()]

    gr.api(context, api_name="context", concurrency_limit=None)
    gr.api(similar, api_name="similar", concurrency_id=MODEL_CONCURRENCY_ID, concurrency_limit=MODEL_CONCURRENCY_LIMIT)
    gr.api(cite, api_name="cite", concurrency_limit=None)
    gr.api(documents, api_name="documents", concurrency_limit=None)
