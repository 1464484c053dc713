"""The Gradio app: the search, library and quiz tabs in one ``gr.Blocks``.

Every event that runs on the server has an ``api_name``, so the served app is also an HTTP API
(see the README's endpoint list); page-only events (clearing a panel) have none. Per-user page data lives in ``gr.State`` (sign-ins on the server, :mod:`app.auth`); the only
shared object is the :class:`Library`, which is thread-safe.
"""

from __future__ import annotations

import os
from importlib import resources

import gradio as gr

from app.api import register_api
from app.export import EXPORT_MAX_AGE, purge_exports
from app.feedback import Blocks
from app.library_tab import LibraryHandlers, build_library_tab
from app.quiz_tab import build_quiz_tab
from app.search_tab import build_search_tab
from index.library import Library
from index.settings import Settings

# Enough for a training room (30 users) plus bursts; beyond it users get "busy, retry" at once
# instead of waiting behind a queue they cannot see the end of.
QUEUE_MAX_SIZE = 128
# Gradio re-summarizes up to 10,000 past events with pandas after every event by default
# (GRADIO_ANALYTICS_CACHE_FREQUENCY=1): 7% of a loaded server's CPU, growing with uptime.
ANALYTICS_CACHE_VARIABLE = "GRADIO_ANALYTICS_CACHE_FREQUENCY"
ANALYTICS_CACHE_EVERY = 1000

CSS = (resources.files("app") / "static" / "sotay.css").read_text(encoding="utf-8")
# Every hour, Gradio deletes what it stored for this app (files POSTed to its upload route,
# copies of exports) once older than a day; the app's own export files are purged alike.
CACHE_PURGE = (3600, EXPORT_MAX_AGE)

INTRO = (
    "## Sổ tay Nghị quyết\n"
    "Tra cứu văn kiện, nghị quyết, kế hoạch của Đảng: đặt câu hỏi bằng tiếng Việt (có dấu hoặc không dấu), "
    "nhận đoạn trích kèm trích dẫn đầy đủ."
)


def build_app(lib: Library, settings: Settings, cache_purge: tuple[int, int] = CACHE_PURGE) -> gr.Blocks:
    """The whole app over ``lib``, queue configured; launch it with :func:`app.serve.launch`.

    Args:
        cache_purge: (every, older than) in seconds, for Gradio's cache and the export files.
    """
    purge_exports(cache_purge[1])
    with Blocks(title="Sổ tay Nghị quyết", analytics_enabled=False, delete_cache=cache_purge) as demo:
        gr.Markdown(INTRO)
        with gr.Tab("Tra cứu", id="search", elem_id="tab-search"):
            search_tab = build_search_tab(lib, settings)
        with gr.Tab("Tài liệu", id="library", elem_id="tab-library"):
            library_tab = build_library_tab(lib, settings, search_tab)
        with gr.Tab("Ôn tập & Thi", id="quiz", elem_id="tab-quiz"):
            build_quiz_tab(lib, settings)
        register_api(lib)
        # Another session may have changed the library since this page was built.
        demo.load(
            LibraryHandlers(lib, settings).refresh,
            None,
            [library_tab.table, library_tab.doc_picker, search_tab.doc_filter, search_tab.kind_filter],
            api_name="refresh_library",
            concurrency_limit=None,
        )
    demo.queue(max_size=QUEUE_MAX_SIZE, default_concurrency_limit=1)
    # Gradio reads this only from the environment, when the queue is made: set on the queue
    # itself, the process's environment stays as it was (a value given there still wins).
    if ANALYTICS_CACHE_VARIABLE not in os.environ:
        demo._queue.ANAYLTICS_CACHE_FREQUENCY = ANALYTICS_CACHE_EVERY  # sic: Gradio's spelling
    return demo
