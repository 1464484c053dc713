"""Administrator sign-in for changing the library; searching never needs it.

The signed-in user name lives in the caller's ``gr.State`` (one per browser session), never in
a module global. Every library-changing handler calls :func:`require_admin` itself: hiding a
button is not a permission check.
"""

from __future__ import annotations

import hmac

from corpus.errors import PermissionDenied
from index.settings import Settings


def library_writable(settings: Settings) -> bool:
    """The library can be changed only when an administrator account is configured."""
    return bool(settings.admin_user and settings.admin_password)


def sign_in(settings: Settings, user: str, password: str) -> str:
    """Check the credentials and return the user name to keep in the session state.

    Raises:
        PermissionDenied: No administrator is configured, or the credentials are wrong.
    """
    if not library_writable(settings):
        raise PermissionDenied(
            "Thư viện đang ở chế độ chỉ đọc: chưa cấu hình tài khoản quản trị "
            "(SOTAY_ADMIN_USER, SOTAY_ADMIN_PASSWORD)."
        )
    # Compare both fields in constant time, and both always, so timing reveals neither.
    user_ok = hmac.compare_digest((user or "").encode(), settings.admin_user.encode())
    password_ok = hmac.compare_digest((password or "").encode(), settings.admin_password.encode())
    if not (user_ok and password_ok):
        raise PermissionDenied("Sai tên đăng nhập hoặc mật khẩu.")
    return settings.admin_user


def require_admin(settings: Settings, session_user: str | None) -> None:
    """Raise :class:`PermissionDenied` unless this session signed in as the administrator."""
    if not library_writable(settings):
        raise PermissionDenied("Thư viện đang ở chế độ chỉ đọc: chưa cấu hình tài khoản quản trị.")
    if not session_user or not hmac.compare_digest(session_user.encode(), settings.admin_user.encode()):
        raise PermissionDenied("Cần đăng nhập quản trị để thay đổi thư viện.")
