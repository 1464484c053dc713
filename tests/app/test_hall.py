"""The hall page's JSON routes on the served app: the journey of a participant, the server-side
time limit, one attempt per name and browser, and a Vietnamese message for every bad request."""

from __future__ import annotations

import time

import httpx
import pytest

from quiz.db import QuizDB
from quiz.generate import Generator, Request
from quiz.sessions import GRACE_S, SessionStore


@pytest.fixture(scope="module")
def session_items(served_app):  # noqa: ANN001, ANN201
    return Generator(served_app.lib).generate(Request(n=3, seed=3, types=("true_false", "acronym"))).items


@pytest.fixture
def store(served_app) -> SessionStore:  # noqa: ANN001
    return SessionStore(QuizDB.open(served_app.settings))


@pytest.fixture
def http(served_app):  # noqa: ANN001, ANN201
    with httpx.Client(base_url=served_app.url, timeout=30) as client:
        yield client


def call(http: httpx.Client, name: str, body: object) -> tuple[int, dict]:
    response = http.post(f"/thi/api/{name}", json=body)
    return response.status_code, response.json()


def test_page_is_vietnamese_and_mobile_ready(http) -> None:  # noqa: ANN001
    page = http.get("/thi")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<html lang="vi">' in page.text and 'name="viewport"' in page.text
    assert "Vào thi" in page.text and "Nộp bài" in page.text
    assert http.get("/thi/hall.js").status_code == 200 and "showModal" in http.get("/thi/hall.js").text
    missing = http.get("/thi/khong-co.js")
    assert missing.status_code == 404 and missing.json() == {"error": "Không có tệp này."}


def test_participant_joins_answers_resumes_and_reviews(http, store, session_items) -> None:  # noqa: ANN001
    code, key = store.create(session_items, time_limit_s=600, show_key=True)
    status, joined = call(http, "join", {"code": code.lower(), "name": "Nguyễn Văn An", "unit": "Chi bộ 1", "browser": "trinh-duyet-an-0001"})
    assert status == 200 and joined["result"] is None and 595 < joined["remaining"] <= 600
    assert [q["number"] for q in joined["questions"]] == [1, 2, 3] and all(q["label"] for q in joined["questions"])
    by_stem = {item.stem: item for item in session_items}
    first = joined["questions"][0]
    status, saved = call(http, "answer", {"code": code, "token": joined["token"], "position": first["position"], "choice": by_stem[first["stem"]].answer})
    assert (status, saved) == (200, {"answered": 1})
    # A refresh: the page resumes from the code and token it kept.
    status, resumed = call(http, "state", {"code": code, "token": joined["token"]})
    assert resumed["answers"] == {str(first["position"]): by_stem[first["stem"]].answer}
    status, finished = call(http, "finish", {"code": code, "token": joined["token"]})
    result = finished["result"]
    assert (result["correct"], result["total"], result["show_key"]) == (1, 3, True)
    assert [r["correct"] for r in result["review"]] == [True, False, False]
    assert all(r["answer"] and r["citation"] for r in result["review"])
    status, late = call(http, "answer", {"code": code, "token": joined["token"], "position": first["position"], "choice": "x"})
    assert status == 400 and late["error"] == "Bạn đã nộp bài, không thể sửa câu trả lời."
    # The same name again: from this browser, the same (handed-in) attempt; from another, refused.
    status, again = call(http, "join", {"code": code, "name": "nguyen van an", "unit": "", "browser": "trinh-duyet-an-0001"})
    assert again["token"] == joined["token"] and again["result"]["correct"] == 1
    status, other = call(http, "join", {"code": code, "name": "NGUYỄN VĂN AN", "unit": "", "browser": "trinh-duyet-khac-002"})
    assert status == 400 and "đã có người dùng" in other["error"]
    board = store.dashboard(code, key)
    assert [r.name for r in board.leaderboard] == ["Nguyễn Văn An"] and board.answers == 1


def test_review_hides_the_key_unless_the_trainer_allows_it(http, store, session_items) -> None:  # noqa: ANN001
    code, _ = store.create(session_items)
    _, joined = call(http, "join", {"code": code, "name": "Trần Thị Bình", "unit": "", "browser": "trinh-duyet-binh-01"})
    _, finished = call(http, "finish", {"code": code, "token": joined["token"]})
    assert finished["result"]["show_key"] is False
    assert all(r["answer"] == r["explanation"] == r["citation"] == "" for r in finished["result"]["review"])


def test_an_answer_after_the_deadline_is_refused_by_the_server(http, store, session_items) -> None:  # noqa: ANN001
    code, key = store.create(session_items, time_limit_s=1)
    _, joined = call(http, "join", {"code": code, "name": "Phạm Văn Dũng", "unit": "Chi bộ 4", "browser": "trinh-duyet-dung-01"})
    time.sleep(1 + GRACE_S + 0.5)
    q = joined["questions"][0]
    status, late = call(http, "answer", {"code": code, "token": joined["token"], "position": q["position"], "choice": q["options"][0]})
    assert status == 400 and "Đã hết thời gian làm bài" in late["error"]
    _, state = call(http, "state", {"code": code, "token": joined["token"]})
    assert state["remaining"] == 0 and state["result"]["correct"] == 0  # the attempt is over: its result
    assert store.dashboard(code, key).answers == 0


@pytest.mark.parametrize(
    "name, body, message",
    [
        ("join", "not an object", "cần một đối tượng JSON"),
        ("join", [1, 2], "cần một đối tượng JSON"),
        ("join", {}, "Vui lòng nhập họ và tên"),
        ("join", {"code": 123456, "name": "An"}, "Mã phiên thi không hợp lệ"),
        ("join", {"code": "ZZZZZZ", "name": "An"}, "Không tìm thấy phiên thi có mã ZZZZZZ"),
        ("join", {"code": "@CODE", "name": "A" * 81}, "Họ và tên quá dài (tối đa 80 ký tự)"),
        ("join", {"code": "@CODE", "name": "An", "unit": ["x"]}, "Đơn vị không hợp lệ"),
        ("join", {"code": "@CODE", "name": None}, "Vui lòng nhập họ và tên"),
        ("state", {"code": "@CODE", "token": 7}, "Mã bài làm không hợp lệ"),
        ("state", {"code": "@CODE", "token": "bịa"}, "Không tìm thấy bài làm"),
        ("answer", {"code": "@CODE", "token": "@TOKEN", "position": "1", "choice": "Đúng"}, "Số thứ tự câu hỏi không hợp lệ"),
        ("answer", {"code": "@CODE", "token": "@TOKEN", "position": 0}, "Lựa chọn không hợp lệ"),
        ("answer", {"code": "@CODE", "token": "@TOKEN", "position": 0, "choice": {"a": 1}}, "Lựa chọn không hợp lệ"),
        ("answer", {"code": "@CODE", "token": "@TOKEN", "position": 99, "choice": "Đúng"}, "Câu hỏi không có trong phiên thi này"),
        ("finish", {"code": "@CODE"}, "Không tìm thấy bài làm"),
    ],
)
def test_malformed_requests_get_a_vietnamese_message(http, store, session_items, name, body, message) -> None:  # noqa: ANN001
    code, _ = store.create(session_items)
    token = store.join(code, "Người thử", "", "trinh-duyet-thu-001").token
    if isinstance(body, dict):
        body = {k: (code if v == "@CODE" else token if v == "@TOKEN" else v) for k, v in body.items()}
    status, answer = call(http, name, body)
    assert status == 400 and message in answer["error"], answer


def test_bodies_that_are_not_json_or_too_large_are_refused(http) -> None:  # noqa: ANN001
    broken = http.post("/thi/api/join", content=b"{not json", headers={"Content-Type": "application/json"})
    assert broken.status_code == 400 and "cần một đối tượng JSON" in broken.json()["error"]
    huge = http.post("/thi/api/answer", content=b'{"choice": "' + b"x" * 200_000 + b'"}')
    assert huge.status_code == 413 and huge.json() == {"error": "Dữ liệu gửi lên quá lớn."}
    wrong_method = http.get("/thi/api/join")
    assert wrong_method.status_code == 405
