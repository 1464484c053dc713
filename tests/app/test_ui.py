"""Building the app configures Gradio explicitly, without changing the process's environment."""

from __future__ import annotations

import os

from app.ui import ANALYTICS_CACHE_EVERY, ANALYTICS_CACHE_VARIABLE, build_app


def test_the_queue_summarizes_analytics_rarely_and_the_environment_is_left_alone(library, monkeypatch):  # noqa: ANN001
    monkeypatch.delenv(ANALYTICS_CACHE_VARIABLE, raising=False)
    before = dict(os.environ)
    demo = build_app(library, library.settings)
    assert demo._queue.ANAYLTICS_CACHE_FREQUENCY == ANALYTICS_CACHE_EVERY
    assert dict(os.environ) == before
    # A value given in the environment still wins, as Gradio documents it.
    monkeypatch.setenv(ANALYTICS_CACHE_VARIABLE, "7")
    assert build_app(library, library.settings)._queue.ANAYLTICS_CACHE_FREQUENCY == 7
