"""Quiz sessions without the UI: joining, answering, deadlines, resuming, results, statistics."""

from __future__ import annotations

import csv
import threading

import pytest
from openpyxl import load_workbook

from corpus.errors import QuizError
from index.database import IntegrityError
from quiz.db import MIGRATIONS, QuizDB
from quiz.items import FALSE, TRUE
from quiz.results import export_results
from quiz.order import ARROW
from quiz.sessions import CODE_ALPHABET, CODE_LENGTH, GRACE_S, normalize_code
from tests.quiz.session_items import _item, sample_items


def right_answer(item, question):
    return item.answer


def wrong_answer(item, question):
    return next(o for o in question.options if o != item.answer) if item.type != "matching" else list(reversed(item.answer.split(" | ")))


def play(store, code, name, unit, pick):
    """Join and answer every question with ``pick(item, question)``; returns the attempt."""
    items = sample_items()
    attempt = store.join(code, name, unit)
    for q in attempt.questions:
        store.answer(code, attempt.token, q.position, pick(items[q.position], q))
    return attempt


def test_migrations_are_recorded_once(tmp_path):
    db = QuizDB(tmp_path / "quiz.sqlite")
    names = [fn.__name__ for fn in MIGRATIONS]
    assert db.applied_migrations() == names
    assert QuizDB(tmp_path / "quiz.sqlite").applied_migrations() == names  # reopening applies nothing again
    with db.read() as conn:
        assert conn.scalar("PRAGMA journal_mode") == "wal"
    secret = db.secret("browser_state")
    assert len(secret) >= 32 and QuizDB(tmp_path / "quiz.sqlite").secret("browser_state") == secret
    assert db.secret("other") != secret


def test_join_code_is_short_and_unambiguous(store):
    codes = {store.create(sample_items())[0] for _ in range(20)}
    assert len(codes) == 20
    for code in codes:
        assert len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)
        assert not set(code) & set("01OIL")
    code = next(iter(codes))
    assert store.info(f" {code[:3].lower()}-{code[3:]} ").code == code
    assert normalize_code("ab c-12") == "ABC12"


def test_bad_requests_get_vietnamese_messages(store):
    with pytest.raises(QuizError, match="Chưa có câu hỏi"):
        store.create([])
    with pytest.raises(QuizError, match="Không tìm thấy phiên thi"):
        store.join("ZZZZZZ", "An", "Chi bộ 1")
    code, key = store.create(sample_items())
    with pytest.raises(QuizError, match="họ và tên"):
        store.join(code, "   ", "Chi bộ 1")
    attempt = store.join(code, "An", "Chi bộ 1")
    with pytest.raises(QuizError, match="Lựa chọn không hợp lệ"):
        store.answer(code, attempt.token, 0, "Một đáp án bịa")
    with pytest.raises(QuizError, match="không có trong phiên"):
        store.answer(code, attempt.token, 99, TRUE)
    with pytest.raises(QuizError, match="chưa nộp"):
        store.result(code, attempt.token)
    with pytest.raises(QuizError, match="người tạo phiên"):
        store.dashboard(code, "not-the-key")


def test_answers_are_saved_as_given_and_resume_after_reconnect(store):
    code, _ = store.create(sample_items(), shuffle=True)
    first = store.join(code, "Nguyễn Văn An", "Chi bộ 1")
    q = next(q for q in first.questions if q.type != "matching")  # one option is a whole answer
    store.answer(code, first.token, q.position, q.options[0])
    # A refresh: only the code and token survive; the attempt comes back with the answer and order.
    again = store.attempt(code, first.token)
    assert again.answers == {q.position: q.options[0]}
    assert again.questions == first.questions
    # Changing an answer before hand-in replaces it.
    store.answer(code, first.token, q.position, q.options[1])
    assert store.attempt(code, first.token).answers == {q.position: q.options[1]}


def test_shuffle_differs_between_participants_but_true_false_keeps_order(store):
    code, _ = store.create(sample_items() * 5, shuffle=True)
    orders = {tuple(q.position for q in store.join(code, f"P{i}", "").questions) for i in range(5)}
    assert len(orders) > 1
    attempt = store.join(code, "Q", "")
    assert all(q.options == (TRUE, FALSE) for q in attempt.questions if q.type == "true_false")
    code, _ = store.create(sample_items(), shuffle=False)
    assert [q.position for q in store.join(code, "R", "").questions] == [0, 1, 2, 3]


def test_deadline_is_enforced_on_the_server(store, clock):
    code, key = store.create(sample_items(), time_limit_s=60)
    attempt = store.join(code, "An", "")
    assert attempt.remaining(clock.now) == 60
    q, later = [q for q in attempt.questions if q.type != "matching"][:2]  # one option is a whole answer
    clock.now += 60 + GRACE_S / 2  # clicked as the countdown hit zero: still accepted
    store.answer(code, attempt.token, q.position, q.options[0])
    clock.now += GRACE_S
    with pytest.raises(QuizError, match="hết thời gian"):
        store.answer(code, attempt.token, later.position, later.options[0])
    assert store.attempt(code, attempt.token).answers == {q.position: q.options[0]}
    # Past the deadline the attempt is over without handing in; its result comes with the closing.
    with pytest.raises(QuizError, match="Kết quả sẽ có khi báo cáo viên đóng phiên thi"):
        store.result(code, attempt.token)
    store.close(code, key)
    assert store.result(code, attempt.token).total == 4


def test_finished_or_closed_attempts_accept_no_answers(store):
    code, key = store.create(sample_items())
    a = store.join(code, "An", "")
    b = store.join(code, "Bình", "")
    store.finish(code, a.token)
    with pytest.raises(QuizError, match="đã nộp bài"):
        store.answer(code, a.token, 1, TRUE)
    store.close(code, key)
    with pytest.raises(QuizError, match="đã kết thúc"):
        store.answer(code, b.token, 1, TRUE)
    with pytest.raises(QuizError, match="đã kết thúc"):
        store.join(code, "Cường", "")


def test_result_review_has_key_explanation_and_citation(store, clock):
    code, key = store.create(sample_items(), show_key=True)
    attempt = play(store, code, "An", "Chi bộ 1", right_answer)
    clock.now += 42
    assert store.finish(code, attempt.token).finished
    clock.now += 100
    store.close(code, key)
    result = store.result(code, attempt.token)
    assert (result.correct, result.total, result.seconds) == (4, 4, 42)
    row = result.review[0]
    assert row.correct and row.given == row.answer
    assert "Đại hội đại biểu toàn quốc lần thứ XIII" in row.explanation
    assert row.citation
    store.finish(code, attempt.token)
    assert store.result(code, attempt.token) == result  # handing in twice changes nothing


def test_leaderboard_orders_by_correct_then_time_and_statistics(store, clock):
    items = sample_items()
    code, key = store.create(items, shuffle=True)

    fast_half = store.join(code, "Fast half", "B")
    slow_all = store.join(code, "Slow all", "A")
    quick_all = store.join(code, "Quick all", "C")
    for attempt, wrong_first, delay in ((slow_all, False, 30), (quick_all, False, 10), (fast_half, True, 5)):
        for q in attempt.questions:
            pick = wrong_answer if wrong_first and q.position in (0, 1) else right_answer
            store.answer(code, attempt.token, q.position, pick(items[q.position], q))
        clock.now += delay
        store.finish(code, attempt.token)
        clock.now -= delay
    board = store.dashboard(code, key)
    assert (board.joined, board.finished, board.answers) == (3, 3, 12)
    assert [(r.name, r.correct, r.seconds) for r in board.leaderboard] == [
        ("Quick all", 4, 10),
        ("Slow all", 4, 30),
        ("Fast half", 2, 5),
    ]
    first, second = board.questions[0], board.questions[1]
    assert (first.answered, first.correct, round(first.share_correct, 2)) == (3, 2, 0.67)
    assert first.top_wrong != items[0].answer and first.top_wrong_count == 1
    assert (second.top_wrong, second.top_wrong_count) == (FALSE, 1)
    assert board.questions[2].top_wrong == "" and board.questions[2].share_correct == 1


def test_two_sessions_never_mix(store):
    code_a, key_a = store.create(sample_items())
    code_b, key_b = store.create(sample_items())
    a = play(store, code_a, "An", "", right_answer)
    play(store, code_b, "Bình", "", right_answer)
    with pytest.raises(QuizError, match="Không tìm thấy bài làm"):
        store.attempt(code_b, a.token)  # a token of session A is nothing in session B
    with pytest.raises(QuizError, match="Không tìm thấy bài làm"):
        store.answer(code_b, a.token, 0, "XIII")
    with pytest.raises(QuizError, match="người tạo phiên"):
        store.dashboard(code_a, key_b)
    assert [r.name for r in store.dashboard(code_a, key_a).leaderboard] == ["An"]
    assert [r.name for r in store.dashboard(code_b, key_b).leaderboard] == ["Bình"]


def test_concurrent_answers_from_threads_are_all_saved(store):
    items = sample_items() * 5
    code, key = store.create(items)
    attempts = [store.join(code, f"Học viên {i}", "") for i in range(8)]
    errors: list[Exception] = []

    def answer_all(attempt):
        try:
            for q in attempt.questions:
                store.answer(code, attempt.token, q.position, items[q.position].answer)
        except Exception as error:  # collected so the test reports it, not the thread
            errors.append(error)

    threads = [threading.Thread(target=answer_all, args=(a,)) for a in attempts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    board = store.dashboard(code, key)
    assert board.answers == 8 * len(items)
    assert all(r.correct == len(items) for r in board.leaderboard)


def test_export_results_xlsx_and_csv(store, tmp_path):
    code, key = store.create(sample_items(), title="Ôn tập Nghị quyết XIII")
    attempt = play(store, code, "Nguyễn Thị Hoa", "Chi bộ 3", right_answer)
    store.finish(code, attempt.token)
    board = store.dashboard(code, key)
    xlsx = export_results(board, tmp_path / "out", "xlsx")
    book = load_workbook(xlsx)
    assert book.sheetnames == ["Xếp hạng", "Thống kê câu hỏi"]
    rows = list(book["Xếp hạng"].values)
    assert rows[1][:4] == (1, "Nguyễn Thị Hoa", "Chi bộ 3", 4)
    assert len(list(book["Thống kê câu hỏi"].values)) == 1 + 4
    path = export_results(board, tmp_path / "out", "csv")
    with open(path, encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    assert table[1][1:4] == ["Nguyễn Thị Hoa", "Chi bộ 3", "4"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted([xlsx.name, path.name])  # no temp files left


def test_schema_refuses_answers_without_participant(quiz_db):
    with pytest.raises(IntegrityError):
        with quiz_db.write() as conn:
            conn.execute("INSERT INTO answers (participant_id, position, choice, correct, answered_at) VALUES (12345, 0, 'x', 0, 0)")


def test_counts_keep_ascending_options_and_orderings_stay_whole_when_shuffled(store):
    count = _item("count", "Phần “Nhiệm vụ, giải pháp” nêu bao nhiêu nhóm nhiệm vụ?", ("5", "6", "7", "8"), "6")
    steps = ("Đón tiếp công dân", "Nghe, ghi chép nội dung", "Tiếp nhận tài liệu")
    orderings = [steps, (steps[1], steps[0], steps[2]), (steps[0], steps[2], steps[1]), (steps[2], steps[1], steps[0])]
    order = _item("order", "Thứ tự đúng của các bước là:", tuple(ARROW.join(o) for o in orderings), ARROW.join(steps))
    code, _ = store.create([count, order] * 4, shuffle=True)
    for n in range(4):
        for q in store.join(code, f"P{n}", "").questions:
            if q.type == "count":
                assert q.options == count.options
            else:
                assert sorted(q.options) == sorted(order.options)
