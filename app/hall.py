"""The participant page of a live session ("the hall"): plain HTML and JSON beside the Gradio app.

A hall is 300-500 people answering the same question within seconds. Through Gradio events each
answer cost a queue slot, a server-sent-event stream and a re-render of a dozen components
(100 answering at once: p95 4.1 s; 200 joining: 32% refused by the full queue). Here a
participant loads one static page once, then each answer is one small JSON POST answered by
one short SQLite transaction. Database work runs on one worker thread of its own: writes are
serialized anyway, and the server's event loop (which also serves Gradio) never waits on a lock.

Routes (mounted on the Gradio server by :func:`routes`, see ``app.serve.launch``):

- ``GET /thi`` — the page (``?ma=CODE`` fills the code); ``GET /thi/hall.js``, ``/thi/hall.css``.
- ``POST /thi/api/join`` ``{code, name, unit, browser}`` → the attempt.
- ``POST /thi/api/state`` ``{code, token}`` → the attempt (resume after a refresh or restart).
- ``POST /thi/api/answer`` ``{code, token, position, choice}`` → ``{answered, remaining}``.
- ``POST /thi/api/finish`` ``{code, token}`` → the attempt, with its result.

An attempt is ``{code, token, title, name, unit, questions: [{number, position, type, stem,
options, left}], answers: {position: choice}, remaining (seconds or null), result}``; ``result``
is null while answers are accepted. Errors are ``{"error": "<Vietnamese message>"}`` with
status 400 (bad request), 413 (too large) or 500, never a traceback.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from importlib import resources
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from corpus.errors import BadInput
from index.settings import Settings
from quiz.db import QuizDB
from quiz.items import TYPE_LABELS
from quiz.sessions import Attempt, SessionStore

log = logging.getLogger(__name__)

PREFIX = "/thi"
MAX_BODY_BYTES = 32 * 1024  # the largest legitimate body (a matching answer) is under 1 KB
STATIC = resources.files("app") / "static"
ASSETS = {"hall.html": "text/html; charset=utf-8", "hall.js": "text/javascript; charset=utf-8", "hall.css": "text/css; charset=utf-8"}
NO_STORE = {"Cache-Control": "no-store"}


def attempt_json(store: SessionStore, attempt: Attempt) -> dict[str, Any]:
    """What the page needs to show ``attempt``: the questions, or the result once it is over."""
    now = store.clock()
    over = not attempt.can_answer(now)
    return {
        "code": attempt.code,
        "token": attempt.token,
        "title": attempt.title,
        "name": attempt.name,
        "unit": attempt.unit,
        "questions": [{**asdict(q), "label": TYPE_LABELS.get(q.type, q.type)} for q in attempt.questions],
        "answers": {str(k): v for k, v in attempt.answers.items()},
        "remaining": None if attempt.deadline is None else round(attempt.remaining(now), 1),
        "result": asdict(store.result(attempt.code, attempt.token)) if over else None,
    }


class Hall:
    """The participant endpoints over one :class:`SessionStore`."""

    def __init__(self, store: SessionStore) -> None:
        self.store = store
        # Read once: 500 phones load the page within seconds.
        self._files = {name: (STATIC / name).read_bytes() for name in ASSETS}
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sotay-hall")

    async def _call(self, request: Request, fn: Callable[[dict[str, Any]], dict[str, Any]]) -> Response:
        body = b""
        async for chunk in request.stream():  # read up to the limit, never a whole huge body
            body += chunk
            if len(body) > MAX_BODY_BYTES:
                return _error("Dữ liệu gửi lên quá lớn.", 413)
        try:
            data = json.loads(body or b"null")
        except (ValueError, UnicodeDecodeError):
            data = None
        if not isinstance(data, dict):
            return _error("Dữ liệu gửi lên không hợp lệ: cần một đối tượng JSON.")
        try:
            payload = await asyncio.get_running_loop().run_in_executor(self._worker, fn, data)
        except BadInput as error:
            return _error(str(error))
        except Exception:  # a bug must still answer in Vietnamese; the traceback goes to the log
            log.exception("hall request failed")
            return _error("Máy chủ gặp lỗi khi xử lý yêu cầu; vui lòng thử lại.", 500)
        return JSONResponse(payload, headers=NO_STORE)

    def _join(self, data: dict[str, Any]) -> dict[str, Any]:
        attempt = self.store.join(data.get("code"), data.get("name"), data.get("unit"), data.get("browser"))  # type: ignore[arg-type]
        return attempt_json(self.store, attempt)

    def _state(self, data: dict[str, Any]) -> dict[str, Any]:
        return attempt_json(self.store, self.store.attempt(data.get("code"), data.get("token")))  # type: ignore[arg-type]

    def _answer(self, data: dict[str, Any]) -> dict[str, Any]:
        code, token = data.get("code"), data.get("token")
        answered = self.store.answer(code, token, data.get("position"), data.get("choice"))  # type: ignore[arg-type]
        return {"answered": answered}

    def _finish(self, data: dict[str, Any]) -> dict[str, Any]:
        code, token = data.get("code"), data.get("token")
        self.store.finish(code, token)  # type: ignore[arg-type]
        return attempt_json(self.store, self.store.attempt(code, token))  # type: ignore[arg-type]

    def routes(self) -> list[BaseRoute]:
        def post(name: str, fn: Callable[[dict[str, Any]], dict[str, Any]]) -> Route:
            async def endpoint(request: Request) -> Response:
                return await self._call(request, fn)

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
        ]


def _error(message: str, status: int = 400) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=NO_STORE)


def routes(settings: Settings) -> list[BaseRoute]:
    """The hall's routes over the quiz database of ``settings``, to put before Gradio's own."""
    return Hall(SessionStore(QuizDB.open(settings))).routes()
