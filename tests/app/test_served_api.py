"""Every endpoint of the served app, called through gradio_client (real model, bundled corpus)."""

from __future__ import annotations

from collections import Counter

import pytest
from docx import Document as DocxDocument
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError

from index.records import SearchResult
from tests.app.conftest import ADMIN_PASSWORD, ADMIN_USER

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
        "/search", "/render", "/pick_example", "/search_example", "/render_example", "/card_context",
        "/card_similar", "/regroup", "/export_docx", "/export_markdown", "/open_document", "/search_document",
        "/sign_in", "/sign_out", "/upload", "/update_metadata", "/remove_document", "/context", "/similar",
        "/cite", "/documents", "/refresh_library",
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


def test_render_highlights_and_suggests(client):
    results = client.predict("lay phieu tin nhiem", api_name="/search")
    summary, cards, context = client.predict(results, "lay phieu tin nhiem", api_name="/render")
    assert "10 đoạn" in summary and "<mark>lấy phiếu tín nhiệm</mark>" in cards and context == ""
    assert 'data-action="copy"' in cards and "(Kế hoạch số 230-KH/TU ngày 10/3/2023, mục IV.3.2)" in cards
    summary, empty, _ = client.predict([], "xyzzy quux", True, [RESOLUTION], api_name="/render")
    assert summary == "" and "Không tìm thấy" in empty and "Bỏ bớt bộ lọc" in empty
    _, grouped, _ = client.predict(results, "lay phieu tin nhiem", True, api_name="/regroup")
    assert grouped.count('class="sotay-group"') == len({r["doc_id"] for r in results})


def test_example_chain(client):
    query = client.predict(2, api_name="/pick_example")  # a dataset event takes the sample's index
    assert query == "Bảo vệ những cán bộ dám nghĩ, dám làm"
    results = client.predict(query, api_name="/search_example")
    assert "dám nghĩ" in results[0]["text"]
    summary, cards, _ = client.predict(results, query, api_name="/render_example")
    assert "sotay-card" in cards


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
    assert number == "230-KH/TU" and date == "2023-03-10"
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
    status, password = visitor.predict(ADMIN_USER, "sai", api_name="/sign_in")
    assert "Sai tên đăng nhập" in status and password == ""  # the wrong password is not kept
    assert PLAN in {d.id for d in served_app.lib.documents()}


def test_admin_uploads_edits_and_removes(served_app, plan_docx, tmp_path):
    admin = Client(served_app.url, verbose=False)
    status, _ = admin.predict(ADMIN_USER, ADMIN_PASSWORD, api_name="/sign_in")
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
    admin.predict(api_name="/sign_out")
    with pytest.raises(AppError, match="Cần đăng nhập"):
        admin.predict(PLAN, True, api_name="/remove_document")


def test_searches_keep_working_while_an_upload_is_indexed(served_app, tmp_path):
    lines = ["QUY CHẾ LÀM VIỆC MẪU", ""]
    for i in range(1, 121):
        lines += [f"Điều {i}. Nội dung thứ {i}", f"Chi bộ số {i} thực hiện nhiệm vụ {i} về công tác dân vận, tuyên truyền ở khu dân cư số {i}.", ""]
    big = tmp_path / "Quy chế mẫu.txt"
    big.write_text("\n".join(lines), encoding="utf-8")
    admin = Client(served_app.url, verbose=False)
    admin.predict(ADMIN_USER, ADMIN_PASSWORD, api_name="/sign_in")
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
