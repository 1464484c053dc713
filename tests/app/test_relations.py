"""Links, status and the comparison in the CLI, the HTTP API and the browser."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from gradio_client import Client
from playwright.sync_api import Page, expect

from app.batching import QueryBatcher
from app.cli import main
from app.compare_view import status_badges
from app.relations_tab import RelationsHandlers, comparison_html, relations_html
from app.search_tab import SearchHandlers
from index.compare import compare_documents
from index.library import Library
from index.settings import Settings
from tests.app.conftest import ServedApp, free_port, serving
from tests.app.test_browser import _open, browser  # noqa: F401 - the module's browser fixture
from tests.app.test_served_api import _call

DATA = Path(__file__).resolve().parents[1] / "data"
OLD, NEW = "quy-dinh-47-qd-tw", "quy-dinh-37-qd-tw"


@pytest.fixture(scope="module")
def versions_app(tmp_path_factory: pytest.TempPathFactory, settings: Settings, embedder) -> Iterator[ServedApp]:  # noqa: ANN001
    """Quy định 37-QĐ/TW and the hand-made older version it replaces, served."""
    data = tmp_path_factory.mktemp("relations") / "data"
    served = Settings.load(data_dir=str(data), model_cache_dir=settings.model_cache_dir, port=free_port())
    lib = Library(served, embedder=QueryBatcher(embedder))
    lib.add_paths([DATA / "versions" / f"{OLD}.txt", DATA / "versions" / f"{NEW}.txt"])
    with serving(lib, served) as app:
        yield app


def test_comparison_pickers_follow_the_library(tmp_path: Path, settings: Settings, embedder) -> None:  # noqa: ANN001
    # A document uploaded after the page was built can be compared without a restart.
    lib = Library(Settings.load(data_dir=str(tmp_path), model_cache_dir=settings.model_cache_dir), embedder=embedder)
    lib.add_paths([DATA / "versions" / f"{NEW}.txt"])
    handlers = RelationsHandlers(lib)
    assert [value for _, value in handlers.pickers()[1]["choices"]] == [NEW]
    lib.add_paths([DATA / "versions" / f"{OLD}.txt"])
    pairs, old, new = handlers.pickers()
    assert {value for _, value in old["choices"]} == {OLD, NEW} == {value for _, value in new["choices"]}
    assert f"{OLD}|{NEW}" in {value for _, value in pairs["choices"]}


def test_links_panel_shows_status_and_both_directions(versions_app: ServedApp) -> None:
    lib = versions_app.lib
    old = relations_html(lib, OLD)
    assert "Đã bị thay thế bởi" in old and f'data-doc="{NEW}"' in old
    assert "115-QĐ/TW (chưa có trong thư viện)" in old
    new = relations_html(lib, NEW)
    assert "Còn hiệu lực trong thư viện" in new and "So sánh điểm mới" in new
    assert f'data-old="{OLD}" data-new="{NEW}"' in new
    assert status_badges(lib, {OLD, NEW}) == {OLD: "Đã bị thay thế"}


def test_whether_a_named_document_is_in_force_is_answered(versions_app: ServedApp) -> None:
    # As far as the library tells: what replaces it, or that nothing in the library does.
    lib = versions_app.lib
    for asked in ("Quy định 47-QĐ/TW còn hiệu lực không?", "quy dinh 47 con hieu luc khong"):
        assert lib.particulars(asked) == ["Quy định 47-QĐ/TW: đã bị thay thế bởi Quy định 37-QĐ/TW."]
    assert lib.particulars("Quy định 37 đã bị thay thế chưa?") == [
        "Quy định 37-QĐ/TW: chưa văn bản nào trong thư viện thay thế hay bãi bỏ."]
    summary = SearchHandlers(lib).search_view("Quy định 47 còn hiệu lực không?", None, None, "", "", None, None, False)[1]
    assert "Quy định 47-QĐ/TW: đã bị thay thế bởi Quy định 37-QĐ/TW." in summary


def test_search_cards_carry_a_badge_for_replaced_documents(versions_app: ServedApp) -> None:
    handlers = SearchHandlers(versions_app.lib)
    results = handlers.search("sử dụng ma túy, say xỉn")
    cards = handlers.cards(results)
    assert {r["doc_id"] for r in results} == {OLD, NEW}
    assert cards.count('class="badge-superseded"') == sum(r["doc_id"] == OLD for r in results)


def test_comparison_html_marks_words_and_cites_both_sides(versions_app: ServedApp) -> None:
    html = comparison_html(versions_app.lib, compare_documents(versions_app.lib, OLD, NEW))
    assert "2 điểm mới, 2 nội dung bỏ đi, 5 sửa đổi câu chữ" in html
    assert "chạy tuổi<ins>, chạy luân chuyển, chạy thi đua, khen thưởng, danh hiệu</ins>." in html
    assert "Văn bản cũ: Quy định 47-QĐ/TW" in html and "Văn bản mới: Quy định 37-QĐ/TW" in html


def test_cli_links_and_compare(versions_app: ServedApp, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(versions_app.settings.data_path)
    assert main(["links", OLD, "--json", "--data-dir", data]) == 0
    relations = json.loads(capsys.readouterr().out)
    assert relations["status"] == "replaced" and relations["replaced_by"] == [NEW]
    assert main(["links", OLD, "--data-dir", data]) == 0
    assert "Bị thay thế bởi: quy định 47-QĐ/TW [quy-dinh-37-qd-tw]" in capsys.readouterr().out
    assert main(["compare", OLD, NEW, "--format", "json", "--data-dir", data]) == 0
    assert json.loads(capsys.readouterr().out)["summary"] == {"new": 2, "dropped": 2, "changed": 5, "unchanged": 12}
    for fmt in ("docx", "pdf"):
        out = tmp_path / f"so-sanh.{fmt}"
        assert main(["compare", OLD, NEW, "--format", fmt, "--out", str(out), "--data-dir", data]) == 0
        assert out.stat().st_size > 1000
        assert capsys.readouterr().out.strip() == f"Đã ghi {out}"
    from docx import Document as DocxDocument

    text = "\n".join(p.text for p in DocxDocument(str(tmp_path / "so-sanh.docx")).paragraphs)
    assert "Điểm mới: Điều 4.3" in text and "Bao che, tiếp tay" in text
    assert main(["search", "sử dụng ma túy, say xỉn", "--in-force", "--json", "--data-dir", data]) == 0
    assert {r["doc_id"] for r in json.loads(capsys.readouterr().out)["results"]} == {NEW}
    assert main(["links", "khong-co", "--data-dir", data]) == 1
    assert capsys.readouterr().err.strip() == "Lỗi: Không có tài liệu mã «khong-co» trong thư viện."


def test_http_endpoints_for_links_and_compare(versions_app: ServedApp) -> None:
    client = Client(versions_app.url, verbose=False)
    relations = client.predict(NEW, api_name="/links")
    assert [(l["type"], l["target_id"]) for l in relations["links"]] == [("replaces", OLD)]
    comparison = client.predict(OLD, NEW, api_name="/compare")
    assert comparison["summary"]["new"] == 2 and comparison["changes"][0]["old_citation"]
    with pytest.raises(Exception, match="Không có tài liệu mã «khong-co»"):
        client.predict("khong-co", NEW, api_name="/compare")


MALFORMED = [
    ("links", [None]),
    ("links", [["a"]]),
    ("links", ["khong-co"]),
    ("links", ["x" * 100_000]),
    ("compare", [OLD]),
    ("compare", [None, None]),
    ("compare", [OLD, OLD]),
    ("compare", [OLD, 5]),
    ("compare", ["khong-co", NEW]),
    ("open_link", []),
    ("compare_from_link", []),
    ("compare_view", [None, NEW]),
    ("compare_docx", [OLD, ["a"]]),
    ("compare_pdf", [OLD, OLD]),
    ("pick_pair", [123]),
    ("document_links_view", [["a"]]),
]


@pytest.mark.parametrize(("api_name", "data"), MALFORMED, ids=[f"{a}-{i}" for i, (a, _) in enumerate(MALFORMED)])
def test_malformed_input_gets_a_clear_vietnamese_message(versions_app: ServedApp, api_name: str, data: list) -> None:
    event, payload = _call(versions_app.url, api_name, data)
    assert event == "error"
    assert payload["title"] == "Không thực hiện được" and "Traceback" not in payload["error"]
    assert re.search("[ạảãáàâấầẩẫậăắằẳẵặđêếềểễệôốồổỗộơớờởỡợưứừửữự]", payload["error"]), payload


@pytest.mark.slow
def test_browser_shows_status_links_and_the_comparison(browser, versions_app: ServedApp) -> None:  # noqa: ANN001, F811
    for page in _open(browser, versions_app.url, viewport={"width": 1360, "height": 1000}):
        _journey(page)


def _journey(page: Page) -> None:
    # A search card of the replaced rule carries the badge.
    box = page.locator("#query textarea")
    box.fill("sử dụng ma túy, say xỉn")
    box.press("Enter")
    card = page.locator("#results .sotay-card").filter(has_text="trong giờ làm việc")
    expect(card.locator(".badge-superseded")).to_have_text("Đã bị thay thế")
    # The older rule's status, and its link to the rule that replaces it.
    page.get_by_role("tab", name="Tài liệu").click()
    page.locator("#doc-picker input").click()
    page.get_by_role("option", name="47-QĐ/TW").first.click()
    panel = page.locator("#relations-panel")
    expect(panel.locator(".status")).to_contain_text("Đã bị thay thế bởi")
    expect(panel).to_contain_text("115-QĐ/TW (chưa có trong thư viện)")
    # Opening the replacing rule lands on the passage that says so.
    panel.locator("li[data-type=replaces] button.link-open").click()
    expect(page.locator("#reader dl")).to_contain_text("37-QĐ/TW")
    cited = page.locator("#reader .sotay-cited")
    expect(cited).to_contain_text("thay thế Quy định số 47-QĐ/TW")
    # From the newer rule: what is new, word by word.
    expect(panel.locator(".status")).to_contain_text("Còn hiệu lực")
    panel.get_by_role("button", name="So sánh điểm mới").click()
    comparison = page.locator("#comparison-panel")
    expect(comparison.locator(".summary")).to_contain_text("2 điểm mới, 2 nội dung bỏ đi, 5 sửa đổi câu chữ", timeout=60_000)
    expect(comparison.locator(".change-new").first).to_contain_text("Bao che, tiếp tay")
    expect(comparison.locator("ins").first).to_be_visible()
    page.locator("#compare-docx").click()
    expect(page.locator("#compare-file")).to_contain_text(
        re.compile(r"so-sanh-quy-dinh-47-qd-tw-quy-dinh-37-qd-tw\s*\.docx"), timeout=60_000
    )
