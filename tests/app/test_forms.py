"""Form inputs: dates, filters, text fields, card buttons, uploads and the administrator check."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import gradio as gr
import pytest

from app.auth import SIGN_IN_COOKIE, SignInGuard, SignIns, library_writable, require_admin, sign_in
from app.filters import MAX_FIELD_CHARS, build_filters, parse_date
from app.search_tab import SearchHandlers
from app.uploads import UploadRejected, safe_stem, stage_uploads
from corpus.errors import BadQuery, PermissionDenied, SotayError
from index.settings import Settings


@pytest.fixture
def form_settings(tmp_path: Path) -> Settings:
    return Settings.load(data_dir=str(tmp_path / "data"), admin_user="admin", admin_password="mật-khẩu", upload_max_mb=1, upload_max_files=3)


@pytest.mark.parametrize(
    ("text", "iso"),
    [("10/3/2023", "2023-03-10"), ("2023-03-10", "2023-03-10"), ("1.2.2021", "2021-02-01"), ("2021", "2021-01-01"), ("", None)],
)
def test_parse_date(text, iso):
    assert parse_date(text) == iso


def test_bad_dates_are_vietnamese_errors():
    with pytest.raises(BadQuery, match="không hợp lệ"):
        parse_date("hôm qua")
    with pytest.raises(BadQuery, match="không tồn tại"):
        parse_date("31/2/2023")
    with pytest.raises(BadQuery, match="sau ngày kết thúc"):
        build_filters(date_from="2024", date_to="2023")


def test_text_fields_have_the_quiz_checker_messages(library):
    handlers = SearchHandlers(library)
    with pytest.raises(SotayError, match="^Câu hỏi không hợp lệ: cần một chuỗi ký tự"):
        handlers.search(["lấy phiếu"])
    with pytest.raises(SotayError, match="^Ngày không hợp lệ"):
        parse_date(2023)
    with pytest.raises(SotayError, match=rf"^Mã đoạn văn quá dài \(tối đa {MAX_FIELD_CHARS} ký tự\)"):
        handlers.context("x" * (MAX_FIELD_CHARS + 1))
    # A question's own limit is the search's, with its length in the message.
    with pytest.raises(BadQuery, match=r"^Câu hỏi quá dài \(600 ký tự, tối đa 500\)"):
        handlers.search("x" * 600)


def test_a_card_outliving_its_passage_says_to_search_again(library):
    handlers = SearchHandlers(library)
    live = library.search("lấy phiếu tín nhiệm", k=1)[0].key
    assert "sotay-context" in handlers.card_context(gr.EventData(None, {"key": live}))
    # A key of a document since re-uploaded with changes (its passages renumbered) or removed.
    gone = gr.EventData(None, {"key": live.split("#")[0] + "#9999"})
    for click in (lambda: handlers.card_context(gone), lambda: handlers.card_similar(False, gone)):
        with pytest.raises(BadQuery, match="không còn trong thư viện .*: hãy tìm lại"):
            click()


def test_filters_from_browser_values():
    filters = build_filters(["a"], [], "", "2023", 0.0, 12.0)
    assert filters.doc_ids == ["a"] and filters.kinds is None
    assert filters.date_to == "2023-12-31" and filters.per_doc_limit == 0 and filters.k == 12
    assert build_filters(k=10_000).k == 50
    assert build_filters().per_doc_limit is None


def test_uploads_are_staged_under_safe_names(tmp_path, form_settings):
    good = tmp_path / "Kế hoạch số 230.txt"
    good.write_text("Nội dung", encoding="utf-8")
    big = tmp_path / "lon.txt"
    big.write_bytes(b"x" * (1024 * 1024 + 1))
    exe = tmp_path / "virus.exe"
    exe.write_bytes(b"MZ")
    names = ["../../etc/passwd.txt", "lon.txt", "virus.exe"]
    staging, staged, skipped = stage_uploads([str(good), str(big), str(exe)], form_settings, names)
    assert [s.path.parent for s in staged] == [staging]
    assert staged[0].path.name == "passwd.txt" and staged[0].display_name == "passwd.txt"
    assert [n for n, _ in skipped] == ["lon.txt", "virus.exe"]
    assert (staging / "MANIFEST.tsv").read_text(encoding="utf-8") == "file\tsource\npasswd.txt\tpasswd.txt\n"
    assert "1 MB" in skipped[0][1] and ".exe" in skipped[1][1]
    assert safe_stem("Kế hoạch số 230.docx") == "ke-hoach-so-230"
    assert safe_stem("....docx") == "tai-lieu"
    with pytest.raises(UploadRejected, match="Tối đa 3 tệp"):
        stage_uploads([str(good)] * 4, form_settings)


def test_sign_in_and_permission(form_settings, tmp_path):
    guard = SignInGuard()
    assert sign_in(form_settings, "admin", "mật-khẩu", guard=guard, client="10.0.0.1") == ("admin", "admin")
    with pytest.raises(PermissionDenied, match="Sai tên đăng nhập"):
        sign_in(form_settings, "admin", "sai", guard=guard, client="10.0.0.1")
    sign_ins = SignIns(form_settings)
    token, _ = sign_ins.sign_in("admin", "mật-khẩu", "10.0.0.1")
    require_admin(form_settings, sign_ins, SimpleNamespace(cookies={SIGN_IN_COOKIE: token}))
    with pytest.raises(PermissionDenied, match="Cần đăng nhập"):
        require_admin(form_settings, sign_ins, SimpleNamespace(cookies={}))
    read_only = Settings.load(data_dir=str(tmp_path / "ro"), admin_user="", admin_password="")
    assert not library_writable(read_only)
    with pytest.raises(PermissionDenied, match="chỉ đọc"):
        sign_in(read_only, "", "", guard=guard, client="10.0.0.1")


def test_the_summary_says_which_document_the_question_was_taken_to_cite(library):
    # "Kế hoạch 230" names the bundled plan: its passages come first, and the reader is told why.
    handlers = SearchHandlers(library)
    results, summary, _, _ = handlers.search_view("Theo Kế hoạch 230, vị trí việc làm", None, None, "", "", None, None, False)
    assert results[0]["doc_id"] == "kh-230-tu-2023-chuyende2"
    assert "Câu hỏi nhắc tới Kế hoạch 230-KH/TU: các đoạn của văn bản này được xếp trước." in summary
    _, plain, _, _ = handlers.search_view("vị trí việc làm", None, None, "", "", None, None, False)
    assert "Câu hỏi nhắc tới" not in plain
    assert "không dấu" not in plain


def test_the_summary_answers_what_a_question_asks_of_a_named_documents_particulars(library):
    # When and by whom a text was issued is in its letterhead, which no passage holds.
    handlers = SearchHandlers(library)
    _, summary, _, _ = handlers.search_view("Kế hoạch 230 ban hành ngày nào, cơ quan nào ban hành?", None, None, "", "", None, None, False)
    assert '<p class="sotay-particulars">Kế hoạch 230-KH/TU: ban hành ngày 10/3/2023, cơ quan ban hành Ban Tổ chức Tỉnh ủy Đồng Nai.</p>' in summary
    # Asked of no named document, or asking nothing of its particulars: nothing is added.
    for query in ("Văn bản ban hành ngày nào?", "Theo Kế hoạch 230, vị trí việc làm"):
        assert "sotay-particulars" not in handlers.search_view(query, None, None, "", "", None, None, False)[1]


def test_the_summary_says_how_a_question_typed_without_diacritics_was_read(library):
    handlers = SearchHandlers(library)
    _, summary, _, _ = handlers.search_view("vi tri viec lam", None, None, "", "", None, None, False)
    assert "Câu hỏi không dấu được hiểu là “vị trí việc làm”." in summary
    # A mark forgotten on a question typed with them.
    _, summary, _, _ = handlers.search_view("vị tri việc làm", None, None, "", "", None, None, False)
    assert "Câu hỏi thiếu dấu được hiểu là “vị trí việc làm”." in summary
