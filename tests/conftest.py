"""Shared fixtures: the real model once per session, the bundled corpus indexed once per session.

Every test runs with SOTAY_* variables cleared, so a developer's own settings never leak in; the
model cache stays shared (building it is the one slow step).
"""

from __future__ import annotations

import os

# Before anything imports torch: spinning OpenMP threads starve the second core under load.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.library import Library
from index.settings import Settings
from tests import pg

LEGAL_ARTICLES = Path(__file__).parents[1] / "bench" / "data" / "legal_articles.jsonl"


@pytest.fixture(autouse=True, scope="session")
def _clean_environment() -> Iterator[None]:
    saved = {k: v for k, v in os.environ.items() if k.startswith("SOTAY_") and k != "SOTAY_MODEL_CACHE_DIR"}
    for name in saved:
        del os.environ[name]
    yield
    os.environ.update(saved)


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings over a session-wide data directory holding the bundled corpus index."""
    return Settings.load(data_dir=str(tmp_path_factory.mktemp("data")))


@pytest.fixture(scope="session")
def embedder(settings: Settings):  # noqa: ANN201 - index.model.Embedder
    from index.model import load_embedder

    return load_embedder(settings)


@pytest.fixture(scope="session")
def library(settings: Settings, embedder) -> Library:  # noqa: ANN001
    """The bundled corpus, indexed once. Tests must not change it: use ``fresh_library``."""
    lib = Library(settings, embedder=embedder)
    lib.ensure_index()
    return lib


@pytest.fixture(scope="session")
def legal(tmp_path_factory: pytest.TempPathFactory, settings: Settings, embedder) -> Library:  # noqa: ANN001
    """The 230 law articles of ``bench/data``, one document each, as an outside benchmark gives
    them, indexed once. A test that changes its ranking sets it back."""
    lib = Library(Settings.load(data_dir=str(tmp_path_factory.mktemp("legal")), model_cache_dir=settings.model_cache_dir),
                  embedder=embedder)
    lib.add_paths([LEGAL_ARTICLES])
    return lib


@pytest.fixture
def fresh_library(tmp_path: Path, settings: Settings, embedder) -> Library:  # noqa: ANN001
    """An empty library of its own, sharing the session's model."""
    return Library(Settings.load(data_dir=str(tmp_path / "data"), model_cache_dir=settings.model_cache_dir), embedder=embedder)


@pytest.fixture(scope="session")
def postgres() -> Iterator[pg.PgServer]:
    """A throwaway PostgreSQL server for the whole run (skipped where Debian's binaries are missing)."""
    if not pg.available():
        pytest.skip("PostgreSQL 15 is not installed (apt-get install postgresql; ./run.sh test does it)")
    server = pg.start_server()
    try:
        yield server
    finally:
        pg.remove(server)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run a test on both backends: ``""`` (the embedded SQLite files of its data dir), then the
    URL of a fresh PostgreSQL database of its own, dropped afterwards."""
    if request.param == "sqlite":
        yield ""
        return
    server: pg.PgServer = request.getfixturevalue("postgres")
    url = server.create_database()
    try:
        yield url
    finally:
        server.drop_database(url)
