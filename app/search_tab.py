"""The "Tra cứu" tab: ask a question, read cited passages, open their context, export a theme."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

import gradio as gr

from app.compare_view import status_badges
from app.export import quoted, write_export
from app.feedback import user_errors
from app.filters import MAX_RESULTS, build_filters, form_text
from app.render import context_html, empty_results, results_html, summary_line
from corpus.cite import quote_citation
from corpus.errors import BadQuery, UnknownDocument, UnknownPassage
from corpus.metadata import short_name
from index.library import Library
from index.settings import Settings

# Events that run the embedding model share this limit. Their queries are encoded on one thread
# in batches (app.batching), so the limit is how many may wait to join a batch, not how many
# run torch at once. Cheap events (rendering, context, library listing) have no limit.
MODEL_CONCURRENCY_ID = "model"
MODEL_CONCURRENCY_LIMIT = 8

EXAMPLES = [
    "Tổ chức bộ máy trong tỉnh còn những hạn chế gì?",
    "lay phieu tin nhiem",
    "Bảo vệ những cán bộ dám nghĩ, dám làm",
    "Đổi mới công tác tuyên truyền, vận động",
    "Phân cấp, phân quyền giữa cấp trên với cấp dưới",
]

CARDS_JS = (resources.files("app") / "static" / "cards.js").read_text(encoding="utf-8")
CONTEXT_JS = (resources.files("app") / "static" / "context.js").read_text(encoding="utf-8")

ResultList = list[dict[str, Any]]


class SearchHandlers:
    """The tab's event handlers: plain methods over a :class:`Library`, testable without a server.

    Every input may come from an API client as well as from the page, so each is checked here.
    """

    def __init__(self, lib: Library) -> None:
        self.lib = lib

    def search(
        self,
        query: str,
        doc_ids: list[str] | None = None,
        kinds: list[str] | None = None,
        date_from: str = "",
        date_to: str = "",
        per_doc_limit: float | None = None,
        k: float | None = None,
    ) -> ResultList:
        """Results as ``SearchResult.to_json()`` dicts (the ``search`` API endpoint)."""
        filters = build_filters(doc_ids, kinds, date_from, date_to, per_doc_limit, k)
        return [r.to_json() for r in self.lib.search(form_text(query, "Câu hỏi"), filters)]

    def search_view(self, query: str, *form: Any) -> tuple[ResultList, str, str, str]:
        """The page's search, one round trip: results (kept in the session), summary, cards, and
        a cleared context. ``form``: the filters of :meth:`search` in its order, then *grouped*."""
        *filters, grouped = form
        results = self.search(query, *filters)
        filtered = build_filters(*filters[:4]).active
        return (results, *self.render(results, form_text(query, "Câu hỏi"), grouped, filtered=filtered))

    def refine(self, query: str, *form: Any) -> tuple[Any, ...]:
        """A filter changed: search again if there is a question, else leave the page as it is."""
        if not form_text(query, "Câu hỏi").strip():
            return (gr.skip(),) * 4
        return self.search_view(query, *form)

    def quote_source(self, key: str) -> str:
        """The parenthesized long-form source of a passage: "(Kế hoạch số … ngày …, mục IV.3.1)"."""
        record = self.lib.passage(key)
        return quote_citation(self.lib.document(record.doc_id), record)

    def copy_texts(self, results: ResultList) -> dict[str, str]:
        """What "Sao chép trích dẫn" puts on the clipboard, per result key."""
        return {r["key"]: quoted(r["text"], self.quote_source(r["key"])) for r in results}

    def short_names(self, results: ResultList) -> dict[str, str]:
        """"Kế hoạch 230-KH/TU" for each document of the results."""
        return {doc_id: short_name(self.lib.document(doc_id)) for doc_id in {r["doc_id"] for r in results}}

    def cards(self, results: ResultList, grouped: bool = False) -> str:
        badges = status_badges(self.lib, {r["doc_id"] for r in results})
        return results_html(results, self.copy_texts(results), self.short_names(results), grouped=bool(grouped), badges=badges)

    def cite(self, key: str) -> str:
        """The copy text of one passage: “quote” (full source)."""
        return quoted(self.lib.passage(key).text, self.quote_source(key))

    def render(self, results: ResultList | None, query: str, grouped: bool = False, *, filtered: bool = False) -> tuple[str, str, str]:
        """Summary line, cards and a cleared context panel for a result list."""
        results = results or []
        if not results:
            return "", empty_results(query, filtered=filtered), ""
        shown = {r["doc_id"] for r in results}
        named = [short_name(self.lib.document(d)) for d in self.lib.named_documents(query) if d in shown]
        summary = summary_line(query, results, named=named, read_as=self.lib.read_as(query),
                               particulars=self.lib.particulars(query))
        return summary, self.cards(results, grouped), ""

    def context(self, key: str, before: int = 1, after: int = 1) -> str:
        """The passages around ``key`` as HTML (the context panel)."""
        records = self.lib.context(form_text(key, "Mã đoạn văn"), before=before, after=after)
        return context_html(records, key, self.lib.document(records[0].doc_id).title)

    def similar(self, key: str, k: float | None = None) -> ResultList:
        """Passages like ``key`` (itself excluded), as dicts."""
        return [r.to_json() for r in self.lib.similar(form_text(key, "Mã đoạn văn"), build_filters(k=k))]

    def similar_view(self, key: str, grouped: bool = False) -> tuple[ResultList, str, str, str]:
        """Results, summary, cards and cleared context after "Tìm đoạn tương tự"."""
        results = self.similar(key)
        summary = summary_line("", results, similar_to=self.lib.passage(key).citation)
        return results, summary, self.cards(results, grouped), ""

    def card_context(self, evt: gr.EventData) -> str:
        """"Xem ngữ cảnh" on a card: the context of the passage whose key the button sent."""
        with _card_outdated():
            return self.context(_event_key(evt))

    def card_similar(self, grouped: bool, evt: gr.EventData) -> tuple[ResultList, str, str, str]:
        """"Tìm đoạn tương tự" on a card: :meth:`similar_view` of the key the button sent."""
        with _card_outdated():
            return self.similar_view(_event_key(evt), grouped)

    def export(
        self,
        fmt: Literal["docx", "md"],
        query: str,
        doc_ids: list[str] | None = None,
        kinds: list[str] | None = None,
        date_from: str = "",
        date_to: str = "",
        per_doc_limit: float | None = None,
        k: float | None = None,
    ) -> str:
        """Run the search and write all its results, grouped by document, with sources; the file's path."""
        results = self.search(query, doc_ids, kinds, date_from, date_to, per_doc_limit, k)
        if not results:
            raise BadQuery("Không có kết quả nào để xuất: hãy tìm với câu hỏi khác hoặc bỏ bớt bộ lọc.")
        return str(write_export(query, results, {r["key"]: self.quote_source(r["key"]) for r in results}, fmt))


@contextlib.contextmanager
def _card_outdated() -> Iterator[None]:
    """A card on the page whose passage has left the library since it was shown (its document
    re-uploaded with changes, or removed): say so and what to do, not just "not found"."""
    try:
        yield
    except (UnknownDocument, UnknownPassage):
        raise BadQuery(
            "Đoạn văn này không còn trong thư viện (tài liệu vừa được cập nhật hoặc xóa): hãy tìm lại."
        ) from None


def _event_key(evt: gr.EventData) -> str:
    """The passage key a card button sent (API callers cannot send one: they use /context, /similar)."""
    data = getattr(evt, "_data", None)
    if not isinstance(data, dict) or not data.get("key"):
        raise BadQuery("Thiếu mã đoạn văn: hãy dùng /context hoặc /similar với tham số key.")
    return str(data["key"])


@dataclass
class SearchTab:
    """Components other parts of the app update (the filters follow library changes)."""

    doc_filter: gr.Dropdown
    kind_filter: gr.Dropdown


def result_panels(cards_id: str, context_id: str) -> tuple[gr.HTML, gr.HTML]:
    """A panel for result cards and the hidden panel their contexts arrive in.

    Each names the other (``props`` of cards.js and context.js), so the search tab and the
    library tab each have a pair whose card buttons work on their own cards only. Wire the
    cards' ``click`` (context) and ``submit`` (similar) events to the handlers' ``card_*``.
    """
    cards = gr.HTML(elem_id=cards_id, js_on_load=CARDS_JS, padding=False, context_panel=f"#{context_id}")
    context = gr.HTML(
        elem_id=context_id, elem_classes="sotay-context-carrier", js_on_load=CONTEXT_JS, padding=False, cards_panel=f"#{cards_id}"
    )
    return cards, context


def document_choices(lib: Library) -> list[tuple[str, str]]:
    """(label, id) pairs for document pickers."""
    return [(f"{d.title} ({d.number})" if d.number else d.title, d.id) for d in lib.documents()]


def kind_choices(lib: Library) -> list[str]:
    return sorted({d.kind for d in lib.documents() if d.kind})


def build_search_tab(lib: Library, settings: Settings) -> SearchTab:
    """Lay out the tab and wire its events (call inside ``gr.Blocks`` and ``gr.Tab``)."""
    handlers = SearchHandlers(lib)
    with gr.Row():
        query = gr.Textbox(
            label="Câu hỏi",
            placeholder="Gõ câu hỏi rồi nhấn Enter, ví dụ: Tổ chức bộ máy trong tỉnh còn những hạn chế gì?",
            max_length=settings.max_query_chars,
            scale=5,
            elem_id="query",
        )
        search_button = gr.Button("Tìm", variant="primary", scale=1, min_width=80, elem_id="search-button")
    examples = gr.Dataset(
        components=[query], samples=[[q] for q in EXAMPLES], label="Câu hỏi mẫu (nhấn để tìm)", elem_id="examples"
    )
    with gr.Accordion("Bộ lọc và cách hiển thị", open=False):
        with gr.Row():
            doc_filter = gr.Dropdown(
                choices=document_choices(lib), value=[], multiselect=True, label="Tài liệu", scale=3,
                # Server-side choices are those of page build time; the library decides what exists.
                allow_custom_value=True,
            )
            kind_filter = gr.Dropdown(
                choices=kind_choices(lib), value=[], multiselect=True, label="Loại văn bản", allow_custom_value=True
            )
        with gr.Row():
            date_from = gr.Textbox("", label="Từ ngày", placeholder="1/1/2021")
            date_to = gr.Textbox("", label="Đến ngày", placeholder="31/12/2023")
            per_doc = gr.Slider(
                0, 10, value=settings.per_doc_limit, step=1, label="Số đoạn tối đa mỗi tài liệu (0: không giới hạn)"
            )
            count = gr.Slider(1, MAX_RESULTS, value=settings.top_k, step=1, label="Số kết quả")
        grouped = gr.Checkbox(label="Nhóm kết quả theo tài liệu", value=False)
    # The results stay on the server, per session: the page needs only their HTML.
    results_state = gr.State([])
    with gr.Column():
        summary = gr.HTML(elem_id="summary")
        cards, context = result_panels("results", "context")
        with gr.Row():
            export_docx = gr.Button("Xuất DOCX", size="sm")
            export_md = gr.Button("Xuất Markdown", size="sm")
        export_file = gr.File(label="Tệp xuất (kèm trích dẫn)", interactive=False)

    search_inputs = [query, doc_filter, kind_filter, date_from, date_to, per_doc, count]
    view_outputs = [results_state, summary, cards, context]
    model_bound = {"concurrency_id": MODEL_CONCURRENCY_ID, "concurrency_limit": MODEL_CONCURRENCY_LIMIT}
    cheap = {"concurrency_limit": None}

    # The API's search: JSON only, no form components to preprocess on the way in.
    gr.api(user_errors(handlers.search), api_name="search", **model_bound)
    gr.on(
        [query.submit, search_button.click],
        user_errors(handlers.search_view),
        [*search_inputs, grouped],
        view_outputs,
        api_name="search_view",
        **model_bound,
    )
    gr.on(
        [doc_filter.change, kind_filter.change, date_from.submit, date_to.submit, per_doc.release, count.release],
        user_errors(handlers.refine),
        [*search_inputs, grouped],
        view_outputs,
        api_name="refine",
        **model_bound,
    )
    examples.click(
        lambda sample: sample[0], examples, query, api_name="pick_example", **cheap
    ).success(user_errors(handlers.search_view), [*search_inputs, grouped], view_outputs, api_name="search_example", **model_bound)

    @user_errors
    def regroup(results: ResultList, is_grouped: bool) -> str:
        return handlers.cards(results, is_grouped) if results else gr.skip()

    # Card buttons send the passage key as event data; the public API has key-based twins.
    cards.click(user_errors(handlers.card_context), None, context, api_name="card_context", **cheap)
    cards.submit(
        user_errors(handlers.card_similar), grouped, view_outputs, api_name="card_similar", scroll_to_output=True, **model_bound
    )
    grouped.change(regroup, [results_state, grouped], cards, api_name="regroup", **cheap)

    for button, fmt, name in ((export_docx, "docx", "export_docx"), (export_md, "md", "export_markdown")):
        button.click(
            user_errors(functools.partial(handlers.export, fmt)),
            search_inputs,
            export_file,
            api_name=name,
            **model_bound,
        )
    return SearchTab(doc_filter, kind_filter)
