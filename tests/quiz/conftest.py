"""Fixtures of the session and self-study tests: a hand-moved clock and a session store on it, on
each backend (SQLite, PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from quiz.db import QuizDB
from quiz.sessions import SessionStore
from tests.quiz.session_items import Clock


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def quiz_db(tmp_path, database_url) -> Iterator[QuizDB]:  # noqa: ANN001
    """A fresh quiz database: the SQLite file, then a PostgreSQL database (``database_url``)."""
    db = QuizDB(database_url or tmp_path / "quiz.sqlite")
    yield db
    db.dispose()


@pytest.fixture
def store(quiz_db, clock) -> SessionStore:  # noqa: ANN001
    return SessionStore(quiz_db, clock=clock)
