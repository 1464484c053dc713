"""The quiz tab's HTML: document text is escaped, scores and statistics read right, the
projector view shows the code, live option counts and wrapping tables in the text font."""

from __future__ import annotations

import dataclasses
import os
import shutil
import time

from app.quiz_study import feedback_html
from app.export import export_root
from app.quiz_trainer import draft_html, export_board, projector_html
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
    pages = [draft_html(items), feedback_html(items[1], "Sai"), projector_html(store.dashboard(code, key))]
    for page in pages:
        assert "<script>" not in page
        assert "&lt;script&gt;" in page


def test_projector_counts_options_of_the_current_question_and_ranks(tmp_path):
    items = sample_items()
    store = SessionStore(QuizDB(tmp_path / "quiz.sqlite"))
    code, key = store.create(items, shuffle=False)
    an = store.join(code, "Nguyễn Văn An", "Chi bộ 1", "b1")
    binh = store.join(code, "Trần Thị Bình", "Chi bộ 2", "b2")
    store.answer(code, an.token, 0, items[0].answer)
    store.answer(code, an.token, 2, items[2].answer)
    store.answer(code, an.token, 1, "Sai")
    store.answer(code, binh.token, 1, "Đúng")
    store.finish(code, an.token)
    board = store.dashboard(code, key)
    assert board.current == 2  # the question answered last
    # While the session is open (Bình is still answering) the projector tells no key: no option
    # marked, no scores, participants in name order.
    page = projector_html(board, "http://10.0.0.5:7860")
    assert 'class="key"' not in page and "Đáp án" not in page and "Tỉ lệ đúng" not in page
    assert "http://10.0.0.5:7860/thi?ma=" + code in page and 'class="sotay-qr"' in page
    rows = page.split('class="sotay-table sotay-leaderboard"')[1].split("</table>")[0].split("<tr>")[2:]
    assert "<td>Nguyễn Văn An</td><td>Chi bộ 1</td><td>3</td><td>có</td>" in rows[0]
    assert "<td>Trần Thị Bình</td><td>Chi bộ 2</td><td>1</td><td>chưa</td>" in rows[1]
    store.close(code, key)
    board = store.dashboard(code, key)
    page = projector_html(board)
    assert f'<b class="sotay-code">{code}</b>' in page
    assert "2 người tham gia · <b>1</b> đã nộp bài · <b>4</b> câu trả lời" in page.replace("<b>2</b>", "2")
    assert "Câu đang làm: câu 2/4 · 2 người đã trả lời" in page
    # Both options of the true/false question, one vote each, the key marked.
    assert '<li class="key"><span class="label">Đúng</span><span class="bar" style="width:100%"></span><b>1</b></li>' in page
    assert '<li class=""><span class="label">Sai</span><span class="bar" style="width:100%"></span><b>1</b></li>' in page
    rows = page.split('class="sotay-table sotay-leaderboard"')[1].split("</table>")[0].split("<tr>")[2:]
    assert "<td>1</td><td>Nguyễn Văn An</td><td>Chi bộ 1</td><td>2</td><td>3</td>" in rows[0]
    assert "<td>2</td><td>Trần Thị Bình</td><td>Chi bộ 2</td><td>1</td><td>1</td>" in rows[1]
    stats = page.split('class="sotay-table sotay-stats"')[1]
    assert "<td>2</td><td>Đại hội XIII khai mạc ngày 25/01/2021.</td><td>50</td><td>2</td><td>Sai</td><td>1</td>" in stats


def test_feedback_says_right_or_wrong_with_the_key():
    items = sample_items()
    assert "Chưa đúng. Đáp án: Đúng" in feedback_html(items[1], "Sai")
    assert "✔ Đúng!" in feedback_html(items[3], items[3].answer)


def test_exports_go_to_one_temp_dir_and_old_ones_are_purged(tmp_path):
    store = SessionStore(QuizDB(tmp_path / "quiz.sqlite"))
    code, key = store.create(sample_items())
    old = export_board(store.dashboard(code, key), "xlsx")
    try:
        two_hours_ago = time.time() - 7200
        os.utime(old.parent, (two_hours_ago, two_hours_ago))
        new = export_board(store.dashboard(code, key), "csv")  # each export purges the stale ones
        assert new.parent.parent == export_root() and new.name == f"ket-qua-{code}.csv"
        assert not old.exists() and new.exists()
        assert old.parent.name not in {p.name for p in export_root().iterdir()}
    finally:
        shutil.rmtree(new.parent, ignore_errors=True)
