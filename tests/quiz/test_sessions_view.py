"""The quiz tab's HTML and tables: document text is escaped, scores and statistics read right."""

from __future__ import annotations

import dataclasses

from app.quiz_tab import dashboard_tables, draft_html, feedback_html, question_html, result_html
from quiz.db import QuizDB
from quiz.sessions import SessionStore
from tests.quiz.session_items import sample_items

EVIL = '<script>alert("x")</script>'


def test_document_text_is_escaped_everywhere(tmp_path):
    items = [dataclasses.replace(item, stem=item.stem + EVIL, citation=EVIL) for item in sample_items()]
    store = SessionStore(QuizDB(tmp_path / "quiz.sqlite"))
    code, key = store.create(items, title=EVIL)
    attempt = store.join(code, EVIL, EVIL)
    store.answer(code, attempt.token, 0, items[0].answer)
    result = store.finish(code, attempt.token)
    pages = [
        question_html(attempt.questions[0], 4, 0),
        draft_html(items),
        result_html(result),
        feedback_html(items[1], "Sai"),
        dashboard_tables(store.dashboard(code, key))[0],
    ]
    for page in pages:
        assert "<script>" not in page
        assert "&lt;script&gt;" in page


def test_result_and_feedback_say_right_or_wrong_with_the_key(tmp_path):
    items = sample_items()
    store = SessionStore(QuizDB(tmp_path / "quiz.sqlite"))
    code, key = store.create(items, shuffle=False)
    attempt = store.join(code, "An", "Chi bộ 1")
    store.answer(code, attempt.token, 0, items[0].answer)
    store.answer(code, attempt.token, 1, "Sai")
    page = result_html(store.finish(code, attempt.token))
    assert "An: 1/4 câu đúng" in page
    assert page.count('class="right"') == 1 and page.count('class="wrong"') == 3
    assert "(bỏ trống)" in page  # questions 3 and 4 were not answered
    assert "Chưa đúng. Đáp án: Đúng" in feedback_html(items[1], "Sai")
    assert "✔ Đúng!" in feedback_html(items[3], items[3].answer)

    counts, leaders, stats = dashboard_tables(store.dashboard(code, key))
    assert "1 người tham gia · 1 đã nộp bài · 2 câu trả lời" in counts
    assert leaders[0][:6] == [1, "An", "Chi bộ 1", 1, 2, leaders[0][5]]
    assert stats[0][2:] == [100.0, 1, "", 0]
    assert stats[1][2:] == [0.0, 1, "Sai", 1]
