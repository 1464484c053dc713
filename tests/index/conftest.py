"""The library's storage tests run on both backends."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.library import Library
from index.settings import Settings


@pytest.fixture
def fresh_library(tmp_path: Path, settings: Settings, embedder, database_url: str) -> Library:  # noqa: ANN001
    """An empty library of its own on each backend: the data dir's files alone, then with its
    documents and vectors in a PostgreSQL database of its own (the index still in the data dir)."""
    own = Settings.load(data_dir=str(tmp_path / "data"), model_cache_dir=settings.model_cache_dir, database_url=database_url)
    return Library(own, embedder=embedder)
