"""Administrator sign-in under attack: backoff after a few wrong passwords, lockout after ten,
per client, the right password refused too while locked; on an injected clock."""

from __future__ import annotations

import threading
import time

import pytest

from app.auth import SignInGuard, sign_in, wait_text
from corpus.errors import PermissionDenied
from index.settings import Settings
from tests.quiz.session_items import Clock

USER, PASSWORD = "quantri", "mật-khẩu-đúng"


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings.load(data_dir=str(tmp_path), admin_user=USER, admin_password=PASSWORD)


def attempt(settings, guard, password, client="10.0.0.7", user=USER) -> str:
    try:
        sign_in(settings, user, password, guard=guard, client=client)
        return "ok"
    except PermissionDenied as error:
        return str(error)


def test_300_wrong_passwords_are_refused_quickly_then_locked_out(settings):
    clock = Clock()
    guard = SignInGuard(clock=clock)
    started = time.perf_counter()
    answers = [attempt(settings, guard, f"doan-{i}") for i in range(300)]
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
        assert attempt(settings, guard, "van-sai") == "Sai tên đăng nhập hoặc mật khẩu."
    assert waits == [2, 4, 8, 16, 32, 60]
    locked = attempt(settings, guard, PASSWORD)  # the right one, during the lockout
    assert locked == "Đăng nhập sai 10 lần nên đã bị tạm khóa. Vui lòng thử lại sau 15 phút."
    clock.now += 14 * 60
    assert "1 phút" in attempt(settings, guard, PASSWORD)
    clock.now += 61
    assert attempt(settings, guard, PASSWORD) == "ok"
    assert attempt(settings, guard, "sai-lan-nua") == "Sai tên đăng nhập hoặc mật khẩu."  # the count starts over


def test_other_clients_are_not_locked_out_by_an_attacker(settings):
    guard = SignInGuard(clock=Clock())
    for i in range(50):
        attempt(settings, guard, f"x{i}", client="203.0.113.9")
    assert "Vui lòng thử lại sau" in attempt(settings, guard, PASSWORD, client="203.0.113.9")
    assert attempt(settings, guard, PASSWORD, client="10.0.0.8") == "ok"


def test_guards_of_two_apps_share_nothing(settings):
    first, second = SignInGuard(clock=Clock()), SignInGuard(clock=Clock())
    for i in range(12):
        attempt(settings, first, f"x{i}")
    assert "Vui lòng thử lại sau" in attempt(settings, first, PASSWORD)
    assert attempt(settings, second, PASSWORD) == "ok"


def test_counting_is_thread_safe(settings):
    guard = SignInGuard(clock=Clock(), free_failures=1000, lockout_after=10_000)

    def hammer() -> None:
        for i in range(100):
            attempt(settings, guard, f"x{i}")

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert guard._clients[f"10.0.0.7|{USER}"][0] == 800


def test_malformed_values_are_refused_in_vietnamese(settings):
    guard = SignInGuard(clock=Clock())
    assert attempt(settings, guard, None) == "Sai tên đăng nhập hoặc mật khẩu."
    assert attempt(settings, guard, ["x"], user={"a": 1}) == "Sai tên đăng nhập hoặc mật khẩu."


def test_wait_text_rounds_up():
    assert [wait_text(s) for s in (0.2, 59.5, 60, 125, 900)] == ["1 giây", "1 phút", "1 phút", "2 phút 5 giây", "15 phút"]
