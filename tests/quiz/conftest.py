"""Fixtures of the session and self-study tests: a hand-moved clock and a session store on it."""

from __future__ import annotations

import pytest

from quiz.db import QuizDB
from quiz.sessions import SessionStore
from tests.quiz.session_items import Clock


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path, clock) -> SessionStore:  # noqa: ANN001
    return SessionStore(QuizDB(tmp_path / "quiz.sqlite"), clock=clock)
