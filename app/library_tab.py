"""The "Tài liệu" tab: browse and read documents; administrators upload, edit and remove them."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from typing import Any

import gradio as gr

from app.auth import SIGN_IN_JS, SIGN_OUT_JS, SignIns, library_writable, require_admin
from app.feedback import user_errors
from app.filters import form_text, parse_date
from app.relations_tab import build_relations_panel
from app.render import document_html, esc, message_html, outline_html
from app.search_tab import (
    MODEL_CONCURRENCY_ID,
    MODEL_CONCURRENCY_LIMIT,
    SearchHandlers,
    SearchTab,
    document_choices,
    kind_choices,
    result_panels,
)
from app.uploads import ALLOWED_SUFFIXES, client_left, stage_uploads
from corpus.bounded import load_bounded
from corpus.errors import BadQuery
from corpus.inputs import list_input
from corpus.metadata import display_date
from index.library import IngestReport, Library
from index.settings import Settings

TABLE_HEADERS = ["Mã", "Tiêu đề", "Số hiệu", "Ngày", "Cơ quan ban hành", "Loại", "Số đoạn"]
# Writes are serialized by the library anyway; one at a time here keeps the queue honest.
WRITE_CONCURRENCY_ID = "library_write"


def documents_table(lib: Library) -> list[list[Any]]:
    """One row per document: id, metadata and passage count (dates ISO: the table sorts by them)."""
    return [[d.id, d.title, d.number, d.date, d.issuer, d.kind, d.passages] for d in lib.documents()]


def _metadata(title: str, number: str, date: str, issuer: str, kind: str) -> dict[str, str]:
    """Form fields as library metadata; the date is checked and stored ISO."""
    return {
        "title": form_text(title, "Tiêu đề").strip(),
        "number": form_text(number, "Số hiệu").strip(),
        "date": parse_date(date) or "",
        "issuer": form_text(issuer, "Cơ quan ban hành").strip(),
        "kind": form_text(kind, "Loại văn bản").strip(),
    }


def report_html(lib: Library, report: IngestReport, skipped: list[tuple[str, str]]) -> str:
    """What an upload did, in words: added, updated, unchanged, and each skipped file with why."""

    def titles(ids: list[str]) -> str:
        return ", ".join(esc(lib.document(i).title or i) for i in ids)

    lines = []
    if report.added:
        lines.append(f"Đã thêm {len(report.added)} tài liệu: {titles(report.added)}.")
    if report.updated:
        lines.append(f"Đã cập nhật {len(report.updated)} tài liệu: {titles(report.updated)}.")
    if report.unchanged:
        lines.append(f"Không thay đổi {len(report.unchanged)} tài liệu: {titles(report.unchanged)}.")
    for name, reason in skipped:
        lines.append(f"Bỏ qua {esc(name)}: {esc(reason)}.")
    lines.append(f"Thư viện có {report.documents} tài liệu, {report.passages} đoạn văn.")
    kind = "error" if skipped and not (report.added or report.updated or report.unchanged) else "ok"
    return f'<div class="sotay-msg sotay-{kind}" id="upload-report">' + "<br>".join(lines) + "</div>"


class LibraryHandlers:
    """Event handlers of the tab. Administrator rights come from the sign-in cookie of each request
    (:class:`app.auth.SignIns`), never from page state."""

    def __init__(self, lib: Library, settings: Settings) -> None:
        self.lib = lib
        self.settings = settings
        self.search = SearchHandlers(lib)
        self.sign_ins = SignIns(settings)

    def refresh(self, *, close_document: bool = False) -> tuple[Any, ...]:
        """Table and every document/kind picker, after the library changed."""
        docs = document_choices(self.lib)
        return (
            documents_table(self.lib),
            gr.update(choices=docs, value=None) if close_document else gr.update(choices=docs),
            gr.update(choices=docs),
            gr.update(choices=kind_choices(self.lib)),
        )

    def sign_in(self, user: str, refusal: str, request: gr.Request) -> tuple[str, Any, Any]:
        """After the page posted the password to ``/dang-nhap`` (:data:`app.auth.SIGN_IN_JS`):
        the administrator panel if the cookie it got signs in an administrator, else the refusal."""
        account = self.sign_ins.account(request)
        if account is not None and account.role == "admin":
            return message_html(f"Đã đăng nhập quản trị: {account.user}.", "ok"), gr.update(visible=True), ""
        refusal = refusal if isinstance(refusal, str) and refusal else "Cần đăng nhập quản trị để thay đổi thư viện."
        # The password box is emptied either way.
        return message_html(refusal[:300], "error"), gr.update(visible=False), ""

    def sign_out(self) -> tuple[str, Any]:
        return message_html("Đã đăng xuất.", "info"), gr.update(visible=False)

    def open_document(self, doc_id: str | None) -> tuple[str, str, str, str, str, str, str]:
        """Reading view, outline and the metadata form's values for one document."""
        doc_id = form_text(doc_id, "Tài liệu")
        if not doc_id:
            return "", "", "", "", "", "", ""
        info = self.lib.document(doc_id)
        passages = self.lib.passages(doc_id)
        return (
            document_html(info, passages),
            outline_html(passages),
            info.title,
            info.number,
            display_date(info.date),
            info.issuer,
            info.kind,
        )

    def search_in_document(self, doc_id: str | None, query: str) -> str:
        """Summary and cards of a search inside one document."""
        if not doc_id:
            raise BadQuery("Hãy chọn một tài liệu trước khi tìm trong tài liệu.")
        results = self.search.search(query, [form_text(doc_id, "Tài liệu")])
        summary, cards, _ = self.search.render(results, form_text(query, "Câu hỏi"))
        return summary + cards

    def card_similar(self, evt: gr.EventData) -> str:
        """"Tìm đoạn tương tự" on a card of this tab: passages like it from the whole library,
        in place of the in-document results."""
        _, summary, cards, _ = self.search.card_similar(False, evt)
        return summary + cards

    def upload(
        self,
        files: list[str] | None,
        title: str,
        number: str,
        date: str,
        issuer: str,
        kind: str,
        request: gr.Request,
        progress: gr.Progress = gr.Progress(),
    ) -> tuple[Any, ...]:
        """Stage, read and index uploaded files; report each one.

        The files are read in a process of their own, bounded by the settings
        ``upload_max_seconds`` and ``upload_max_chars``, and stopped if the request is cancelled.
        """
        require_admin(self.settings, self.sign_ins, request)
        metadata = _metadata(title, number, date, issuer, kind)
        staging, staged, skipped = stage_uploads(list_input(files, "Tệp tải lên") or [], self.settings)
        try:
            display = {f.path.name: f.display_name for f in staged}

            def step(done: int, total: int, message: str) -> None:
                progress((done, max(total, 1)), desc=message)

            if staged:
                loaded = load_bounded(
                    [f.path for f in staged],
                    seconds=self.settings.upload_max_seconds,
                    max_chars=self.settings.upload_max_chars,
                    progress=step,
                    cancelled=client_left(),
                )
                report = self.lib.add_loaded(loaded, metadata=metadata, progress=step)
                skipped += [(display.get(name, name), reason) for name, reason in report.skipped]
            else:
                docs = self.lib.documents()
                report = IngestReport(documents=len(docs), passages=sum(d.passages for d in docs))
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return (report_html(self.lib, report, skipped), *self.refresh())

    def save_metadata(
        self, doc_id: str | None, title: str, number: str, date: str, issuer: str, kind: str, request: gr.Request
    ) -> tuple[Any, ...]:
        require_admin(self.settings, self.sign_ins, request)
        doc_id = form_text(doc_id, "Tài liệu")
        if not doc_id:
            raise BadQuery("Hãy chọn tài liệu cần sửa.")
        fields = _metadata(title, number, date, issuer, kind)
        if not fields["title"]:
            raise BadQuery("Tiêu đề không được để trống.")
        self.lib.update_metadata(doc_id, **fields)
        return (message_html("Đã lưu thông tin tài liệu.", "ok"), *self.refresh())

    def remove(self, doc_id: str | None, confirmed: bool, request: gr.Request) -> tuple[Any, ...]:
        require_admin(self.settings, self.sign_ins, request)
        doc_id = form_text(doc_id, "Tài liệu")
        if not doc_id:
            raise BadQuery("Hãy chọn tài liệu cần xóa.")
        if confirmed is not True:
            raise BadQuery("Hãy đánh dấu ô xác nhận trước khi xóa.")
        title = self.lib.document(doc_id).title
        self.lib.remove(doc_id)
        return (message_html(f"Đã xóa tài liệu: {title}.", "ok"), *self.refresh(close_document=True))


def _metadata_fields(form: str) -> list[gr.Textbox]:
    """Title, number, date, issuer and kind inputs; ``form`` prefixes their element ids.

    Uploads and edits have a form each: an upload must never inherit the open document's metadata.
    """
    with gr.Row():
        title = gr.Textbox("", label="Tiêu đề", scale=3, elem_id=f"{form}-title")
        number = gr.Textbox("", label="Số hiệu", elem_id=f"{form}-number")
        date = gr.Textbox("", label="Ngày ban hành", placeholder="10/3/2023", elem_id=f"{form}-date")
    with gr.Row():
        issuer = gr.Textbox("", label="Cơ quan ban hành", elem_id=f"{form}-issuer")
        kind = gr.Textbox("", label="Loại văn bản", elem_id=f"{form}-kind")
    return [title, number, date, issuer, kind]


@dataclass
class LibraryTab:
    table: gr.Dataframe
    doc_picker: gr.Dropdown


def build_library_tab(lib: Library, settings: Settings, search_tab: SearchTab) -> LibraryTab:
    """Lay out the tab and wire its events (call inside ``gr.Blocks`` and ``gr.Tab``)."""
    handlers = LibraryHandlers(lib, settings)
    table = gr.Dataframe(
        value=documents_table(lib),
        headers=TABLE_HEADERS,
        datatype="str",
        interactive=False,
        label="Các tài liệu trong thư viện",
        wrap=True,
        column_widths=["15%", "37%", "10%", "9%", "14%", "10%", "5%"],
        elem_id="documents",
    )
    with gr.Row():
        with gr.Column(scale=3):
            doc_picker = gr.Dropdown(
                choices=document_choices(lib), value=None, label="Mở tài liệu", elem_id="doc-picker", allow_custom_value=True
            )
            with gr.Row():
                inner_query = gr.Textbox(label="Tìm trong tài liệu này", scale=4, elem_id="inner-query")
                inner_button = gr.Button("Tìm", scale=1, min_width=80)
            inner_results, inner_context = result_panels("inner-results", "inner-context")
            reader = gr.HTML(elem_id="reader")
        with gr.Column(scale=1):
            outline = gr.HTML(elem_id="outline")
    build_relations_panel(lib, doc_picker)

    gr.Markdown("### Quản trị thư viện")
    if library_writable(settings):
        with gr.Row(elem_id="sign-in"):
            user = gr.Textbox(label="Tên đăng nhập", elem_id="admin-user")
            password = gr.Textbox(label="Mật khẩu", type="password", elem_id="admin-password")
            with gr.Column(min_width=120):
                sign_in_button = gr.Button("Đăng nhập", variant="primary", elem_id="sign-in-button")
                sign_out_button = gr.Button("Đăng xuất", size="sm")
        admin_status = gr.HTML(message_html("Tra cứu không cần đăng nhập; thay đổi thư viện cần đăng nhập quản trị."))
    else:
        admin_status = gr.HTML(
            message_html(
                "Thư viện chỉ đọc: chưa cấu hình tài khoản quản trị (SOTAY_ADMIN_USER, SOTAY_ADMIN_PASSWORD)."
            )
        )
    with gr.Group(visible=False, elem_id="admin-panel") as admin_panel:
        files = gr.File(
            # No file_types: Gradio would refuse the whole upload in English; each unsupported
            # file is skipped with its reason instead.
            file_count="multiple",
            label=f"Tải lên tài liệu ({', '.join(ALLOWED_SUFFIXES)}; tối đa {settings.upload_max_files} tệp, "
            f"mỗi tệp {settings.upload_max_mb} MB)",
            elem_id="upload-files",
        )
        gr.Markdown("Thông tin tài liệu mới (để trống để tự nhận dạng từ nội dung; áp dụng cho mọi tệp tải lên cùng lúc):")
        upload_fields = _metadata_fields("upload")
        upload_button = gr.Button("Thêm vào thư viện", variant="primary", elem_id="upload-button")
        gr.Markdown("Sửa thông tin tài liệu đang mở:")
        edit_fields = _metadata_fields("edit")
        save_button = gr.Button("Lưu thông tin tài liệu đang mở", elem_id="save-button")
        with gr.Row():
            confirm = gr.Checkbox(label="Tôi chắc chắn muốn xóa tài liệu đang mở", elem_id="confirm-remove")
            remove_button = gr.Button("Xóa tài liệu", variant="stop", elem_id="remove-button")
    admin_report = gr.HTML(elem_id="admin-report")

    refreshed = [table, doc_picker, search_tab.doc_filter, search_tab.kind_filter]
    cheap = {"concurrency_limit": None}
    write = {"concurrency_id": WRITE_CONCURRENCY_ID, "concurrency_limit": 1}
    model_bound = {"concurrency_id": MODEL_CONCURRENCY_ID, "concurrency_limit": MODEL_CONCURRENCY_LIMIT}
    doc_picker.change(
        user_errors(handlers.open_document), doc_picker, [reader, outline, *edit_fields], api_name="open_document", **cheap
    )
    # Results found in the document closed would read as the new one's: cleared in the page.
    doc_picker.change(None, None, inner_results, js="() => ''")
    gr.on(
        [inner_query.submit, inner_button.click],
        user_errors(handlers.search_in_document),
        [doc_picker, inner_query],
        inner_results,
        api_name="search_document",
        **model_bound,
    )
    inner_results.click(
        user_errors(handlers.search.card_context), None, inner_context, api_name="document_card_context", **cheap
    )
    inner_results.submit(
        user_errors(handlers.card_similar), None, inner_results, api_name="document_card_similar", scroll_to_output=True, **model_bound
    )
    if library_writable(settings):
        # The password goes to /dang-nhap from the page (which sets the HttpOnly cookie); the event
        # gets the refusal, if any, in its place.
        gr.on(
            [sign_in_button.click, password.submit],
            user_errors(handlers.sign_in),
            [user, password],
            [admin_status, admin_panel, password],
            api_name="sign_in",
            js=SIGN_IN_JS,
            **cheap,
        )
        sign_out_button.click(handlers.sign_out, None, [admin_status, admin_panel], api_name="sign_out", js=SIGN_OUT_JS, **cheap)
    upload_button.click(
        user_errors(handlers.upload),
        [files, *upload_fields],
        [admin_report, *refreshed],
        api_name="upload",
        **write,
    ).success(None, None, files, js="() => null")  # files left in the box read as not yet added
    save_button.click(
        user_errors(handlers.save_metadata),
        [doc_picker, *edit_fields],
        [admin_report, *refreshed],
        api_name="update_metadata",
        **write,
    )
    remove_button.click(
        user_errors(handlers.remove),
        [doc_picker, confirm],
        [admin_report, *refreshed],
        api_name="remove_document",
        **write,
    )
    return LibraryTab(table, doc_picker)
