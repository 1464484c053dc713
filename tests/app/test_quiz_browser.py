"""Quiz journeys in a real browser (Debian's headless chromium).

The trainer signs in, builds and opens a session and watches the projector view; participants,
each in a browser context of their own (separate storage, as separate phones), join on the hall
page, answer, reload and resume, hand in after a confirmation, wait for the trainer to close the
session and review; the same name from another browser is refused; the projector shows no key
while the session is open. A trainer-paced session runs question by question on a phone and a
desktop. Self-study works from a fresh browser, with a deck of its own.

Screenshots for the README are written to docs/screenshots/ only with SOTAY_SCREENSHOTS=1.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from quiz.db import QuizDB
from quiz.sessions import SessionStore
from tests.app.conftest import ADMIN_PASSWORD, ADMIN_USER

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = pytest.mark.slow

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DOC_TITLE = "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng"
N_QUESTIONS = 3
SLOW = 180_000  # ms: generation shares two cores with the rest of the suite
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
# Read at import: the suite's autouse fixture clears SOTAY_* variables before any test runs.
TAKE_SCREENSHOTS = os.environ.get("SOTAY_SCREENSHOTS") == "1"


def screenshot(page, name: str) -> None:  # noqa: ANN001
    """Refresh a README screenshot, only when asked (SOTAY_SCREENSHOTS=1)."""
    if TAKE_SCREENSHOTS:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / name), full_page=False)


@pytest.fixture(scope="module")
def app_url(served_app) -> str:  # noqa: ANN001 - the whole app, from tests/app/conftest.py
    return served_app.url


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _open_quiz_tab(page, url: str, sub_tab: str) -> None:  # noqa: ANN001
    page.goto(url)
    page.get_by_role("tab", name="Ôn tập & Thi").click()
    page.get_by_role("tab", name=sub_tab).click()
    if sub_tab == "Tạo phiên thi":
        page.locator("#quiz-user textarea, #quiz-user input").first.fill(ADMIN_USER)
        page.locator("#quiz-password input").fill(ADMIN_PASSWORD)
        page.locator("#quiz-sign-in-button").click()
        expect(page.locator("#quiz-sign-in-status")).to_contain_text("Đã đăng nhập: quantri (quản trị)", timeout=30_000)
    picker = {"Tạo phiên thi": "#quiz-docs", "Tự ôn tập": "#study-doc"}.get(sub_tab)
    if picker:
        # The panel refreshes its document list when first shown (other tests upload documents):
        # picking before that would race the refresh.
        expect(page.locator(picker)).to_contain_text("tài liệu trong thư viện", timeout=30_000)


def _answer_key(settings, code: str) -> dict[str, str]:  # noqa: ANN001
    """Stem → answer of every question of session ``code``."""
    db = QuizDB.open(settings)
    with db.read() as conn:
        session_id = conn.scalar("SELECT id FROM sessions WHERE code = :code", code=code)
        return {item.stem: item.answer for item in SessionStore(db)._items(conn, session_id)}


def _join(page, url: str, code: str, name: str, unit: str) -> None:  # noqa: ANN001
    page.goto(f"{url}/thi?ma={code}")
    expect(page.locator("#join-code")).to_have_value(code)
    page.locator("#join-name").fill(name)
    page.locator("#join-unit").fill(unit)
    page.locator("#join-button").click()


def _answer_current(page, key: dict[str, str], right: bool, number: int) -> tuple[str, str]:  # noqa: ANN001
    """Pick the right (or a wrong) option of the question on screen; returns (stem, option)."""
    expect(page.locator("#stem")).to_have_text(re.compile(r"\S"), timeout=30_000)
    stem = page.locator("#stem").inner_text().strip()
    options = page.locator("#choices .option")
    labels = [label.strip() for label in options.all_inner_texts()]
    pick = key[stem] if right else next(label for label in labels if label != key[stem])
    page.locator("#choices .option", has_text=re.compile(f"^{re.escape(pick)}$")).click()
    expect(page.locator("#status")).to_have_text(f"Đã lưu câu {number}.", timeout=30_000)
    expect(page.locator("#choices [aria-checked=true]")).to_have_text(pick)
    return stem, pick


def _hand_in(page) -> None:  # noqa: ANN001
    """«Nộp bài» asks first: cancelling keeps the attempt open, confirming hands it in."""
    page.locator("#finish").click()
    expect(page.locator("#confirm")).to_be_visible()
    page.locator("#confirm-cancel").click()
    expect(page.locator("#confirm")).to_be_hidden()
    expect(page.locator("#quiz")).to_be_visible()
    page.locator("#finish").click()
    expect(page.locator("#confirm-text")).to_contain_text("Sau khi nộp không sửa được")
    page.locator("#confirm-ok").click()
    expect(page.locator("#waiting")).to_be_visible(timeout=30_000)


def _generate(trainer, count: int, title: str) -> None:  # noqa: ANN001
    """Pick both documents (enough questions and spares), quick types, and generate ``count``."""
    for doc in (DOC_TITLE, "Kế hoạch số 230-KH/TU"):
        trainer.locator("#quiz-docs input").click()
        trainer.locator("[role=option]", has_text=doc).first.click()
        trainer.keyboard.press("Escape")
        trainer.locator("#quiz-title textarea, #quiz-title input").first.click()  # the list opens on focus
    trainer.locator("#quiz-count input[type=number]").fill(str(count))
    trainer.locator("#quiz-count input[type=number]").press("Enter")
    for label in ("Điền vào chỗ trống", "Thuộc nội dung nào", "Ghép nối"):
        trainer.get_by_label(label, exact=True).uncheck()  # Đúng/Sai and acronyms: quick to generate and to click
    trainer.locator("#quiz-title textarea, #quiz-title input").first.fill(title)
    trainer.locator("#quiz-generate").click()
    expect(trainer.locator("#quiz-draft ol.sotay-quiz-draft > li")).to_have_count(count, timeout=SLOW)


def test_generating_and_opening_need_a_sign_in(app_url, browser) -> None:  # noqa: ANN001
    page = browser.new_context().new_page()
    page.goto(app_url)
    page.get_by_role("tab", name="Ôn tập & Thi").click()
    page.get_by_role("tab", name="Tạo phiên thi").click()
    expect(page.locator("#quiz-sign-in-status")).to_contain_text("cần đăng nhập")
    page.locator("#quiz-user textarea, #quiz-user input").first.fill(ADMIN_USER)
    page.locator("#quiz-password input").fill("sai-mat-khau")
    page.locator("#quiz-sign-in-button").click()
    expect(page.locator("#quiz-sign-in-status")).to_contain_text("Sai tên đăng nhập hoặc mật khẩu.", timeout=30_000)
    expect(page.locator("#quiz-password input")).to_have_value("")
    page.locator("#quiz-generate").click()
    expect(page.locator("#quiz-trainer-message")).to_contain_text("Cần đăng nhập", timeout=30_000)


def test_trainer_projector_participants_answer_review_and_names_stay_unique(app_url, browser, served_app) -> None:  # noqa: ANN001
    trainer = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    _open_quiz_tab(trainer, app_url, "Tạo phiên thi")
    trainer.locator("#quiz-show-key input").check()
    _generate(trainer, N_QUESTIONS + 1, "Kiểm tra trình duyệt")
    draft = trainer.locator("#quiz-draft ol.sotay-quiz-draft > li")
    # Review: replace question 1 from the spares, then drop it.
    first_before = draft.first.inner_text()
    trainer.locator("#quiz-replace").click()
    expect(trainer.locator("#quiz-trainer-message")).to_contain_text("Đã thay câu 1")
    assert draft.first.inner_text() != first_before
    trainer.locator("#quiz-drop").click()
    expect(draft).to_have_count(N_QUESTIONS)
    trainer.locator("#quiz-open").click()
    code_box = trainer.locator("#quiz-projector .sotay-code")
    expect(code_box).to_have_text(re.compile(r"^[A-Z2-9]{6}$"), timeout=30_000)
    code = code_box.inner_text()
    assert float(code_box.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 40  # read from the back row
    key = _answer_key(served_app.settings, code)
    assert len(key) == N_QUESTIONS

    # Participant A, on a phone, answers everything right.
    a = browser.new_context(**PHONE).new_page()
    _join(a, app_url, code, "Nguyễn Văn An", "Chi bộ 1")
    expect(a.locator("#countdown")).to_have_text(re.compile(r"Còn lại (09|10):"), timeout=30_000)
    assert a.evaluate("document.documentElement.lang") == "vi"
    assert a.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scrolling
    for number in range(1, N_QUESTIONS + 1):
        _answer_current(a, key, True, number)
        if number < N_QUESTIONS:
            a.locator("#next").click()
    screenshot(a, "thi-dien-thoai.png")

    # Participant B misses the first question, reloads the page, resumes and finishes.
    b = browser.new_context().new_page()
    _join(b, app_url, code, "Trần Thị Bình", "Chi bộ 2")
    missed, wrong = _answer_current(b, key, False, 1)
    b.reload()
    expect(b.locator("#status")).to_have_text("Đã khôi phục bài làm của bạn.", timeout=30_000)
    assert b.locator("#stem").inner_text().strip() != missed  # back at the first unanswered question
    for number in range(2, N_QUESTIONS + 1):
        _answer_current(b, key, True, number)
        if number < N_QUESTIONS:
            b.locator("#next").click()

    for page in (a, b):
        _hand_in(page)
        expect(page.locator("#waiting")).to_contain_text("đã nộp bài")  # no score while others may still answer
        assert page.locator("#review li").count() == 0

    # While the session is open the projector shows no key and no score, the names in order.
    projector = trainer.locator("#quiz-projector")
    expect(projector).to_contain_text("2 người tham gia · 2 đã nộp bài", timeout=30_000)
    expect(projector.locator(".sotay-bars li.key")).to_have_count(0)
    expect(projector).not_to_contain_text("Đáp án")
    expect(projector.locator(".sotay-join-url")).to_have_text(f"{app_url}/thi?ma={code}")
    expect(projector.locator("img.sotay-qr")).to_be_visible()
    screenshot(trainer, "trinh-chieu-dang-mo.png")
    trainer.locator("#quiz-close").click()
    expect(projector).to_contain_text("đã đóng", timeout=30_000)

    for page, correct in ((a, N_QUESTIONS), (b, N_QUESTIONS - 1)):
        # The waiting page asks again every 8-12 s.
        expect(page.locator("#score")).to_contain_text(f"{correct}/{N_QUESTIONS} câu đúng", timeout=30_000)
        expect(page.locator("#review li")).to_have_count(N_QUESTIONS)
        expect(page.locator("#review li.right")).to_have_count(correct)
        expect(page.locator("#review li.wrong")).to_have_count(N_QUESTIONS - correct)
        expect(page.locator("#review li .citation").first).to_contain_text("Nguồn:")  # the trainer allowed the key
    green, red = (b.locator(f"#review li.{c}").first.evaluate("e => getComputedStyle(e).borderLeftColor") for c in ("right", "wrong"))
    assert green != red
    screenshot(b, "thi-ket-qua.png")

    # The same name from another browser is refused; from A's own browser it resumes A's result.
    c = browser.new_context().new_page()
    _join(c, app_url, code, "nguyen van an", "Chi bộ 9")
    expect(c.locator("#status")).to_contain_text("đã có người dùng trong phiên thi này", timeout=30_000)
    expect(c.locator("#quiz")).to_be_hidden()
    a.locator("#leave").click()
    _join(a, app_url, code, "NGUYỄN VĂN AN", "")
    expect(a.locator("#score")).to_contain_text(f"{N_QUESTIONS}/{N_QUESTIONS} câu đúng", timeout=30_000)

    # No click: the projector view refreshes itself every few seconds.
    expect(projector).to_contain_text("2 người tham gia · 2 đã nộp bài", timeout=30_000)
    rows = projector.locator(".sotay-leaderboard tbody tr")
    expect(rows).to_have_count(2)  # no duplicate for the refused or resumed joins
    assert re.search(rf"^1\s+Nguyễn Văn An\s+Chi bộ 1\s+{N_QUESTIONS}\s", rows.nth(0).inner_text())
    assert re.search(rf"^2\s+Trần Thị Bình\s+Chi bộ 2\s+{N_QUESTIONS - 1}\s", rows.nth(1).inner_text())
    font = rows.nth(0).locator("td").nth(1).evaluate("e => getComputedStyle(e).fontFamily")
    assert "mono" not in font.lower(), font
    assert projector.evaluate("e => e.scrollWidth <= e.clientWidth + 1")  # columns wrap to the width
    current = projector.locator(".sotay-current")
    expect(current).to_contain_text("2 người đã trả lời")  # every question was answered by both
    bars = current.locator(".sotay-bars li")
    assert bars.count() >= 2 and sum(int(t) for t in bars.locator("b").all_inner_texts()) == 2
    expect(current.locator(".sotay-bars li.key")).to_have_count(1)
    stats = [r.strip() for r in projector.locator(".sotay-stats tbody tr").all_inner_texts()]
    missed_row = next(r for r in stats if missed in r)
    assert re.search(rf"\s50\s+2\s+{re.escape(wrong)}\s+1$", missed_row), missed_row
    screenshot(trainer, "trinh-chieu.png")

    trainer.locator("#quiz-export-xlsx").click()
    link = trainer.locator(f"#quiz-download a[href$='ket-qua-{code}.xlsx']")
    expect(link).to_be_visible(timeout=30_000)
    response = trainer.request.get(link.get_attribute("href"))
    assert response.ok and response.body()[:2] == b"PK"  # an XLSX is a zip archive


def test_trainer_paced_session_on_a_phone_and_a_desktop(app_url, browser, served_app) -> None:  # noqa: ANN001
    """Question by question: the projector shows the question and a countdown, no key; phones show
    the options only; when the trainer ends the question the projector shows the answers per
    option, the key and the leaderboard; faster right answers score more."""
    trainer = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    _open_quiz_tab(trainer, app_url, "Tạo phiên thi")
    _generate(trainer, 2, "Thi từng câu")
    trainer.get_by_label("Báo cáo viên điều khiển từng câu").check()
    trainer.locator("#quiz-question-s input").fill("60")
    trainer.locator("#quiz-open").click()
    code_box = trainer.locator("#quiz-projector .sotay-code")
    expect(code_box).to_have_text(re.compile(r"^[A-Z2-9]{6}$"), timeout=30_000)
    code = code_box.inner_text()
    key = _answer_key(served_app.settings, code)
    projector = trainer.locator("#quiz-projector")
    expect(projector).to_contain_text("Chờ báo cáo viên mở câu hỏi đầu tiên")

    phone = browser.new_context(**PHONE).new_page()
    desk = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    _join(phone, app_url, code, "Lê Thị Cúc", "Chi bộ 3")
    _join(desk, app_url, code, "Hoàng Văn Dư", "Chi bộ 4")
    for page in (phone, desk):
        expect(page.locator("#paced-wait")).to_contain_text("Chờ báo cáo viên mở câu hỏi đầu tiên", timeout=30_000)
        expect(page.locator("#paced-rule")).to_contain_text("Có thể đổi lựa chọn cho đến khi hết giờ câu hỏi")

    for number in (1, 2):
        trainer.locator("#quiz-next-question").click()
        current = projector.locator(".sotay-current")
        expect(current).to_contain_text(f"Câu đang làm: câu {number}/2", timeout=30_000)
        expect(current.locator(".sotay-countdown")).to_contain_text("còn")
        stem = current.locator("p").first.inner_text().strip()
        expect(current.locator(".sotay-bars li.key")).to_have_count(0)  # open: no key on the projector
        for page, right in ((phone, True), (desk, False)):
            expect(page.locator("#paced-meta")).to_contain_text(f"Câu {number}/2", timeout=30_000)
            assert page.locator("#stem").is_hidden()  # the phone shows the options, the projector the question
            labels = [t.strip() for t in page.locator("#paced-choices .option").all_inner_texts()]
            pick = key[stem] if right else next(label for label in labels if label != key[stem])
            page.locator("#paced-choices .option", has_text=re.compile(f"^{re.escape(pick)}$")).click()
            expect(page.locator("#paced-wait")).to_have_text("Đã ghi nhận lựa chọn của bạn.")
            expect(page.locator("#paced-countdown")).to_contain_text(re.compile(r"Còn lại 0[01]:\d\d"))
        if number == 1:
            screenshot(phone, "thi-tung-cau-dien-thoai.png")
        expect(current).to_contain_text("2 người đã trả lời", timeout=30_000)
        expect(current.locator(".sotay-bars li.key")).to_have_count(0)
        trainer.locator("#quiz-end-question").click()
        expect(current.locator(".sotay-bars li.key")).to_have_count(1, timeout=30_000)
        expect(current).to_contain_text(f"Đáp án: {key[stem]}")
        rows = projector.locator(".sotay-leaderboard tbody tr")
        expect(rows.first).to_contain_text("Lê Thị Cúc")
        for page in (phone, desk):
            expect(page.locator("#paced-meta")).to_contain_text(f"Đã hết giờ câu {number}/2", timeout=30_000)
        if number == 1:
            screenshot(trainer, "trinh-chieu-tung-cau.png")
    assert re.search(r"^1\s+Lê Thị Cúc\s+Chi bộ 3\s+\d{3,4}\s+2$", rows.first.inner_text()), rows.first.inner_text()
    trainer.locator("#quiz-close").click()
    expect(phone.locator("#score")).to_contain_text("2/2 câu đúng", timeout=30_000)
    expect(desk.locator("#score")).to_contain_text("0/2 câu đúng", timeout=30_000)
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _deck(settings):  # noqa: ANN001, ANN202
    from quiz.srs import Deck

    return Deck(QuizDB.open(settings))


def _card_by_stem(settings, stem: str):  # noqa: ANN001, ANN202
    """(owner, card) of the card showing ``stem`` most recently."""
    deck = _deck(settings)
    with deck.db.read() as conn:
        rows = conn.all('SELECT "user", key FROM srs_cards ORDER BY last_seen DESC')
    return next((r["user"], card) for r in rows if (card := deck.card(r["user"], r["key"])).item.stem == stem)


def _show_choice_card(page) -> str:  # noqa: ANN001
    """Skip matching cards (dropdowns) until a card with options is shown; returns its stem."""
    for _ in range(10):
        if page.locator(".sotay-quiz-choice label").count():
            return page.locator("#study-card .sotay-quiz-stem").inner_text().strip()
        page.locator("#study-next").click()
        page.wait_for_timeout(500)
    raise AssertionError("no multiple-choice card in the section")


def _start_study(page, url: str) -> None:  # noqa: ANN001
    _open_quiz_tab(page, url, "Tự ôn tập")
    assert page.locator("#study-user").count() == 0  # no name to type: the deck is this browser's
    page.locator("#study-doc input").click()
    page.get_by_role("option", name=DOC_TITLE).click()
    page.locator("#study-section input").click()
    page.get_by_role("option", name=re.compile(r"^Mục I ")).click()
    page.locator("#study-start").click()
    expect(page.locator("#study-card .sotay-quiz-stem")).to_be_visible(timeout=SLOW)


def test_self_study_from_a_fresh_browser_keeps_its_own_deck(app_url, browser, served_app) -> None:  # noqa: ANN001
    page = browser.new_context().new_page()
    _start_study(page, app_url)
    expect(page.locator("#study-feedback")).to_contain_text("câu mới vào bộ ôn tập")

    stem = _show_choice_card(page)
    owner, card = _card_by_stem(served_app.settings, stem)
    labels = [label.strip() for label in page.locator(".sotay-quiz-choice label").all_inner_texts()]
    page.locator(".sotay-quiz-choice").get_by_label(next(l for l in labels if l != card.item.answer), exact=True).check()
    page.locator("#study-check").click()
    feedback = page.locator("#study-feedback")
    expect(feedback).to_contain_text("Chưa đúng")
    expect(feedback).to_contain_text(card.item.answer)
    expect(feedback).to_contain_text("Nguồn:")

    page.locator("#study-next").click()
    expect(page.locator("#study-card .sotay-quiz-stem")).not_to_have_text(stem)
    second = _show_choice_card(page)
    _, right = _card_by_stem(served_app.settings, second)
    page.locator(".sotay-quiz-choice").get_by_label(right.item.answer, exact=True).check()
    page.locator("#study-check").click()
    expect(feedback).to_contain_text("Đúng!")
    expect(page.locator("#study-progress")).to_contain_text("hộp 2: 1")
    screenshot(page, "tu-on-tap.png")

    deck = _deck(served_app.settings)
    missed, known = deck.card(owner, card.key), deck.card(owner, right.key)
    assert (missed.box, missed.lapses, known.box) == (1, 1, 2)

    # A reload keeps the deck (the id lives in this browser); another browser starts its own.
    def owners() -> set[str]:
        with deck.db.read() as conn:
            return {r["user"] for r in conn.all('SELECT DISTINCT "user" FROM srs_cards')}

    page.reload()
    _start_study(page, app_url)
    expect(page.locator("#study-progress")).to_contain_text("câu trong bộ ôn tập")
    assert owners() == {owner} and deck.card(owner, card.key).lapses == 1
    other = browser.new_context().new_page()
    _start_study(other, app_url)
    expect(other.locator("#study-feedback")).to_contain_text("câu mới vào bộ ôn tập")
    assert len(owners()) == 2 and all(len(o) >= 20 for o in owners())
