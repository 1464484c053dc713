"""A quiz session in a real browser: the trainer builds and opens it, two participants answer.

Each participant has a browser context of their own (separate storage, as two devices); one
reloads the page halfway and resumes. The trainer's leaderboard and per-question statistics
must match what was answered.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from quiz.db import QuizDB
from quiz.sessions import SessionStore

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


@pytest.fixture(scope="module")
def app_url(served_app) -> str:  # noqa: ANN001 - the whole app, from tests/app/conftest.py
    return served_app.url


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _open_quiz_tab(page, url: str, sub_tab: str) -> None:
    page.goto(url)
    page.get_by_role("tab", name="Ôn tập & Thi").click()
    page.get_by_role("tab", name=sub_tab).click()
    picker = {"Tạo phiên thi": "#quiz-docs", "Tự ôn tập": "#study-doc"}.get(sub_tab)
    if picker:
        # The panel refreshes its document list when first shown (other tests upload documents):
        # picking before that would race the refresh.
        expect(page.locator(picker)).to_contain_text("tài liệu trong thư viện", timeout=30_000)


def _answer_key(settings) -> dict[str, str]:  # noqa: ANN001
    """Stem → answer of every question of the most recent session (what the trainer opened)."""
    db = QuizDB.open(settings)
    with db.read() as conn:
        code = conn.execute("SELECT code FROM sessions ORDER BY id DESC LIMIT 1").fetchone()[0]
    store = SessionStore(db)
    with db.read() as conn:
        session_id = conn.execute("SELECT id FROM sessions WHERE code = ?", (code,)).fetchone()[0]
        items = store._items(conn, session_id)
    return {item.stem: item.answer for item in items}


def _join(page, url: str, code: str, name: str, unit: str) -> None:
    _open_quiz_tab(page, url, "Tham gia thi")
    page.locator("#quiz-join-code textarea, #quiz-join-code input").first.fill(code)
    page.locator("#quiz-join-name textarea, #quiz-join-name input").first.fill(name)
    page.locator("#quiz-join-unit textarea, #quiz-join-unit input").first.fill(unit)
    page.locator("#quiz-join").click()
    expect(page.locator("#quiz-question .sotay-quiz-stem")).to_be_visible(timeout=30_000)


def _answer_current(page, key: dict[str, str], right: bool, number: int) -> str:
    """Pick the right (or a wrong) option of the question on screen and save it; returns the stem."""
    stem = page.locator("#quiz-question .sotay-quiz-stem").inner_text().strip()
    answer = key[stem]
    choices = page.locator(".sotay-quiz-choice label")
    labels = [label.strip() for label in choices.all_inner_texts()]
    pick = answer if right else next(label for label in labels if label != answer)
    page.locator(".sotay-quiz-choice").get_by_label(pick, exact=True).check()
    page.locator("#quiz-next").click()
    expect(page.locator("#quiz-message")).to_contain_text(f"Đã lưu câu {number}", timeout=30_000)
    return stem


def test_trainer_opens_two_participants_answer_results_add_up(app_url, browser, served_app) -> None:  # noqa: ANN001
    trainer = browser.new_context().new_page()
    _open_quiz_tab(trainer, app_url, "Tạo phiên thi")
    trainer.locator("#quiz-docs input").click()
    trainer.get_by_role("option", name=DOC_TITLE).click()
    trainer.keyboard.press("Escape")
    trainer.locator("#quiz-count input[type=number]").fill(str(N_QUESTIONS + 1))
    trainer.locator("#quiz-count input[type=number]").press("Enter")
    for label in ("Điền vào chỗ trống", "Thuộc nội dung nào", "Ghép nối", "Chữ viết tắt"):
        trainer.get_by_label(label, exact=True).uncheck()  # Đúng/Sai only: quick to generate and to click
    trainer.locator("#quiz-title textarea, #quiz-title input").first.fill("Kiểm tra trình duyệt")
    trainer.locator("#quiz-generate").click()
    draft = trainer.locator("#quiz-draft ol.sotay-quiz-draft > li")
    expect(draft).to_have_count(N_QUESTIONS + 1, timeout=SLOW)
    # Review: replace question 1 from the spares, then drop it.
    first_before = draft.first.inner_text()
    trainer.locator("#quiz-replace").click()
    expect(trainer.locator("#quiz-trainer-message")).to_contain_text("Đã thay câu 1")
    assert draft.first.inner_text() != first_before
    trainer.locator("#quiz-drop").click()
    expect(draft).to_have_count(N_QUESTIONS)
    trainer.locator("#quiz-open").click()
    counts = trainer.locator("#quiz-counts")
    expect(counts).to_contain_text("Mã phiên", timeout=30_000)
    code = re.search(r"Mã phiên: ([A-Z0-9]{6})", counts.inner_text()).group(1)
    key = _answer_key(served_app.settings)
    assert len(key) == N_QUESTIONS

    # Participant A answers everything right.
    a = browser.new_context().new_page()
    _join(a, app_url, code, "Nguyễn Văn An", "Chi bộ 1")
    expect(a.locator("#quiz-countdown textarea, #quiz-countdown input").first).to_have_value(re.compile(r"Còn lại (09|10):"), timeout=10_000)
    for number in range(1, N_QUESTIONS + 1):
        _answer_current(a, key, True, number)

    # Participant B misses the first question, reloads the page, resumes and finishes.
    b = browser.new_context().new_page()
    _join(b, app_url, code, "Trần Thị Bình", "Chi bộ 2")
    missed = _answer_current(b, key, False, 1)
    b.reload()
    b.get_by_role("tab", name="Ôn tập & Thi").click()
    expect(b.locator("#quiz-message")).to_contain_text("Đã khôi phục bài làm", timeout=30_000)
    assert b.locator("#quiz-question .sotay-quiz-stem").inner_text().strip() != missed
    for number in range(2, N_QUESTIONS + 1):
        _answer_current(b, key, True, number)

    for page, correct in ((a, N_QUESTIONS), (b, N_QUESTIONS - 1)):
        page.locator("#quiz-finish").click()
        result = page.locator("#quiz-result")
        expect(result).to_contain_text(f"{correct}/{N_QUESTIONS} câu đúng", timeout=30_000)
        expect(result.locator("li")).to_have_count(N_QUESTIONS)
        expect(result).to_contain_text("Nguồn:")  # every question cites its source

    # No click: the trainer's view refreshes itself every few seconds.
    expect(counts).to_contain_text("2 người tham gia · 2 đã nộp bài", timeout=30_000)
    rows = trainer.locator("#quiz-leaderboard [role=row]")  # the header row, then one per participant
    expect(rows).to_have_count(3)
    assert re.search(rf"^1\s+Nguyễn Văn An\s+Chi bộ 1\s+{N_QUESTIONS}\s", rows.nth(1).inner_text())
    assert re.search(rf"^2\s+Trần Thị Bình\s+Chi bộ 2\s+{N_QUESTIONS - 1}\s", rows.nth(2).inner_text())
    stats = [r.strip() for r in trainer.locator("#quiz-stats [role=row]").all_inner_texts()[1:]]
    assert len(stats) == N_QUESTIONS
    missed_row = next(r for r in stats if missed in r)
    wrong = "Sai" if key[missed] == "Đúng" else "Đúng"
    assert re.search(rf"\s50(\.0)?\s+2\s+{wrong}\s+1$", missed_row), missed_row
    assert sum(bool(re.search(r"\s100(\.0)?\s+2\s+0$", r)) for r in stats) == N_QUESTIONS - 1, stats

    trainer.locator("#quiz-export-xlsx").click()
    link = trainer.locator(f"#quiz-download a[href$='ket-qua-{code}.xlsx']")
    expect(link).to_be_visible(timeout=30_000)
    response = trainer.request.get(link.get_attribute("href"))
    assert response.ok and response.body()[:2] == b"PK"  # an XLSX is a zip archive


def _study_item(settings, user: str, stem: str):  # noqa: ANN001, ANN202
    from quiz.srs import Deck

    deck = Deck(QuizDB.open(settings))
    with deck.db.read() as conn:
        keys = [r["key"] for r in conn.execute("SELECT key FROM srs_cards")]
    cards = [deck.card(user, key) for key in keys]
    return next(card for card in cards if card.item.stem == stem)


def _show_choice_card(page) -> str:  # noqa: ANN001
    """Skip matching cards (dropdowns) until a card with options is shown; returns its stem."""
    for _ in range(10):
        if page.locator(".sotay-quiz-choice label").count():
            return page.locator("#study-card .sotay-quiz-stem").inner_text().strip()
        page.locator("#study-next").click()
        page.wait_for_timeout(500)
    raise AssertionError("no multiple-choice card in the section")


def test_self_study_gives_feedback_and_files_missed_questions_first(app_url, browser, served_app) -> None:  # noqa: ANN001
    user = "Lê Văn Cường"
    page = browser.new_context().new_page()
    _open_quiz_tab(page, app_url, "Tự ôn tập")
    page.locator("#study-user textarea, #study-user input").first.fill(user)
    page.locator("#study-doc input").click()
    page.get_by_role("option", name=DOC_TITLE).click()
    page.locator("#study-section input").click()
    page.get_by_role("option", name=re.compile(r"^Mục I\.1 ")).click()
    page.locator("#study-start").click()
    expect(page.locator("#study-card .sotay-quiz-stem")).to_be_visible(timeout=SLOW)
    expect(page.locator("#study-feedback")).to_contain_text("câu mới vào bộ ôn tập")

    stem = _show_choice_card(page)
    card = _study_item(served_app.settings, user, stem)
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
    right = _study_item(served_app.settings, user, second)
    page.locator(".sotay-quiz-choice").get_by_label(right.item.answer, exact=True).check()
    page.locator("#study-check").click()
    expect(feedback).to_contain_text("Đúng!")
    expect(page.locator("#study-progress")).to_contain_text("hộp 2: 1")

    missed = _study_item(served_app.settings, user, stem)
    known = _study_item(served_app.settings, user, second)
    assert (missed.box, missed.lapses, known.box) == (1, 1, 2)



def test_served_answer_after_the_deadline_is_refused(served_app) -> None:  # noqa: ANN001
    """The countdown is only a display: the server itself refuses a late answer, in Vietnamese."""
    import time

    from gradio_client import Client

    from quiz.generate import Generator, Request
    from quiz.sessions import GRACE_S

    items = Generator(served_app.lib).generate(Request(n=2, seed=3, types=("true_false",))).items
    store = SessionStore(QuizDB.open(served_app.settings))
    code, key = store.create(items, time_limit_s=1)
    client = Client(served_app.url, verbose=False)  # one client, one Gradio session: its gr.State persists
    joined = client.predict(code, "Phạm Văn Dũng", "Chi bộ 4", api_name="/quiz_join")
    # gradio_client leaves out State and layout outputs: saved, header, deadline, question, result, message, ...
    result, message = 4, 5
    assert "Đã vào phiên thi" in joined[message]
    time.sleep(1 + GRACE_S + 0.5)
    late = client.predict("Đúng", *([None] * 6), api_name="/quiz_answer")
    assert "Đã hết thời gian làm bài" in late[message]
    assert "0/2 câu đúng" in late[result]  # the attempt is over: the result page is shown
    assert store.dashboard(code, key).answers == 0
