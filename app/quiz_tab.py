"""The "Ôn tập & Thi" tab: three panels, each in a module of its own.

- «Tham gia thi» (:mod:`app.quiz_participant`): points participants to the hall page (``/thi``,
  :mod:`app.hall`), served as plain HTML + JSON so a hall of 500 answers without Gradio's queue;
- «Tạo phiên thi» (:mod:`app.quiz_trainer`): generate, open, watch live on a projector, export;
- «Tự ôn tập» (:mod:`app.quiz_study`): Leitner self-study, one deck per browser.

All logic lives in :mod:`quiz.sessions` and :mod:`quiz.srs`; per-user progress lives in
``gr.State`` (and ``gr.BrowserState`` so a refresh resumes), shared data in SQLite.
"""

from __future__ import annotations

import gradio as gr

from app.auth import SignIns
from app.quiz_participant import participant_panel
from app.quiz_study import StudyHandlers, study_panel
from app.quiz_trainer import Questions, TrainerHandlers, trainer_panel
from index.library import Library
from index.settings import Settings
from quiz.db import QuizDB
from quiz.sessions import SessionStore
from quiz.srs import Deck


def build_quiz_tab(lib: Library, settings: Settings) -> None:
    """Lay out the quiz tab inside the caller's ``gr.Tab`` (and ``gr.Blocks``)."""
    db = QuizDB.open(settings)
    questions = Questions(lib)
    # Kept in the data dir rather than made per process: saved state resumes after a restart.
    secret = db.secret("browser_state")
    with gr.Tabs():
        with gr.Tab("Tham gia thi"):
            participant_panel()
        with gr.Tab("Tạo phiên thi"):
            trainer_panel(TrainerHandlers(lib, questions, SessionStore(db), SignIns(settings, db)), secret)
        with gr.Tab("Tự ôn tập"):
            study_panel(StudyHandlers(lib, questions, Deck(db)), secret)
