"""The main journeys in a real headless browser (Debian's chromium), against the served app.

With ``SOTAY_SCREENSHOTS=1`` it also refreshes the README screenshots in docs/screenshots/.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.app.conftest import ADMIN_PASSWORD, ADMIN_USER

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
# Read at import: the session fixtures clear SOTAY_* variables before any test runs.
REFRESH_SCREENSHOTS = os.environ.get("SOTAY_SCREENSHOTS") == "1"
PLAN_SOURCE = "(Kế hoạch số 230-KH/TU ngày 10/3/2023, mục IV.3.2)"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
            ],
        )
        yield browser
        browser.close()


def _open(browser: Browser, url: str, **options) -> Iterator[Page]:  # noqa: ANN003
    context = browser.new_context(locale="vi-VN", **options)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(url)
    # The first page load builds the app's config: slow on a busy machine.
    expect(page.locator("#query textarea")).to_be_visible(timeout=60_000)
    yield page
    context.close()


@pytest.fixture
def page(browser: Browser, served_app) -> Iterator[Page]:  # noqa: ANN001
    yield from _open(browser, served_app.url, viewport={"width": 1360, "height": 1000})


@pytest.fixture
def phone(browser: Browser, served_app) -> Iterator[Page]:  # noqa: ANN001
    yield from _open(browser, served_app.url, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)


def _screenshot(page: Page, name: str) -> None:
    """Refresh a README screenshot, only when asked: SOTAY_SCREENSHOTS=1."""
    if REFRESH_SCREENSHOTS:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / name), full_page=False)


def _on_screen(page: Page, locator) -> None:  # noqa: ANN001
    """The element's top is inside the viewport (not somewhere far above or below)."""
    box = locator.bounding_box()
    assert box is not None
    height = page.viewport_size["height"]
    assert 0 <= box["y"] < height - 40, f"top at {box['y']:.0f} px, viewport {height} px"


def _sign_in_to_library(page: Page) -> None:
    """Open the library tab and sign in as the administrator."""
    page.get_by_role("tab", name="Tài liệu").click()
    page.locator("#admin-user textarea").fill(ADMIN_USER)
    page.locator("#admin-password input").fill(ADMIN_PASSWORD)
    page.locator("#sign-in-button").click()
    expect(page.locator("#admin-panel").first).to_be_visible()


def _search(page: Page, query: str) -> None:
    box = page.locator("#query textarea")
    box.fill(query)
    box.press("Enter")
    expect(page.locator("#summary")).to_contain_text(query)


def test_search_highlight_context_copy_similar(page: Page):
    _search(page, "lay phieu tin nhiem")
    first = page.locator("#results .sotay-card").first
    expect(first.locator("mark").filter(has_text="lấy phiếu tín nhiệm")).to_have_count(2)
    expect(first.locator(".best")).to_contain_text("Thực hiện nghiêm quy định của Đảng về việc lấy phiếu tín nhiệm")
    expect(first.locator(".cite")).to_contain_text("Mục IV.3.2")
    expect(first.locator(".citation")).to_contain_text("Kế hoạch 230-KH/TU, mục IV.3.2")
    # Short name on the card, the full title as its tooltip and once above the cards.
    expect(first.locator(".doc-short")).to_have_text("Kế hoạch 230-KH/TU")
    full_title = first.locator(".doc-short").get_attribute("title")
    assert len(full_title.split()) > 8
    expect(page.locator("#results .sotay-docs")).to_contain_text(full_title)
    assert page.locator("#results").inner_text().count(full_title) == 1
    # Strength next to the first result, never a raw fused score.
    expect(first.locator(".strength [role=meter]")).to_have_attribute("aria-valuenow", "100")
    assert not re.search(r"\d[.,]\d{2}", page.locator("#results footer").first.inner_text())
    _screenshot(page, "tra-cuu.png")

    copy = first.locator("button[data-action=copy]")
    expect(copy).to_have_text("Sao chép trích dẫn")
    copy.click()
    expect(copy).to_have_text("Đã sao chép ✓")
    pasted = page.evaluate("navigator.clipboard.readText()")
    assert pasted.startswith("“- Thường xuyên cảnh báo") and pasted.endswith(PLAN_SOURCE)

    first.get_by_role("button", name="Xem ngữ cảnh").click()
    current = first.locator(".card-context .ctx-passage.current")
    expect(current).to_contain_text("lấy phiếu tín nhiệm")
    expect(first.locator(".card-context .ctx-passage")).to_have_count(3)
    first.get_by_role("button", name="Đóng").click()
    expect(first.locator(".card-context .ctx-passage")).to_have_count(0)

    first.get_by_role("button", name="Tìm đoạn tương tự").click()
    expect(page.locator("#summary")).to_contain_text("Các đoạn tương tự với")
    expect(page.locator("#results .sotay-card")).to_have_count(10)


def test_empty_results_suggest_what_to_try(page: Page):
    box = page.locator("#query textarea")
    box.fill("qwxz zzyzx")
    box.press("Enter")
    expect(page.locator("#results .sotay-empty")).to_contain_text("Không tìm thấy")


def test_visitor_cannot_change_the_library(page: Page):
    page.get_by_role("tab", name="Tài liệu").click()
    expect(page.locator("#documents")).to_contain_text("230-KH/TU")
    expect(page.locator("#admin-panel").first).to_be_hidden()
    expect(page.locator("#upload-files")).to_be_hidden()
    page.locator("#doc-picker input").click()
    page.get_by_role("option", name="Chuyên đề 2").first.click()
    expect(page.locator("#outline")).to_contain_text("IV.3.2")
    expect(page.locator("#reader")).to_contain_text("lấy phiếu tín nhiệm")
    _screenshot(page, "tai-lieu.png")
    page.locator("#admin-user textarea").fill(ADMIN_USER)
    page.locator("#admin-password input").fill("sai mật khẩu")
    page.locator("#sign-in-button").click()
    expect(page.get_by_text("Sai tên đăng nhập hoặc mật khẩu.")).to_be_visible()
    expect(page.locator("#admin-panel").first).to_be_hidden()


def test_document_search_cards_work_like_the_search_tab(page: Page):
    page.get_by_role("tab", name="Tài liệu").click()
    page.locator("#doc-picker input").click()
    page.get_by_role("option", name="Chuyên đề 2").first.click()
    expect(page.locator("#reader")).to_contain_text("lấy phiếu tín nhiệm")
    box = page.locator("#inner-query textarea")
    box.fill("lấy phiếu tín nhiệm")
    box.press("Enter")
    expect(page.locator("#inner-results .sotay-summary")).to_contain_text("Kết quả cho “lấy phiếu tín nhiệm”")
    first = page.locator("#inner-results .sotay-card").first
    expect(first.locator(".citation")).to_contain_text("Kế hoạch 230-KH/TU, mục IV.3.2")

    first.get_by_role("button", name="Xem ngữ cảnh").click()
    expect(first.locator(".card-context .ctx-passage")).to_have_count(3)
    expect(first.locator(".card-context .ctx-passage.current")).to_contain_text("lấy phiếu tín nhiệm")
    expect(page.locator("#inner-context")).to_be_hidden()
    first.get_by_role("button", name="Đóng").click()
    expect(first.locator(".card-context .ctx-passage")).to_have_count(0)

    copy = first.locator("button[data-action=copy]")
    copy.click()
    expect(copy).to_have_text("Đã sao chép ✓")
    assert page.evaluate("navigator.clipboard.readText()").endswith(PLAN_SOURCE)

    first.get_by_role("button", name="Tìm đoạn tương tự").click()
    expect(page.locator("#inner-results .sotay-summary")).to_contain_text("Các đoạn tương tự với Kế hoạch 230-KH/TU")
    expect(page.locator("#inner-results .sotay-card")).to_have_count(10)
    # The search tab's cards are another pair: nothing of this tab lands there.
    assert page.locator("#results .sotay-card, #results .sotay-context").count() == 0
    # Another document opened: the results found in this one go.
    page.locator("#doc-picker input").click()
    page.get_by_role("option", name="Nghị quyết Đại hội").first.click()
    expect(page.locator("#reader h2")).to_contain_text("Nghị quyết Đại hội")
    expect(page.locator("#inner-results .sotay-card")).to_have_count(0)


def test_admin_uploads_a_docx_and_finds_it(page: Page, tmp_path: Path):
    from docx import Document as DocxDocument

    path = tmp_path / "Thông báo kết luận hội nghị.docx"
    doc = DocxDocument()
    doc.add_paragraph("THÔNG BÁO KẾT LUẬN")
    doc.add_paragraph("I. KẾT LUẬN")
    doc.add_paragraph("1. Hội nghị thống nhất mở lớp bồi dưỡng kỹ năng nói chuyện thời sự cho báo cáo viên cơ sở trong quý III.")
    doc.save(str(path))

    _sign_in_to_library(page)
    page.locator("#upload-files input[type=file]").set_input_files(str(path))
    # Gradio shows a file's stem and extension in elements of their own: the page's text may
    # hold a space between them, the table cell's accessible name does not.
    expect(page.locator("#upload-files").get_by_role("cell", name="Thông báo kết luận hội nghị.docx")).to_be_visible()
    page.locator("#upload-button").click()
    expect(page.locator("#upload-report")).to_contain_text("Đã thêm 1 tài liệu", timeout=120_000)
    expect(page.locator("#documents")).to_contain_text("thong-bao-ket-luan-hoi-nghi")
    # The box is empty again (its drop area back): files left in it would read as not yet added.
    expect(page.locator("#upload-files [data-testid=upload-text]")).to_be_visible()

    page.get_by_role("tab", name="Tra cứu").click()
    _search(page, "bồi dưỡng kỹ năng nói chuyện thời sự cho báo cáo viên")
    first = page.locator("#results .sotay-card").first
    expect(first).to_contain_text("báo cáo viên cơ sở trong quý III")
    expect(first.locator("mark").first).to_be_visible()


@pytest.mark.parametrize("viewport", ["page", "phone"])
def test_context_opens_under_its_card_on_screen(viewport, request):
    page = request.getfixturevalue(viewport)
    _search(page, "Tổ chức bộ máy trong tỉnh còn những hạn chế gì?")
    card = page.locator("#results .sotay-card").nth(5)
    button = card.get_by_role("button", name="Xem ngữ cảnh")
    button.scroll_into_view_if_needed()
    button.click()
    context = card.locator(".card-context .sotay-context")
    expect(context.locator(".ctx-passage.current")).to_be_visible()
    _on_screen(page, context)
    button_box, context_box = button.bounding_box(), context.bounding_box()
    assert 0 < context_box["y"] - button_box["y"] < 200  # right under the button that opened it


def test_typed_diacritics_mark_only_real_matches(page: Page):
    _search(page, "Tầm nhìn đến năm 2045")
    passages = page.locator("#results .passage")
    assert any(re.search(r"\bNam\b", text) for text in passages.all_inner_texts())
    marks = page.locator("#results mark").all_inner_texts()
    assert any("năm" in m for m in marks)
    assert not [m for m in marks if re.search(r"\bNam\b", m)]


def test_filters_rerun_the_search_in_a_vietnamese_page(page: Page):
    assert page.evaluate("document.documentElement.lang") == "vi"
    _search(page, "đổi mới hệ thống chính trị")
    expect(page.locator("#summary")).to_contain_text("từ 2 tài liệu")
    page.get_by_text("Bộ lọc và cách hiển thị").click()
    page.get_by_label("Tài liệu").first.click()
    page.get_by_role("option", name="Chuyên đề 2").first.click()
    page.keyboard.press("Escape")
    expect(page.locator("#summary")).to_contain_text("từ 1 tài liệu")
    assert {t for t in page.locator("#results .doc-short").all_inner_texts()} == {"Kế hoạch 230-KH/TU"}
    date_box = page.get_by_label("Từ ngày")
    date_box.fill("hôm qua")
    date_box.press("Enter")
    toast = page.locator(".toast-body").first
    expect(toast).to_contain_text("Không thực hiện được")
    expect(toast).to_contain_text("không hợp lệ")
    assert "Error" not in toast.inner_text()
    expect(toast.get_by_role("button", name="Đóng", exact=True)).to_be_visible()


def test_a_failed_action_leaves_the_page_usable_and_vietnamese(page: Page):
    _sign_in_to_library(page)
    page.locator("#save-button").click()  # no document open
    expect(page.locator(".toast-body").first).to_contain_text("Hãy chọn tài liệu cần sửa.")
    # Gradio's English "Error" over the event's outputs (the picker among them) is not shown...
    expect(page.locator("#doc-picker [data-testid=status-tracker]")).to_be_hidden()
    assert "Error" not in page.locator("#tab-library").inner_text()
    # Gradio's own words are Vietnamese too.
    expect(page.locator("#upload-files [data-testid=upload-text]")).to_contain_text("Kéo thả tệp vào đây")
    expect(page.locator("footer")).to_contain_text("Dùng qua API")
    for english in ("Drop File Here", "Click to Upload", "Use via API"):
        assert english not in page.locator("body").inner_text()
    # ... and does not take the picker's clicks.
    page.locator("#doc-picker input").click(timeout=5_000)
    page.get_by_role("option", name="Chuyên đề 2").first.click()
    expect(page.locator("#reader")).to_contain_text("lấy phiếu tín nhiệm")


def test_upload_form_is_blank_while_a_document_is_open(page: Page):
    _sign_in_to_library(page)
    page.locator("#doc-picker input").click()
    page.get_by_role("option", name="Chuyên đề 2").first.click()
    expect(page.locator("#edit-number textarea")).to_have_value("230-KH/TU")
    for field in ("title", "number", "date", "issuer", "kind"):
        expect(page.locator(f"#upload-{field} textarea")).to_have_value("")
