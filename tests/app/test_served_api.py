"""Every endpoint of the served app, called through gradio_client and over raw HTTP (real model,
bundled corpus)."""

from __future__ import annotations

import json
import os
import re
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest
from docx import Document as DocxDocument
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError

from index.records import SearchResult
from tests.app.conftest import ADMIN_USER, signed_in_cookie

pytestmark = pytest.mark.slow

PLAN = "kh-230-tu-2023-chuyende2"
RESOLUTION = "nq-dh13-2021"
RESULT_FIELDS = set(SearchResult.__dataclass_fields__)


@pytest.fixture(scope="module")
def client(served_app) -> Client:  # noqa: ANN001
    return Client(served_app.url, verbose=False)


def test_every_event_is_an_endpoint(client):
    named = client.view_api(return_format="dict", print_info=False)["named_endpoints"]
    expected = {
        "/search", "/search_view", "/refine", "/pick_example", "/search_example", "/card_context",
        "/card_similar", "/regroup", "/export_docx", "/export_markdown", "/open_document", "/search_document",
        "/sign_in", "/sign_out", "/upload", "/update_metadata", "/remove_document", "/context", "/similar",
        "/cite", "/documents", "/refresh_library", "/document_card_context", "/document_card_similar",
    }
    assert expected <= set(named)
    params = named["/search"]["parameters"]
    assert params[0]["parameter_name"] == "query"
    assert all(p["parameter_has_default"] for p in params[1:])


def test_search_returns_the_cli_json(client):
    results = client.predict("lay phieu tin nhiem", api_name="/search")
    assert len(results) == 10
    assert set(results[0]) == RESULT_FIELDS
    assert "lấy phiếu tín nhiệm" in results[0]["text"]
    assert results[0]["doc_id"] == PLAN and results[0]["citation"].startswith("Kế hoạch 230-KH/TU")
    assert [r["rank"] for r in results] == list(range(1, 11))


def test_search_filters(client):
    only = client.predict("đổi mới phương thức lãnh đạo", doc_ids=[RESOLUTION], k=5, api_name="/search")
    assert len(only) == 5 and {r["doc_id"] for r in only} == {RESOLUTION}
    before_plan = client.predict("cán bộ", date_to="2022", api_name="/search")
    assert before_plan and {r["doc_id"] for r in before_plan} == {RESOLUTION}
    capped = client.predict("cán bộ", per_doc_limit=2, api_name="/search")
    # Other tests may have uploaded documents into this shared app: count per document.
    per_doc = Counter(r["doc_id"] for r in capped)
    assert max(per_doc.values()) == 2 and len(capped) >= 4
    assert client.predict("cán bộ", kinds=["không có loại này"], api_name="/search") == []


def test_bad_input_gets_a_vietnamese_message(client):
    with pytest.raises(AppError, match="không hợp lệ"):
        client.predict("cán bộ", date_from="hôm qua", api_name="/search")
    with pytest.raises(AppError) as empty:
        client.predict("   ", api_name="/search")
    assert "Traceback" not in str(empty.value) and len(str(empty.value)) > 5


def test_page_search_is_one_round_trip(client):
    summary, cards, context = client.predict("lay phieu tin nhiem", [], [], "", "", 0, 10, False, api_name="/search_view")
    assert "10 đoạn" in summary and "<mark>lấy phiếu tín nhiệm</mark>" in cards and context == ""
    assert 'data-action="copy"' in cards and "(Kế hoạch số 230-KH/TU ngày 10/3/2023, mục IV.3.2)" in cards
    assert 'class="doc-short"' in cards and "Kế hoạch 230-KH/TU" in cards
    summary, empty, _ = client.predict("xyzzy quux", [RESOLUTION], [], "", "", 0, 10, False, api_name="/search_view")
    assert summary == "" and "Không tìm thấy" in empty and "Bỏ bớt bộ lọc" in empty
    # Other tests may have uploaded documents into this shared app: group the bundled two only.
    _, grouped, _ = client.predict(
        "đổi mới hệ thống chính trị", [PLAN, RESOLUTION], [], "", "", 2, 10, True, api_name="/search_view"
    )
    assert grouped.count('class="sotay-group"') == 2 and grouped.count('class="sotay-card"') == 4


def test_example_chain(client):
    query = client.predict(2, api_name="/pick_example")  # a dataset event takes the sample's index
    assert query == "Bảo vệ những cán bộ dám nghĩ, dám làm"
    _, cards, _ = client.predict(query, [], [], "", "", 0, 10, False, api_name="/search_example")
    assert "sotay-card" in cards and "dám nghĩ" in cards


def test_key_endpoints(client):
    top = client.predict("lay phieu tin nhiem", k=1, api_name="/search")[0]
    around = client.predict(top["key"], api_name="/context")
    assert [p["key"] for p in around][1] == top["key"] and len(around) == 3
    similar = client.predict(top["key"], 5, api_name="/similar")
    assert len(similar) == 5 and top["key"] not in {r["key"] for r in similar}
    quote = client.predict(top["key"], api_name="/cite")
    assert quote.startswith("“- Thường xuyên") and quote.endswith("(Kế hoạch số 230-KH/TU ngày 10/3/2023, mục IV.3.2)")
    with pytest.raises(AppError, match="Không tìm thấy đoạn"):
        client.predict("khong-co#1", api_name="/cite")
    with pytest.raises(AppError, match="Thiếu mã đoạn"):
        client.predict(api_name="/card_context")


def test_exports(client):
    docx_path = client.predict("lấy phiếu tín nhiệm", k=5, api_name="/export_docx")
    paragraphs = [p.text for p in DocxDocument(docx_path).paragraphs]
    assert paragraphs[0] == "Trích dẫn: lấy phiếu tín nhiệm"
    assert any("(Kế hoạch số 230-KH/TU ngày 10/3/2023, mục IV.3.2)" == p for p in paragraphs)
    md_path = client.predict("lấy phiếu tín nhiệm", k=5, api_name="/export_markdown")
    with open(md_path, encoding="utf-8") as handle:
        markdown = handle.read()
    assert markdown.startswith("# Trích dẫn: lấy phiếu tín nhiệm") and "\n> " in markdown


def test_documents_and_reading(client):
    documents = client.predict(api_name="/documents")
    assert {d["id"] for d in documents} >= {PLAN, RESOLUTION}
    reader, outline, title, number, date, issuer, kind = client.predict(PLAN, api_name="/open_document")
    assert number == "230-KH/TU" and date == "10/3/2023"  # as the form's placeholder writes dates
    assert "IV.3.2" in outline and "sotay-doc" in reader
    found = client.predict(PLAN, "lấy phiếu tín nhiệm", api_name="/search_document")
    assert "<mark>" in found and RESOLUTION not in found
    table, *_ = client.predict(api_name="/refresh_library")
    assert {row[0] for row in table["data"]} >= {PLAN, RESOLUTION}


def test_library_changes_need_an_administrator(served_app, plan_docx):
    visitor = Client(served_app.url, verbose=False)
    with pytest.raises(AppError, match="Cần đăng nhập quản trị"):
        visitor.predict([handle_file(str(plan_docx))], "", "", "", "", "", api_name="/upload")
    with pytest.raises(AppError, match="Cần đăng nhập quản trị"):
        visitor.predict(PLAN, True, api_name="/remove_document")
    refused = httpx.post(f"{served_app.url}/dang-nhap", json={"user": ADMIN_USER, "password": "sai"})
    assert refused.status_code == 403 and "Sai tên đăng nhập" in refused.json()["error"] and not refused.cookies
    status, password = visitor.predict(ADMIN_USER, "", api_name="/sign_in")
    assert "Cần đăng nhập quản trị" in status and password == ""
    assert PLAN in {d.id for d in served_app.lib.documents()}


def test_admin_uploads_edits_and_removes(served_app, plan_docx, tmp_path):
    admin = Client(served_app.url, verbose=False, headers=signed_in_cookie(served_app.url))
    status, _ = admin.predict(ADMIN_USER, "", api_name="/sign_in")
    assert "Đã đăng nhập" in status
    bad = tmp_path / "ghi-chu.exe"
    bad.write_bytes(b"MZ")
    broken = tmp_path / "Bản scan hỏng.pdf"
    broken.write_bytes(b"%PDF-1.4 not really a pdf")
    report, table, *_ = admin.predict(
        [handle_file(str(plan_docx)), handle_file(str(bad)), handle_file(str(broken))], "", "", "", "", "", api_name="/upload"
    )
    assert "Đã thêm 1 tài liệu" in report and "Bỏ qua ghi-chu.exe" in report and "không được hỗ trợ" in report
    assert "Bỏ qua Bản scan hỏng.pdf:" in report
    doc_id = "huong-dan-so-05-hd-btg"
    assert doc_id in {row[0] for row in table["data"]}
    assert served_app.lib.document(doc_id).source == plan_docx.name
    hits = admin.predict("sổ tay điện tử trong sinh hoạt chi bộ", k=3, api_name="/search")
    assert hits[0]["doc_id"] == doc_id
    again, *_ = admin.predict([handle_file(str(plan_docx))], "", "", "", "", "", api_name="/upload")
    assert "Không thay đổi 1 tài liệu" in again
    changed = tmp_path / "v2" / plan_docx.name
    changed.parent.mkdir()
    edited = DocxDocument(str(plan_docx))
    edited.add_paragraph("2. Chi bộ báo cáo kết quả ứng dụng sổ tay điện tử mỗi quý.")
    edited.save(str(changed))
    updated, *_ = admin.predict([handle_file(str(changed))], "", "", "", "", "", api_name="/upload")
    assert "Đã cập nhật 1 tài liệu" in updated
    assert admin.predict("báo cáo kết quả ứng dụng sổ tay điện tử mỗi quý", k=1, api_name="/search")[0]["doc_id"] == doc_id
    with pytest.raises(AppError, match="Tối đa 5 tệp"):
        admin.predict([handle_file(str(plan_docx))] * 6, "", "", "", "", "", api_name="/upload")
    saved, *_ = admin.predict(doc_id, "Hướng dẫn chuyển đổi số", "05-HD/BTG", "15/4/2024", "Ban Tuyên giáo", "hướng dẫn", api_name="/update_metadata")
    assert "Đã lưu" in saved
    assert served_app.lib.document(doc_id).date == "2024-04-15"
    with pytest.raises(AppError, match="xác nhận"):
        admin.predict(doc_id, False, api_name="/remove_document")
    removed, *_ = admin.predict(doc_id, True, api_name="/remove_document")
    assert "Đã xóa" in removed and doc_id not in {d.id for d in served_app.lib.documents()}
    httpx.post(f"{served_app.url}/dang-xuat", headers=admin.headers)
    with pytest.raises(AppError, match="Cần đăng nhập"):
        admin.predict(PLAN, True, api_name="/remove_document")


def test_searches_keep_working_while_an_upload_is_indexed(served_app, tmp_path):
    lines = ["QUY CHẾ LÀM VIỆC MẪU", ""]
    for i in range(1, 121):
        lines += [f"Điều {i}. Nội dung thứ {i}", f"Chi bộ số {i} thực hiện nhiệm vụ {i} về công tác dân vận, tuyên truyền ở khu dân cư số {i}.", ""]
    big = tmp_path / "Quy chế mẫu.txt"
    big.write_text("\n".join(lines), encoding="utf-8")
    admin = Client(served_app.url, verbose=False, headers=signed_in_cookie(served_app.url))
    upload = admin.submit([handle_file(str(big))], "", "", "", "", "", api_name="/upload")
    searcher = Client(served_app.url, verbose=False)
    answered_during_upload = 0
    while not upload.done():
        results = searcher.predict("lấy phiếu tín nhiệm", k=3, api_name="/search")
        assert results[0]["doc_id"] == PLAN
        answered_during_upload += not upload.done()
    report = upload.result()[0]
    assert "Đã thêm 1 tài liệu" in report
    assert answered_during_upload >= 1
    admin.predict("quy-che-mau", True, api_name="/remove_document")


def _call(base: str, api_name: str, data: list) -> tuple[str, object]:
    """A raw HTTP call as a browser's API call makes it: the final event's name and data."""
    with httpx.Client(timeout=120.0) as http:
        started = http.post(f"{base}/gradio_api/call/{api_name}", json={"data": data})
        started.raise_for_status()
        stream = http.get(f"{base}/gradio_api/call/{api_name}/{started.json()['event_id']}").text
    events = [line[6:].strip() for line in stream.splitlines() if line.startswith("event:")]
    payloads = [line[5:] for line in stream.splitlines() if line.startswith("data:")]
    return events[-1], json.loads(payloads[-1])


@pytest.mark.parametrize(
    ("query", "options"),
    [
        ("lấy phiếu tín nhiệm", {}),
        ("lay phieu tin nhiem", {"k": 5}),
        ("Đổi mới phương thức lãnh đạo của Đảng đối với HTCT", {"doc_ids": [RESOLUTION], "k": 7}),
        ("cán bộ", {"per_doc_limit": 2, "date_from": "2021", "date_to": "10/3/2023"}),
    ],
)
def test_served_search_equals_the_in_process_search(served_app, query, options):
    data = [query, options.get("doc_ids", []), [], options.get("date_from", ""), options.get("date_to", ""),
            options.get("per_doc_limit", 0), options.get("k", 10)]
    event, served = _call(served_app.url, "search", data)
    assert event == "complete"
    kwargs = {"k": options.get("k", 10), "doc_ids": options.get("doc_ids"), "per_doc_limit": options.get("per_doc_limit", 0)}
    if "date_from" in options:
        kwargs |= {"date_from": "2021-01-01", "date_to": "2023-03-10"}
    expected = [r.to_json() for r in served_app.lib.search(query, **kwargs)]
    assert served == [expected] and expected


def test_search_api_fills_trailing_defaults(served_app):
    event, served = _call(served_app.url, "search", ["lấy phiếu tín nhiệm"])
    assert event == "complete" and len(served[0]) == 10


MALFORMED = [
    ("search", []),
    ("search", [None, None, None, None, None, None, None]),
    ("search", [["lấy phiếu"], [], [], "", "", 0, 10]),
    ("search", ["cán bộ", 5, [], "", "", 0, 10]),
    ("search", ["cán bộ", [], {"a": 1}, "", "", 0, 10]),
    ("search", ["cán bộ", [], [], "x" * 100_000, "", 0, 10]),
    ("search", ["cán bộ", [], [], "", "", "nhiều", 10]),
    ("search", ["cán bộ", [], [], "", "", 0, [10]]),
    ("search", ["x" * 100_000, [], [], "", "", 0, 10]),
    ("search_view", [None] * 8),
    ("search_view", ["cán bộ", 5]),
    ("refine", ["cán bộ", [], [], "", "", "x", 10, False]),
    ("context", [None]),
    ("context", [None, None, None]),
    ("context", [PLAN + "#1", "a", 1]),
    ("similar", [["k"], 5]),
    ("similar", ["khong-co#1", "y"]),
    ("cite", [None]),
    ("cite", [{"key": 1}]),
    ("export_docx", [None] * 7),
    ("export_markdown", ["cán bộ", [], [], "hôm qua", "", 0, 10]),
    ("open_document", [["a"]]),
    ("open_document", [123]),
    ("search_document", [PLAN, "x" * 100_000]),
    ("search_document", [[PLAN], "cán bộ"]),
    ("card_context", []),
    ("document_card_context", []),
    ("document_card_similar", []),
]


@pytest.mark.parametrize(("api_name", "data"), MALFORMED, ids=[f"{a}-{i}" for i, (a, _) in enumerate(MALFORMED)])
def test_malformed_input_gets_a_clear_vietnamese_message(served_app, api_name, data):
    event, payload = _call(served_app.url, api_name, data)
    assert event == "error"
    message = payload["error"]
    assert message and "Traceback" not in message and len(message) < 600
    assert payload["title"] == "Không thực hiện được"
    assert any(c in message for c in "ạảãáàâấầẩẫậăắằẳẵặđêếềểễệôốồổỗộơớờởỡợưứừửữựìíỉĩịóòỏõọúùủũụýỳỷỹỵ")


def test_page_says_vietnamese_from_the_first_byte(served_app):
    for method in ("GET", "HEAD"):
        for path in ("/", "/?__theme=dark"):
            response = httpx.request(method, served_app.url + path, timeout=60.0)
            assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
            if method == "GET":
                head = response.text[:200]
                assert re.match(r'<!doctype html>\s*<html\s+lang="vi"', head), head
                assert 'lang="en"' not in head
                assert int(response.headers["content-length"]) == len(response.content)
    # JSON and the participant page pass through unchanged.
    assert httpx.get(served_app.url + "/gradio_api/info", timeout=60.0).json()["named_endpoints"]
    assert '<html lang="vi">' in httpx.get(served_app.url + "/thi", timeout=60.0).text


def test_gradio_cache_and_exports_are_purged(served_app, tmp_path):
    from app.export import export_root
    from app.serve import launch
    from app.ui import build_app
    from index.settings import Settings
    from tests.app.conftest import free_port

    stale = export_root() / "export-stale"
    stale.mkdir(exist_ok=True)
    (stale / "old.md").write_text("cũ", encoding="utf-8")
    old = time.time() - 7200
    os.utime(stale, (old, old))
    settings = Settings.load(data_dir=str(served_app.settings.data_path), model_cache_dir=served_app.settings.model_cache_dir, port=free_port())
    demo = build_app(served_app.lib, settings, cache_purge=(1, 2))
    base = launch(demo, settings, block=False).rstrip("/")
    try:
        assert not stale.exists()  # exports older than the age are gone when the app starts
        sent = tmp_path / "rac.txt"
        sent.write_text("tệp ai cũng gửi được", encoding="utf-8")
        with sent.open("rb") as handle:
            stored = httpx.post(f"{base}/gradio_api/upload", files={"files": ("rac.txt", handle)}).json()[0]
        assert Path(stored).exists()
        _, exported = _call(base, "export_markdown", ["lấy phiếu tín nhiệm", [], [], "", "", 0, 3])
        served_copy = Path(exported[0]["path"])
        assert served_copy.exists()
        deadline = time.monotonic() + 30
        while (Path(stored).exists() or served_copy.exists()) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not Path(stored).exists() and not served_copy.exists()
    finally:
        demo.close()


def test_upload_refuses_empty_and_crafted_files_with_reasons(served_app, tmp_path):
    from tests.corpus.bulky import crafted_docx

    short = tmp_path / "Kế hoạch 99.txt"
    short.write_text("KẾ HOẠCH SỐ 99-KH/TU\nvề việc tổ chức hội nghị\n", encoding="utf-8")
    crafted = crafted_docx(tmp_path / "bom.docx")  # 99 MB once unpacked
    admin = Client(served_app.url, verbose=False, headers=signed_in_cookie(served_app.url))
    before = {d.id for d in served_app.lib.documents()}
    start = time.monotonic()
    report, *_ = admin.predict([handle_file(str(short)), handle_file(str(crafted))], "", "", "", "", "", api_name="/upload")
    assert time.monotonic() - start < 60
    assert "Đã thêm" not in report
    assert "Bỏ qua Kế hoạch 99.txt: không có đoạn văn nào đọc được." in report
    assert "Bỏ qua bom.docx: văn bản quá dài (trên 5.000.000 ký tự)." in report
    assert {d.id for d in served_app.lib.documents()} == before


def test_cancelled_upload_stops_reading(served_app, tmp_path):
    from tests.corpus.processes import reading_processes
    from tests.corpus.scans import known_text, scan_page, write_scan_pdf

    # Three pages (under the 2 MB upload limit of this app): OCR takes 10 s or more.
    scan = write_scan_pdf(tmp_path / "Bản quét dài.pdf", [scan_page(known_text(), seed=n) for n in range(3)])
    admin = Client(served_app.url, verbose=False, headers=signed_in_cookie(served_app.url))
    before = {d.id for d in served_app.lib.documents()}
    job = admin.submit([handle_file(str(scan))], "", "", "", "", "", api_name="/upload")
    groups: set[int] = set()
    for _ in range(600):
        groups.update(pid for pid, _ in reading_processes())
        if groups:
            break
        time.sleep(0.1)
    assert groups, "the upload should be reading in a process of its own"
    job.cancel()
    cancelled = time.monotonic()
    while reading_processes(groups) and time.monotonic() - cancelled < 5:
        time.sleep(0.1)
    # Killed within seconds of the cancel, far from the end of the OCR of three pages.
    assert reading_processes(groups) == []
    time.sleep(2)
    assert {d.id for d in served_app.lib.documents()} == before
