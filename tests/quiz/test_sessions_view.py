"""The quiz tab's HTML and handlers: document text is escaped, scores and statistics read right,
the projector view shows the code, live option counts and wrapping tables in the text font, and
no key while anyone can answer; the trainer's and self-study handlers on the real library."""

from __future__ import annotations

import dataclasses
import os
import shutil
import time
from types import SimpleNamespace

import pytest

from app.auth import SIGN_IN_COOKIE, SignIns
from app.quiz_study import feedback_html
from app.export import export_root
from app.quiz_trainer import Questions, TrainerHandlers, draft_html, export_board, projector_html
from corpus.errors import PermissionDenied, SotayError
from index.settings import Settings
from quiz.db import QuizDB
from quiz.sessions import SessionStore
from tests.quiz.session_items import sample_items

EVIL = '<script>alert("x")</script>'


def test_document_text_is_escaped_everywhere(quiz_db):
    items = [dataclasses.replace(item, stem=item.stem + EVIL, citation=EVIL) for item in sample_items()]
    store = SessionStore(quiz_db)
    code, key = store.create(items, title=EVIL)
    attempt = store.join(code, EVIL, EVIL)
    store.answer(code, attempt.token, 0, items[0].answer)
    pages = [draft_html(items), feedback_html(items[1], "Sai"), projector_html(store.dashboard(code, key))]
    for page in pages:
        assert "<script>" not in page
        assert "&lt;script&gt;" in page


def test_projector_counts_options_of_the_current_question_and_ranks(quiz_db):
    items = sample_items()
    store = SessionStore(quiz_db)
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


def test_exports_go_to_one_temp_dir_and_old_ones_are_purged(quiz_db):
    store = SessionStore(quiz_db)
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


def _signed_in(sign_ins, user: str, password: str) -> SimpleNamespace:  # noqa: ANN001
    token, _ = sign_ins.sign_in(user, password, "10.0.0.1")
    return SimpleNamespace(cookies={SIGN_IN_COOKIE: token}, headers={"host": "10.0.0.5:7860"}, url=SimpleNamespace(scheme="http"))


def test_trainer_handlers_sign_in_generate_open_pace_and_close(library, tmp_path, database_url):  # noqa: ANN001
    """The trainer panel's handlers on the real library, without Gradio: an outsider cannot
    generate; a trainer generates, edits the draft, opens a paced session and runs it."""
    settings = Settings.load(
        data_dir=str(tmp_path), trainer_user="bcv", trainer_password="mật-khẩu-bcv", database_url=database_url
    )
    db = QuizDB.open(settings)
    handlers = TrainerHandlers(library, Questions(library), SessionStore(db), SignIns(settings, db))
    outsider = SimpleNamespace(cookies={}, headers={}, url=SimpleNamespace(scheme="http"))
    with pytest.raises(PermissionDenied, match="Cần đăng nhập"):
        handlers.generate(["nq-dh13-2021"], [], 3, ["true_false"], "Tất cả", outsider)
    assert "Chưa đăng nhập" in handlers.signed_in("", outsider)
    trainer = _signed_in(handlers.sign_ins, "bcv", "mật-khẩu-bcv")
    assert "Đã đăng nhập: bcv (báo cáo viên)" in handlers.signed_in("", trainer)
    with pytest.raises(SotayError, match="ít nhất một tài liệu"):
        handlers.generate([], [], 3, ["true_false"], "Tất cả", trainer)
    draft, note = handlers.generate(["nq-dh13-2021"], [], 3, ["true_false", "bogus"], "Tất cả", trainer)
    assert len(draft["items"]) == 3 and note.startswith("Đã tạo 3 câu hỏi")
    draft, note = handlers.edit(draft, 1, replace=False)
    assert len(draft["items"]) == 2 and note == "Đã bỏ câu 1."
    with pytest.raises(SotayError, match="Số câu không có"):
        handlers.edit(draft, 9, replace=True)
    with pytest.raises(SotayError, match="Số giây mỗi câu"):
        handlers.open(draft, "Từng câu", 0, True, False, False, True, "Báo cáo viên điều khiển từng câu", 2, True, trainer)
    live = handlers.open(draft, "Từng câu", 0, True, False, False, True, "Báo cáo viên điều khiển từng câu", 30, True, trainer)
    assert live.paced and live.is_open and "Chờ báo cáo viên mở câu hỏi đầu tiên" in live.projector
    assert f"http://10.0.0.5:7860/thi?ma={live.code}" in live.projector
    current = {"code": live.code, "key": live.key}
    opened = handlers.act("next", current, trainer)
    assert "Câu đang làm: câu 1/2" in opened.projector and 'class="key"' not in opened.projector
    ended = handlers.act("end", current, trainer)
    assert 'class="key"' in ended.projector and "Đáp án: " in ended.projector
    closed = handlers.act("close", current, trainer)
    assert not closed.is_open and closed.note.startswith("Đã đóng phiên thi")
    assert handlers.export(current, "xlsx").suffix == ".xlsx"
    with pytest.raises(SotayError, match="Chưa có phiên thi"):
        handlers.live(None, trainer)


def test_study_handlers_start_check_and_move_on(library, quiz_db):  # noqa: ANN001
    from app.quiz_study import StudyHandlers
    from quiz.srs import Deck

    handlers = StudyHandlers(library, Questions(library), Deck(quiz_db))
    owner = handlers.owner(None)
    assert len(owner) >= 24 and handlers.owner({"owner": owner}) == owner
    with pytest.raises(SotayError, match="Hãy chọn một tài liệu"):
        handlers.start(owner, "khong-co", None)
    with pytest.raises(SotayError, match="Bắt đầu ôn"):
        handlers.check(None, "Đúng", [])
    step = handlers.start(owner, "nq-dh13-2021", None)
    assert step.card is not None and "câu mới vào bộ ôn tập" in step.note and "câu trong bộ ôn tập" in step.progress
    item = step.card.item
    with pytest.raises(SotayError, match="Hãy chọn đáp án"):
        handlers.check(step.state, None, [None] * 6)
    right = item.answer if item.type != "matching" else None
    shown, line = handlers.check(step.state, right, [r for _, r in item.pairs] + [None] * 6)
    assert "✔ Đúng!" in shown and "hộp 2: 1" in line
    following = handlers.next(step.state)
    assert following.card is None or following.card.key != step.card.key
