"""The main journeys in a real headless browser (Debian's chromium), against the served app.

Also writes the README screenshots of both tabs to docs/screenshots/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.app.conftest import ADMIN_PASSWORD, ADMIN_USER

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
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


@pytest.fixture
def page(browser: Browser, served_app) -> Iterator[Page]:  # noqa: ANN001
    context = browser.new_context(viewport={"width": 1360, "height": 1000}, locale="vi-VN")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served_app.url)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(served_app.url)
    expect(page.locator("#query textarea")).to_be_visible()
    yield page
    context.close()


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
    expect(first.locator(".score")).to_contain_text("Điểm phù hợp")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "tra-cuu.png"), full_page=False)

    copy = first.locator("button[data-action=copy]")
    expect(copy).to_have_text("Sao chép trích dẫn")
    copy.click()
    expect(copy).to_have_text("Đã sao chép ✓")
    pasted = page.evaluate("navigator.clipboard.readText()")
    assert pasted.startswith("“- Thường xuyên cảnh báo") and pasted.endswith(PLAN_SOURCE)

    first.get_by_role("button", name="Xem ngữ cảnh").click()
    current = page.locator("#context .ctx-passage.current")
    expect(current).to_contain_text("lấy phiếu tín nhiệm")
    expect(page.locator("#context .ctx-passage")).to_have_count(3)

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
    page.screenshot(path=str(SCREENSHOTS / "tai-lieu.png"), full_page=False)
    page.locator("#admin-user textarea").fill(ADMIN_USER)
    page.locator("#admin-password input").fill("sai mật khẩu")
    page.locator("#sign-in-button").click()
    expect(page.get_by_text("Sai tên đăng nhập hoặc mật khẩu.")).to_be_visible()
    expect(page.locator("#admin-panel").first).to_be_hidden()


def test_admin_uploads_a_docx_and_finds_it(page: Page, tmp_path: Path):
    from docx import Document as DocxDocument

    path = tmp_path / "Thông báo kết luận hội nghị.docx"
    doc = DocxDocument()
    doc.add_paragraph("THÔNG BÁO KẾT LUẬN")
    doc.add_paragraph("I. KẾT LUẬN")
    doc.add_paragraph("1. Hội nghị thống nhất mở lớp bồi dưỡng kỹ năng nói chuyện thời sự cho báo cáo viên cơ sở trong quý III.")
    doc.save(str(path))

    page.get_by_role("tab", name="Tài liệu").click()
    page.locator("#admin-user textarea").fill(ADMIN_USER)
    page.locator("#admin-password input").fill(ADMIN_PASSWORD)
    page.locator("#sign-in-button").click()
    expect(page.locator("#admin-panel").first).to_be_visible()
    page.locator("#upload-files input[type=file]").set_input_files(str(path))
    expect(page.locator("#upload-files")).to_contain_text("Thông báo kết luận hội nghị.docx")
    page.locator("#upload-button").click()
    expect(page.locator("#upload-report")).to_contain_text("Đã thêm 1 tài liệu", timeout=120_000)
    expect(page.locator("#documents")).to_contain_text("thong-bao-ket-luan-hoi-nghi")

    page.get_by_role("tab", name="Tra cứu").click()
    _search(page, "bồi dưỡng kỹ năng nói chuyện thời sự cho báo cáo viên")
    first = page.locator("#results .sotay-card").first
    expect(first).to_contain_text("báo cáo viên cơ sở trong quý III")
    expect(first.locator("mark").first).to_be_visible()
