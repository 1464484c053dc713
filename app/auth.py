"""Sign-in of the administrator (changing the library) and of trainers (opening quiz sessions);
searching and taking a quiz never need it.

A sign-in is a row on the server (:class:`SignIns`, in the quiz database, so every process of the
app sees it) reached by a random token in an HttpOnly, SameSite=Strict cookie set by ``POST
/dang-nhap``: page scripts cannot read it and it never appears in a URL (Gradio's session hash,
which does, grants nothing). It lapses after ``sign_in_idle_minutes`` without use, and ``POST
/dang-xuat`` ends it. Every protected handler calls :func:`require_admin` or
:func:`require_trainer` itself: hiding a button is not a permission check. Guessing is slowed by
a :class:`SignInGuard` that the app owns, per client address; that address is the peer's, or the
``X-Forwarded-For`` one only behind a proxy named in ``trusted_proxies`` (uvicorn is started to
trust exactly those, see :mod:`app.serve`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from corpus.errors import PermissionDenied
from index.settings import Settings
from quiz.db import QuizDB

SIGN_IN_COOKIE = "sotay_dang_nhap"
# Run in the page before a sign-in event: the password goes to /dang-nhap (which sets the
# HttpOnly cookie), never through Gradio's queue; the event gets the refusal, if any, instead.
SIGN_IN_JS = """async (user, password) => {
  try {
    const response = await fetch("/dang-nhap", {
      method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify({user, password}),
    });
    const data = await response.json();
    return [user, response.ok ? "" : (data.error || "Đăng nhập không thành công.")];
  } catch (e) {
    return [user, "Mất kết nối tới máy chủ; vui lòng thử lại."];
  }
}"""
SIGN_OUT_JS = """async () => { await fetch("/dang-xuat", {method: "POST"}).catch(() => null); return []; }"""
ADMIN, TRAINER = "admin", "trainer"
MAX_SIGN_IN_BODY = 4096


def library_writable(settings: Settings) -> bool:
    """The library can be changed only when an administrator account is configured."""
    return bool(settings.admin_user and settings.admin_password)


# A client's failures counted in the database are forgotten this long after its last wait ended.
FORGET_AFTER_S = 24 * 3600


def wait_text(seconds: float) -> str:
    """A wait in words: "45 giây", "2 phút 5 giây" (always rounded up: never too short)."""
    seconds = max(1, math.ceil(seconds))
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return f"{rest} giây"
    return f"{minutes} phút" + (f" {rest} giây" if rest else "")


class SignInGuard:
    """Backoff and lockout of wrong sign-ins, per client (IP address and user name typed).

    The first ``free_failures`` wrong passwords cost nothing; each later one makes the client
    wait ``base_delay_s`` doubled per failure (at most ``max_delay_s``) before the next try is
    even checked; from ``lockout_after`` failures on, ``lockout_s``. A try during a wait is
    refused at once, right password or not, and does not extend it. A right password clears the
    client's record. Thread-safe; one guard per app, nothing module-level.

    Args:
        db: Count in this database (table ``guard_failures``, under ``scope``), so that every
            replica of the app sees one count and a guesser spreading tries over replicas is
            slowed all the same; without it, in this process's memory.
        clock: Seconds (default: the database's clock, else :func:`time.monotonic`).
    """

    def __init__(
        self, *, free_failures: int = 3, base_delay_s: float = 2.0, max_delay_s: float = 60.0, lockout_after: int = 10,
        lockout_s: float = 15 * 60, max_clients: int = 10_000, clock: Callable[[], float] | None = None,
        db: QuizDB | None = None, scope: str = "sign_in",
    ) -> None:
        self.free_failures, self.base_delay_s, self.max_delay_s = free_failures, base_delay_s, max_delay_s
        self.lockout_after, self.lockout_s, self.max_clients = lockout_after, lockout_s, max_clients
        self.db, self.scope = db, scope
        self.clock = clock or (db.now if db else time.monotonic)
        self._lock = threading.Lock()
        self._clients: dict[str, tuple[int, float]] = {}  # client -> (failures, blocked until), without a db

    def _record(self, client: str) -> tuple[int, float]:
        if self.db is None:
            with self._lock:
                return self._clients.get(client, (0, 0.0))
        with self.db.read() as tx:
            row = tx.one(
                "SELECT failures, blocked_until FROM guard_failures WHERE scope = :scope AND client = :client",
                scope=self.scope, client=client,
            )
        return (row["failures"], row["blocked_until"]) if row else (0, 0.0)

    def check(self, client: str) -> int:
        """Raise :class:`PermissionDenied` (with the wait) while ``client`` must wait; else return
        how many failures are counted against it."""
        failures, until = self._record(client)
        left = until - self.clock()
        if left > 0:
            what = "tạm khóa" if failures >= self.lockout_after else "tạm dừng"
            raise PermissionDenied(f"Đăng nhập sai {failures} lần nên đã bị {what}. Vui lòng thử lại sau {wait_text(left)}.")
        return failures

    def _wait(self, failures: int) -> float:
        if failures >= self.lockout_after:
            return self.lockout_s
        if failures > self.free_failures:
            return min(self.max_delay_s, self.base_delay_s * 2 ** (failures - self.free_failures - 1))
        return 0.0

    def failed(self, client: str) -> None:
        """Count a wrong password of ``client`` and start its wait."""
        if self.db is not None:
            with self.db.write() as tx:
                now = self.clock()
                # Forget clients whose wait ended long ago, so a flood of addresses cannot grow the table forever.
                tx.execute("DELETE FROM guard_failures WHERE blocked_until < :old", {"old": now - FORGET_AFTER_S})
                failures = tx.scalar(
                    "INSERT INTO guard_failures (scope, client, failures, blocked_until) VALUES (:scope, :client, 1, :now)"
                    " ON CONFLICT (scope, client) DO UPDATE SET failures = guard_failures.failures + 1 RETURNING failures",
                    scope=self.scope, client=client, now=now,
                )
                tx.execute(
                    "UPDATE guard_failures SET blocked_until = :until WHERE scope = :scope AND client = :client",
                    {"until": now + self._wait(failures), "scope": self.scope, "client": client},
                )
            return
        with self._lock:
            now = self.clock()
            if len(self._clients) >= self.max_clients:
                # Forget clients whose wait is over, so a flood of addresses cannot grow this forever.
                self._clients = {c: v for c, v in self._clients.items() if v[1] > now}
            failures = self._clients.get(client, (0, 0.0))[0] + 1
            self._clients[client] = (failures, now + self._wait(failures))

    def succeeded(self, client: str) -> None:
        if self.db is not None:
            with self.db.write() as tx:
                tx.execute("DELETE FROM guard_failures WHERE scope = :scope AND client = :client", {"scope": self.scope, "client": client})
            return
        with self._lock:
            self._clients.pop(client, None)


def accounts(settings: Settings) -> list[tuple[str, str, str]]:
    """The configured accounts as ``(role, user, password)``: the administrator, the trainer."""
    found = [(ADMIN, settings.admin_user, settings.admin_password), (TRAINER, settings.trainer_user, settings.trainer_password)]
    return [(role, user, password) for role, user, password in found if user and password]


def sign_in(settings: Settings, user: str, password: str, *, guard: SignInGuard, client: str) -> tuple[str, str]:
    """Check the credentials against every configured account; returns ``(role, user name)``.

    Args:
        guard: The app's guard; ``client`` is who is trying (IP address), counted with ``user``.

    Raises:
        PermissionDenied: No account is configured, the client must wait, or the credentials
            are wrong.
    """
    configured = accounts(settings)
    if not configured:
        raise PermissionDenied(
            "Chưa cấu hình tài khoản nào (SOTAY_ADMIN_USER, SOTAY_ADMIN_PASSWORD hoặc SOTAY_TRAINER_USER, "
            "SOTAY_TRAINER_PASSWORD): thư viện chỉ đọc."
        )
    user = user if isinstance(user, str) else ""
    password = password if isinstance(password, str) else ""
    who = f"{client}|{user[:200]}"
    earlier = guard.check(who)
    found = None
    for role, known_user, known_password in configured:
        # Compare both fields in constant time, and both always, so timing reveals neither.
        user_ok = hmac.compare_digest(user.encode(), known_user.encode())
        password_ok = hmac.compare_digest(password.encode(), known_password.encode())
        if user_ok and password_ok and found is None:
            found = (role, known_user)
    if found is None:
        guard.failed(who)
        raise PermissionDenied("Sai tên đăng nhập hoặc mật khẩu.")
    if earlier:
        guard.succeeded(who)
    return found


def client_address(request: Any) -> str:
    """Who is asking: the peer address as uvicorn gives it. uvicorn takes ``X-Forwarded-For``
    only from the proxies of ``trusted_proxies`` (none by default), so a client cannot claim a
    new address per request, and behind a proxy named there each client keeps its own."""
    client = getattr(request, "client", None)
    return (getattr(client, "host", "") or "") if client else ""


@dataclass(frozen=True)
class Account:
    user: str
    role: str


def _digest(token: str) -> str:
    # Only the hash is stored: a copy of the database signs nobody in.
    return hashlib.sha256(token.encode()).hexdigest()


class SignIns:
    """Sign-ins held on the server, in the quiz database, reached by a cookie's random token.

    Args:
        idle_s: A sign-in unused this long is over (default: ``sign_in_idle_minutes``).
    """

    def __init__(self, settings: Settings, db: QuizDB | None = None, *, clock: Callable[[], float] | None = None) -> None:
        self.settings = settings
        self.db = db or QuizDB.open(settings)
        self.clock = clock or self.db.now
        self.idle_s = settings.sign_in_idle_minutes * 60
        self.guard = SignInGuard(db=self.db, scope="sign_in")

    def sign_in(self, user: object, password: object, client: str) -> tuple[str, Account]:
        """Check the credentials; returns the new cookie token and the account.

        Raises:
            PermissionDenied: As :func:`sign_in`.
        """
        role, name = sign_in(self.settings, user, password, guard=self.guard, client=client)  # type: ignore[arg-type]
        token, now = secrets.token_urlsafe(32), self.clock()
        with self.db.write() as conn:
            conn.execute("DELETE FROM sign_ins WHERE last_seen < :idle", {"idle": now - self.idle_s})
            conn.execute(
                'INSERT INTO sign_ins (token_hash, "user", role, created_at, last_seen) VALUES (:hash, :user, :role, :now, :now)',
                {"hash": _digest(token), "user": name, "role": role, "now": now},
            )
        return token, Account(name, role)

    def account(self, request: Any) -> Account | None:
        """The account signed in by the request's cookie, its idle time restarted; ``None`` if none."""
        cookies = getattr(request, "cookies", None)
        token = cookies.get(SIGN_IN_COOKIE) if cookies is not None else None
        if not isinstance(token, str) or not token or len(token) > 100:
            return None
        now = self.clock()
        with self.db.write() as conn:
            row = conn.one('SELECT "user", role, last_seen FROM sign_ins WHERE token_hash = :hash', hash=_digest(token))
            if row is None:
                return None
            if now - row["last_seen"] > self.idle_s:
                conn.execute("DELETE FROM sign_ins WHERE token_hash = :hash", {"hash": _digest(token)})
                return None
            conn.execute("UPDATE sign_ins SET last_seen = :now WHERE token_hash = :hash", {"now": now, "hash": _digest(token)})
        # A sign-in outlives a change of settings only if its account still exists.
        if not any(role == row["role"] and user == row["user"] for role, user, _ in accounts(self.settings)):
            return None
        return Account(row["user"], row["role"])

    def sign_out(self, request: Any) -> None:
        token = request.cookies.get(SIGN_IN_COOKIE)
        if isinstance(token, str):
            with self.db.write() as conn:
                conn.execute("DELETE FROM sign_ins WHERE token_hash = :hash", {"hash": _digest(token)})

    def routes(self) -> list[BaseRoute]:
        """``POST /dang-nhap`` ``{user, password}`` and ``POST /dang-xuat``, JSON in and out."""

        async def enter(request: Request) -> Response:
            body = await request.body()
            try:
                data = json.loads(body) if len(body) <= MAX_SIGN_IN_BODY else None
            except (ValueError, UnicodeDecodeError, RecursionError):
                data = None
            if not isinstance(data, dict):
                return JSONResponse({"error": "Dữ liệu đăng nhập không hợp lệ."}, status_code=400)
            try:
                token, account = self.sign_in(data.get("user"), data.get("password"), client_address(request))
            except PermissionDenied as error:
                return JSONResponse({"error": str(error)}, status_code=403)
            response = JSONResponse({"user": account.user, "role": account.role}, headers={"Cache-Control": "no-store"})
            response.set_cookie(
                SIGN_IN_COOKIE, token, path="/", httponly=True, samesite="strict",
                secure=request.url.scheme == "https",
            )
            return response

        async def leave(request: Request) -> Response:
            self.sign_out(request)
            response = JSONResponse({"user": ""}, headers={"Cache-Control": "no-store"})
            response.delete_cookie(SIGN_IN_COOKIE, path="/")
            return response

        return [Route("/dang-nhap", enter, methods=["POST"]), Route("/dang-xuat", leave, methods=["POST"])]


def require_admin(settings: Settings, sign_ins: SignIns, request: Any) -> Account:
    """The administrator's account, or :class:`PermissionDenied`."""
    if not library_writable(settings):
        raise PermissionDenied("Thư viện đang ở chế độ chỉ đọc: chưa cấu hình tài khoản quản trị.")
    account = sign_ins.account(request)
    if account is None or account.role != ADMIN:
        raise PermissionDenied("Cần đăng nhập quản trị để thay đổi thư viện.")
    return account


def require_trainer(sign_ins: SignIns, request: Any) -> Account:
    """The account of an administrator or a trainer, or :class:`PermissionDenied`."""
    account = sign_ins.account(request)
    if account is None:
        raise PermissionDenied("Cần đăng nhập (tài khoản quản trị hoặc báo cáo viên) để mở phiên thi.")
    return account
