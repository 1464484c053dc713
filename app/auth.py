"""Administrator sign-in for changing the library; searching never needs it.

The signed-in user name lives in the caller's ``gr.State`` (one per browser session), never in
a module global. Every library-changing handler calls :func:`require_admin` itself: hiding a
button is not a permission check. Guessing is slowed by a :class:`SignInGuard` that the app
owns: past a few wrong passwords a client waits longer and longer, then is locked out.
"""

from __future__ import annotations

import hmac
import math
import threading
import time
from collections.abc import Callable

from corpus.errors import PermissionDenied
from index.settings import Settings


def library_writable(settings: Settings) -> bool:
    """The library can be changed only when an administrator account is configured."""
    return bool(settings.admin_user and settings.admin_password)


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
    """

    def __init__(
        self, *, free_failures: int = 3, base_delay_s: float = 2.0, max_delay_s: float = 60.0, lockout_after: int = 10,
        lockout_s: float = 15 * 60, max_clients: int = 10_000, clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.free_failures, self.base_delay_s, self.max_delay_s = free_failures, base_delay_s, max_delay_s
        self.lockout_after, self.lockout_s, self.max_clients = lockout_after, lockout_s, max_clients
        self.clock = clock
        self._lock = threading.Lock()
        self._clients: dict[str, tuple[int, float]] = {}  # client -> (failures, blocked until)

    def check(self, client: str) -> None:
        """Raise :class:`PermissionDenied` (with the wait) while ``client`` must wait."""
        with self._lock:
            failures, until = self._clients.get(client, (0, 0.0))
            left = until - self.clock()
        if left > 0:
            what = "tạm khóa" if failures >= self.lockout_after else "tạm dừng"
            raise PermissionDenied(f"Đăng nhập sai {failures} lần nên đã bị {what}. Vui lòng thử lại sau {wait_text(left)}.")

    def failed(self, client: str) -> None:
        """Count a wrong password of ``client`` and start its wait."""
        with self._lock:
            now = self.clock()
            if len(self._clients) >= self.max_clients:
                # Forget clients whose wait is over, so a flood of addresses cannot grow this forever.
                self._clients = {c: v for c, v in self._clients.items() if v[1] > now}
            failures = self._clients.get(client, (0, 0.0))[0] + 1
            if failures >= self.lockout_after:
                wait = self.lockout_s
            elif failures > self.free_failures:
                wait = min(self.max_delay_s, self.base_delay_s * 2 ** (failures - self.free_failures - 1))
            else:
                wait = 0.0
            self._clients[client] = (failures, now + wait)

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._clients.pop(client, None)


def sign_in(settings: Settings, user: str, password: str, *, guard: SignInGuard, client: str) -> str:
    """Check the credentials and return the user name to keep in the session state.

    Args:
        guard: The app's guard; ``client`` is who is trying (IP address), counted with ``user``.

    Raises:
        PermissionDenied: No administrator is configured, the client must wait, or the
            credentials are wrong.
    """
    if not library_writable(settings):
        raise PermissionDenied(
            "Thư viện đang ở chế độ chỉ đọc: chưa cấu hình tài khoản quản trị "
            "(SOTAY_ADMIN_USER, SOTAY_ADMIN_PASSWORD)."
        )
    user = user if isinstance(user, str) else ""
    password = password if isinstance(password, str) else ""
    who = f"{client}|{user[:200]}"
    guard.check(who)
    # Compare both fields in constant time, and both always, so timing reveals neither.
    user_ok = hmac.compare_digest(user.encode(), settings.admin_user.encode())
    password_ok = hmac.compare_digest(password.encode(), settings.admin_password.encode())
    if not (user_ok and password_ok):
        guard.failed(who)
        raise PermissionDenied("Sai tên đăng nhập hoặc mật khẩu.")
    guard.succeeded(who)
    return settings.admin_user


def require_admin(settings: Settings, session_user: str | None) -> None:
    """Raise :class:`PermissionDenied` unless this session signed in as the administrator."""
    if not library_writable(settings):
        raise PermissionDenied("Thư viện đang ở chế độ chỉ đọc: chưa cấu hình tài khoản quản trị.")
    if not session_user or not hmac.compare_digest(session_user.encode(), settings.admin_user.encode()):
        raise PermissionDenied("Cần đăng nhập quản trị để thay đổi thư viện.")
