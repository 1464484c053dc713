"""The hall page's JSON routes: the journey of a participant, the server-side time limit, one
attempt per name and browser (a cookie the server signs), no key before the session closes, and a
Vietnamese message for every bad request. On each backend: the served app over its SQLite file,
and the hall's routes over a PostgreSQL database."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.db import QuizDB
from quiz.generate import Generator, Request
from quiz.sessions import GRACE_S, SessionStore


@pytest.fixture(scope="module")
def session_items(served_app):  # noqa: ANN001, ANN201
    return Generator(served_app.lib).generate(Request(n=3, seed=3, types=("true_false", "acronym"))).items


@dataclass(frozen=True)
class ServedHall:
    db: QuizDB
    client: Callable[[], httpx.Client]  # a new browser: an HTTP client with a cookie jar of its own


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def hall(request, served_app):  # noqa: ANN001, ANN201
    """The served app over its SQLite file; then the hall's routes over a PostgreSQL database,
    through Starlette's test client (served replicas on PostgreSQL: tests/app/test_replicas.py)."""
    if request.param == "sqlite":
        yield ServedHall(QuizDB.open(served_app.settings), lambda: httpx.Client(base_url=served_app.url, timeout=30))
        return
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from app.hall import Hall

    server = request.getfixturevalue("postgres")
    url = server.create_database()
    db = QuizDB(url)
    app = Starlette(routes=Hall(SessionStore(db)).routes())
    yield ServedHall(db, lambda: TestClient(app))
    db.dispose()
    server.drop_database(url)


@pytest.fixture
def store(hall) -> SessionStore:  # noqa: ANN001
    return SessionStore(hall.db)


@pytest.fixture
def http(hall):  # noqa: ANN001, ANN201
    with hall.client() as client:
        yield client


@pytest.fixture
def browsers(hall):  # noqa: ANN001, ANN201
    """New browsers (each an HTTP client with a cookie jar of its own), closed at the end."""
    made: list[httpx.Client] = []

    def new() -> httpx.Client:
        made.append(hall.client())
        return made[-1]

    yield new
    for client in made:
        client.close()


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


def test_participant_joins_answers_resumes_and_reviews(http, store, session_items, browsers) -> None:  # noqa: ANN001
    code, key = store.create(session_items, time_limit_s=600, show_key=True)
    status, joined = call(http, "join", {"code": code.lower(), "name": "Nguyễn Văn An", "unit": "Chi bộ 1"})
    assert status == 200 and joined["result"] is None and 595 < joined["remaining"] <= 600
    cookie = next(c for c in http.cookies.jar if c.name == "sotay_thi")
    assert cookie.has_nonstandard_attr("HttpOnly") and cookie.path == "/thi"
    assert [q["number"] for q in joined["questions"]] == [1, 2, 3] and all(q["label"] for q in joined["questions"])
    by_stem = {item.stem: item for item in session_items}
    first = joined["questions"][0]
    status, saved = call(http, "answer", {"code": code, "token": joined["token"], "position": first["position"], "choice": by_stem[first["stem"]].answer})
    assert (status, saved) == (200, {"answered": 1})
    # A refresh: the page resumes from the code and token it kept.
    status, resumed = call(http, "state", {"code": code, "token": joined["token"]})
    assert resumed["answers"] == {str(first["position"]): by_stem[first["stem"]].answer}
    status, finished = call(http, "finish", {"code": code, "token": joined["token"]})
    assert finished["handed_in"] and finished["result"] is None  # nothing of the key while the session is open
    store.close(code, key)
    _, finished = call(http, "state", {"code": code, "token": joined["token"]})
    result = finished["result"]
    assert (result["correct"], result["total"], result["show_key"]) == (1, 3, True)
    assert [r["correct"] for r in result["review"]] == [True, False, False]
    assert all(r["answer"] and r["citation"] for r in result["review"])
    status, late = call(http, "answer", {"code": code, "token": joined["token"], "position": first["position"], "choice": "x"})
    assert status == 400 and late["error"] == "Bạn đã nộp bài, không thể sửa câu trả lời."
    # The same name again: from this browser, the same (handed-in) attempt; from another, refused.
    status, again = call(http, "join", {"code": code, "name": "nguyen van an", "unit": ""})
    assert again["token"] == joined["token"] and again["result"]["correct"] == 1
    status, other = call(browsers(), "join", {"code": code, "name": "NGUYỄN VĂN AN", "unit": ""})
    assert status == 400 and "đã có người dùng" in other["error"]
    board = store.dashboard(code, key)
    assert [r.name for r in board.leaderboard] == ["Nguyễn Văn An"] and board.answers == 1


def test_review_hides_the_key_unless_the_trainer_allows_it(http, store, session_items) -> None:  # noqa: ANN001
    code, key = store.create(session_items)
    _, joined = call(http, "join", {"code": code, "name": "Trần Thị Bình", "unit": ""})
    call(http, "finish", {"code": code, "token": joined["token"]})
    store.close(code, key)
    _, finished = call(http, "state", {"code": code, "token": joined["token"]})
    assert finished["result"]["show_key"] is False
    assert all(r["answer"] == r["explanation"] == r["citation"] == "" and r["correct"] is None for r in finished["result"]["review"])


def test_an_answer_after_the_deadline_is_refused_by_the_server(http, store, session_items) -> None:  # noqa: ANN001
    code, key = store.create(session_items, time_limit_s=1)
    _, joined = call(http, "join", {"code": code, "name": "Phạm Văn Dũng", "unit": "Chi bộ 4"})
    time.sleep(1 + GRACE_S + 0.5)
    q = joined["questions"][0]
    status, late = call(http, "answer", {"code": code, "token": joined["token"], "position": q["position"], "choice": q["options"][0]})
    assert status == 400 and "Đã hết thời gian làm bài" in late["error"]
    _, state = call(http, "state", {"code": code, "token": joined["token"]})
    assert state["remaining"] == 0 and state["result"] is None  # over; the result comes with the closing
    store.close(code, key)
    _, state = call(http, "state", {"code": code, "token": joined["token"]})
    assert state["result"]["correct"] == 0
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


def test_throwaway_attempts_learn_nothing_and_one_browser_joins_once(store, session_items, browsers) -> None:  # noqa: ANN001
    """The attack of issue 17: attempts under made-up names, each answering differently, handed
    in; what comes back does not depend on the options chosen, and the browser cannot come back
    under a new name."""
    code, key = store.create(session_items, show_key=True, shuffle=False)
    by_stem = {item.stem: item for item in session_items}
    seen = []
    for i in range(3):
        phone = browsers()
        _, joined = call(phone, "join", {"code": code, "name": f"Người trễ giờ {i}", "unit": ""})
        replies = [joined]
        for q in joined["questions"]:
            item = by_stem[q["stem"]]
            pick = item.answer if i == 0 else next(o for o in q["options"] if o != item.answer)
            status, saved = call(phone, "answer", {"code": code, "token": joined["token"], "position": q["position"], "choice": pick})
            assert status == 200
            replies.append(saved)
        replies.append(call(phone, "finish", {"code": code, "token": joined["token"]})[1])
        replies.append(call(phone, "state", {"code": code, "token": joined["token"]})[1])
        assert all("correct" not in json.dumps(r) and r.get("result") is None for r in replies)
        seen.append([{k: v for k, v in r.items() if k not in ("token", "name", "answers")} for r in replies])
        status, again = call(phone, "join", {"code": code, "name": f"Người trễ giờ {i} bis", "unit": ""})
        assert status == 400 and f"đã vào phiên thi với tên «Người trễ giờ {i}»" in again["error"]
    assert seen[0] == seen[1] == seen[2]
    store.close(code, key)


def test_a_forged_browser_cookie_is_replaced(store, session_items, browsers) -> None:  # noqa: ANN001
    code, _ = store.create(session_items)
    first = browsers()
    _, joined = call(first, "join", {"code": code, "name": "Chủ trình duyệt", "unit": ""})
    real = first.cookies.get("sotay_thi")
    forger = browsers()
    domain = next(c.domain for c in first.cookies.jar if c.name == "sotay_thi")  # testserver.local in a test client
    forger.cookies.set("sotay_thi", real.split(".")[0] + ".0000", domain=domain, path="/thi")
    status, other = call(forger, "join", {"code": code, "name": "Kẻ giả mạo", "unit": ""})
    assert status == 200 and other["token"] != joined["token"]
    assert forger.cookies.get("sotay_thi", path="/thi").split(".")[0] != real.split(".")[0]


# -- without the served app: one hall over a fresh database, through Starlette's test client ----


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def bare_hall(request, tmp_path_factory):  # noqa: ANN001, ANN201
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from app.hall import Hall
    from tests.quiz.session_items import sample_items

    server = request.getfixturevalue("postgres") if request.param == "postgresql" else None
    url = server.create_database() if server else ""
    db = QuizDB(url or tmp_path_factory.mktemp("hall") / "quiz.sqlite")
    store = SessionStore(db)
    hall = Hall(store)
    code, _ = store.create(sample_items(), shuffle=False)
    with TestClient(Starlette(routes=hall.routes())) as client:
        yield client, hall, store, code
    db.dispose()
    if server:
        server.drop_database(url)


def test_join_codes_cannot_be_guessed_by_the_thousand(bare_hall) -> None:  # noqa: ANN001
    client, hall, _, code = bare_hall
    statuses = [client.post("/thi/api/join", json={"code": f"ZZZZ{i:02d}", "name": "Đoán mã"}).status_code for i in range(40)]
    assert statuses[:20] == [400] * 20 and 429 in statuses
    refused = client.post("/thi/api/join", json={"code": code, "name": "Đoán mã"})
    assert refused.status_code == 429 and "Vui lòng thử lại sau" in refused.json()["error"]
    hall.join_guard.succeeded("testclient")  # the wait is over


# Each route's fields with values of every JSON shape; extra keys; nothing may answer 500.
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=12,
)


@st.composite
def bodies(draw, route: str):  # noqa: ANN001, ANN201
    from app.hall import SCHEMAS

    fields = list(SCHEMAS[route])
    body = {name: draw(JSON_VALUES) for name in draw(st.lists(st.sampled_from(fields), unique=True))}
    if draw(st.booleans()):
        body.update(draw(st.dictionaries(st.text(max_size=8), JSON_VALUES, max_size=2)))
    return body


@pytest.mark.parametrize("route", ["join", "state", "answer", "finish", "live"])
def test_fuzzed_bodies_get_a_vietnamese_400_never_a_500(bare_hall, route) -> None:  # noqa: ANN001
    client, hall, store, code = bare_hall
    token = store.join(code, f"Người thử {route}", "", f"fuzz-{route}").token

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(body=bodies(route), real=st.booleans())
    def check(body: dict, real: bool) -> None:
        if real:  # the real code and token, so the checks past them are reached too
            body = {**body, "code": code, **({"token": token} if "token" in body or route in ("state", "answer", "finish") else {})}
        response = client.post(f"/thi/api/{route}", json=body)
        assert response.status_code in (200, 400, 429), (body, response.text)
        if response.status_code != 200:
            assert re.search("[ăâđêôơưạ-ỹ]", response.json()["error"]), response.text

    check()
    hall.join_guard.succeeded("testclient")


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"[" * 5000 + b"]" * 5000, "lồng nhau quá sâu"),
        (b'{"code": ' + b"[" * 3000 + b"]" * 3000 + b"}", "lồng nhau quá sâu"),
        (b"\xff\xfe", "cần một đối tượng JSON"),
        (b'{"code": "A", "position": 1e999}', "không dùng"),
        (b'{"code": "A", "token": "t", "position": 0, "choice": ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u"]}', "Lựa chọn không hợp lệ"),
    ],
)
def test_deep_odd_or_huge_bodies_are_refused_in_vietnamese(bare_hall, raw, message) -> None:  # noqa: ANN001
    client = bare_hall[0]
    route = "answer" if b"choice" in raw else "state"
    response = client.post(f"/thi/api/{route}", content=raw, headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and message in response.json()["error"], response.text
