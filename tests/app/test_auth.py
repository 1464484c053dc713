"""Sign-in under attack: backoff after a few wrong passwords, lockout after ten, per client, the
right password refused too while locked (on an injected clock); sign-ins held on the server,
lapsing when idle; addresses claimed through X-Forwarded-For and replayed Gradio session hashes
grant nothing on the served app."""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace

import httpx
import pytest

from app.auth import ADMIN, SIGN_IN_COOKIE, TRAINER, Account, SignInGuard, SignIns, require_admin, require_trainer, sign_in, wait_text
from corpus.errors import PermissionDenied
from index.settings import Settings
from tests.quiz.session_items import Clock

USER, PASSWORD = "quantri", "mật-khẩu-đúng"


@pytest.fixture
def admin_settings(tmp_path) -> Settings:
    return Settings.load(data_dir=str(tmp_path), admin_user=USER, admin_password=PASSWORD)


def attempt(settings, guard, password, client="10.0.0.7", user=USER) -> str:
    try:
        sign_in(settings, user, password, guard=guard, client=client)
        return "ok"
    except PermissionDenied as error:
        return str(error)


def test_300_wrong_passwords_are_refused_quickly_then_locked_out(admin_settings):
    clock = Clock()
    guard = SignInGuard(clock=clock)
    started = time.perf_counter()
    answers = [attempt(admin_settings, guard, f"doan-{i}") for i in range(300)]
    assert time.perf_counter() - started < 2.0  # refused at once, never by sleeping
    assert answers[:4] == ["Sai tên đăng nhập hoặc mật khẩu."] * 4  # 3 free, the 4th starts the wait
    assert answers[4].startswith("Đăng nhập sai 4 lần nên đã bị tạm dừng. Vui lòng thử lại sau 2 giây")
    assert all("Vui lòng thử lại sau" in a for a in answers[4:])  # not even checked while waiting

    # The clock moves on: each allowed try that fails waits twice as long, then lockout at 10.
    waits = []
    for _ in range(6):
        failures, until = guard._clients[f"10.0.0.7|{USER}"]
        waits.append(round(until - clock.now))
        clock.now = until + 0.1
        assert attempt(admin_settings, guard, "van-sai") == "Sai tên đăng nhập hoặc mật khẩu."
    assert waits == [2, 4, 8, 16, 32, 60]
    locked = attempt(admin_settings, guard, PASSWORD)  # the right one, during the lockout
    assert locked == "Đăng nhập sai 10 lần nên đã bị tạm khóa. Vui lòng thử lại sau 15 phút."
    clock.now += 14 * 60
    assert "1 phút" in attempt(admin_settings, guard, PASSWORD)
    clock.now += 61
    assert attempt(admin_settings, guard, PASSWORD) == "ok"
    assert attempt(admin_settings, guard, "sai-lan-nua") == "Sai tên đăng nhập hoặc mật khẩu."  # the count starts over


def test_other_clients_are_not_locked_out_by_an_attacker(admin_settings):
    guard = SignInGuard(clock=Clock())
    for i in range(50):
        attempt(admin_settings, guard, f"x{i}", client="203.0.113.9")
    assert "Vui lòng thử lại sau" in attempt(admin_settings, guard, PASSWORD, client="203.0.113.9")
    assert attempt(admin_settings, guard, PASSWORD, client="10.0.0.8") == "ok"


def test_guards_of_two_apps_share_nothing(admin_settings):
    first, second = SignInGuard(clock=Clock()), SignInGuard(clock=Clock())
    for i in range(12):
        attempt(admin_settings, first, f"x{i}")
    assert "Vui lòng thử lại sau" in attempt(admin_settings, first, PASSWORD)
    assert attempt(admin_settings, second, PASSWORD) == "ok"


def test_replicas_on_one_database_count_together(admin_settings, tmp_path, database_url):
    """A guesser spreading tries over two replicas is slowed as if they were one; a right
    password through either clears the count on both."""
    from quiz.db import QuizDB

    clock = Clock()
    db = QuizDB(database_url or tmp_path / "quiz.sqlite")
    one, two = SignInGuard(db=db, clock=clock), SignInGuard(db=QuizDB(database_url or tmp_path / "quiz.sqlite"), clock=clock)
    answers = [attempt(admin_settings, (one, two)[i % 2], f"doan-{i}") for i in range(4)]
    assert answers == ["Sai tên đăng nhập hoặc mật khẩu."] * 4
    assert attempt(admin_settings, one, PASSWORD).startswith("Đăng nhập sai 4 lần nên đã bị tạm dừng")
    assert attempt(admin_settings, two, PASSWORD).startswith("Đăng nhập sai 4 lần nên đã bị tạm dừng")
    assert attempt(admin_settings, two, PASSWORD, client="10.0.0.8") == "ok"  # another client is not held up
    assert not SignInGuard(db=db, clock=clock, scope="join").check(f"10.0.0.7|{USER}")  # scopes count apart
    clock.now += 2.1
    assert attempt(admin_settings, two, PASSWORD) == "ok"
    assert one.check(f"10.0.0.7|{USER}") == 0


def test_counting_is_thread_safe(admin_settings):
    guard = SignInGuard(clock=Clock(), free_failures=1000, lockout_after=10_000)

    def hammer() -> None:
        for i in range(100):
            attempt(admin_settings, guard, f"x{i}")

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert guard._clients[f"10.0.0.7|{USER}"][0] == 800


def test_malformed_values_are_refused_in_vietnamese(admin_settings):
    guard = SignInGuard(clock=Clock())
    assert attempt(admin_settings, guard, None) == "Sai tên đăng nhập hoặc mật khẩu."
    assert attempt(admin_settings, guard, ["x"], user={"a": 1}) == "Sai tên đăng nhập hoặc mật khẩu."


def test_wait_text_rounds_up():
    assert [wait_text(s) for s in (0.2, 59.5, 60, 125, 900)] == ["1 giây", "1 phút", "1 phút", "2 phút 5 giây", "15 phút"]


# -- sign-ins held on the server -------------------------------------------------------------


def request_with(token: str | None) -> SimpleNamespace:
    return SimpleNamespace(cookies={SIGN_IN_COOKIE: token} if token else {})


def test_a_sign_in_lapses_after_inactivity_and_ends_at_sign_out(tmp_path, database_url):
    settings = Settings.load(
        data_dir=str(tmp_path), admin_user=USER, admin_password=PASSWORD, sign_in_idle_minutes=30, database_url=database_url
    )
    clock = Clock()
    sign_ins = SignIns(settings, clock=clock)
    token, account = sign_ins.sign_in(USER, PASSWORD, "10.0.0.7")
    assert account == Account(USER, ADMIN) and len(token) >= 40
    with sign_ins.db.read() as conn:  # only a hash is stored
        assert conn.scalar("SELECT COUNT(*) FROM sign_ins WHERE token_hash = :token", token=token) == 0
    clock.now += 29 * 60
    assert require_admin(settings, sign_ins, request_with(token)).user == USER  # used: the idle time starts over
    clock.now += 29 * 60
    assert sign_ins.account(request_with(token)) == account
    clock.now += 31 * 60
    with pytest.raises(PermissionDenied, match="Cần đăng nhập quản trị"):
        require_admin(settings, sign_ins, request_with(token))
    token, _ = sign_ins.sign_in(USER, PASSWORD, "10.0.0.7")
    sign_ins.sign_out(request_with(token))
    assert sign_ins.account(request_with(token)) is None
    assert sign_ins.account(request_with("bịa-" * 10)) is None and sign_ins.account(request_with(None)) is None


def test_a_trainer_opens_sessions_but_does_not_change_the_library(tmp_path, database_url):
    settings = Settings.load(
        data_dir=str(tmp_path), admin_user=USER, admin_password=PASSWORD, trainer_user="baocaovien",
        trainer_password="mật-khẩu-bcv", database_url=database_url,
    )
    sign_ins = SignIns(settings)
    token, account = sign_ins.sign_in("baocaovien", "mật-khẩu-bcv", "10.0.0.9")
    assert account.role == TRAINER
    assert require_trainer(sign_ins, request_with(token)).user == "baocaovien"
    with pytest.raises(PermissionDenied, match="Cần đăng nhập quản trị"):
        require_admin(settings, sign_ins, request_with(token))
    with pytest.raises(PermissionDenied, match="để mở phiên thi"):
        require_trainer(sign_ins, request_with(None))
    admin_token, _ = sign_ins.sign_in(USER, PASSWORD, "10.0.0.9")
    assert require_trainer(sign_ins, request_with(admin_token)).role == ADMIN


# -- on the served app -------------------------------------------------------------------------


@pytest.mark.slow
def test_forwarded_for_from_an_untrusted_peer_claims_nothing(served_app):
    """The proxy attack: each guess claims a new address in X-Forwarded-For; with no trusted
    proxy configured they all count against the one real peer, and are stopped after three."""
    replies = [
        httpx.post(
            f"{served_app.url}/dang-nhap", json={"user": "khach-doan-mo", "password": f"doan-{i}"},
            headers={"X-Forwarded-For": f"203.0.113.{i}"}, timeout=30,
        )
        for i in range(30)
    ]
    assert all(r.status_code == 403 for r in replies)
    checked = [r.json()["error"] == "Sai tên đăng nhập hoặc mật khẩu." for r in replies]
    assert checked[:4] == [True] * 4 and "Vui lòng thử lại sau" in replies[4].json()["error"]
    # Trusted, the header would have had all 30 checked; one peer gets a retry only as each wait ends.
    assert sum(checked) <= 6


@pytest.mark.slow
def test_a_replayed_session_hash_grants_nothing(served_app, plan_docx):
    """The hash attack: Gradio's session hash travels in URLs; a client presenting the hash of a
    signed-in browser, without its HttpOnly cookie, is not the administrator."""
    from gradio_client import Client, handle_file
    from gradio_client.exceptions import AppError

    from tests.app.conftest import ADMIN_USER as SERVED_ADMIN, signed_in_cookie

    admin = Client(served_app.url, verbose=False, headers=signed_in_cookie(served_app.url))
    status, _ = admin.predict(SERVED_ADMIN, "", api_name="/sign_in")
    assert "Đã đăng nhập quản trị" in status
    thief = Client(served_app.url, verbose=False)
    thief.session_hash = admin.session_hash
    with pytest.raises(AppError, match="Cần đăng nhập quản trị"):
        thief.predict([handle_file(str(plan_docx))], "", "", "", "", "", api_name="/upload")
    with pytest.raises(AppError, match="Cần đăng nhập quản trị"):
        thief.predict("kh-230-tu-2023-chuyende2", True, api_name="/remove_document")
    page = httpx.post(f"{served_app.url}/dang-nhap", json={"user": "quantri", "password": "mat-khau-thu-nghiem"}, timeout=30)
    cookie = page.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/" in cookie
