"""The participant page of a live session ("the hall"): plain HTML and JSON beside the Gradio app.

A hall is 300-500 people answering the same question within seconds. Through Gradio events each
answer cost a queue slot, a server-sent-event stream and a re-render of a dozen components
(100 answering at once: p95 4.1 s; 200 joining: 32% refused by the full queue). Here a
participant loads one static page once, then each answer is one small JSON POST answered by
one short database transaction. Database work runs on worker threads of the hall's own (one for
SQLite, whose writes are serialized anyway; several for PostgreSQL, which locks rows, not the
database), so the server's event loop (which also serves Gradio) never waits on a lock.

Nothing of a session lives in the process: any replica of the app on one PostgreSQL database
(``database_url``) answers any request of any participant; the browser cookie is signed with a
key kept in the database. A request the database could not store (a PostgreSQL restart) is
answered 503 with a Vietnamese message saying it was not stored, and the page takes the answer
back, so nothing is lost silently.

Routes (mounted on the Gradio server by :func:`routes`, see ``app.serve.launch``):

- ``GET /thi`` — the page (``?ma=CODE`` fills the code); ``GET /thi/hall.js``, ``/thi/hall.css``.
- ``POST /thi/api/join`` ``{code, name, unit}`` → the attempt.
- ``POST /thi/api/state`` ``{code, token}`` → the attempt (resume after a refresh or restart).
- ``POST /thi/api/answer`` ``{code, token, position, choice}`` → ``{answered}``.
- ``POST /thi/api/finish`` ``{code, token}`` → the attempt.
- ``POST /thi/api/live`` ``{code}`` → ``{mode, open, round, question}``: what a phone polls in a
  trainer-paced session to know when the next question opens, with its options (cached for half
  a second, so 500 phones polling cost two database reads a second).

An attempt is ``{code, token, title, name, unit, mode, allow_change, questions: [{number,
position, type, stem, options, left}], answers: {position: choice}, remaining (seconds or null),
handed_in, round, result}``; ``result`` is null until the session is closed. Errors are
``{"error": "<Vietnamese message>"}`` with status 400 (bad request), 413 (too large), 429 (too
many wrong join codes), 503 (the database unreachable: nothing stored) or 500, never a traceback.

The browser is known by a signed, HttpOnly cookie issued at its first join (the page cannot read
or forge it): one browser, one participant per session. Wrong join codes are slowed per client
address like wrong passwords, so codes cannot be guessed by the thousand.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import secrets
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from importlib import resources
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from app.auth import SignInGuard, client_address
from corpus.errors import BadInput, DatabaseUnavailable, PermissionDenied, QuizError
from index.settings import Settings
from quiz.db import QuizDB
from quiz.items import TYPE_LABELS
from quiz.sessions import MAX_CHOICE_CHARS, Attempt, Question, SessionStore

log = logging.getLogger(__name__)

PREFIX = "/thi"
MAX_BODY_BYTES = 32 * 1024  # the largest legitimate body (a matching answer) is under 1 KB
STATIC = resources.files("app") / "static"
ASSETS = {"hall.html": "text/html; charset=utf-8", "hall.js": "text/javascript; charset=utf-8", "hall.css": "text/css; charset=utf-8"}
NO_STORE = {"Cache-Control": "no-store"}
BROWSER_COOKIE = "sotay_thi"
BROWSER_COOKIE_AGE_S = 30 * 24 * 3600
LIVE_CACHE_S = 0.5
# Worker threads of the hall for PostgreSQL: requests wait on the network, not on one file lock.
PG_WORKERS = 8
NOT_STORED = {
    "answer": "Câu trả lời chưa được gửi: máy chủ mất kết nối tới cơ sở dữ liệu. Vui lòng chọn lại sau giây lát.",
    "finish": "Bài chưa được nộp: máy chủ mất kết nối tới cơ sở dữ liệu. Vui lòng bấm nộp lại sau giây lát.",
    "join": "Chưa vào được phiên thi: máy chủ mất kết nối tới cơ sở dữ liệu. Vui lòng thử lại sau giây lát.",
}
# The fields each route accepts, with their types: anything else is refused before the store is
# asked (a list where text is due, a key nobody sends, a choice of a thousand items).
TEXT, NUMBER, CHOICE = "text", "number", "choice"
SCHEMAS: dict[str, dict[str, str]] = {
    "join": {"code": TEXT, "name": TEXT, "unit": TEXT},
    "state": {"code": TEXT, "token": TEXT},
    "answer": {"code": TEXT, "token": TEXT, "position": NUMBER, "choice": CHOICE},
    "finish": {"code": TEXT, "token": TEXT},
    "live": {"code": TEXT},
}
MAX_MATCH_ITEMS = 20
FIELD_LABELS = {
    "code": "Mã phiên thi", "name": "Họ và tên", "unit": "Đơn vị", "token": "Mã bài làm", "position": "Số thứ tự câu hỏi",
    "choice": "Lựa chọn",
}


def check_body(route: str, data: object) -> dict[str, Any]:
    """``data`` when it is an object with only the fields of ``route``, each of its type.

    Raises:
        QuizError: Not an object, an unknown field, or a field of the wrong type or size.
    """
    if not isinstance(data, dict):
        raise QuizError("Dữ liệu gửi lên không hợp lệ: cần một đối tượng JSON.")
    schema = SCHEMAS[route]
    unknown = [k for k in data if k not in schema]
    if unknown:
        raise QuizError(f"Dữ liệu gửi lên có trường không dùng: {str(unknown[0])[:40]}.")
    for key, kind in schema.items():
        value, label = data.get(key), FIELD_LABELS[key]
        if value is None:
            continue
        if kind == TEXT and not isinstance(value, str):
            raise QuizError(f"{label} không hợp lệ: cần một chuỗi ký tự.")
        if kind == NUMBER and (isinstance(value, bool) or not isinstance(value, int)):
            raise QuizError(f"{label} không hợp lệ: cần một số nguyên.")
        if kind == CHOICE:
            items = value if isinstance(value, list) else [value]
            if not items or len(items) > MAX_MATCH_ITEMS or not all(isinstance(v, str) and len(v) <= MAX_CHOICE_CHARS for v in items):
                raise QuizError(f"{label} không hợp lệ: cần một phương án, hoặc với câu ghép nối một danh sách phương án.")
    return data


def attempt_json(store: SessionStore, attempt: Attempt) -> dict[str, Any]:
    """What the page needs to show ``attempt``: the questions, or the result once the session is closed."""
    now = store.clock()
    over = not attempt.can_answer(now)
    info, current, _ = store.live(attempt.code)
    return {
        "code": attempt.code,
        "token": attempt.token,
        "title": attempt.title,
        "name": attempt.name,
        "unit": attempt.unit,
        "mode": attempt.mode,
        "allow_change": attempt.allow_change,
        "questions": [question_json(q) for q in attempt.questions],
        "answers": {str(k): v for k, v in attempt.answers.items()},
        "remaining": None if attempt.deadline is None else round(attempt.remaining(now), 1),
        "handed_in": attempt.finished,
        "round": round_json(current, now, info.n_questions) if current and info.paced else None,
        "result": asdict(store.result(attempt.code, attempt.token)) if over and not attempt.session_open else None,
    }


def question_json(question: Question) -> dict[str, Any]:
    return {**asdict(question), "label": TYPE_LABELS.get(question.type, question.type)}


def round_json(current: Any, now: float, total: int) -> dict[str, Any]:
    """A paced round as phones see it: which question, whether it is open, seconds left."""
    return {"number": current.number, "total": total, "open": current.is_open(now), "remaining": round(current.remaining(now), 1)}


class BrowserIds:
    """Ids of browsers, each in a cookie signed with a key kept in the quiz database."""

    def __init__(self, key: str) -> None:
        self._key = key.encode()

    def _sign(self, value: str) -> str:
        return hmac.new(self._key, value.encode(), hashlib.sha256).hexdigest()[:32]

    def read(self, request: Request) -> str:
        """The id in the request's cookie, or "" when missing or forged."""
        value, _, signature = request.cookies.get(BROWSER_COOKIE, "").partition(".")
        return value if value and hmac.compare_digest(signature, self._sign(value)) else ""

    def issue(self) -> tuple[str, str]:
        """A new id and its cookie value."""
        value = secrets.token_urlsafe(18)
        return value, f"{value}.{self._sign(value)}"


class Hall:
    """The participant endpoints over one :class:`SessionStore`."""

    def __init__(self, store: SessionStore) -> None:
        self.store = store
        # Read once: 500 phones load the page within seconds.
        self._files = {name: (STATIC / name).read_bytes() for name in ASSETS}
        workers = 1 if store.db.dialect == "sqlite" else PG_WORKERS
        self._worker = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sotay-hall")
        self.browsers = BrowserIds(store.db.secret("hall_browser"))
        # A hall behind one address (a venue's NAT) types a few wrong codes; a guesser types thousands.
        self.join_guard = SignInGuard(
            free_failures=20, base_delay_s=1.0, max_delay_s=30.0, lockout_after=60, lockout_s=10 * 60, db=store.db, scope="join"
        )
        self._live: dict[str, tuple[float, dict[str, Any]]] = {}

    async def _call(self, request: Request, route: str, fn: Callable[..., dict[str, Any]]) -> Response:
        body = b""
        async for chunk in request.stream():  # read up to the limit, never a whole huge body
            body += chunk
            if len(body) > MAX_BODY_BYTES:
                return _error("Dữ liệu gửi lên quá lớn.", 413)
        try:
            data = check_body(route, json.loads(body or b"null"))
        except RecursionError:
            return _error("Dữ liệu gửi lên không hợp lệ: lồng nhau quá sâu.")
        except (ValueError, UnicodeDecodeError):
            return _error("Dữ liệu gửi lên không hợp lệ: cần một đối tượng JSON.")
        except QuizError as error:
            return _error(str(error))
        issued = ""
        browser = self.browsers.read(request)
        if route == "join" and not browser:
            browser, issued = self.browsers.issue()
        try:
            if route == "join":
                payload = await self._run(self._join, data, browser, client_address(request))
            elif route == "live":
                payload = await self._live_state(data)
            else:
                payload = await self._run(fn, data)
        except PermissionDenied as error:
            return _error(str(error), 429)
        except BadInput as error:
            return _error(str(error))
        except DatabaseUnavailable as error:
            log.warning("hall %s not stored: %s", route, error.__cause__)
            return _error(NOT_STORED.get(route, str(error)), 503)
        except Exception:  # a bug must still answer in Vietnamese; the traceback goes to the log
            log.exception("hall request failed")
            return _error("Máy chủ gặp lỗi khi xử lý yêu cầu; vui lòng thử lại.", 500)
        response = JSONResponse(payload, headers=NO_STORE)
        if issued:
            response.set_cookie(
                BROWSER_COOKIE, issued, max_age=BROWSER_COOKIE_AGE_S, path=PREFIX, httponly=True, samesite="lax",
                secure=request.url.scheme == "https",
            )
        return response

    async def _run(self, fn: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
        return await asyncio.get_running_loop().run_in_executor(self._worker, fn, *args)

    def _join(self, data: dict[str, Any], browser: str, client: str) -> dict[str, Any]:
        earlier = self.join_guard.check(client)
        try:
            attempt = self.store.join(data.get("code"), data.get("name"), data.get("unit"), browser)  # type: ignore[arg-type]
        except QuizError:
            self.join_guard.failed(client)
            raise
        if earlier:  # a join of 500 people writes nothing more than the joins themselves
            self.join_guard.succeeded(client)
        return attempt_json(self.store, attempt)

    async def _live_state(self, data: dict[str, Any]) -> dict[str, Any]:
        """What a paced session shows now; 500 phones polling it cost one database read per half second."""
        code = str(data.get("code") or "")
        now = time.monotonic()
        cached = self._live.get(code)
        if cached and now - cached[0] < LIVE_CACHE_S:
            return cached[1]
        payload = await self._run(self._live_read, code)
        if len(self._live) > 1000:
            self._live.clear()
        self._live[code] = (now, payload)
        return payload

    def _live_read(self, code: str) -> dict[str, Any]:
        info, current, question = self.store.live(code)
        return {
            "mode": info.mode, "open": info.is_open,
            "round": round_json(current, self.store.clock(), info.n_questions) if current else None,
            # The open question's options, the same for every phone: no per-participant call per question.
            "question": question_json(question) if question else None,
        }

    def _state(self, data: dict[str, Any]) -> dict[str, Any]:
        return attempt_json(self.store, self.store.attempt(data.get("code"), data.get("token")))  # type: ignore[arg-type]

    def _answer(self, data: dict[str, Any]) -> dict[str, Any]:
        code, token = data.get("code"), data.get("token")
        answered = self.store.answer(code, token, data.get("position"), data.get("choice"))  # type: ignore[arg-type]
        return {"answered": answered}

    def _finish(self, data: dict[str, Any]) -> dict[str, Any]:
        return attempt_json(self.store, self.store.finish(data.get("code"), data.get("token")))  # type: ignore[arg-type]

    def routes(self) -> list[BaseRoute]:
        def post(name: str, fn: Callable[..., dict[str, Any]]) -> Route:
            async def endpoint(request: Request) -> Response:
                return await self._call(request, name, fn)

            return Route(f"{PREFIX}/api/{name}", endpoint, methods=["POST"])

        async def page(request: Request) -> Response:
            return Response(self._files["hall.html"], media_type=ASSETS["hall.html"], headers=NO_STORE)

        async def asset(request: Request) -> Response:
            name = request.path_params["name"]
            if name not in ASSETS or name == "hall.html":
                return _error("Không có tệp này.", 404)
            return Response(self._files[name], media_type=ASSETS[name])

        return [
            Route(PREFIX, page, methods=["GET"]),
            Route(PREFIX + "/{name}", asset, methods=["GET"]),
            post("join", self._join),
            post("state", self._state),
            post("answer", self._answer),
            post("finish", self._finish),
            post("live", self._live_read),
        ]


def _error(message: str, status: int = 400) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=NO_STORE)


def routes(settings: Settings) -> list[BaseRoute]:
    """The hall's routes over the quiz database of ``settings``, to put before Gradio's own."""
    return Hall(SessionStore(QuizDB.open(settings))).routes()
